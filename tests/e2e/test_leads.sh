#!/usr/bin/env bash
# Leads from the command line: add, list, show, edit, qualify, convert, drop, rm.
source "$(dirname "$0")/lib.sh"

run lead add "Ada Lovelace" --org "Analytical Engines" --email ada@example.com --source referral --follow-up tomorrow
expect_code "lead add" 0
expect_out "lead add" "added lead 1 · Ada Lovelace · Analytical Engines · new"
run lead add "Grace Hopper" --org "Cobol Ltd" --json
check "json add prints the id" test "$(jq -r .id <<<"$OUT")" = 2
check "json follow-up null" test "$(jq -r .follow_up <<<"$OUT")" = null

run lead list
expect_out "lead list" "Ada Lovelace"
expect_out "lead list follow-up" "2026-03-03"
expect_out "lead list count" "2 leads"

run lead qualify 1 --budget 3 --authority 4 --need 3 --timeline 2
expect_code "qualify" 0
expect_out "qualify shows the total and tier" "B3 A4 N3 T2 = 12 qualified"
check "qualified status" test "$(sql "SELECT status FROM leads WHERE id=1")" = qualified

run lead convert 1 --value 12k --close eoq
expect_code "convert" 0
expect_out "convert" "converted lead 1 into deal 1 · Analytical Engines · Prospecting · €12,000"
check "deal links the lead" test "$(sql "SELECT lead_id FROM deals WHERE id=1")" = 1
check "lead links the deal" test "$(sql "SELECT deal_id FROM leads WHERE id=1")" = 1
run lead list
expect_no_out "converted leads are hidden" "Ada Lovelace"
run lead list --status all --json
check "all leads in json" test "$(jq length <<<"$OUT")" = 2

run lead drop 2 --reason "no budget" --nurture-until 2026-06-01
expect_code "drop with nurture" 0
check "nurturing" test "$(sql "SELECT status || ' ' || nurture_until FROM leads WHERE id=2")" = "nurturing 2026-06-01"

run lead edit 2 --status new --phone "+44 1"
expect_code "edit" 0
run lead show 2
expect_out "show history" "dropped: no budget"
expect_out "show phone" "+44 1"

fails_cleanly "BANT score out of range" 1 "budget score must be 0, 1, 2, 3 or 4, not '5'" lead qualify 2 --budget 5
fails_cleanly "BANT score not a number" 1 "need score must be" lead qualify 2 --need high
fails_cleanly "unknown lead" 1 "lead 42 not found (pipe lead list --status all)" lead show 42
fails_cleanly "convert twice" 1 "already converted" lead convert 1
fails_cleanly "drop without a reason" 2 "" lead drop 2
fails_cleanly "unknown status" 1 "unknown lead status 'zombie'" lead edit 2 --status zombie
fails_cleanly "convert into an unknown stage" 1 'no stage "Nowhere"' lead convert 2 --stage Nowhere

run lead rm 2
expect_out "rm" "moved to the trash: lead 2"
finish
