#!/bin/bash
# Builds the libFuzzer targets with clang in build-fuzz/ and runs each for a bounded time.
#
#   tests/fuzz/run-fuzzers.sh [SECONDS_PER_TARGET] [TARGET...]
#
# SECONDS_PER_TARGET defaults to 60; TARGET defaults to all six (fuzz_mapping,
# fuzz_scenariofile, fuzz_blueprint, fuzz_curl, fuzz_largebody, fuzz_filter). FUZZ_PARALLEL=2 runs two targets at once.
# Each target works on a copy of its seed corpus in build-fuzz/fuzz-work/<target>/corpus (the
# repository's tests/fuzz/corpus is only read), so later runs continue from what earlier runs
# found. Crashes, hangs (over 5 s) and out-of-memory inputs are written to
# build-fuzz/fuzz-work/<target>/findings/. Exits 1 when any target has a finding.
set -euo pipefail

seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_mapping fuzz_scenariofile fuzz_blueprint fuzz_curl fuzz_largebody fuzz_filter)
parallel=${FUZZ_PARALLEL:-1}

here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
build_dir=${FUZZ_BUILD_DIR:-$source_dir/build-fuzz}
work_dir=$build_dir/fuzz-work

# libFuzzer and the sanitizer runtimes ship apart from clang on Debian (libclang-rt-N-dev).
command -v clang++ >/dev/null || { echo "clang++ is not installed (apt-get install clang)" >&2; exit 2; }
resource_dir=$(clang++ -print-resource-dir)
if ! ls "$resource_dir"/lib/linux/libclang_rt.fuzzer-*.a >/dev/null 2>&1; then
    major=$(clang++ -dumpversion | cut -d. -f1)
    echo "Installing the clang runtime (libFuzzer, ASan): libclang-rt-$major-dev"
    sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get install -y "libclang-rt-$major-dev"
fi

if [ ! -f "$build_dir/build.ninja" ]; then
    CC=clang CXX=clang++ cmake -S "$source_dir" -B "$build_dir" -G Ninja \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSCENARIST_FUZZ=ON
fi
cmake --build "$build_dir" -j2 --target "${targets[@]}"

max_len() {
    case $1 in
        fuzz_mapping) echo 2048 ;;
        fuzz_curl | fuzz_filter) echo 4096 ;;
        *) echo 16384 ;;
    esac
}

run_one() {
    local target=$1 name=${1#fuzz_}
    local dir=$work_dir/$target
    mkdir -p "$dir/corpus" "$dir/findings"
    cp -n "$here/corpus/$name"/* "$dir/corpus/" 2>/dev/null || true
    local dict=()
    [ -f "$here/$name.dict" ] && dict=(-dict="$here/$name.dict")
    # libFuzzer stops itself after -max_total_time; timeout is the backstop for a stuck run.
    local started=$SECONDS
    timeout --kill-after=30 $((seconds + 120)) \
        "$build_dir/tests/fuzz/$target" "$dir/corpus" "${dict[@]}" \
        -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -max_len="$(max_len "$target")" \
        -artifact_prefix="$dir/findings/" -print_final_stats=1 \
        >"$dir/last-run.log" 2>&1 || true
    echo $((SECONDS - started)) >"$dir/last-run.seconds"
}

summarize() {
    local target=$1 dir=$work_dir/$1 log=$work_dir/$1/last-run.log
    local done_line runs secs inited final findings
    done_line=$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 || true)
    runs=$(sed -nE 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\1/p' <<<"$done_line")
    secs=$(sed -nE 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\2/p' <<<"$done_line")
    if [ -z "$runs" ]; then # stopped early (a finding): use libFuzzer's final stats
        runs=$(sed -nE 's/^stat::number_of_executed_units:[[:space:]]+([0-9]+)/\1/p' "$log" | tail -1)
        secs=$(cat "$dir/last-run.seconds" 2>/dev/null || echo "?")
    fi
    inited=$(grep -oE 'INITED cov: [0-9]+ ft: [0-9]+' "$log" | head -1 | sed 's/INITED //')
    final=$(grep -oE '^#[0-9]+[[:space:]]+[A-Z]+[[:space:]]+cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$log" \
        | tail -1 | sed -E 's/^#[0-9]+[[:space:]]+[A-Z]+[[:space:]]+//')
    findings=$(find "$dir/findings" -type f \( -name 'crash-*' -o -name 'timeout-*' \
        -o -name 'oom-*' -o -name 'leak-*' -o -name 'slow-unit-*' \) | wc -l)
    local rate
    rate=$(sed -nE 's/^stat::average_exec_per_sec:[[:space:]]+([0-9]+)/\1/p' "$log" | tail -1)
    printf '%-18s runs %-10s in %4ss  %6s exec/s  start %-22s end %-32s new units %-5s findings %s\n' \
        "$target" "${runs:-?}" "${secs:-?}" "${rate:-?}" "${inited:-?}" "${final:-?}" \
        "$(grep -cE '^#[0-9]+[[:space:]]+NEW ' "$log" || true)" "$findings"
    if [ -n "$runs" ] && [ "$secs" != "?" ] && [ "$(cat "$dir/counted" 2>/dev/null)" != "$(stat -c %Y "$log")" ]; then
        stat -c %Y "$log" >"$dir/counted" # each log is added to the totals once
        echo "$(date -u +%FT%TZ) $secs $runs" >>"$dir/totals"
    fi
    awk -v t="$target" '{s += $2; r += $3} END {printf "%-18s all runs so far: %d s, %d executions\n", t, s, r}' \
        "$dir/totals" 2>/dev/null || true
    if [ "$findings" -gt 0 ]; then
        find "$dir/findings" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \
            -o -name 'leak-*' -o -name 'slow-unit-*' \) | sed 's/^/    /'
        grep -E '^(==[0-9]+==ERROR|SUMMARY|FUZZ_CHECK|.*runtime error)' "$log" | head -5 | sed 's/^/    /'
    fi
    [ "$findings" -eq 0 ]
}

echo "Fuzzing ${targets[*]} for $seconds s each (logs in $work_dir/<target>/last-run.log)"
running=0
for target in "${targets[@]}"; do
    if [ "$running" -ge "$parallel" ]; then
        wait -n || true # a slot frees as soon as any target ends
        running=$((running - 1))
    fi
    run_one "$target" &
    running=$((running + 1))
done
wait

status=0
for target in "${targets[@]}"; do summarize "$target" || status=1; done
exit $status
