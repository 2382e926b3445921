#!/usr/bin/env bash
# Import the X Education Leads.csv (9,240 leads) as leads: "Prospect ID" → external_id,
# "Lead Source" → source; the other 35 columns go into each lead's notes. The file ends every
# line with a comma (an unnamed, empty 38th column), which is ignored.
#   examples/import-xeducation.sh path/to/Leads.csv
set -euo pipefail
PIPE=${PIPE:-pipe}
"$PIPE" import --type leads "${1:?Leads.csv}" --dry-run
"$PIPE" import --type leads "$1"
"$PIPE" lead list --limit 5
