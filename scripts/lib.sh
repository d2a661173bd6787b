# shellcheck shell=bash
# Helpers shared by scripts/test.sh and scripts/demo.sh. Source it; don't run it.
#
#   opsdeck_install_deps [extra-package...]   install the Debian packages that are missing
#   opsdeck_build [builddir] [cmake-arg...]   configure (Ninja, RelWithDebInfo) and build
#   opsdeck_pg_bindir                         print the PostgreSQL server binary directory
#   opsdeck_pg_start DIR / opsdeck_pg_stop DIR  throwaway cluster: DIR/data, socket in DIR/socket
#   opsdeck_with_keyring CMD...               run CMD on a private D-Bus session with a fresh,
#                                             unlocked gnome-keyring (a real Secret Service)
#
# Works as root (CI) and as a normal user with sudo. Every function is idempotent.

OPSDECK_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

OPSDECK_BUILD_DEPS=(cmake ninja-build g++ pkg-config qt6-base-dev qt6-base-dev-tools qt6-charts-dev
                    libqt6sql6-psql qtkeychain-qt6-dev catch2 libpq-dev libgl-dev)
OPSDECK_RUNTIME_DEPS=(postgresql postgresql-contrib gnome-keyring dbus dbus-x11 libsecret-tools
                      xvfb xauth fonts-dejavu-core)

opsdeck_phase() { printf '\n==> %s\n' "$*"; }
opsdeck_info()  { printf '    %s\n' "$*"; }
opsdeck_die()   { printf 'opsdeck: error: %s\n' "$*" >&2; return 1; }

opsdeck_is_root() { [[ $(id -u) -eq 0 ]]; }

# Run a command as root: directly when we are root, else through sudo.
opsdeck_as_root() {
    if opsdeck_is_root; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        opsdeck_die "need root to run '$*': run this script as root or install and configure sudo"
    fi
}

