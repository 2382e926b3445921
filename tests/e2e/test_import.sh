#!/usr/bin/env bash
# pipe import / export / backup on small files written here: mapping, idempotence, batches and
# undo, history from imported dates, stage history, and export round trips in every format.
source "$(dirname "$0")/lib.sh"
cd "$TMP"

cat >deals.csv <<'CSV'
Opportunity_ID,Account,Deal_Stage,Engage_Date,Close_Date,Close_Value,Sales_Agent,Region
D1,Acme,Won,2026-01-05,2026-02-10,"1,200.50",Ann,
D2,Beta,Lost,2026-01-06,2026-02-11,300,Bob,
D3,Gamma,Qualification,2026-01-07,2026-04-30,5000,Ann,
D4,"Delta, Inc.",Prospecting,,,,Bob,"North ""upper"" side"
CSV

run import deals.csv --dry-run
expect_code "dry run" 0
expect_out "dry run" "deals.csv: 4 rows: 4 new, 0 updated, 0 unchanged"
expect_out "dry run lists unknown columns" "unknown column (kept in notes): Region"
check "dry run writes nothing, not even a new database" test ! -e "$PIPE_DB"

run import deals.csv
expect_code "import" 0
expect_err "import summary" "deals.csv: 4 rows: 4 new, 0 updated, 0 unchanged (batch 1)"
expect_equal "aliases map columns" "$(sql "SELECT external_id, organization, stage, status, value FROM deals WHERE external_id = 'D1'")" \
    "D1|Acme|Won|won|120050"
expect_equal "title from organization and id" "$(sql "SELECT title FROM deals WHERE external_id = 'D4'")" "Delta, Inc. (D4)"
expect_equal "unknown columns go to notes" "$(sql "SELECT notes FROM deals WHERE external_id = 'D4'")" 'Region: North "upper" side'
expect_equal "a sales agent column is the owner" "$(sql "SELECT group_concat(owner) FROM deals ORDER BY id")" "Ann,Bob,Ann,Bob"
expect_equal "close date of an open deal is its expected close" \
    "$(sql "SELECT expected_close, closed_at FROM deals WHERE external_id = 'D3'")" "2026-04-30|"
expect_equal "close date of a closed deal is its closing time (local noon)" \
    "$(sql "SELECT datetime(closed_at, 'unixepoch') FROM deals WHERE external_id = 'D1'")" "2026-02-10 12:00:00"
expect_equal "history: created then won at the closing time" \
    "$(sql "SELECT group_concat(kind || '@' || date(at, 'unixepoch'), ' ') FROM (SELECT * FROM events e JOIN deals d ON d.id = e.deal_id WHERE d.external_id = 'D1' ORDER BY e.at, e.id)")" \
    "created@2026-01-05 won@2026-02-10"
expect_equal "lost deal has a lost event" "$(sql "SELECT count(*) FROM events WHERE kind = 'lost'")" 1
run deal list --status won --json
expect_equal "won deals" "$(jq -r '.[0].value' <<<"$OUT")" "1200.50"

run import deals.csv
expect_code "re-import" 0
expect_err "re-import changes nothing" "deals.csv: 4 rows: 0 new, 0 updated, 4 unchanged"
expect_equal "re-import adds no batch" "$(sql 'SELECT count(*) FROM import_batches')" 1

sed 's/D3,Gamma,Qualification,2026-01-07,2026-04-30,5000/D3,Gamma,Won,2026-01-07,2026-02-20,5500/' deals.csv >changed.csv
run import changed.csv
expect_err "update" "changed.csv: 4 rows: 0 new, 1 updated, 3 unchanged (batch 2)"
expect_equal "updated deal" "$(sql "SELECT stage, value, date(closed_at, 'unixepoch') FROM deals WHERE external_id = 'D3'")" "Won|550000|2026-02-20"
expect_equal "update is recorded as events" "$(sql "SELECT group_concat(kind) FROM (SELECT kind FROM events e JOIN deals d ON d.id = e.deal_id WHERE d.external_id = 'D3' ORDER BY e.id)")" "created,won,value"

