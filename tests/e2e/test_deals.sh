#!/usr/bin/env bash
# Deals from the command line: add, list, show, edit, move, won, lost, reopen, next, rm.
source "$(dirname "$0")/lib.sh"

run deal add "Acme rollout" --value 12,500.50 --org "Acme GmbH" --close 2026-03-31 --tag big
expect_code "deal add" 0
expect_out "deal add" "added deal 1 · Acme rollout · Prospecting · €12,500.50"
check "the database file is private" test "$(stat -c %a "$PIPE_DB")" = 600

run deal add "Globex pilot" --value 3.2k --org Globex --stage prop --format json
expect_code "deal add --format json" 0
check "json add prints the id" test "$(jq -r .id <<<"$OUT")" = 2
check "json value is a decimal string" test "$(jq -r .value <<<"$OUT")" = "3200.00"
check "json stage matched by prefix" test "$(jq -r .stage <<<"$OUT")" = Proposal
check "json weighted value" test "$(jq -r .weighted_value <<<"$OUT")" = "1920.00"

run -q deal add "Initech renewal" --value 900
expect_equal "quiet add prints only the id" "$OUT" 3

run deal list
expect_code "deal list" 0
expect_out "deal list" "Acme rollout"
expect_out "deal list" "€12,500.50"
expect_out "deal list" "— none —"
expect_out "deal list summary" "3 open deals · €16,601 · weighted €3,260"

run deal list --limit 1
expect_out "limited list says it shows part" "showing 1 of 3 open deals"

run deal list --stage proposal --json
check "list filters by stage" test "$(jq length <<<"$OUT")" = 1

run deal list --tag big --format csv
expect_out "csv list" "id,title,organization"
expect_out "csv list" "1,Acme rollout,Acme GmbH"

at 2026-03-03T10:00:00 deal move 1 nego
expect_code "move by prefix" 0
expect_out "move" "moved deal 1 · Acme rollout · Negotiation"

at 2026-03-04T10:00:00 deal next 1 "Send contract" --due 2026-03-06
expect_code "next" 0
run deal list
expect_out "next step shows with its due date" "Send contract · in 4d"

at 2026-03-07T10:00:00 deal next 1 --done
expect_code "next --done" 0
check "done next step is a task activity" test "$(sql "SELECT count(*) FROM activities WHERE kind='task'")" = 1

at 2026-03-10T10:00:00 deal won 1 --value 13k
expect_code "won" 0
expect_out "won" "won deal 1 · Acme rollout · Won · €13,000"
at 2026-03-10T11:00:00 deal lost 2 --reason price
expect_code "lost" 0
check "lost reason stored" test "$(sql "SELECT lost_reason FROM deals WHERE id=2")" = price
at 2026-03-11T10:00:00 deal reopen 2
expect_out "reopen returns to the stage it left" "Proposal"

run deal show 1
expect_code "show" 0
expect_out "show has the history" "History"
expect_out "show has the stage moves" "Prospecting → Negotiation"
expect_out "show has the value change" "value €12,500.50 → €13,000"
expect_out "show has the win" "won (Negotiation → Won)"

run deal show 1 --json
check "show json has history" test "$(jq '.history | length' <<<"$OUT")" -ge 4
check "show json has the next step as a done plan" test \
    "$(jq -r '.activities[] | select(.planned_at != null) | "\(.state) \(.text) \(.due)"' <<<"$OUT")" = \
    "done Send contract 2026-03-06"
check "show json status" test "$(jq -r .status <<<"$OUT")" = won

run deal edit 3 --value 1,100 --close eom
expect_code "edit" 0
check "edit records a value event" test "$(sql "SELECT count(*) FROM events WHERE deal_id=3 AND kind='value'")" = 1

run deal list --status all --sort value --reverse --json
check "sort by value descending" test "$(jq -r '.[0].id' <<<"$OUT")" = 1

check "every change appended an event" test "$(sql "SELECT count(*) FROM events")" -ge 10

run deal rm 3
expect_code "rm" 0
expect_out "rm names what it removed" "moved to the trash: deal 3"
check "rm removed the row" test "$(sql "SELECT count(*) FROM deals WHERE id=3")" = 0

# Bad input: one line, exit code, database byte-for-byte unchanged.
fails_cleanly "unknown stage" 1 'no stage "Nowhere" in pipeline "sales" (stages: Prospecting, Qualification, Meeting, Proposal, Negotiation, Won, Lost)' deal move 2 Nowhere
fails_cleanly "ambiguous stage" 1 'stage "pro" is ambiguous' deal move 2 pro
fails_cleanly "bad money" 1 "12x" deal add "Bad" --value 12x
fails_cleanly "lost without a reason" 2 "" deal lost 2
fails_cleanly "lost with an empty reason" 2 "needs a reason" deal lost 2 --reason " "
fails_cleanly "move into lost without a reason" 1 "needs a reason" deal move 2 Lost
fails_cleanly "unknown id" 1 "deal 99999 not found (pipe deal list --status all)" deal show 99999
fails_cleanly "unknown id on a write" 1 "deal 99999 not found" deal move 99999 Won
fails_cleanly "a name that matches no deal" 1 'no deal matches "x1" (pipe deal list)' deal show x1
fails_cleanly "id 0" 2 "'0' is not a deal id" deal show 0
fails_cleanly "bad date" 1 "not a date" deal edit 2 --close someday
fails_cleanly "probability out of range" 1 "probability must be a whole number from 0 to 100" deal edit 2 --prob 140
fails_cleanly "unknown subcommand" 2 "" deal fly 2
fails_cleanly "unknown option" 2 "" deal list --colour-me
fails_cleanly "unknown status" 2 "" deal list --status maybe
fails_cleanly "won twice" 1 "already won" deal won 1
fails_cleanly "format the command lacks" 2 "has no format 'md'" deal show 1 --format md
fails_cleanly "bad currency" 1 "currency" deal add X --currency EURO

run --color always deal list --status all
check "--color always colours the table" contains "$OUT" $'\e[32mWon'
run deal list --status all
check "NO_COLOR and a pipe mean no colour" lacks "$OUT" $'\e['
NO_COLOR= run --color auto deal list
check "auto colour is off when stdout is not a terminal" lacks "$OUT" $'\e['

if COLUMNS=72 on_terminal deal list --status all; then
    widest=$(python3 -c 'import sys; print(max(len(l) for l in sys.stdin.read().splitlines()))' <<<"$OUT")
    check "tables fit the terminal width" test "$widest" -le 72
    expect_out "long cells are cut with an ellipsis" "…"
fi
COLUMNS=72 run deal list --status all
expect_no_out "piped, nothing is cut (COLUMNS is for terminals)" "…"

run deal
expect_code "a group without a verb is a usage error" 2
run --version
expect_out "--version" "pipe "
run deal move --help
expect_code "help" 0
expect_out "help names the arguments" "stage"

finish
