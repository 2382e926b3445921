#!/usr/bin/env bash
# Open deals that have no next step, biggest first, as "id<TAB>title<TAB>value currency":
# a one-liner over the stable JSON of `pipe deal list --format json` (docs/json.md).
# needs: pipe deal list
set -euo pipefail
PIPE=${PIPE:-pipe}
"$PIPE" deal list --format json |
    jq -r 'map(select(.next_step == null)) | sort_by(-(.value | tonumber)) | .[] | "\(.id)\t\(.title)\t\(.value) \(.currency)"'
