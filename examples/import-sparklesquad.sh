#!/usr/bin/env bash
# Import the older sparklesquad version of the same CRM (14,277 deals). Its open deals are
# "In_Progress": map them to Engaging. 19 Won rows have no Close_Value: they are imported with
# value 0 and a warning each (docs/import.md).
#   examples/import-sparklesquad.sh path/to/sparklesquad-crm/sales-pipeline.csv
set -euo pipefail
PIPE=${PIPE:-pipe}
here=$(cd "$(dirname "$0")" && pwd)
export PIPE_STAGES=${PIPE_STAGES:-$here/stages-maven.toml}
"$PIPE" import "${1:?sales-pipeline.csv}" --stage-map In_Progress=Engaging
