#!/usr/bin/env bash
# A throwaway PostgreSQL server for the store tests (no Docker): Debian's server binaries,
# a private data folder and a unix socket only (no TCP port is opened).
#
#   scripts/pg-test-server.sh install   # apt-get install postgresql when it is missing
#   scripts/pg-test-server.sh start     # initdb on first use, start; prints the URL
#   scripts/pg-test-server.sh url       # prints the URL of the running server
#   scripts/pg-test-server.sh stop      # stops it (the data folder stays)
#   scripts/pg-test-server.sh clean     # stops it and deletes the data folder
#
# The URL goes to stdout (nothing else does), e.g.
#   postgresql://sourcecheck@/sourcecheck_test?host=/tmp/sourcecheck-pg/sock&port=5433
# so `export SOURCECHECK_TEST_PG_URL="$(scripts/pg-test-server.sh start)"` works.
#
# Settings: SOURCECHECK_PG_DIR (default /tmp/sourcecheck-pg; holds data/, sock/, log),
# SOURCECHECK_PG_PORT (default 5433; only names the socket file). initdb refuses root,
# so as root the server runs as the `postgres` user, which then owns the folder.
set -euo pipefail

DIR="${SOURCECHECK_PG_DIR:-/tmp/sourcecheck-pg}"
PORT="${SOURCECHECK_PG_PORT:-5433}"
ROLE="sourcecheck"
DB="sourcecheck_test"

say() { echo "pg-test-server: $*" >&2; }

bindir() {
    local dir
    if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
        pg_config --bindir
        return
    fi
    # Debian keeps the server binaries out of PATH, one folder per major version.
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
        say "no PostgreSQL server binaries (initdb) found in PATH or /usr/lib/postgresql/*/bin;" \
            "install them with '$0 install' (Debian: apt-get install postgresql)"
        exit 1
    fi
    echo "$dir"
}

# Runs a command as the server's owner: ourselves, or `postgres` when we are root.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

url() {
    echo "postgresql://${ROLE}@/${DB}?host=${DIR}/sock&port=${PORT}"
}

running() {
    [ -f "$DIR/data/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1
}

cmd_install() {
    if command -v pg_config >/dev/null 2>&1 || ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
        say "PostgreSQL server binaries are present"
        return
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        say "no apt-get here; install the PostgreSQL server by hand (the PostgreSQL tests skip)"
        exit 1
    fi
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql
    say "installed the PostgreSQL server"
}

cmd_start() {
    BIN="$(bindir)"
    if running; then
        say "already running in $DIR"
        url
        return
    fi
    mkdir -p "$DIR/data" "$DIR/sock"
    if [ "$(id -u)" -eq 0 ]; then
        chown -R postgres: "$DIR"
    fi
    chmod 700 "$DIR/data"
    if [ ! -f "$DIR/data/PG_VERSION" ]; then
        # trust: a throwaway server for tests, with no TCP listener; only local users
        # who can reach the socket folder can connect. Never point it at real data.
        as_owner "$BIN/initdb" -D "$DIR/data" -U "$ROLE" --auth=trust -E UTF8 \
            --no-instructions >"$DIR/initdb.log" 2>&1 || {
            say "initdb failed; see $DIR/initdb.log"
            exit 1
        }
    fi
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
        -o "-k $DIR/sock -p $PORT -c listen_addresses='' -c fsync=off" start >/dev/null || {
        say "the server did not start; see $DIR/server.log"
        exit 1
    }
    if ! as_owner "$BIN/psql" -h "$DIR/sock" -p "$PORT" -U "$ROLE" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
        as_owner "$BIN/createdb" -h "$DIR/sock" -p "$PORT" -U "$ROLE" "$DB"
    fi
    # Others (the test run may not be root) must reach the socket folder.
    chmod 755 "$DIR" "$DIR/sock"
    say "running in $DIR (log: $DIR/server.log)"
    url
}

cmd_stop() {
    BIN="$(bindir)"
    if running; then
        as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null
        say "stopped"
    else
        say "not running"
    fi
}

case "${1:-}" in
    install) cmd_install ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    clean)
        cmd_stop
        rm -rf "$DIR"
        say "removed $DIR"
        ;;
    url)
        BIN="$(bindir)"
        running || { say "not running in $DIR; start it with '$0 start'"; exit 1; }
        url
        ;;
    *)
        say "usage: $0 install|start|url|stop|clean (given: '${1:-}')"
        exit 2
        ;;
esac
