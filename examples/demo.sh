#!/usr/bin/env bash
# Builds a demo book from examples/demo-deals.txt by replaying two months of selling with a
# scripted clock (PIPE_NOW), then shows the pipeline. Used by `make demo`.
#   PIPE=build/pipe PIPE_DB=build/demo.db bash examples/demo.sh
set -euo pipefail
PIPE=${PIPE:-pipe}
here=$(cd "$(dirname "$0")" && pwd)
export PIPE_DB=${PIPE_DB:-$here/../build/demo.db}
export PIPE_STAGES=${PIPE_STAGES:-$here/stages-b2b-saas.toml}

at() { PIPE_NOW="$1T10:00:00" "$PIPE" -q "${@:2}" >/dev/null; }
plus_weeks() { date -u -d "$1 + $2 weeks" +%F; }

while IFS="|" read -r day title org value close path; do
    [[ $day == \#* || -z $day ]] && continue
    id=$(PIPE_NOW="${day}T09:00:00" "$PIPE" -q deal add "$title" --org "$org" --value "$value" \
        ${close:+--close "$close"})
    week=1
    IFS=',' read -ra steps <<<"$path"
    for step in "${steps[@]}"; do
        when=$(plus_weeks "$day" "$week")
        case $step in
        Won) at "$when" deal won "$id" ;;
        Lost:*) at "$when" deal lost "$id" --reason "${step#Lost:}" ;;
        *) at "$when" deal move "$id" "$step" ;;
        esac
        week=$((week + 1))
    done
done <"$here/demo-deals.txt"

at 2026-02-26 deal next 1 "Send the contract" --due 2026-03-03
at 2026-02-26 deal next 2 "Demo for the CFO" --due 2026-02-27
at 2026-02-27 deal next 4 "Call about the new close date" --due 2026-03-06
at 2026-02-20 lead add "Ada Lovelace" --org "Analytical Engines" --source referral --follow-up 2026-03-02
at 2026-02-21 lead add "Grace Hopper" --org "Cobol Ltd" --source event
at 2026-02-22 lead qualify 1 --budget 3 --authority 4 --need 3 --timeline 2
at 2026-02-27 deal log 1 call "Legal is reading the contract"
at 2026-02-28 lead drop 2 --reason "no budget until spring" --nurture-until 2026-03-02

export PIPE_NOW=2026-03-02T09:00:00
echo "== pipe deal list"
"$PIPE" deal list
echo
echo "== pipe deal show 1"
"$PIPE" deal show 1
echo
echo "== pipe lead list"
"$PIPE" lead list
echo
echo "== pipe agenda"
"$PIPE" agenda
echo
echo "== pipe review"
"$PIPE" review
echo
echo "== pipe forecast"
"$PIPE" forecast
