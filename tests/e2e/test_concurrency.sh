#!/usr/bin/env bash
# Four processes add and move 100 deals each at the same time: every write waits its turn and
# succeeds, all 400 deals are there, and each has exactly its created and moved events. Six
# processes using a new database at once, half of them failing: every commit is kept.
source "$(dirname "$0")/lib.sh"

PER_WRITER=${PIPE_CONCURRENCY_DEALS:-100}
run init
expect_code "init" 0

writer() {
    local who=$1 i id failures=0
    for ((i = 1; i <= PER_WRITER; i++)); do
        if ! id=$("$PIPE" -q deal add "Writer $who deal $i" --value "$i" 2>>"$TMP/err.$who"); then
            failures=$((failures + 1))
            continue
        fi
        "$PIPE" deal move "$id" qualification >/dev/null 2>>"$TMP/err.$who" ||
            failures=$((failures + 1))
    done
    echo "$failures" >"$TMP/failures.$who"
}

start=$(date +%s%N)
for who in 1 2 3 4; do writer "$who" & done
wait
elapsed=$((($(date +%s%N) - start) / 1000000))
echo "$((PER_WRITER * 8)) writes by 4 processes in $elapsed ms"

total=$((PER_WRITER * 4))
for who in 1 2 3 4; do
    check "writer $who: every command succeeded" test "$(cat "$TMP/failures.$who")" = 0
    check "writer $who: nothing on stderr" test ! -s "$TMP/err.$who"
done
no_locked() { ! grep -q locked "$TMP"/err.*; }
check "no 'database is locked'" no_locked
check "all $total deals are there" test "$(sql "SELECT count(*) FROM deals")" = "$total"
check "all of them moved" \
    test "$(sql "SELECT count(*) FROM deals WHERE stage = 'Qualification'")" = "$total"
check "ids are 1..$total without gaps" \
    test "$(sql "SELECT min(id) || ' ' || max(id) FROM deals")" = "1 $total"
for who in 1 2 3 4; do
    check "writer $who's deals are all there" \
        test "$(sql "SELECT count(*) FROM deals WHERE title LIKE 'Writer $who deal %'")" = "$PER_WRITER"
done
check "one created event per deal" test "$(sql "SELECT count(*) FROM (SELECT deal_id FROM events
    WHERE kind = 'created' GROUP BY deal_id HAVING count(*) = 1)")" = "$total"
check "one stage event per deal, Prospecting to Qualification" \
    test "$(sql "SELECT count(*) FROM (SELECT deal_id FROM events WHERE kind = 'stage'
    AND from_value = 'Prospecting' AND to_value = 'Qualification'
    GROUP BY deal_id HAVING count(*) = 1)")" = "$total"
check "no other events" test "$(sql "SELECT count(*) FROM events")" = "$((total * 2))"
check "the running totals agree with the deals" test "$(sql "SELECT deals || ' ' || value FROM deal_totals")" = \
    "$total $(sql "SELECT sum(value) FROM deals")"
check "integrity" test "$(sql "PRAGMA integrity_check")" = ok

# First use by several processes at once, of a path that does not exist or of an empty file: a
# failing write (which takes back the new file it made, when nothing else uses it) never loses
# another process's commit.
ROUNDS=${PIPE_FIRST_USE_ROUNDS:-30}
lost=0
for ((round = 1; round <= ROUNDS; round++)); do
    db=$TMP/first-use-$round/pipe.db
    if [ $((round % 2)) = 0 ]; then
        mkdir "$TMP/first-use-$round"
        : >"$db"
    fi
    for who in 1 2 3 4 5 6; do
        if [ $((who % 2)) = 0 ]; then
            PIPE_DB=$db "$PIPE" -q deal add "Round $round by $who" >/dev/null 2>>"$TMP/first-use.err" &
        else
            PIPE_DB=$db "$PIPE" deal add "Fails" --stage Nowhere >/dev/null 2>&1 &
        fi
    done
    wait
    [ "$(sqlite3 "$db" "SELECT count(*) FROM deals" 2>/dev/null)" = 3 ] || lost=$((lost + 1))
done
check "first use by six processes at once, $ROUNDS times: every commit kept" test "$lost" = 0
check "first use: the committing writers said nothing on stderr" test ! -s "$TMP/first-use.err"
finish