run import changed.csv --on-duplicate skip
expect_err "--on-duplicate skip" "0 new, 0 updated, 0 unchanged, 4 skipped"
run import changed.csv --on-duplicate error
expect_code "--on-duplicate error" 1
expect_err "--on-duplicate error" "has this external id already"

run import list --json
expect_equal "import list json" "$(jq -c '[.[] | [.id, .type, .new, .updated, .unchanged, .undone_at]]' <<<"$OUT")" \
    '[[2,"deals",0,1,3,null],[1,"deals",4,0,0,null]]'
# An older batch is taken back record by record: what a later change touched stays as it is.
before_undo=$(sql "SELECT group_concat(id || ':' || stage || ':' || value, ' ') FROM deals ORDER BY id")
run import undo 1
expect_code "undo an older batch" 0
expect_err "undo an older batch says what it did" "undid import batch 1 (deals.csv): 3 removed, 0 restored"
expect_err "undo an older batch names what it left alone" "deal 3 · Gamma (D3)  (changed by: pipe import changed.csv)"
expect_equal "the deal a later batch changed stays as it was" "$(sql "SELECT stage, value FROM deals WHERE external_id = 'D3'")" "Won|550000"
expect_equal "the others are gone" "$(sql "SELECT count(*) FROM deals")" 1
run import list --json
expect_equal "the batch is undone, with what it left alone" "$(jq -c '[.[] | [.id, (.undone_at != null), .left_alone]]' <<<"$OUT")" '[[2,false,0],[1,true,1]]'
run undo
expect_out "pipe undo takes the batch undo back" "undid: undid import batch 1"
expect_equal "everything is back" "$(sql "SELECT group_concat(id || ':' || stage || ':' || value, ' ') FROM deals ORDER BY id")" "$before_undo"
run import undo
expect_code "undo" 0
expect_err "undo" "undid import batch 2"
expect_equal "undo restores the updated deal" "$(sql "SELECT stage, value, closed_at FROM deals WHERE external_id = 'D3'")" "Qualification|500000|"
expect_equal "undo removes the batch's events" "$(sql "SELECT group_concat(kind) FROM events e JOIN deals d ON d.id = e.deal_id WHERE d.external_id = 'D3'")" "created"
expect_equal "undo keeps stage exits right" "$(sql "SELECT count(*) FROM stage_exits s JOIN deals d ON d.id = s.deal_id WHERE d.external_id = 'D3'")" 0
run import undo
expect_err "undo the first batch: the later batch that touched D3 is undone, so D3 goes too" "undid import batch 1 (deals.csv): 4 removed, 0 restored"
expect_equal "undo removes what the batch added" "$(sql 'SELECT count(*) FROM deals') $(sql 'SELECT count(*) FROM events')" "0 0"
run import undo
expect_code "nothing to undo" 1
expect_err "nothing to undo" "there is no import to undo"

# --map, --stage-map, --date-format, --default; stdin.
printf 'Ref;Client;Phase;Opened;Worth\nX1;Omega;hot;03/01/2026;12.5k\n' | tr ';' '\t' >mapped.tsv
run import mapped.tsv --map external_id=Ref --map organization=Client --map stage=Phase \
    --map created_at=Opened --map value=Worth --stage-map hot=Negotiation --date-format '%m/%d/%Y' \
    --default currency=USD --default source=fair
expect_code "mapped import" 0
expect_equal "mapped fields" "$(sql "SELECT organization, stage, value, currency, source, date(created_at, 'unixepoch') FROM deals WHERE external_id = 'X1'")" \
    "Omega|Negotiation|1250000|USD|fair|2026-03-01"
"$PIPE" import - --format csv <<<$'title,value\nFrom stdin,42' >/dev/null 2>"$TMP/stderr"
expect_equal "stdin import" "$(sql "SELECT value FROM deals WHERE title = 'From stdin'")" 4200

# The formula guard: exported with a leading ', imported without it.
run deal add "=HYPERLINK(\"x\")" --value 1 --org "@evil" --tag "-tag"
run export --type deals
expect_out "guarded cell" "'=HYPERLINK(\"\"x\"\")"
expect_out "guarded organization" ",'@evil,"
run export --type deals --raw
expect_out "--raw leaves cells alone" ",@evil,"

