#!/usr/bin/env bash
# Peak memory (RSS) of scenarist-run for the large-answer faults: a 100 MB body
# (announced, and read until the connection closes), and a gzip bomb (1 MB inflating to 1 GB),
# each under the default 100 MB limit and under --max-response-mb 10. The server is
# scenarist-fault-server, a process of its own, so only the client is measured.
# Usage: tests/benchmarks/memory.sh [BUILD_DIR]   (default: build)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
run="$build/app/scenarist-run"
server_bin="$build/tests/scenarist-fault-server"
[ -x "$run" ] && [ -x "$server_bin" ] || {
    echo "Build scenarist-run and scenarist-fault-server in $build first." >&2
    exit 2
}
[ -x /usr/bin/time ] || { echo "Needs /usr/bin/time (Debian package time)." >&2; exit 2; }

work=$(mktemp -d)
# Runs are recorded (docs/run-history.md) into a history of their own, not the user's.
export SCENARIST_HISTORY_DB="$work/run-history.sqlite"
"$server_bin" 0 > "$work/server.out" &
server=$!
trap 'kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do
    grep -q '^port ' "$work/server.out" 2>/dev/null && break
    sleep 0.1
done
port=$(awk '/^port /{print $2}' "$work/server.out")
[ -n "$port" ] || { echo "The fault server did not start." >&2; exit 1; }

scenario() { # NAME PATH
    cat > "$work/$1.scenario.json" <<JSON
{"format": "scenarist-scenario", "version": 1, "name": "$1",
 "modules": [{"id": 1, "type": "http.request",
              "config": {"url": "http://127.0.0.1:$port$2", "timeoutSeconds": 120}}]}
JSON
}
scenario big "/big?mb=100"
scenario big-until-close "/big?mb=100&length=0"
scenario gzip-bomb "/gzip-bomb?mb=1024"

printf '%-40s %6s %10s %8s  %s\n' "case" "exit" "peak RSS" "seconds" "outcome"
measure() { # LABEL NAME [OPTIONS...]
    local label=$1 name=$2
    shift 2
    local status=0
    /usr/bin/time -f '%M %e' -o "$work/time" "$run" "$@" "$work/$name.scenario.json" \
        > "$work/out" 2>/dev/null || status=$?
    read -r kb seconds < <(tail -1 "$work/time")
    local outcome
    outcome=$(grep -m1 -o 'Error: .*' "$work/out" | cut -c8-80 || true)
    [ -n "$outcome" ] || outcome=$(tail -1 "$work/out")
    printf '%-40s %6s %7d MB %8s  %s\n' "$label" "$status" $((kb / 1024)) "$seconds" "$outcome"
}
measure "100 MB body, default limit" big
measure "100 MB body until close, default limit" big-until-close
measure "100 MB body, --max-response-mb 10" big --max-response-mb 10
measure "gzip bomb 1 GB, default limit" gzip-bomb
measure "gzip bomb 1 GB, --max-response-mb 10" gzip-bomb --max-response-mb 10
