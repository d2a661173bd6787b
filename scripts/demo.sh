#!/usr/bin/env bash
# Build Opsdeck and open the demo workspace (`opsdeck --demo`): a private PostgreSQL cluster with
# demo data, signed in as the demo super admin.
#
# With a display ($DISPLAY or $WAYLAND_DISPLAY reachable) the console window opens; extra
# arguments go to opsdeck. Without one (CI, ssh) the demo runs offscreen against a throwaway
# keyring and writes screenshots to ./screenshots (or $OPSDECK_SCREENSHOT_DIR).
# OPSDECK_DEMO_HEADLESS=1 forces the headless mode.
#
# Installs missing Debian packages first (as root, or through sudo).
set -euo pipefail

# Resolve the screenshot directory against the caller's working directory, before cd.
SHOT_DIR="${OPSDECK_SCREENSHOT_DIR:-screenshots}"
[[ $SHOT_DIR = /* ]] || SHOT_DIR="$PWD/$SHOT_DIR"

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

# Is there a display server we can actually connect to?
x11_usable() {
    [[ -n ${DISPLAY:-} ]] || return 1
    local d=$DISPLAY host num
    host=${d%%:*}
    num=${d#*:}
    num=${num%%.*}
    [[ $num =~ ^[0-9]+$ ]] || return 1
    if [[ -z $host || $host = unix ]]; then
        # Local server: its socket (abstract sockets on Linux still leave this file in place).
        [[ -S /tmp/.X11-unix/X$num ]]
    else
        # TCP display, e.g. ssh -X gives localhost:10.0
        # shellcheck disable=SC2016 # expanded by the inner shell
        timeout 3 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$host" "$((6000 + num))" 2>/dev/null
    fi
}
wayland_usable() {
    [[ -n ${WAYLAND_DISPLAY:-} ]] || return 1
    local sock=$WAYLAND_DISPLAY
    [[ $sock = /* ]] || sock="${XDG_RUNTIME_DIR:-/nonexistent}/$sock"
    [[ -S $sock ]]
}

# Is a Secret Service running (or activatable) on the session bus? Informational only.
secret_service_available() {
    # Without a bus address or the systemd user bus, dbus-send would autolaunch a new bus.
    [[ -n ${DBUS_SESSION_BUS_ADDRESS:-} || -S ${XDG_RUNTIME_DIR:-/nonexistent}/bus ]] || return 1
    local call=(dbus-send --session --print-reply --reply-timeout=3000 --dest=org.freedesktop.DBus
                /org/freedesktop/DBus)
    "${call[@]}" org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
        grep -q 'boolean true' && return 0
    "${call[@]}" org.freedesktop.DBus.ListActivatableNames 2>/dev/null |
        grep -q '"org.freedesktop.secrets"'
}

mode=headless
extra_pkgs=()
if [[ ${OPSDECK_DEMO_HEADLESS:-0} != 1 ]]; then
    if x11_usable; then
        mode=window
    elif wayland_usable; then
        mode=window
        extra_pkgs+=(qt6-wayland)   # Qt's Wayland platform plugin; there is no X server to fall back on
    fi
fi

opsdeck_phase "Dependencies"
opsdeck_install_deps "${extra_pkgs[@]}"

opsdeck_phase "Build (build/)"
opsdeck_build build

# `opsdeck --demo` runs the system's initdb/pg_ctl, which Debian keeps off PATH.
PATH="$(opsdeck_pg_bindir):$PATH"
export PATH

if [[ $mode = window ]]; then
    opsdeck_phase "Opsdeck demo workspace"
    if ! secret_service_available; then
        opsdeck_info "no Secret Service on the session bus: Opsdeck will keep passwords for this session only"
    fi
    exec build/bin/opsdeck --demo "$@"
fi

opsdeck_phase "Opsdeck demo workspace, headless (screenshots)"
mkdir -p "$SHOT_DIR"
opsdeck_info "no usable display: rendering offscreen into $SHOT_DIR"
export QT_QPA_PLATFORM=offscreen
stamp=$(mktemp)
trap 'rm -f "$stamp"' EXIT
rc=0
opsdeck_with_keyring build/bin/opsdeck --demo --screenshot-dir "$SHOT_DIR" "$@" || rc=$?

# List what this run wrote (the directory may hold older screenshots too).
mapfile -t shots < <(find "$SHOT_DIR" -maxdepth 1 -type f -name '*.png' -newer "$stamp" | sort)
if ((${#shots[@]} > 0)); then
    opsdeck_phase "Screenshots in $SHOT_DIR"
    ls -l "${shots[@]}"
else
    opsdeck_info "no screenshots were written to $SHOT_DIR"
fi
if ((rc != 0)); then
    opsdeck_info "opsdeck exited with status $rc"
fi
exit "$rc"
