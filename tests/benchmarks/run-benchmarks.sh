#!/usr/bin/env bash
# Prints Scenarist's speed figures on this machine (benchmarks, not pass/fail tests):
# the headless chain on the sandbox, mapping evaluation, the canvas with 1,000 modules and
# the inspector with a 20 MB response. Usage: tests/benchmarks/run-benchmarks.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build="${SCENARIST_BUILD_DIR:-$root/build}"
"$root/packaging/setup-debian.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target scenarist-run tst_mapping tst_canvas tst_jsontreemodel tst_inspector
export QT_QPA_PLATFORM=offscreen
example="$root/resources/examples/oauth2-client-credentials.scenario.json"
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

echo "== Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr)"

echo "== scenarist-run --sandbox on the example (start-up, sandbox, two modules): 5 runs"
times=()
for _ in 1 2 3 4 5; do
    start=$(date +%s%N)
    "$build/app/scenarist-run" --sandbox-port "$port" "$example" >/dev/null
    times+=($(( ($(date +%s%N) - start) / 1000000 )))
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')
echo "   wall ms: $sorted -> median $(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p) ms"

echo "== the same chain 200 times in one process (--repeat 200)"
/usr/bin/time -f "   %e s wall, peak RSS %M KB" \
    "$build/app/scenarist-run" --sandbox-port "$port" --repeat 200 "$example" >/dev/null

echo "== mapping: evaluations of a parsed 'Bearer {{1.data.access_token}}' field"
"$build/tests/tst_mapping" benchmarkSimpleFieldEvaluation 2>&1 | grep -E "per second|msecs per iteration|nsecs per iteration" | sed 's/^/   /'

echo "== canvas: 1,000 modules, offscreen 1400x900"
"$build/tests/tst_canvas" thousandModulesStaySmooth 2>&1 | grep -E "QINFO" | sed 's/^QINFO *: *[^ ]* */   /'

echo "== inspector: 20 MB JSON response"
"$build/tests/tst_jsontreemodel" benchmarkLargeBody 2>&1 | grep -E "QINFO" | sed 's/^QINFO *: *[^ ]* */   /'
"$build/tests/tst_inspector" benchmarkLargeResponse 2>&1 | grep -E "QINFO" | sed 's/^QINFO *: *[^ ]* */   /'