opsdeck_install_deps() {
    local pkg missing=()
    for pkg in "${OPSDECK_BUILD_DEPS[@]}" "${OPSDECK_RUNTIME_DEPS[@]}" "$@"; do
        if [[ $(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null) != "install ok installed" ]]; then
            missing+=("$pkg")
        fi
    done
    if ((${#missing[@]} == 0)); then
        opsdeck_info "all Debian packages present"
        return 0
    fi
    opsdeck_info "installing: ${missing[*]}"
    if ! opsdeck_is_root && ! command -v sudo >/dev/null 2>&1; then
        opsdeck_die "missing packages (${missing[*]}) and neither root nor sudo is available;" \
                    "install them with: apt-get install ${missing[*]}"
        return 1
    fi
    opsdeck_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q || return 1
    opsdeck_as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends "${missing[@]}" || return 1
}

# opsdeck_build [builddir] [extra cmake args...]
opsdeck_build() {
    local builddir="${1:-build}"
    (($# > 0)) && shift
    [[ $builddir = /* ]] || builddir="$OPSDECK_ROOT/$builddir"
    local cache="$builddir/CMakeCache.txt"
    # A build dir made by another generator or from another checkout cannot be reconfigured:
    # drop its cache (the object files are rebuilt as needed).
    if [[ -f $cache ]]; then
        local gen home
        gen=$(sed -n 's/^CMAKE_GENERATOR:INTERNAL=//p' "$cache")
        home=$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$cache")
        if [[ $gen != "Ninja" || $home != "$OPSDECK_ROOT" ]]; then
            opsdeck_info "discarding stale CMake cache in $builddir (generator '$gen', source '$home')"
            rm -rf "$cache" "$builddir/CMakeFiles"
        fi
    fi
    cmake -S "$OPSDECK_ROOT" -B "$builddir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" || return 1
    cmake --build "$builddir" -j2 || return 1
}

# Server binaries (initdb, pg_ctl, postgres). Debian keeps them off PATH; `pg_config --bindir`
# may describe libpq-dev's idea of the world rather than the installed server.
opsdeck_pg_bindir() {
    if [[ -n ${OPSDECK_PG_BINDIR:-} ]]; then
        printf '%s\n' "$OPSDECK_PG_BINDIR"
        return 0
    fi
    local dir
    dir=$(for d in /usr/lib/postgresql/*/bin; do
              [[ -x $d/initdb && -x $d/pg_ctl ]] && printf '%s\n' "$d"
          done | sort -V | tail -n 1)
    if [[ -z $dir ]]; then
        opsdeck_die "no PostgreSQL server found under /usr/lib/postgresql (apt-get install postgresql)"
        return 1
    fi
    printf '%s\n' "$dir"
}

# Run a PostgreSQL server binary as the cluster owner: postgres when we are root, else ourselves.
_opsdeck_pg_run() {
    local dir="$1"
    shift
    if opsdeck_is_root; then
        (cd "$dir" && runuser -u postgres -- "$@")
    else
        (cd "$dir" && "$@")
    fi
}

# opsdeck_pg_start DIR: create (once) and start a throwaway cluster in DIR.
#   data: DIR/data   socket: DIR/socket (port 5432, no TCP)   log: DIR/server.log
# Superuser "postgres", reached by the OS user running the tests through peer authentication
# (pg_ident map); every other login needs its SCRAM password, as on a real server, so the tests
# that check passwords and lockouts mean something.
opsdeck_pg_start() {
    local dir="${1:?usage: opsdeck_pg_start DIR}"
    local bindir
    bindir=$(opsdeck_pg_bindir) || return 1
    mkdir -p "$dir" || return 1
    dir=$(cd "$dir" && pwd) || return 1
    local data="$dir/data" sock="$dir/socket" log="$dir/server.log"

    # Unix socket paths are limited to 107 bytes.
    if ((${#sock} + 16 > 107)); then
        opsdeck_die "socket path too long for a Unix socket: $sock/.s.PGSQL.5432 (use a shorter DIR)"
        return 1
    fi
    if opsdeck_is_root; then
        if ! id postgres >/dev/null 2>&1; then
            opsdeck_die "user 'postgres' does not exist (apt-get install postgresql)"
            return 1
        fi
        chown postgres: "$dir" || return 1
        chmod 0700 "$dir" || return 1
        if ! runuser -u postgres -- test -x "$dir"; then
            opsdeck_die "user postgres cannot reach $dir: choose a DIR under a world-searchable path such as /tmp"
            return 1
        fi
    fi
    _opsdeck_pg_run "$dir" mkdir -p "$sock" || return 1
    _opsdeck_pg_run "$dir" chmod 0700 "$sock" || return 1

    if [[ ! -f $data/PG_VERSION ]]; then
        local locale=C
        if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
            locale=C.UTF-8
        fi
        _opsdeck_pg_run "$dir" "$bindir/initdb" -D "$data" --auth-local=peer --auth-host=reject \
            -U postgres --no-sync -E UTF8 --locale="$locale" >"$dir/initdb.log" 2>&1 || {
            cat "$dir/initdb.log" >&2
            opsdeck_die "initdb failed (log above)"
            return 1
        }
        local me
        me=$(id -un)
        printf 'local all postgres peer map=opsdeck\nlocal all all scram-sha-256\n' |
            _opsdeck_pg_run "$dir" tee "$data/pg_hba.conf" >/dev/null || return 1
        printf 'opsdeck %s postgres\nopsdeck postgres postgres\n' "$me" |
            _opsdeck_pg_run "$dir" tee "$data/pg_ident.conf" >/dev/null || return 1
        # A small /dev/shm (containers default to 64 MB) breaks parallel queries with POSIX shm.
        local dsm=posix shm_kb
        shm_kb=$(df -Pk /dev/shm 2>/dev/null | awk 'NR==2 {print $4}')
        if [[ -z $shm_kb || $shm_kb -lt 1048576 ]]; then
            dsm=mmap
        fi
        _opsdeck_pg_run "$dir" tee -a "$data/postgresql.conf" >/dev/null <<EOF || return 1

# --- throwaway test cluster (scripts/lib.sh) ---
listen_addresses = ''
port = 5432
unix_socket_directories = '$sock'
unix_socket_permissions = 0700
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 256MB
dynamic_shared_memory_type = $dsm
logging_collector = off
log_min_messages = warning
log_line_prefix = '%m [%p] %q%u@%d '
password_encryption = 'scram-sha-256'
EOF
    fi

    if _opsdeck_pg_run "$dir" "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        opsdeck_info "PostgreSQL already running in $data"
        return 0
    fi
    if ! _opsdeck_pg_run "$dir" "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 120 start >/dev/null; then
        [[ -r $log ]] && tail -n 30 "$log" >&2
        opsdeck_die "PostgreSQL did not start (log: $log)"
        return 1
    fi
    opsdeck_info "PostgreSQL running: socket $sock, port 5432, log $log"
}

# opsdeck_pg_stop DIR: stop the cluster in DIR if it is running. Leaves the files in place.
opsdeck_pg_stop() {
    local dir="${1:?usage: opsdeck_pg_stop DIR}"
    local data="$dir/data" bindir
    [[ -f $data/postmaster.pid ]] || return 0
    bindir=$(opsdeck_pg_bindir) || return 1
    _opsdeck_pg_run "$dir" "$bindir/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null 2>&1 ||
        _opsdeck_pg_run "$dir" "$bindir/pg_ctl" -D "$data" -m immediate -w -t 30 stop >/dev/null 2>&1 ||
        { opsdeck_die "could not stop PostgreSQL in $data"; return 1; }
}

# opsdeck_with_keyring CMD...: run CMD inside `dbus-run-session` with a gnome-keyring-daemon that
# has a fresh, unlocked login keyring. HOME and the XDG_* directories point into a temporary
# directory, so the real home, keyring and QSettings are never touched. Afterwards any PostgreSQL
# cluster CMD left running in there (e.g. `opsdeck --demo`'s) is stopped and the directory removed,
# also after Ctrl-C. Returns CMD's exit status.
opsdeck_with_keyring() {
    (($# > 0)) || { opsdeck_die "usage: opsdeck_with_keyring CMD..."; return 2; }
    local tmp rc=0 interrupted=0 saved_int saved_term
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/opsdeck-keyring.XXXXXX") || return 1
    if opsdeck_is_root; then
        # Programs run here may drop to the postgres user (e.g. `opsdeck --demo` starting its
        # cluster under XDG_DATA_HOME): let other users traverse, not list, the directories.
        chmod 0711 "$tmp"
    fi
    # Ctrl-C reaches the whole process group; dbus-run-session dies at once while CMD may still be
    # finishing. Hold our own cleanup until the inner shell (which holds $tmp/lock) has ended.
    saved_int=$(trap -p INT)
    saved_term=$(trap -p TERM)
    trap 'interrupted=130' INT
    trap 'interrupted=143' TERM

    # The bus's socket lives in $tmp too, so that nothing is left in /tmp even after a Ctrl-C.
    local xml_tmp
    xml_tmp=$(printf '%s' "$tmp" | sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g')
    cat >"$tmp/session.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:dir=$xml_tmp</listen>
  <auth>EXTERNAL</auth>
  <standard_session_servicedirs/>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF

    # shellcheck disable=SC2016 # expanded by the inner shell
    dbus-run-session --config-file="$tmp/session.conf" -- bash -c '
        set -eu
        tmp=$1; shift
        exec 9>"$tmp/lock"
        flock 9
        # Survive Ctrl-C and dbus-run-session'"'"'s TERM until CMD has finished (a handler, not
        # SIG_IGN, so that CMD keeps the default signal behaviour).
        trap "rc=130" INT
        trap "rc=143" TERM
        export HOME="$tmp/home"
        export XDG_DATA_HOME="$HOME/.local/share" XDG_CONFIG_HOME="$HOME/.config"
        export XDG_CACHE_HOME="$HOME/.cache" XDG_STATE_HOME="$HOME/.local/state"
        export XDG_RUNTIME_DIR="$tmp/run"
        mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"
        mkdir -m 0700 -p "$XDG_RUNTIME_DIR"
        if [ "$(id -u)" -eq 0 ]; then chmod 0711 "$HOME" "$HOME/.local" "$XDG_DATA_HOME"; fi
        # An empty password leaves no usable "login" collection: use a throwaway non-empty one.
        out=$(printf %s "opsdeck-throwaway-keyring" |
              gnome-keyring-daemon --unlock --components=secrets 9>&-) || {
            echo "opsdeck: error: gnome-keyring-daemon did not start" >&2; exit 1; }
        set -a; eval "$out"; set +a
        # The daemon detaches; ask the (private) bus for its process id, to end it afterwards.
        keyring_pid=$(dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
                          org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets \
                          2>/dev/null | awk "/uint32/ {print \$2}") || keyring_pid=
        rc=0
        "$@" 9>&- || { s=$?; [ "$rc" -ne 0 ] || rc=$s; }
        if [ -n "$keyring_pid" ] && kill "$keyring_pid" 2>/dev/null; then
            i=0
            # (a zombie counts as gone: some container init processes never reap)
            while [ "$i" -lt 50 ] && [ -r "/proc/$keyring_pid/stat" ] &&
                  [ "$(awk "{print \$3}" "/proc/$keyring_pid/stat" 2>/dev/null)" != Z ]; do
                sleep 0.1; i=$((i + 1))
            done
        fi
        exit "$rc"
    ' opsdeck-keyring "$tmp" "$@" || rc=$?
    flock -w 300 "$tmp/lock" true 2>/dev/null || true

    # A program may have left a PostgreSQL cluster running under this HOME (`opsdeck --demo`
    # keeps its cluster in the data folder): stop it before the directory is removed.
    local pidfile data bindir
    while IFS= read -r pidfile; do
        data=${pidfile%/postmaster.pid}
        bindir=$(opsdeck_pg_bindir 2>/dev/null) || break
        printf 'opsdeck: stopping the PostgreSQL cluster left running in %s\n' "$data" >&2
        if opsdeck_is_root; then
            runuser -u "$(stat -c %U "$data")" -- "$bindir/pg_ctl" -D "$data" -m immediate -w stop \
                >/dev/null 2>&1 || true
        else
            "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
        fi
    done < <(find "$tmp" -name postmaster.pid -type f 2>/dev/null)

    # A daemon that was just told to stop may still write its files for a moment: retry briefly.
    local i
    for ((i = 0; i < 50; i++)); do
        rm -rf "$tmp" 2>/dev/null && break
        sleep 0.1
    done
    [[ -e $tmp ]] && printf 'opsdeck: warning: could not remove %s\n' "$tmp" >&2

    # Restore the caller's handlers, then deliver an interruption to them.
    eval "${saved_int:-trap - INT}"
    eval "${saved_term:-trap - TERM}"
    case $interrupted in
        130) kill -s INT "$BASHPID" ;;
        143) kill -s TERM "$BASHPID" ;;
    esac
    return "$rc"
}
