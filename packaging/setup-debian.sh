#!/usr/bin/env bash
# Installs what Scenarist needs to build, run and test on Debian 12, if it is missing.
# Safe to run again: it installs only what is not there. Needs root (or sudo).
set -euo pipefail

packages=(
    build-essential cmake ninja-build ccache pkg-config git
    qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev qt6-websockets-dev qt6-svg-dev
    libqt6test6 qtkeychain-qt6-dev libgl-dev
    qt6-qpa-plugins fonts-dejavu-core
    openssl curl python3-httpbin gunicorn xvfb x11-apps imagemagick
    nodejs npm
    dbus-daemon gnome-keyring
    systemd
    zlib1g-dev time nlohmann-json3-dev clang-format
    help2man lintian desktop-file-utils appstream shared-mime-info libglib2.0-bin file
    libqt6sql6-sqlite libqt6sql6-psql postgresql
    libjwt-dev
    # Translations (docs/translating.md): lupdate and lrelease, and Qt's own words in German.
    qt6-tools-dev qt6-l10n-tools qt6-translations-l10n
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
# Node.js and npm may come from elsewhere than Debian (as on our build machines): keep them.
if command -v node >/dev/null && command -v npm >/dev/null; then
    filtered=()
    for p in "${missing[@]}"; do
        [[ "$p" == nodejs || "$p" == npm ]] || filtered+=("$p")
    done
    missing=("${filtered[@]}")
fi

if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
        "${missing[@]}"
fi

# The test servers' npm packages (oauth2-mock-server, oidc-provider), pinned by the lock file.
here=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -d "$here/tests/servers/node_modules/oauth2-mock-server" ] \
    || [ ! -d "$here/tests/servers/node_modules/oidc-provider" ]; then
    (cd "$here/tests/servers" && npm ci --no-audit --no-fund --silent)
fi