# Leads, activities and stage history, then round trips in every format.
cat >leads.csv <<'CSV'
Lead ID,First Name,Last Name,Company,Email,Lead Source,Status,Budget
L1,Ada,Lovelace,Engines Ltd,ada@example.com,Web,new,3
L2,,,Nobody Inc,,Fair,qualified,
CSV
run import --type leads leads.csv
expect_err "leads" "leads.csv: 2 rows: 2 new, 0 updated, 0 unchanged"
expect_equal "lead name from first and last name" "$(sql "SELECT name, budget FROM leads WHERE external_id = 'L1'")" "Ada Lovelace|3"
cat >activities.csv <<'CSV'
deal_external_id,lead_external_id,kind,at,text
X1,,call,2026-03-01T10:00:00Z,Called Omega
,L1,email,2026-03-01T11:00:00Z,Sent deck
CSV
run import --type activities activities.csv
expect_err "activities" "activities.csv: 2 rows: 2 new, 0 updated, 0 unchanged"
run import --type activities activities.csv
expect_err "activities are idempotent" "0 new, 0 updated, 2 unchanged"
cat >history.csv <<'CSV'
external_id,stage,at
X1,Prospecting,2026-02-01T09:00:00Z
X1,Qualification,2026-02-05T09:00:00Z
X1,Negotiation,2026-02-20T09:00:00Z
CSV
run import --type events history.csv
expect_err "stage history" "history.csv: 3 rows: 0 new, 1 updated, 0 unchanged"
expect_equal "timeline rebuilt in time order" \
    "$(sql "SELECT group_concat(kind || ':' || to_value, ' ') FROM (SELECT e.kind, e.to_value FROM events e JOIN deals d ON d.id = e.deal_id WHERE d.external_id = 'X1' AND e.kind IN ('created','stage') ORDER BY e.at, e.id)")" \
    "created:Prospecting stage:Qualification stage:Negotiation"
expect_equal "stage entered at the last move" "$(sql "SELECT datetime(stage_entered_at, 'unixepoch'), datetime(created_at, 'unixepoch') FROM deals WHERE external_id = 'X1'")" \
    "2026-02-20 09:00:00|2026-02-01 09:00:00"
expect_equal "stage exits from the history" "$(sql "SELECT group_concat(s.stage || '>' || s.to_stage, ' ') FROM stage_exits s JOIN deals d ON d.id = s.deal_id WHERE d.external_id = 'X1'")" \
    "Prospecting>Qualification Qualification>Negotiation"
run import --type events history.csv
expect_err "stage history is idempotent" "0 new, 0 updated, 1 unchanged"

for format in csv tsv json ndjson; do
    for type in deals leads activities events; do
        "$PIPE" export --type $type --format $format -o "one-$type.$format" 2>/dev/null
    done
    for type in deals leads activities events; do
        PIPE_DB=$TMP/copy-$format.db "$PIPE" import --type $type "one-$type.$format" 2>"$TMP/stderr" ||
            cat "$TMP/stderr"
        PIPE_DB=$TMP/copy-$format.db "$PIPE" export --type $type --format $format -o "two-$type.$format" 2>/dev/null
        check "$type round trip in $format" cmp -s "one-$type.$format" "two-$type.$format"
    done
done
check "json export is valid JSON" jq -e 'length > 0' one-deals.json
expect_equal "ndjson: one object per line" "$(wc -l <one-deals.ndjson)" "$(sql 'SELECT count(*) FROM deals')"

# Backup: a consistent copy; refuses to overwrite.
run backup "$TMP/backup.db"
expect_code "backup" 0
expect_equal "backup has the deals" "$(sqlite3 "$TMP/backup.db" 'SELECT count(*) FROM deals')" "$(sql 'SELECT count(*) FROM deals')"
fails_cleanly "backup over an existing file" 1 "backup.db exists already" backup "$TMP/backup.db"

finish
