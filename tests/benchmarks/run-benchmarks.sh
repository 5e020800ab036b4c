#!/usr/bin/env bash
# Prints Scenarist's speed figures on this machine beside its peers (benchmarks, not pass/fail
# tests): the chain of docs/getting-started.md 200 times by scenarist-run, a curl loop, Postman's newman and a
# Python standard-library client, all against one standalone sandbox on 127.0.0.1; start-up
# plus one chain; mapping evaluation; a 1,000-module scenario (save, load, canvas panning);
# the inspector with 20 MB and 100 MB responses; the inspector on 10,000 operations and the
# canvas of the largest real Make export plus 1,000 modules in routes (offscreen, then under
# Xvfb when xvfb-run is installed); the editor's cold start and idle memory.
# Usage: tests/benchmarks/run-benchmarks.sh   (SCENARIST_BUILD_DIR picks the build folder,
# default build/; BENCH_RUNS the runs per measured command, default 5)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/tests/benchmarks"
build="${SCENARIST_BUILD_DIR:-$root/build}"
runs="${BENCH_RUNS:-5}"
chains=200
python=/usr/bin/python3 # Debian's, on purpose: the floor is the standard library

"$root/packaging/setup-debian.sh"
if [ ! -x "$here/node_modules/.bin/newman" ]; then
    (cd "$here" && npm ci --no-audit --no-fund --silent)
fi
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --parallel "$(nproc)" --target scenarist-run scenarist-sandbox tst_mapping tst_canvas \
    tst_jsontreemodel tst_inspector bench_files bench_large_response bench_gui_start bench_qnam_chain \
    bench_operations bench_canvas bench_history bench_history_panel
