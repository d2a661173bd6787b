#!/usr/bin/env bash
# Build Opsdeck and run the whole test suite against a throwaway PostgreSQL cluster, a real
# Secret Service (gnome-keyring on a private D-Bus session) and offscreen Qt widgets.
#
#   scripts/test.sh                 everything
#   scripts/test.sh -R keychain     extra arguments go to ctest
#
# Installs missing Debian packages first (as root, or through sudo). Exits with ctest's status.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

opsdeck_phase "Dependencies"
# shellcheck disable=SC2119 # no extra packages
opsdeck_install_deps

opsdeck_phase "Build (build/)"
opsdeck_build build

opsdeck_phase "Throwaway PostgreSQL cluster"
PG_BINDIR=$(opsdeck_pg_bindir)
PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/opsdeck-test.XXXXXX")
# shellcheck disable=SC2317 # invoked by the traps
cleanup() {
    trap - EXIT INT TERM HUP
    opsdeck_pg_stop "$PG_DIR" || true
    rm -rf "$PG_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
opsdeck_pg_start "$PG_DIR"

export OPSDECK_TEST_PGHOST="$PG_DIR/socket"
export OPSDECK_TEST_PGPORT=5432
export OPSDECK_TEST_PGUSER=postgres
export OPSDECK_TEST_PGLOG="$PG_DIR/server.log"
export QT_QPA_PLATFORM=offscreen
# initdb/pg_ctl are not on Debian's PATH; tests that start their own cluster (--demo) find them here.
export PATH="$PG_BINDIR:$PATH"

opsdeck_info "$("$PG_BINDIR/pg_ctl" --version)"
opsdeck_info "server: $("$PG_BINDIR/psql" -h "$OPSDECK_TEST_PGHOST" -p "$OPSDECK_TEST_PGPORT" \
    -U "$OPSDECK_TEST_PGUSER" -d postgres -X -Atc 'show server_version')"
opsdeck_info "OPSDECK_TEST_PGHOST=$OPSDECK_TEST_PGHOST OPSDECK_TEST_PGPORT=$OPSDECK_TEST_PGPORT" \
    "OPSDECK_TEST_PGUSER=$OPSDECK_TEST_PGUSER QT_QPA_PLATFORM=$QT_QPA_PLATFORM"

opsdeck_phase "Tests (ctest -j2, Secret Service on a private D-Bus session)"
rc=0
# shellcheck disable=SC2016 # expanded by the inner shell
opsdeck_with_keyring bash -c '
    if printf %s probe | secret-tool store --label="Opsdeck probe" service opsdeck-probe user probe &&
       [ "$(secret-tool lookup service opsdeck-probe user probe)" = probe ]; then
        secret-tool clear service opsdeck-probe user probe || true
        echo "    keychain: Secret Service works (gnome-keyring $(gnome-keyring-daemon --version | head -n 1 | sed "s/.*: //"))"
    else
        echo "    keychain: WARNING: the Secret Service probe failed; keychain tests will fail" >&2
    fi
    echo
    exec ctest --test-dir build --output-on-failure --no-tests=error -j2 --timeout 600 "$@"
' opsdeck-tests "$@" || rc=$?

opsdeck_phase "Done: ctest exited with $rc"
exit "$rc"
