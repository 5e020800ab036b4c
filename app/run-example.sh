#!/usr/bin/env bash
# Installs what is missing, builds Scenarist and opens it with the example scenario.
# With no display (a server, CI) it starts a virtual one with Xvfb.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="${SCENARIST_BUILD_DIR:-$root/build}"

"$root/packaging/setup-debian.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$build" -j "$(nproc)" --target scenarist scenarist-run

example="$root/resources/examples/oauth2-client-credentials.scenario.json"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "No display found: starting Scenarist on a virtual display (Xvfb)."
    exec xvfb-run -a -s "-screen 0 1400x900x24" "$build/app/scenarist" "$example" "$@"
fi
exec "$build/app/scenarist" "$example" "$@"
