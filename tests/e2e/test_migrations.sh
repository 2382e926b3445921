#!/usr/bin/env bash
# The committed database of schema version 1 (tests/fixtures/v1.db, see make_v1.sh there) is
# upgraded to this pipe's schema by `pipe upgrade` or by the first write, with every row intact;
# an upgrade first writes a backup copy PATH.bak-v1 identical to the old file. Commands that
# only read leave it as it is and say how to upgrade it.
source "$(dirname "$0")/lib.sh"

fixture=$PIPE_SOURCE_DIR/tests/fixtures/v1.db
check "the fixture is schema version 1" test "$(sqlite3 "$fixture" "PRAGMA user_version")" = 1
cp "$fixture" "$PIPE_DB"
chmod 0600 "$PIPE_DB"
original=$(sha256sum <"$fixture")
tables=$(sqlite3 "$fixture" "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")

latest=$(PIPE_DB=$TMP/fresh.db "$PIPE" -q init >/dev/null 2>&1; sqlite3 "$TMP/fresh.db" "PRAGMA user_version")
fails_cleanly "a read of the old database" 1 \
    "database $PIPE_DB has schema version 1; this pipe reads version $latest (run pipe upgrade; a backup is written first)" \
    deal list --status all --json
check "a read writes no backup" test ! -e "$PIPE_DB.bak-v1"

run upgrade
expect_code "pipe upgrade" 0
expect_out "pipe upgrade" "upgraded database $PIPE_DB from schema version 1 to $latest"
run deal list --status all --json
expect_code "the upgraded database opens" 0
check "all five deals are listed" test "$(jq length <<<"$OUT")" = 5
current=$(sql "PRAGMA user_version")
check "it is now at this pipe's schema version ($latest)" test "$current" = "$latest"
check "integrity" test "$(sql "PRAGMA integrity_check")" = ok

# Every row of every version-1 table, column by column as version 1 had them. Version 5 made a
# deal's next step the copy of its earliest open plan: an old next step became a planned task
# (cancelled when its deal was closed, so the copy of a closed deal is empty), so activities
# has new rows after the old ones and deals' next_step columns follow the plans.
for table in $tables; do
    columns=$(sqlite3 "$fixture" "SELECT group_concat(name, ', ') FROM pragma_table_info('$table') WHERE '$table' <> 'deals' OR name NOT IN ('next_step', 'next_step_due')")
    old_rows=$([ "$table" = activities ] && echo "WHERE id <= $(sqlite3 "$fixture" 'SELECT max(id) FROM activities')")
    check "$table: every row intact" test \
        "$(sqlite3 "$fixture" "SELECT $columns FROM $table ORDER BY 1, 2, 3" | sha256sum)" = \
        "$(sql "SELECT $columns FROM $table $old_rows ORDER BY 1, 2, 3" | sha256sum)"
done
check "v5: the old next step of won deal 1 is a cancelled task, cancelled when the deal closed" test \
    "$(sql "SELECT a.kind, a.text, a.due, a.done, a.cancelled_at = d.closed_at FROM activities a JOIN deals d ON d.id = a.deal_id WHERE a.id > 2")" = "task|Send contract|2026-01-23|0|1"
check "v5: so the closed deal keeps no next step" test "$(sql "SELECT next_step || '/' || ifnull(next_step_due, '-') FROM deals WHERE id = 1")" = "/-"
check "v5: the activity counter counts the new task" test "$(sql "SELECT last FROM id_counters WHERE name = 'activities'")" = 3
if [ "$latest" -gt 1 ]; then
    check "a backup of the old version was written" test -f "$PIPE_DB.bak-v1"
    check "the backup is private" test "$(stat -c %a "$PIPE_DB.bak-v1")" = 600
    check "the backup holds the old data" test \
        "$(sqlite3 "$fixture" .dump | sha256sum)" = "$(sqlite3 "$PIPE_DB.bak-v1" .dump | sha256sum)"
else
    check "no migration, so no backup" test ! -e "$PIPE_DB.bak-v1"
fi
# Version 3 fills `closes` from the history it already had: the close events with their deals.
check "closes holds every close of the old history" test \
    "$(sql "SELECT e.id, e.at, e.deal_id, e.kind, e.detail, d.currency, d.created_at, d.value FROM events e JOIN deals d ON d.id = e.deal_id WHERE e.kind IN ('won', 'lost', 'reopened') ORDER BY e.at, e.id")" = \
    "$(sql "SELECT event_id, at, deal_id, kind, reason, currency, created_at, value FROM closes ORDER BY at, event_id")"
check "stage_reach counts the old exits by the deals' status" test \
    "$(sql "SELECT x.pipeline, x.stage, d.status, count(DISTINCT x.deal_id) FROM stage_exits x JOIN deals d ON d.id = x.deal_id GROUP BY 1, 2, 3 ORDER BY 1, 2, 3")" = \
    "$(sql "SELECT pipeline, stage, status, deals FROM stage_reach ORDER BY 1, 2, 3")"
check "the old history has closes to check" test "$(sql "SELECT count(*) FROM closes")" -gt 0
check "the committed fixture itself is untouched" test "$(sha256sum <"$fixture")" = "$original"

run deal show 1 --json
expect_code "show an old deal" 0
check "its history survived" test "$(jq '.history | length' <<<"$OUT")" -ge 5
check "its value survived" test "$(jq -r .value <<<"$OUT")" = 13000.00
run deal move 3 proposal
expect_code "old deals can still be moved" 0
run lead show 1 --json
check "the converted lead links its deal" test "$(jq -r .status <<<"$OUT")" = converted

# The first write upgrades an old book too, with the same backup first.
export PIPE_DB=$TMP/written.db
cp "$fixture" "$PIPE_DB"
run deal move 3 proposal
expect_code "a write to the old database" 0
check "it upgraded the book" test "$(sql "PRAGMA user_version")" = "$latest"
check "after a backup of the old version" test \
    "$(sqlite3 "$fixture" .dump | sha256sum)" = "$(sqlite3 "$PIPE_DB.bak-v1" .dump | sha256sum)"
check "the move is in the upgraded book" test "$(sql "SELECT stage FROM deals WHERE id = 3")" = Proposal
finish
