#!/usr/bin/env bash
# Import the Maven Analytics "CRM + Sales Opportunities" sales_pipeline.csv (8,800 deals):
# opportunity_id → external_id, account → organization, deal_stage → stage,
# engage_date → created_at, close_date → expected close or closing time, close_value → value;
# sales_agent and product are kept in each deal's notes.
#   examples/import-maven.sh path/to/maven-crm/sales_pipeline.csv
set -euo pipefail
PIPE=${PIPE:-pipe}
here=$(cd "$(dirname "$0")" && pwd)
export PIPE_STAGES=${PIPE_STAGES:-$here/stages-maven.toml}
"$PIPE" import "${1:?sales_pipeline.csv}" --dry-run
"$PIPE" import "$1"
"$PIPE" review --since 2017-01-01 --until 2017-12-31
