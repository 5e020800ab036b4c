#!/usr/bin/env bash
# The flow benchmark: N items (default 10,000) through Iterator -> HTTP POST per item -> Array
# aggregator, on loopback, against one standalone sandbox. Beside scenarist-run: the floor (a
# Python standard-library loop making the same requests on one kept-alive connection) and
# Node-RED 4 (split -> http request -> join). Prints wall time and peak RSS, median of RUNS.
# Usage: tests/benchmarks/flow/flow-benchmark.sh [BUILD_DIR]   (FLOW_ITEMS, BENCH_RUNS)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
build="${1:-${SCENARIST_BUILD_DIR:-$root/build}}"
items="${FLOW_ITEMS:-10000}"
runs="${BENCH_RUNS:-5}"
python=/usr/bin/python3 # Debian's, on purpose: the floor is the standard library
node_red="$root/tests/benchmarks/node_modules/.bin/node-red"
[ -x "$node_red" ] || (cd "$root/tests/benchmarks" && npm ci --no-audit --no-fund --silent)
cmake --build "$build" --target scenarist-run scenarist-sandbox bench_qnam_items bench_flow_engine >/dev/null

work=$(mktemp -d)
# Runs are recorded (docs/run-history.md) into a history of their own, not the user's.
export SCENARIST_HISTORY_DB="$work/run-history.sqlite"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
export QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$work/runtime"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
free_port() {
    "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
now_ns() { date +%s%N; }
mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

port=$(free_port)
"$build/tests/benchmarks/scenarist-sandbox" --port "$port" >"$work/sandbox.out" &
pids+=($!)
for ((i = 0; i < 100; i++)); do grep -q http "$work/sandbox.out" 2>/dev/null && break; sleep 0.05; done
base=$(head -1 "$work/sandbox.out")

# measure CMD...: "median_ms min_ms max_ms peak_rss_kb" of $runs runs of CMD.
measure() {
    local times=() rss=0 start kb
    for ((i = 0; i < runs; i++)); do
        start=$(now_ns)
        /usr/bin/time -f %M -o "$work/rss" timeout 600 "$@" >"$work/out" 2>"$work/err" \
            || { echo "failed: $* ($(tail -q -n 3 "$work/err" "$work/out" | tr "\n" " "))" >&2; return 1; }
        times+=($((($(now_ns) - start) / 1000000)))
        kb=$(tail -1 "$work/rss")
        ((kb > rss)) && rss=$kb
    done
    local sorted
    sorted=($(printf '%s\n' "${times[@]}" | sort -n))
    echo "${sorted[$((runs / 2))]} ${sorted[0]} ${sorted[$((runs - 1))]} $rss"
}

# The scenario: a token, a list of $items items (Parse JSON), an Iterator, one POST per item,
# an Array aggregator of the created items' ids and names.
"$python" - "$items" "$base" >"$work/flow.scenario.json" <<'PY'
import json, sys
count, base = int(sys.argv[1]), sys.argv[2]
items = json.dumps({"items": [{"name": f"Item {i}", "price": i} for i in range(1, count + 1)]})
http = lambda method, url, headers, body: {"method": method, "url": url, "headers": headers,
    "query": [], "body": body, "parseResponse": True, "timeoutSeconds": 40, "errorOnHttpStatus": True}
modules = [
    {"id": 1, "type": "http.request", "label": "Get a token", "position": [0, 0], "note": "",
     "config": http("POST", base + "/oauth/token", [], {"type": "urlencoded", "fields": [
         {"name": "grant_type", "value": "client_credentials"},
         {"name": "client_id", "value": "demo-client"},
         {"name": "client_secret", "value": "demo-secret"},
         {"name": "scope", "value": "read write"}]})},
    {"id": 2, "type": "json.parse", "label": "The items", "position": [300, 0], "note": "",
     "config": {"json": items}},
    {"id": 3, "type": "flow.iterator", "label": "One per item", "position": [600, 0], "note": "",
     "config": {"array": "{{2.items}}"}},
    {"id": 4, "type": "http.request", "label": "Create the item", "position": [900, 0], "note": "",
     "config": http("POST", base + "/api/items",
         [{"name": "Authorization", "value": "{{1.data.token_type}} {{1.data.access_token}}"}],
         {"type": "raw", "contentType": "application/json",
          "content": "{\"name\": \"{{3.name}}\", \"price\": {{3.price}}}"})},
    {"id": 5, "type": "flow.arrayAggregator", "label": "Collect", "position": [1200, 0], "note": "",
     "config": {"source": 3, "fields": [{"name": "id", "value": "{{4.data.id}}"},
                                        {"name": "name", "value": "{{4.data.name}}"}],
                "groupBy": "", "stopIfEmpty": False}},
]
links = [{"from": i, "to": i + 1} for i in range(1, 5)]
print(json.dumps({"format": "scenarist-scenario", "version": 2, "name": "Flow benchmark",
                  "modules": modules, "links": links}, indent=2))
PY

echo "== $items items: Iterator -> HTTP POST per item -> Array aggregator (median of $runs runs)"
read -r p_med p_min p_max p_rss < <(measure "$python" "$here/flow_client.py" "$base" "$items")
printf '   %-48s %6s ms (%s-%s)  peak RSS %4s MB\n' \
    "Python http.client, one connection (the floor)" "$p_med" "$p_min" "$p_max" "$(mb "$p_rss")"
read -r q_med q_min q_max q_rss < <(measure "$build/tests/benchmarks/bench_qnam_items" "$base" "$items")
printf '   %-48s %6s ms (%s-%s)  peak RSS %4s MB  (%s x the floor)\n' \
    "bare QNetworkAccessManager, no Scenarist code" "$q_med" "$q_min" "$q_max" "$(mb "$q_rss")" \
    "$(awk -v a="$q_med" -v b="$p_med" 'BEGIN { printf "%.2f", a / b }')"
if read -r s_med s_min s_max s_rss < <(measure "$build/app/scenarist-run" "$work/flow.scenario.json"); then
    printf '   %-48s %6s ms (%s-%s)  peak RSS %4s MB  (%s x the floor)\n' \
        "scenarist-run" "$s_med" "$s_min" "$s_max" "$(mb "$s_rss")" \
        "$(awk -v a="$s_med" -v b="$p_med" 'BEGIN { printf "%.2f", a / b }')"
fi

# Node-RED: started once (its start-up is not counted), then /run?n=N timed from outside.
nr_port=$(free_port)
mkdir -p "$work/node-red"
cp "$here/node-red-flow.json" "$work/node-red/flows.json"
SANDBOX_URL="$base" NODE_RED_PORT="$nr_port" NODE_RED_FLOW="$work/node-red/flows.json" \
    "$node_red" -u "$work/node-red" -s "$here/node-red-settings.js" >"$work/node-red.log" 2>&1 &
nr_pid=$!
pids+=($nr_pid)
for ((i = 0; i < 200; i++)); do
    curl -sf -o /dev/null "http://127.0.0.1:$nr_port/run?n=1" && break
    sleep 0.1
done
# Node-RED sends every request at once; when the sandbox resets one of those connections, its
# join waits for an item that never comes: that run is reported, and the rest goes on.
n_med=0
if read -r n_med n_min n_max _ < <(measure curl -sS --fail-with-body --max-time 120 "http://127.0.0.1:$nr_port/run?n=$items") \
    && grep -q "\"count\":$items" "$work/out"; then
    :
else
    n_med=0
    echo "   Node-RED did not collect $items items: $(grep -m1 -E "error" "$work/node-red.log" || echo "no answer")" >&2
fi
if [ "$n_med" -gt 0 ]; then
    # Node-RED's peak RSS: the node process's high-water mark (the node-red launcher execs node).
    n_rss=$(awk '/VmHWM/ {print $2}' "/proc/$nr_pid/status" 2>/dev/null || echo 0)
    printf '   %-48s %6s ms (%s-%s)  peak RSS %4s MB\n' \
        "Node-RED $(node -p "require('$root/tests/benchmarks/node_modules/node-red/package.json').version") (split, http request, join; started once)" \
        "$n_med" "$n_min" "$n_max" "$(mb "$n_rss")"
fi
if [ -n "${s_med:-}" ] && [ "${n_med:-0}" -gt 0 ]; then
    echo "   ratios: scenarist / floor $(awk -v a="$s_med" -v b="$p_med" 'BEGIN { printf "%.2f", a / b }')x (target <= 1.3);" \
        "scenarist / bare QNAM $(awk -v a="$s_med" -v b="$q_med" 'BEGIN { printf "%.2f", a / b }')x;" \
        "Node-RED / scenarist $(awk -v a="$n_med" -v b="$s_med" 'BEGIN { printf "%.2f", a / b }')x (target >= 2)"
fi

# The engine without requests (target: at least 200,000 operations a second).
echo "== engine overhead: Repeater 10 x Repeater 10,000 -> Set variables -> Text aggregator"
"$build/tests/benchmarks/bench_flow_engine" -iterations "$runs" 2>&1 | grep -E "^bench_flow_engine|msecs per" \
    | tail -2 | sed "s/^/   /"
