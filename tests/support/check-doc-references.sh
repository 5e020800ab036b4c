#!/usr/bin/env bash
# Every docs/….md page that a comment or a message in the code names exists, so that a
# reader sent there finds it.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
missing=0
while read -r page; do
    if [ ! -f "$page" ]; then
        echo "$page is named in the code but does not exist:"
        grep -rn --include='*.h' --include='*.cpp' -F "$page" core ui app tests | head -5
        missing=1
    fi
done < <(grep -rhoE --include='*.h' --include='*.cpp' 'docs/[A-Za-z0-9_-]+\.md' core ui app tests | sort -u)
exit $missing
