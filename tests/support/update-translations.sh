#!/usr/bin/env bash
# Updates the translations (resources/translations/scenarist_*.ts) from the sources of core/,
# ui/ and app/: new texts come in untranslated, texts no longer in the sources go away
# (docs/translating.md). Give a language code to start a new translation:
#   tests/support/update-translations.sh        # every language there is
#   tests/support/update-translations.sh fr     # creates scenarist_fr.ts if it is not there
# No line numbers are written, so the files change only when texts change.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
lupdate=${LUPDATE:-/usr/lib/qt6/bin/lupdate}
[ -x "$lupdate" ] || lupdate=$(command -v lupdate)
cd "$root"
files=(resources/translations/scenarist_*.ts)
if [ $# -gt 0 ]; then
    files=()
    for language in "$@"; do
        files+=("resources/translations/scenarist_${language}.ts")
    done
fi
for ts in "${files[@]}"; do
    "$lupdate" -silent -I . -no-obsolete -locations none -extensions cpp,h core ui app -ts "$ts"
done
