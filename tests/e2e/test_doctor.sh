#!/usr/bin/env bash
# pipe doctor: a healthy book passes (exit 0); each kind of damage is found with its fix
# (exit 1); --fix repairs what can be repaired as one change that pipe undo takes back; the
# check itself changes no file.
source "$(dirname "$0")/lib.sh"

at 2026-02-01T09:00:00 deal add "Acme rollout" --value 12k
at 2026-02-02T09:00:00 deal move 1 nego
at 2026-02-03T09:00:00 deal won 1
at 2026-02-04T09:00:00 deal add "Globex pilot" --value 3k
at 2026-02-05T09:00:00 lead add "Ada"

run doctor
expect_code "a healthy book" 0
expect_out "it names the book" "pipe doctor · $PIPE_DB"
expect_out "it reports the journal's size" "journal     5 changes (5 can be undone, 0 redone)"
for area in file derived links stages ids journal; do
    check "area $area is ok" grep -qE "^  $area +ok" <<<"$OUT"
done
run doctor --json
check "json: ok" test "$(jq -r '.ok' <<<"$OUT")" = true
check "json: journal entries" test "$(jq -r '.journal.entries' <<<"$OUT")" = 5

# Damage made behind pipe's back, one kind at a time: found, named, fixed; the check alone
# writes nothing.
damage() {
    local description=$1 sql_text=$2 finding=$3
    sqlite3 "$PIPE_DB" "$sql_text"
    local before
    before=$(db_hash)
    run doctor
    expect_code "$description: found" 1
    expect_out "$description: named" "$finding"
    expect_err "$description: one line to finish" "found (each line above says how to fix it)"
    check "$description: the check wrote nothing" test "$(db_hash)" = "$before"
}
damage "running totals" "UPDATE deal_totals SET value = value + 7" "deal_totals differs from its rebuild"
damage "stage exits" "DELETE FROM stage_exits" "stage_exits differs from its rebuild for 1 deal"
damage "closes" "UPDATE closes SET value = 1" "closes differs from its rebuild"
damage "a deal linked to a lead that exists nowhere" "UPDATE deals SET lead_id = 42 WHERE id = 2" \
    "1 deals are linked to leads that exist nowhere"
damage "an id counter below an id in use" "UPDATE id_counters SET last = 0 WHERE name = 'deals'" \
    "the id counter of deals is below an id in use"
damage "history of a deal that does not exist" "INSERT INTO events (at, deal_id, kind) VALUES (1, 99, 'edited')" \
    "1 history rows belong to deals that do not exist"

before=$(db_hash)
run doctor --fix
expect_code "--fix leaves what it cannot fix" 1
expect_out "--fix says what it repaired" "repaired"
expect_out "what is left needs its own fix" "history rows belong to deals that do not exist"
run doctor --json
check "only the unfixable finding is left" test "$(jq -c '[.findings[] | .area]' <<<"$OUT")" = '["links"]'
run undo
expect_out "pipe undo takes the repair back" "undid: repaired the book"
check "and the file is as before the repair" test "$(sqlite3 "$PIPE_DB" 'SELECT sum(value) FROM deal_totals')" = "$(( 1500000 + 7 * 2 ))"
run redo
sqlite3 "$PIPE_DB" "DELETE FROM events WHERE deal_id = 99"
run doctor
expect_code "healthy again" 0

# Stages the file no longer defines.
run deal move 2 meeting
cat >"$TMP/stages.toml" <<'TOML'
[[pipeline]]
name = "sales"
stages = [
  { name = "Prospecting", probability = 10 },
  { name = "Won", kind = "won" },
  { name = "Lost", kind = "lost" },
]
TOML
PIPE_STAGES=$TMP/stages.toml run doctor
expect_code "an undefined stage in use" 1
expect_out "it names the stage and the fix" 'stage "Meeting" of pipeline "sales" is not in'
expect_out "the fix" 'pipe stages rename "Meeting" NEW'

finish
