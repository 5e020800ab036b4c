#!/usr/bin/env bash
# make-manpage.sh PROGRAM SUMMARY OUT.1.gz: PROGRAM's man page made from its --help and
# --version by help2man, so that the two cannot drift apart (packaging/CMakeLists.txt).
# --help's "Exit status:" (app/CommandLineHelp.cpp) becomes the EXIT STATUS section.
set -euo pipefail
program=$1 summary=$2 out=$3
name=$(basename "$program")
export PATH="$(dirname "$program"):$PATH" LC_ALL=C.UTF-8 QT_QPA_PLATFORM=offscreen
# The pages stay English whatever the language of the machine that builds them.
unset LANGUAGE
# The editor's --version says "Scenarist": the page is named after the command.
version=$("$name" --version 2>/dev/null | awk '{ print $NF }')
page=$(help2man --no-info --section=1 --name="$summary" --version-string="$name $version" "$name")
grep -q '^\.SS "Exit status:"' <<<"$page" || {
    echo "make-manpage.sh: $name --help has no \"Exit status:\" section" >&2
    exit 1
}
sed 's/^\.SS "Exit status:"/.SH "EXIT STATUS"/' <<<"$page" | gzip -9n >"$out"
