#!/usr/bin/env bash
# An import into a book without deals leaves the triggers that keep the derived tables (running
# totals, closes, stage reach, open plans per day, open deals per stage entry, next steps) aside
# while it writes its rows, and fills those tables from their definitions at its end. Here: the tables equal their rebuilds after it, the triggers are all
# back and keep them from then on, pipe undo empties them again (and puts back exactly what was
# there, redo what the import made), and a refused import leaves triggers and book as they were.
source "$(dirname "$0")/lib.sh"
cd "$TMP"

# The triggers of a book, by name and SQL.
triggers() { sqlite3 "$1" "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"; }

# same_as_rebuild TABLE COLUMNS REBUILD: the rows of TABLE (without the zero counts a trigger
# may leave behind) are exactly those of its rebuild, both ways round.
same_as_rebuild() {
    local table=$1 columns=$2 rebuild=$3 zero=""
    [ "$table" = closes ] || zero="WHERE deals <> 0"
    [ "$table" = plan_days ] && zero=""
    local diff
    diff=$(sql "SELECT (SELECT count(*) FROM (SELECT $columns FROM $table $zero EXCEPT $rebuild))
                + (SELECT count(*) FROM ($rebuild EXCEPT SELECT $columns FROM $table $zero))")
    test "$diff" = 0
}
TOTALS_COLUMNS="pipeline, stage, status, currency, probability, deals, value"
TOTALS="SELECT pipeline, stage, status, currency, coalesce(probability, -1), count(*), sum(value) FROM deals GROUP BY 1, 2, 3, 4, 5"
CLOSES_COLUMNS="at, event_id, deal_id, kind, reason, currency, created_at, value"
CLOSES="SELECT e.at, e.id, e.deal_id, e.kind, e.detail, d.currency, d.created_at, d.value FROM events e LEFT JOIN deals d ON d.id = e.deal_id WHERE e.deal_id IS NOT NULL AND e.kind IN ('won', 'lost', 'reopened')"
REACH_COLUMNS="pipeline, stage, status, deals"
REACH="SELECT x.pipeline, x.stage, d.status, count(DISTINCT x.deal_id) FROM stage_exits x JOIN deals d ON d.id = x.deal_id GROUP BY 1, 2, 3"
PLAN_DAYS="SELECT due, count(*) FROM activities WHERE done = 0 AND cancelled_at IS NULL AND due IS NOT NULL GROUP BY due"
ENTRIES="SELECT pipeline, stage, stage_entered_at >> 16, count(*) FROM deals WHERE status = 'open' GROUP BY 1, 2, 3"
STEPS="SELECT status, count(*) FROM deals WHERE next_step <> '' GROUP BY 1"
derived_match() {
    local when=$1
    check "$when: stage_entries is its rebuild" same_as_rebuild stage_entries "pipeline, stage, span, deals" "$ENTRIES"
    check "$when: step_totals is its rebuild" same_as_rebuild step_totals "status, deals" "$STEPS"
    check "$when: plan_days is its rebuild" same_as_rebuild plan_days "due, plans" "$PLAN_DAYS"
    check "$when: deal_totals is its rebuild" same_as_rebuild deal_totals "$TOTALS_COLUMNS" "$TOTALS"
    check "$when: closes is its rebuild" same_as_rebuild closes "$CLOSES_COLUMNS" "$CLOSES"
    check "$when: stage_reach is its rebuild" same_as_rebuild stage_reach "$REACH_COLUMNS" "$REACH"
}

# A book with a lead and no deals, and a reference book made the same way, never imported into.
run lead add "Ada"
PIPE_DB=$TMP/reference.db "$PIPE" lead add "Ada" >/dev/null 2>&1
expect_equal "the reference book has triggers" "$(triggers reference.db | grep -c .)" \
    "$(triggers "$PIPE_DB" | grep -c .)"

# Won and lost deals in two currencies, stages passed on the way (stage history), probabilities
# given and not, and closes with and without a reason.
cat >deals.csv <<'CSV'
external_id,title,value,currency,stage,probability,created_at,close_date,lost_reason,next_step,next_step_due
D1,Acme,1200.50,EUR,Won,,2026-01-05,2026-02-10,,,
D2,Beta,300,USD,Lost,,2026-01-06,2026-02-11,price,,
D3,Gamma,5000,EUR,Qualification,40,2026-01-07,2026-04-30,,Call,2026-03-02
D4,Delta,700,USD,Proposal,,2026-01-08,2026-05-30,,Send terms,2026-03-02
D5,Epsilon,80,EUR,Negotiation,55,2026-01-09,,,Chase,2026-03-05
D6,Eta,6000,EUR,Negotiation,70,2026-01-07,2026-04-30,,,
D7,Theta,750,USD,Won,,2026-01-08,2026-02-20,,,
CSV
run import deals.csv
expect_code "import into a book without deals" 0
expect_err "the summary" "deals.csv: 7 rows: 7 new, 0 updated, 0 unchanged (batch 1)"
check "totals are there" test "$(sql "SELECT count(*) FROM deal_totals")" -gt 2
check "closes are there" test "$(sql "SELECT count(*) FROM closes")" = 3
expect_equal "open plans per day" "$(sql "SELECT due || '=' || plans FROM plan_days ORDER BY due" | tr '\n' ' ')" \
    "2026-03-02=2 2026-03-05=1 "
expect_equal "open deals per stage entry" "$(sql "SELECT sum(deals) FROM stage_entries")" 4
expect_equal "deals with a next step" "$(sql "SELECT status || '=' || deals FROM step_totals")" "open=3"
derived_match "after the import"
expect_equal "every trigger is back" "$(triggers "$PIPE_DB")" "$(triggers reference.db)"
run doctor
expect_code "doctor after the import" 0
check "doctor: derived ok" grep -qE '^  derived +ok' <<<"$OUT"

# The triggers keep the tables from then on.
run deal move 3 Proposal
expect_code "a deal moved after the import" 0
run deal move 5 won
expect_code "a deal won after the import" 0
check "stage reach is there" test "$(sql "SELECT count(*) FROM stage_reach WHERE deals > 0")" -ge 2
run deal add "Zeta" --value 90 --stage Proposal
expect_code "a deal added after the import" 0
derived_match "after a move and an add"
expect_equal "the won deal is in closes" "$(sql "SELECT count(*) FROM closes WHERE deal_id = 5 AND kind = 'won'")" 1

# A second import into a book that has deals keeps the triggers throughout and also matches.
cat >more.csv <<'CSV'
external_id,title,value,currency,stage,close_date
D8,Iota,10,EUR,Lost,2026-02-25
D1,Acme,1300,EUR,Won,2026-02-10
CSV
run import more.csv
expect_code "import into a book with deals" 0
cat >history.csv <<'CSV'
external_id,stage,at
D4,Prospecting,2026-01-08T09:00:00Z
D4,Meeting,2026-01-20T09:00:00Z
D4,Proposal,2026-02-01T09:00:00Z
CSV
run import --type events history.csv
expect_code "stage history into a book with deals" 0
derived_match "after an import into a book with deals"

# Undo takes every change back: the derived tables hold nothing again.
for _ in 1 2 3 4 5 6; do run undo; done
expect_code "the first import undone" 0
expect_equal "no deals" "$(sql "SELECT count(*) FROM deals")" 0
expect_equal "no totals" "$(sql "SELECT count(*) FROM deal_totals")" 0
expect_equal "no closes" "$(sql "SELECT count(*) FROM closes")" 0
expect_equal "no stage reach" "$(sql "SELECT count(*) FROM stage_reach WHERE deals <> 0")" 0
expect_equal "no open plans per day" "$(sql "SELECT count(*) FROM plan_days")" 0
expect_equal "no stage entries" "$(sql "SELECT count(*) FROM stage_entries WHERE deals <> 0")" 0
expect_equal "no next steps" "$(sql "SELECT count(*) FROM step_totals WHERE deals <> 0")" 0
expect_equal "triggers after undo" "$(triggers "$PIPE_DB")" "$(triggers reference.db)"

# A refused import into a book without deals: 9,300 deals whose stage total passes 64 bits.
# The message is the same as with the triggers in place, and nothing changes.
{
    echo "external_id,title,value,stage"
    seq 1 9300 | awk '{ print "big-" $1 ",Big " $1 ",10000000000000,Prospecting" }'
} >big.csv
fails_cleanly "a stage total past 64 bits" 1 \
    "pipe: the deals' values add up to more than pipe can total (9,223,372,036,854,775,807 minor units): look for wrong values (pipe export --type deals)" \
    import big.csv
expect_equal "triggers after the refused import" "$(triggers "$PIPE_DB")" "$(triggers reference.db)"

# Undo puts each derived table back exactly as it was, even a row its rebuild would not make:
# here a close whose deal was deleted behind pipe's back (the close keeps the deal's creation
# and value, the rebuild has neither). Redo brings the import's tables back.
derived_rows() { sql "SELECT * FROM deal_totals; SELECT * FROM closes; SELECT * FROM stage_reach"; }
export PIPE_DB=$TMP/orphan.db
run deal add "Gone" --value 5
run deal won 1
sql "DELETE FROM deals"
before=$(derived_rows)
check "the orphan close is there" contains "$before" "|won|"
run import deals.csv
expect_code "import beside an orphan close" 0
after=$(derived_rows)
run undo
expect_code "undo of that import" 0
expect_equal "undo: the derived tables exactly as before" "$(derived_rows)" "$before"
run redo
expect_code "redo of that import" 0
expect_equal "redo: the derived tables as after the import" "$(derived_rows)" "$after"
finish
