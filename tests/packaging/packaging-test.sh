#!/usr/bin/env bash
# The Debian package as a user gets it (docs/packaging.md).
#   packaging-test.sh deb BUILD_DIR       builds the .deb with cpack, checks it with lintian,
#                                         installs it with dpkg into a fresh folder, runs an
#                                         example from there and removes it again
#   packaging-test.sh desktop BUILD_DIR   checks what the desktop reads from the installed
#                                         package: AppStream, the .desktop file, the file
#                                         type of a scenario, man pages, bash completion
# The package is installed with `dpkg --root` into a folder of its own, not into the
# machine's /: the same dpkg unpacking and removal, but tests running side by side (and other
# people's builds on the same machine) neither fight for dpkg's lock nor see each other's
# /usr/bin/scenarist. The machine's own Debian 12 libraries are what the binaries run on; that
# the package's dependencies resolve there is checked with `apt-get install --simulate`.
set -euo pipefail

mode=$1
build=$(cd "$2" && pwd)
work=$build/packaging-test
root=$work/root
fail() {
    echo "FAIL: $*" >&2
    exit 1
}

if [ "$mode" = deb ]; then
    rm -rf "$work"
    mkdir -p "$work"
    # The package of the tree as built (cmake --build builds what the install rules need).
    (cd "$build" && timeout 120 cpack -G DEB -B "$work" >"$work/cpack.log") \
        || { cat "$work/cpack.log"; fail "cpack could not build the package"; }
    deb=$(ls "$work"/scenarist_*.deb)
    echo "built $(basename "$deb"), $(du -k "$deb" | cut -f1) KB"

    timeout 120 lintian --fail-on error --tag-display-limit 0 "$deb" 2>&1 \
        | grep -v 'running with root privileges' | tee "$work/lintian.log" || true
    ! grep -q '^E:' "$work/lintian.log" || fail "lintian reports errors"
    # The warnings we accept are listed, with why, in docs/packaging.md: any other fails.
    if grep '^W:' "$work/lintian.log"; then
        fail "lintian reports warnings not explained in docs/packaging.md"
    fi

    timeout 60 apt-get install --simulate --no-install-recommends "$deb" >"$work/apt.log" 2>&1 \
        || { cat "$work/apt.log"; fail "the package's dependencies do not resolve"; }
    grep -q '^Conf scenarist ' "$work/apt.log" || { cat "$work/apt.log"; fail "apt would not install it"; }

    mkdir -p "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/info"
    touch "$root/var/lib/dpkg/status"
    # --force-depends: the fresh folder has no libraries registered; apt checked them above.
    timeout 60 dpkg --root="$root" --force-depends -i "$deb" >"$work/dpkg.log" 2>&1 \
        || { cat "$work/dpkg.log"; fail "dpkg could not install the package"; }
    for file in usr/bin/scenarist usr/bin/scenarist-run \
        usr/share/scenarist/examples/oauth2-client-credentials.scenario.json; do
        [ -e "$root/$file" ] || fail "/$file is not installed"
    done

    # The headless runner from the installed tree, with its sandbox: as the README says.
    out=$(cd "$work" && timeout 60 "$root/usr/bin/scenarist-run" --sandbox \
        "$root/usr/share/scenarist/examples/oauth2-client-credentials.scenario.json" 2>&1) \
        || { echo "$out"; fail "the installed scenarist-run did not run the example"; }
    echo "$out" | tail -3
    version=$("$root/usr/bin/scenarist" --version 2>/dev/null)
    [[ $version == *"$(dpkg-deb -f "$deb" Version)"* ]] \
        || fail "the installed scenarist says \"$version\", not the package's version"

    # Removal leaves nothing behind (the dpkg database of the folder aside).
    cp -a "$root" "$work/installed" # what the desktop test looks at
    timeout 60 dpkg --root="$root" -r scenarist >>"$work/dpkg.log" 2>&1 || fail "dpkg -r failed"
    left=$(cd "$root" && find . -path ./var -prune -o ! -type d -print)
    [ -z "$left" ] || fail "removing the package left: $left"
    echo "PASS: built, lintian-clean, installed, ran the example, removed"
    exit 0
