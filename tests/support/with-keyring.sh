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
        # The daemon answers --unlock before it owns the Secret Service name and has made the
        # login keyring: a client that comes too early gets a second daemon, activated by
        # D-Bus, that has no login keyring. Wait (5 s at most) until the name has an owner,
        # asked of the bus itself so that asking starts nothing, and the login keyring answers.
        for _ in $(seq 50); do
            if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
                    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null \
                    | grep -q "boolean true" \
                && dbus-send --session --print-reply --dest=org.freedesktop.secrets \
                    /org/freedesktop/secrets/collection/login org.freedesktop.DBus.Properties.Get \
                    string:org.freedesktop.Secret.Collection string:Locked >/dev/null 2>&1; then
                break
            fi
            sleep 0.1
        done
    fi
    "$@"
'
dbus-run-session -- bash -c "$inner" with-keyring "$home" "$@" 2> >(grep -v "Failed to set fd limit" >&2)
