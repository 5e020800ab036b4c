#!/usr/bin/env bash
# Starts or stops the real third-party servers that tests/core/tst_thirdparty_* talk to, on
# 127.0.0.1 with free ports: Debian's python3-httpbin (under gunicorn), npm's
# oauth2-mock-server and panva's oidc-provider (oidc-provider.mjs). Writes their URLs to
# ENVFILE as KEY=value lines.
#   thirdparty-servers.sh start ENVFILE
#   thirdparty-servers.sh stop ENVFILE
set -euo pipefail
action=${1:?start or stop}
envfile=${2:?env file}
here=$(cd "$(dirname "$0")" && pwd)
piddir="${envfile}.d"

free_port() {
    /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_for() { # URL: bounded wait until it answers
    for _ in $(seq 1 150); do
        if curl -s -o /dev/null --max-time 1 "$1"; then return 0; fi
        sleep 0.2
    done
    echo "server at $1 did not start within 30 s" >&2
    return 1
}

stop_all() {
    [ -d "$piddir" ] || return 0
    for pidfile in "$piddir"/*.pid; do
        [ -f "$pidfile" ] || continue
        kill "$(cat "$pidfile")" 2>/dev/null || true
        rm -f "$pidfile"
    done
    rm -f "$envfile"
}

case "$action" in
start)
    stop_all
    mkdir -p "$piddir"
    if [ ! -d "$here/node_modules/oauth2-mock-server" ] || [ ! -d "$here/node_modules/oidc-provider" ]; then
        (cd "$here" && npm ci --no-audit --no-fund --silent)
    fi
    httpbin_port=$(free_port)
    setsid /usr/bin/gunicorn --bind "127.0.0.1:$httpbin_port" --workers 2 --log-level warning \
        httpbin:app >"$piddir/httpbin.log" 2>&1 &
    echo $! >"$piddir/httpbin.pid"
    oauth_port=$(free_port)
    setsid node "$here/oauth2-mock.mjs" "$oauth_port" >"$piddir/oauth2.log" 2>&1 &
    echo $! >"$piddir/oauth2.pid"
    oidc_port=$(free_port)
    setsid node "$here/oidc-provider.mjs" "$oidc_port" >"$piddir/oidc.log" 2>&1 &
    echo $! >"$piddir/oidc.pid"
    wait_for "http://127.0.0.1:$httpbin_port/get"
    wait_for "http://127.0.0.1:$oauth_port/.well-known/openid-configuration"
    wait_for "http://127.0.0.1:$oidc_port/.well-known/openid-configuration"
    {
        echo "HTTPBIN_URL=http://127.0.0.1:$httpbin_port"
        echo "OAUTH2_MOCK_URL=http://127.0.0.1:$oauth_port"
        echo "OIDC_PROVIDER_URL=http://127.0.0.1:$oidc_port"
    } >"$envfile"
    cat "$envfile"
    ;;
stop)
    stop_all
    ;;
*)
    echo "usage: $0 start|stop ENVFILE" >&2
    exit 2
    ;;
esac
