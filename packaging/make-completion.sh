#!/usr/bin/env bash
# make-completion.sh SCENARIST_RUN OUT: bash completion for scenarist-run, made from its
# --help at build time so that it lists the same options (packaging/CMakeLists.txt).
set -euo pipefail
# The option names are the same in every language, but read the English --help to be sure.
help=$(env -u LANGUAGE LC_ALL=C.UTF-8 "$1" --help)
# "  -h, --help   …" and "  --sandbox-port <N>   …": every long option, in --help's order.
options=$(grep -oE '^  (-[a-zA-Z], )?--[a-z][a-z-]*' <<<"$help" | grep -oE -- '--[a-z-]+' | tr '\n' ' ')
valued() { grep -oE "^  --[a-z][a-z-]* <$1>" <<<"$help" | grep -oE -- '--[a-z-]+' | tr '\n' '|' | sed 's/|$//'; }
file_options=$(valued 'FILE')
dir_options=$(valued 'DIR')
other_options=$(grep -oE '^  --[a-z][a-z-]* <[^>]+>' <<<"$help" | grep -vE '<(FILE|DIR)>' \
    | grep -oE -- '--[a-z-]+' | tr '\n' '|' | sed 's/|$//')
[ -n "$options" ] && [ -n "$file_options" ] && [ -n "$dir_options" ] && [ -n "$other_options" ] || {
    echo "make-completion.sh: could not read the options of $1 --help" >&2
    exit 1
}
cat >"$2" <<COMPLETION
# bash completion for scenarist-run, made from scenarist-run --help by packaging/make-completion.sh

_scenarist_run()
{
    local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]}
    case \$prev in
        $file_options)
            compopt -o filenames 2>/dev/null
            COMPREPLY=(\$(compgen -f -- "\$cur"))
            return ;;
        $dir_options)
            compopt -o filenames 2>/dev/null
            COMPREPLY=(\$(compgen -d -- "\$cur"))
            return ;;
        $other_options)
            # A value to type (a number, a name, a format): --help says which.
            COMPREPLY=()
            return ;;
    esac
    if [[ \$cur == -* ]]; then
        COMPREPLY=(\$(compgen -W "$options" -- "\$cur"))
        return
    fi
    # Scenario files and Make blueprints are JSON; folders lead to them.
    compopt -o filenames 2>/dev/null
    COMPREPLY=(\$(compgen -d -- "\$cur") \$(compgen -f -X '!*.json' -- "\$cur"))
}
complete -F _scenarist_run scenarist-run
COMPLETION
