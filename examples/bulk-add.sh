#!/usr/bin/env bash
# Add one deal per line of a text file:  title | value | organization | expected close
# Blank lines and lines starting with # are skipped; empty fields are left out.
#   examples/bulk-add.sh examples/bulk-deals.txt
# Each deal is its own command (and transaction); the ids of the new deals are printed.
# For thousands of rows, or to update deals on re-runs, use `pipe import` instead.
# needs: pipe deal add
set -euo pipefail
PIPE=${PIPE:-pipe}
file=${1:?usage: bulk-add.sh FILE}
trim() { local s=$1; s=${s#"${s%%[![:space:]]*}"}; printf '%s' "${s%"${s##*[![:space:]]}"}"; }
while IFS='|' read -r title value org close || [ -n "$title" ]; do
    title=$(trim "$title")
    [[ -z $title || $title == \#* ]] && continue
    args=(deal add "$title")
    value=$(trim "${value-}") org=$(trim "${org-}") close=$(trim "${close-}")
    [ -n "$value" ] && args+=(--value "$value")
    [ -n "$org" ] && args+=(--org "$org")
    [ -n "$close" ] && args+=(--close "$close")
    "$PIPE" -q "${args[@]}"
done <"$file"
