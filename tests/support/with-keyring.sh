#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring (Secret
# Service), so that the keychain test reaches a real keychain without touching the user's.
# Sets SCENARIST_KEYRING_STARTED=1 when the keyring runs; without dbus-run-session or
# gnome-keyring-daemon the command runs as is and the test says it skipped and why.
#   with-keyring.sh COMMAND [ARGS...]
set -euo pipefail

if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
    echo "with-keyring.sh: dbus-run-session or gnome-keyring-daemon is missing" \
         "(packaging/setup-debian.sh installs them)" >&2
    exec "$@"
fi

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
inner='
    set -eu
    home=$1; shift
    export HOME="$home" XDG_DATA_HOME="$home/data" XDG_RUNTIME_DIR="$home/run"
    mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
    chmod 700 "$XDG_RUNTIME_DIR"
    # The password creates and unlocks the default ("login") keyring; an empty one would
    # leave no default keyring and gnome-keyring would try to prompt on a display.
    if printf "%s" "scenarist-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; then
        export SCENARIST_KEYRING_STARTED=1
    fi
    "$@"
'
dbus-run-session -- bash -c "$inner" with-keyring "$home" "$@" 2> >(grep -v "Failed to set fd limit" >&2)
