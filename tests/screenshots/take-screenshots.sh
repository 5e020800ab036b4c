#!/usr/bin/env bash
# Takes the app's screenshots under a virtual display (Xvfb): welcome state, the example with
# the mapping panel, a finished run with the inspector, the connections panel, and the editor
# in light and dark at 1280x800 and 1024x640 (editor-1280-light.png, ...). Usage:
#   tests/screenshots/take-screenshots.sh [OUTPUT_FOLDER]   (default: build/screenshots)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build="${SCENARIST_BUILD_DIR:-$root/build}"
out="${1:-$build/screenshots}"
"$root/packaging/setup-debian.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target scenarist-screenshots scenarist-german-screenshots
mkdir -p "$out"
XDG_CONFIG_HOME=$(mktemp -d) xvfb-run -a -s "-screen 0 1440x900x24" \
    "$build/tests/scenarist-screenshots" "$out" "$root"
# The app in German (docs/translating.md): main-window-de.png, and at 1024×640.
XDG_CONFIG_HOME=$(mktemp -d) LANG=de_DE.UTF-8 LANGUAGE=de xvfb-run -a -s "-screen 0 1440x900x24" \
    "$build/tests/scenarist-german-screenshots" "$out" "$root"