export QT_QPA_PLATFORM=offscreen QT_LOGGING_RULES='qt.qpa.*=false'
example="$root/resources/examples/oauth2-client-credentials.scenario.json"
run="$build/app/scenarist-run"
work=$(mktemp -d)
# Runs are recorded (docs/run-history.md) into a history of their own, not the user's.
export SCENARIST_HISTORY_DB="$work/run-history.sqlite"
sandbox_pid=""
cleanup() {
    [ -z "$sandbox_pid" ] || kill "$sandbox_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
export XDG_RUNTIME_DIR="$work/runtime"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
# The offscreen platform's one harmless warning, left out of the figures.
quiet() { "$@" 2> >(grep -v "does not support propagateSizeHints" >&2); }

free_port() {
    "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
now_ns() { date +%s%N; }

# measure CMD...: runs CMD $runs times (stdout discarded, at most 300 s each) and prints
# "median_ms min_ms max_ms peak_rss_kb" (RSS: the largest of the runs, by /usr/bin/time).
measure() {
    local times=() rss=0 start kb
    for ((i = 0; i < runs; i++)); do
        start=$(now_ns)
        /usr/bin/time -f %M -o "$work/rss" timeout 300 "$@" >/dev/null 2>"$work/stderr"
        times+=($((($(now_ns) - start) / 1000000)))
        grep -v "does not support propagateSizeHints" "$work/stderr" >&2 || true
        kb=$(tail -1 "$work/rss")
        ((kb > rss)) && rss=$kb
    done
    local sorted
    sorted=($(printf '%s\n' "${times[@]}" | sort -n))
    echo "${sorted[$((runs / 2))]} ${sorted[0]} ${sorted[$((runs - 1))]} $rss"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

echo "== Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM," \
    "$(. /etc/os-release && echo "$PRETTY_NAME"), $(uname -sr)," \
    "Qt $(qtpaths6 --qt-version 2>/dev/null || echo '?'), load average $(cut -d' ' -f1-3 /proc/loadavg)"

# One standalone sandbox that every client of the chain talks to.
port=$(free_port)
"$build/tests/benchmarks/scenarist-sandbox" --port "$port" >"$work/sandbox.out" &
sandbox_pid=$!
for ((i = 0; i < 100; i++)); do
    grep -q http "$work/sandbox.out" 2>/dev/null && break
    sleep 0.05
done
base=$(head -1 "$work/sandbox.out")
[ -n "$base" ] || { echo "the sandbox did not start" >&2; exit 1; }
# The example with the sandbox's address written in, for scenarist-run without --sandbox.
sed "s|{{sandbox.url}}|$base|g" "$example" >"$work/external.scenario.json"
"$run" "$work/external.scenario.json" >/dev/null # checks the chain works before timing it

echo "== start-up plus one chain (process start, token, /api/me): median of $runs runs"
inproc_port=$(free_port)
read -r s_med s_min s_max s_rss < <(measure "$run" --sandbox-port "$inproc_port" "$example")
echo "   scenarist-run --sandbox (starts its own sandbox): median $s_med ms ($s_min-$s_max)," \
    "peak RSS $(mb "$s_rss") MB"
read -r e_med e_min e_max e_rss < <(measure "$run" "$work/external.scenario.json")
echo "   scenarist-run on the standalone sandbox:           median $e_med ms ($e_min-$e_max)," \
    "peak RSS $(mb "$e_rss") MB"
cat >"$work/curl-once.sh" <<EOF
token=\$(curl -sf -H 'Accept: application/json' -d grant_type=client_credentials \
    -d client_id=demo-client -d client_secret=demo-secret -d scope=read "$base/oauth/token" \
    | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
curl -sf -H "Authorization: Bearer \$token" -H 'Accept: application/json' "$base/api/me"
EOF
read -r c1_med c1_min c1_max _ < <(measure curl -sf -o /dev/null "$base/")
read -r c2_med c2_min c2_max _ < <(measure bash "$work/curl-once.sh")
echo "   one curl (GET /):                                  median $c1_med ms ($c1_min-$c1_max)"
echo "   the chain as two curls (token parsed with sed):    median $c2_med ms ($c2_min-$c2_max)"

echo "== the chain $chains times on the standalone sandbox (wall time, peak RSS; median of $runs runs)"
cat >"$work/curl-loop.sh" <<EOF
for ((n = 0; n < $chains; n++)); do . "$work/curl-once.sh" >/dev/null || exit 1; done
EOF
read -r r_med r_min r_max r_rss < <(measure "$run" --repeat "$chains" "$work/external.scenario.json")
read -r p_med p_min p_max p_rss < <(measure "$python" "$here/chain_client.py" "$base" "$chains")
read -r q_med q_min q_max q_rss < <(measure "$build/tests/benchmarks/bench_qnam_chain" "$base" "$chains")
read -r c_med c_min c_max c_rss < <(measure bash "$work/curl-loop.sh")
newman=("$here/node_modules/.bin/newman" run "$here/chain.postman_collection.json"
    -e "$here/sandbox.postman_environment.json" --env-var "sandbox_url=$base"
    -n "$chains" -r cli --reporter-cli-no-summary --reporter-cli-no-banner --reporter-cli-silent
    --bail)
read -r n_med n_min n_max n_rss < <(measure "${newman[@]}")
read -r i_med i_min i_max i_rss < <(measure "$run" --sandbox-port "$inproc_port" --repeat "$chains" "$example")
printf '   %-46s %6s ms (%s-%s)  peak RSS %4s MB\n' \
    "scenarist-run --repeat $chains" "$r_med" "$r_min" "$r_max" "$(mb "$r_rss")" \
    "Python http.client, one kept-alive connection" "$p_med" "$p_min" "$p_max" "$(mb "$p_rss")" \
    "bare QNetworkAccessManager, no Scenarist code" "$q_med" "$q_min" "$q_max" "$(mb "$q_rss")" \
    "curl loop ($((chains * 2)) curl processes)" "$c_med" "$c_min" "$c_max" "$(mb "$c_rss")" \
    "newman -n $chains (Postman's CLI $("$here/node_modules/.bin/newman" --version))" \
    "$n_med" "$n_min" "$n_max" "$(mb "$n_rss")" \
    "scenarist-run --sandbox --repeat $chains (own sandbox)" "$i_med" "$i_min" "$i_max" "$(mb "$i_rss")"
echo "   ratios: scenarist / Python floor $(ratio "$r_med" "$p_med")x (target <= 1.2);" \
    "bare QNAM / Python $(ratio "$q_med" "$p_med")x (Qt's own floor);" \
    "newman / scenarist $(ratio "$n_med" "$r_med")x (target >= 5);" \
    "curl loop / scenarist $(ratio "$c_med" "$r_med")x;" \
    "scenarist peak RSS $(mb "$r_rss") MB (target < 40)"

echo "== mapping: evaluations of a parsed 'Bearer {{1.data.access_token}}' field"
"$build/tests/tst_mapping" benchmarkSimpleFieldEvaluation 2>&1 | grep -E "per second|msecs per iteration|nsecs per iteration" | sed 's/^QINFO *: *[^ ]* */   /; s/^ */   /'

echo "== a scenario of 1,000 modules: file and canvas (offscreen 1400x900)"
quiet timeout 300 "$build/tests/benchmarks/bench_files"
"$build/tests/tst_canvas" thousandModulesStaySmooth 2>&1 | grep -E "QINFO" | sed 's/^QINFO *: *[^ ]* */   tst_canvas: /'

echo "== inspector: 20 MB JSON response"
"$build/tests/tst_jsontreemodel" benchmarkLargeBody 2>&1 | grep -E "QINFO" | sed 's/^QINFO *: *[^ ]* */   /'
"$build/tests/tst_inspector" benchmarkLargeResponse 2>&1 | grep -E "QINFO" | sed 's/^QINFO *: *[^ ]* */   /'

echo "== a 100 MB JSON response: engine (HttpExecutor, ScenarioRunner) then the inspector"
quiet timeout 300 "$build/tests/benchmarks/bench_large_response" --mb 100
echo "   the same body with Parse response off (kept as text):"
quiet timeout 300 "$build/tests/benchmarks/bench_large_response" --mb 100 --raw | sed 1d

# qtbench CMD...: a Qt Test benchmark, its own figures and Qt Test's RESULT lines only.
qtbench() {
    quiet "$@" | grep -vE '^(PASS|Config:|\*\*\*|Totals:)' || true
}
have_xvfb=false
command -v xvfb-run >/dev/null && have_xvfb=true
xvfb=(xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb)

echo "== recording a run of 10,000 operations in the run history (target: under 20 % of the run)"
qtbench timeout 900 "$build/tests/benchmarks/bench_history"

echo "== the History panel listing 10,000 runs (target: under 100 ms)"
qtbench timeout 900 "$build/tests/benchmarks/bench_history_panel"

echo "== the inspector on a module with 10,000 operations, in the main window (targets: open"
echo "   under 100 ms, each step through the operations under 50 ms)"
qtbench timeout 900 "$build/tests/benchmarks/bench_operations"
if $have_xvfb; then
    echo "   the same under Xvfb (xcb, real painting):"
    qtbench timeout 900 "${xvfb[@]}" "$build/tests/benchmarks/bench_operations"
fi

echo "== the canvas: the largest real Make export plus 1,000 modules in routes, panned (target:"
echo "   under 16 ms a frame)"
qtbench timeout 600 "$build/tests/benchmarks/bench_canvas"
if $have_xvfb; then
    echo "   the same under Xvfb (xcb, real painting):"
    qtbench timeout 600 "${xvfb[@]}" "$build/tests/benchmarks/bench_canvas"
fi

echo "== editor cold start to the first painted window (offscreen): median of $runs runs"
# A fresh settings and data folder each time, so no recovery notice or recent files.
gui_env=(env HOME="$work/home" XDG_CONFIG_HOME="$work/home/config" XDG_DATA_HOME="$work/home/data"
    XDG_CACHE_HOME="$work/home/cache" XDG_RUNTIME_DIR="$work/home/runtime")
mkdir -p "$work/home/runtime" && chmod 700 "$work/home/runtime"
read -r g_med g_min g_max g_rss < <(measure "${gui_env[@]}" "$build/tests/benchmarks/bench_gui_start" --quit-after-first-paint)
echo "   process start to first paint (wall): median $g_med ms ($g_min-$g_max)," \
    "peak RSS $(mb "$g_rss") MB"
quiet timeout 60 "${gui_env[@]}" "$build/tests/benchmarks/bench_gui_start" --idle-ms 2000
