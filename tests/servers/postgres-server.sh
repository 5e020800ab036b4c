#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL 15 server for the run history's tests
# (tests/core/tst_runhistory_postgres): a new cluster in a temporary folder, on a free loopback
# port, run by an unprivileged user (initdb refuses root: as root it runs as `nobody`).
# Writes POSTGRES_URL=postgresql://… to ENVFILE; without the server's programs it writes
# nothing, and the tests say they were skipped.
#   postgres-server.sh start ENVFILE
#   postgres-server.sh stop ENVFILE
set -euo pipefail
action=${1:?start or stop}
envfile=${2:?env file}
bin=/usr/lib/postgresql/15/bin
statefile="${envfile}.dir"

as_owner() { # runs a command as the cluster's owner
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u nobody -- "$@"
    else
        "$@"
    fi
}

stop_server() {
    [ -f "$statefile" ] || return 0
    dir=$(cat "$statefile")
    if [ -d "$dir/data" ]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" stop -m immediate -t 20 >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    rm -f "$statefile" "$envfile"
}

case "$action" in
start)
    stop_server
    rm -f "$envfile"
    if [ ! -x "$bin/initdb" ]; then
        echo "PostgreSQL 15 is not installed ($bin): the PostgreSQL tests will be skipped" >&2
        exit 0
    fi
    dir=$(mktemp -d /tmp/scenarist-postgres.XXXXXX)
    echo "$dir" >"$statefile"
    chmod 755 "$dir"
    [ "$(id -u)" -ne 0 ] || chown nobody "$dir"
    port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bin/initdb" -D "$dir/data" -U scenarist --auth=trust -E UTF8 --no-sync \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    # -w waits until it accepts connections, -t bounds that wait.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U scenarist history_test
    echo "POSTGRES_URL=postgresql://scenarist@127.0.0.1:$port/history_test" >"$envfile"
    cat "$envfile"
    ;;
stop)
    stop_server
    ;;
esac
