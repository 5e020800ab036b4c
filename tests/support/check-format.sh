#!/usr/bin/env bash
# Fails when a tracked C++ file differs from what clang-format (and .clang-format) makes of it.
# Fix with: git ls-files '*.cpp' '*.h' | xargs clang-format -i
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    echo "Not a git checkout: the format check needs git ls-files." >&2
    exit 1
fi
git ls-files -z '*.cpp' '*.h' | xargs -0 clang-format --dry-run --Werror
echo "Every C++ file is formatted."
