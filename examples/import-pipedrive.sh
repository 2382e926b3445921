#!/usr/bin/env bash
# Import a Pipedrive deals export (Deals > Export > CSV) with --map for its column names and
# --stage-map for its default stage names. Check first with --dry-run, then import; re-running
# it updates the same deals (the Pipedrive id is the external id) instead of adding copies.
#   examples/import-pipedrive.sh examples/pipedrive-deals.csv
# needs: pipe import
set -euo pipefail
PIPE=${PIPE:-pipe}
file=${1:?usage: import-pipedrive.sh deals.csv}
options=(
    --type deals
    --map "external_id=Deal - ID"
    --map "title=Deal - Title"
    --map "organization=Deal - Organization"
    --map "contact=Deal - Contact person"
    --map "value=Deal - Value"
    --map "currency=Deal - Currency"
    --map "stage=Deal - Stage"
    --map "expected_close=Deal - Expected close date"
    --map "source=Deal - Source channel"
    --stage-map "Lead In=Prospecting"
    --stage-map "Contact Made=Qualification"
    --stage-map "Qualified=Qualification"
    --stage-map "Demo Scheduled=Meeting"
    --stage-map "Proposal Made=Proposal"
    --stage-map "Negotiations Started=Negotiation"
    --date-format "%d/%m/%Y"
)
"$PIPE" import "$file" "${options[@]}" --dry-run
"$PIPE" import "$file" "${options[@]}"