fi

[ "$mode" = desktop ] || fail "usage: packaging-test.sh deb|desktop BUILD_DIR"
installed=$work/installed
[ -d "$installed/usr" ] || fail "run packaging_deb first (it installs the package)"
share=$installed/usr/share
id=io.github.scenarist.Scenarist

timeout 60 appstreamcli validate --no-net "$share/metainfo/$id.metainfo.xml" \
    || fail "appstreamcli rejects the metainfo"
timeout 60 desktop-file-validate "$share/applications/$id.desktop" \
    || fail "desktop-file-validate rejects the .desktop file"
grep -q '^MimeType=application/x-scenarist-scenario;' "$share/applications/$id.desktop" \
    || fail "the .desktop file does not open scenario files"
for size in 16 22 24 32 48 64 128 256 512; do
    png=$share/icons/hicolor/${size}x$size/apps/$id.png
    [[ $(file -b "$png") == "PNG image data, $size x $size,"* ]] || fail "$png: $(file -b "$png")"
done

# The file type of an example, as the desktop (GLib, shared-mime-info) sees it: by its name,
# and by its content alone under another name.
mime=$work/mime-home
rm -rf "$mime"
mkdir -p "$mime/mime/packages"
cp "$share/mime/packages/$id.xml" "$mime/mime/packages/"
timeout 60 update-mime-database "$mime/mime"
example=$share/scenarist/examples/error-handling.scenario.json
cp "$example" "$work/renamed.json"
echo '{"format": "something-else", "version": 2}' >"$work/other.json"
type_of() {
    XDG_DATA_HOME=$mime XDG_DATA_DIRS=/usr/share timeout 30 gio info \
        -a standard::content-type "$1" | sed -n 's/^ *standard::content-type: //p'
}
for file in "$example" "$work/renamed.json"; do
    [ "$(type_of "$file")" = application/x-scenarist-scenario ] \
        || fail "$file is $(type_of "$file"), not application/x-scenarist-scenario"
done
[ "$(type_of "$work/other.json")" = application/json ] \
    || fail "any JSON file is taken for a scenario: $(type_of "$work/other.json")"

# Man pages: every option of --help, and the sections --help has no place for.
for program in scenarist scenarist-run; do
    page=$(zcat "$share/man/man1/$program.1.gz" | sed 's/\\-/-/g')
    for section in SYNOPSIS OPTIONS '"EXIT STATUS"' ENVIRONMENT FILES; do
        grep -q "^\.SH $section" <<<"$page" || fail "man $program has no $section section"
    done
    options=$(QT_QPA_PLATFORM=offscreen "$installed/usr/bin/$program" --help 2>/dev/null \
        | grep -oE '^  (-[a-zA-Z], )?--[a-z][a-z-]*' | grep -oE -- '--[a-z-]+')
    [ "$(wc -l <<<"$options")" -gt 4 ] || fail "$program --help lists no options"
    for option in $options; do
        grep -qF "\\fB$option\\fR" <<<"$page" \
            || fail "man $program does not describe $option"
    done
done

# Bash completion: options, and folders for --allow-files.
complete_words() {
    bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
             _scenarist_run; printf "%s\n" "${COMPREPLY[@]}"' _ \
        "$share/bash-completion/completions/scenarist-run" "$@"
}
got=$(complete_words scenarist-run --sand | sort | tr '\n' ' ')
[ "$got" = "--sandbox --sandbox-port --sandbox-token-ttl " ] || fail "completing --sand gave: $got"
got=$(cd "$share/scenarist" && complete_words scenarist-run --allow-files ex)
[ "$got" = examples ] || fail "completing --allow-files ex gave: $got"
echo "PASS: AppStream, .desktop, icons, file type, man pages and completion"
