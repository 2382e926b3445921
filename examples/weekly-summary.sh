#!/usr/bin/env bash
# Write last week's pipeline review as a Markdown note to a dated file, for mail or a notes
# repository. Run it from cron on Monday mornings, for example:
#
#   # m h dom mon dow  command
#   30 7 * * 1  $HOME/bin/weekly-summary.sh $HOME/notes/pipeline
#
# (cron has a small PATH: put the directory that holds `pipe` in it, or set PIPE.)
set -euo pipefail
PIPE=${PIPE:-pipe}
dir=${1:-$HOME/notes/pipeline}
mkdir -p "$dir"
file=$dir/review-$(date -d "7 days ago" +%G-W%V).md   # the week reviewed
"$PIPE" review --last-week --format md >"$file.tmp"
mv "$file.tmp" "$file"
echo "wrote $file" >&2
