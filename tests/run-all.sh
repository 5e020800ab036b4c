#!/usr/bin/env bash
# Installs what is missing, builds everything and runs every test. Needs no display.
# Usage: tests/run-all.sh [extra ctest arguments]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="${SCENARIST_BUILD_DIR:-$root/build}"

"$root/packaging/setup-debian.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo ${SCENARIST_CMAKE_ARGS:-}
cmake --build "$build" -j "$(nproc)"
cd "$build"
QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j "$(nproc)" "$@"
