#!/usr/bin/env bash
# End to end: `opsdeck --demo --screenshot-dir` creates a private cluster, migrates, seeds, signs in
# as the demo super admin, writes a PNG per tab and exits 0; a second start reuses the cluster.
set -euo pipefail
opsdeck="${1:?path to opsdeck}"
work=$(mktemp -d /tmp/opsdeck-demo-test.XXXXXX)
chmod 0755 "$work" # the cluster runs as postgres when this runs as root
cleanup() {
    # The app stops its cluster on exit; make sure even after a failure.
    if [[ -f $work/cluster/data/postmaster.pid ]]; then
        pgctl=$(ls -d /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -n 1)
        if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$pgctl" -D "$work/cluster/data" -m immediate stop || true
        else "$pgctl" -D "$work/cluster/data" -m immediate stop || true; fi
    fi
    rm -rf "$work"
}
trap cleanup EXIT
export OPSDECK_DEMO_DIR="$work/cluster"
export QT_QPA_PLATFORM=offscreen
unset DISPLAY WAYLAND_DISPLAY

for run in first second; do
    start=$(date +%s%N)
    "$opsdeck" --demo --screenshot-dir "$work/shots-$run" --log-dir "$work/logs"
    end=$(date +%s%N)
    n=$(find "$work/shots-$run" -name '*.png' -size +2k | wc -l)
    printf '%s start: %d screenshots in %d ms\n' "$run" "$n" "$(((end - start) / 1000000))"
    [[ $n -ge 5 ]] || { echo "expected at least 5 screenshots, got $n" >&2; exit 1; }
    [[ -f $work/shots-$run/01-clients.png ]] || { echo "no 01-clients.png" >&2; exit 1; }
    # The cluster is stopped when the app quits.
    [[ ! -f $work/cluster/data/postmaster.pid ]] || { echo "the demo cluster is still running" >&2; exit 1; }
done
# No password in the log files.
if grep -rqiE 'password[^ ]*[:=] *[A-Za-z0-9]{12,}' "$work/logs"; then
    echo "a password-looking value is in the logs" >&2
    exit 1
fi
echo "1 passed, 0 failed"
