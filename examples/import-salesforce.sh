#!/usr/bin/env bash
# Import a Salesforce export: opportunities first (Id, Name, StageName, Amount, CloseDate,
# CreatedDate, LeadSource, NextStep, Description map by alias), then their stage history
# (OpportunityHistory: OpportunityId, StageName, CreatedDate) to rebuild each timeline.
#   examples/import-salesforce.sh path/to/opportunity.csv path/to/OpportunityHistory.csv
set -euo pipefail
PIPE=${PIPE:-pipe}
here=$(cd "$(dirname "$0")" && pwd)
export PIPE_STAGES=${PIPE_STAGES:-$here/stages-salesforce.toml}
"$PIPE" import "${1:?opportunity.csv}"
"$PIPE" import --type events "${2:?OpportunityHistory.csv}"
"$PIPE" import list
