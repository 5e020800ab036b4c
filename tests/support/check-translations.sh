#!/usr/bin/env bash
# The translations_complete test: every text of the sources has a translation in every
# resources/translations/scenarist_*.ts, and no translation drops or changes a placeholder
# (%1, %n, {{…}}) or an & shortcut. It updates a copy of each file from the current sources,
# so a new tr() text without a translation fails here (docs/translating.md says how to fix).
# Usage: check-translations.sh [LUPDATE]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
lupdate=${1:-/usr/lib/qt6/bin/lupdate}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"
status=0
for ts in resources/translations/scenarist_*.ts; do
    copy="$work/$(basename "$ts")"
    cp "$ts" "$copy"
    # Without -no-obsolete: texts gone from the sources stay, marked "vanished".
    "$lupdate" -silent -I . -locations none -extensions cpp,h core ui app -ts "$copy"
    python3 - "$copy" "$ts" <<'PY' || status=1
import re
import sys
import xml.etree.ElementTree as ET

path, shown = sys.argv[1], sys.argv[2]
placeholder = re.compile(r"%L?\d+|%n|\{\{[^{}\s]*\}\}")
# An & shortcut: & before a letter or digit, not && (a written &).
shortcut = re.compile(r"(?<!&)&(?=[^&\s])")
problems = []
for context in ET.parse(path).getroot().iter("context"):
    name = context.findtext("name")
    for message in context.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        kind = translation.get("type", "") if translation is not None else "unfinished"
        forms = [f.text or "" for f in translation.iter("numerusform")] \
            if translation is not None and message.get("numerus") == "yes" \
            else [translation.text or "" if translation is not None else ""]
        where = f"{name}: \u201c{source}\u201d"
        if kind in ("vanished", "obsolete"):
            problems.append(f"{where} is no longer in the sources (run update-translations.sh)")
            continue
        if kind == "unfinished" or not all(f.strip() for f in forms):
            problems.append(f"{where} has no translation")
            continue
        want = sorted(set(placeholder.findall(source)))
        for form in forms:
            got = sorted(set(placeholder.findall(form)))
            # A plural form may leave out %n (\u201cone module\u201d).
            if message.get("numerus") == "yes":
                want_n = [p for p in want if p != "%n"]
                got = [p for p in got if p != "%n"]
            else:
                want_n = want
            if got != want_n:
                problems.append(f"{where}: the translation \u201c{form}\u201d has the "
                                f"placeholders {got}, the source {want_n}")
            if (source.count("{{"), source.count("}}")) != (form.count("{{"), form.count("}}")):
                problems.append(f"{where}: the translation \u201c{form}\u201d must keep every "
                                f"{{{{ and }}}} of the source")
            if bool(shortcut.search(source)) != bool(shortcut.search(form)):
                problems.append(f"{where}: the translation \u201c{form}\u201d must have an & "
                                f"shortcut exactly when the source has one")
for p in problems:
    print(f"{shown}: {p}")
if problems:
    print(f"{shown}: {len(problems)} problem(s); see docs/translating.md")
    sys.exit(1)
PY
done
exit $status
