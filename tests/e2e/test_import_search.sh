#!/usr/bin/env bash
# An import indexes its rows for search at once, at its end (the triggers that keep the index
# row by row are off while it runs): what it adds, what it updates and the organizations and
# people it makes are found; what it replaced is not; the triggers are back afterwards, after
# an import that was refused and after one that was undone; doctor finds the index in step.
# Into a book without deals it also makes the deals' indexes at its end: the book then has the
# indexes a new book has, the same SQL, and the planner uses them; and it merges the search index
# into one segment.
source "$(dirname "$0")/lib.sh"

sqlite() { sqlite3 "$PIPE_DB" "$@"; }
triggers() { sqlite "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search\_%' ESCAPE '\\'"; }
hits() { run search "$1" --format json && jq .total <<<"$OUT"; }

run -q deal add "Existing quokka deal" --value 10
before=$(triggers)
check "a new book has the search triggers" test "$before" -gt 0

cat >"$TMP/first.csv" <<'CSV'
external_id,title,organization,contact,email,value,stage
X1,Wombat rollout,Numbat Industries,Quinn Platypus,quinn@numbat.example,100,Proposal
X2,Echidna pilot,Numbat Industries,,,200,Meeting
CSV
run -q import "$TMP/first.csv"
expect_code "the first import" 0
check "its deal titles are found" test "$(hits wombat)" = 1
check "its organization, as a record and on both deals" test "$(hits numbat)" = 4
check "its person, made from the contact" test "$(run search platypus --type person --format json && jq .total <<<"$OUT")" = 1
check "the deal there before is still found" test "$(hits quokka)" = 1
check "the triggers are back" test "$(triggers)" = "$before"

cat >"$TMP/second.csv" <<'CSV'
external_id,title,value
X1,Kangaroo rollout,150
CSV
run -q import "$TMP/second.csv"
expect_code "an import that updates a deal" 0
check "the new title is found" test "$(hits kangaroo)" = 1
check "the old title is not" test "$(hits wombat)" = 0
run doctor --format json
check "doctor: the index matches the book" test "$(jq -r '.ok and (.findings | length == 0)' <<<"$OUT")" = true

run -q undo
check "undo of the update: the old title is found again" test "$(hits wombat)" = 1
check "and the new one is not" test "$(hits kangaroo)" = 0

cat >"$TMP/bad.csv" <<'CSV'
external_id,title,value
X9,Dingo deal,100
X10,Bad deal,not-a-number
CSV
run -q import "$TMP/bad.csv"
expect_code "an import with a bad row" 1
check "nothing of it is indexed" test "$(hits dingo)" = 0
check "the triggers are there after the refusal" test "$(triggers)" = "$before"

run -q deal add "Later bilby deal" --value 10
check "a deal added after the imports is indexed by the triggers" test "$(hits bilby)" = 1
run -q undo
run -q undo
check "undo of the first import: its deals are gone from the index" test "$(hits echidna)" = 0
check "its organization too" test "$(hits numbat)" = 0
check "the deal there before is still found" test "$(hits quokka)" = 1
run doctor --format json
check "doctor after the undos: all ok" test "$(jq -r '.ok and (.findings | length == 0)' <<<"$OUT")" = true

# Into a book without deals.
indexes() { sqlite3 "$1" "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"; }
export PIPE_DB=$TMP/fresh.db
run -q init
made=$(indexes "$PIPE_DB")
empty_book=$(book_dump)
run -q import "$TMP/bad.csv"
expect_code "a refused import into a book with no deals" 1
check "the indexes are there after the refusal" test "$(indexes "$PIPE_DB")" = "$made"
run -q import "$TMP/first.csv"
expect_code "an import into a book with no deals" 0
check "the book has a new book's indexes afterwards" test "$(indexes "$PIPE_DB")" = "$made"
check "and its deals" test "$(sqlite3 "$PIPE_DB" "SELECT count(*) FROM deals")" = 2
check "the stage index answers a stage's deals" contains \
    "$(sqlite3 "$PIPE_DB" "EXPLAIN QUERY PLAN SELECT id FROM deals WHERE status = 'open' AND pipeline = 'sales' AND stage = 'Proposal' AND last_touch_at < 5")" "deals_touch"
run search wombat --format json
check "its deals are found" test "$(jq .total <<<"$OUT")" = 1
# Its deals, organization and person went into the index by a statement each, one segment each;
# the import merges them into one (every search looks a word up once a segment).
check "the search index is one segment" test \
    "$(sqlite3 "$PIPE_DB" "SELECT count(DISTINCT segid) FROM search_idx")" = 1
run doctor --format json
check "doctor: all ok" test "$(jq -r '.ok and (.findings | length == 0)' <<<"$OUT")" = true
run -q undo
check "undo: no deals" test "$(sqlite3 "$PIPE_DB" "SELECT count(*) FROM deals")" = 0
check "and the indexes stay" test "$(indexes "$PIPE_DB")" = "$made"
check "undo: the book exactly as before the import" test "$(book_dump)" = "$empty_book"

# On a terminal, an import long enough to show its progress says what it does after the last
# row. (Progress shows after half a second: 40,000 rows take longer on any machine.)
export PIPE_DB=$TMP/terminal.db
"$PIPE_SOURCE_DIR/bench/deals_csv.sh" 40000 "$TMP/big.csv"
on_terminal import "$TMP/big.csv"
if [ "$CODE" != 77 ]; then
    expect_code "a big import on a terminal" 0
    expect_out "its progress" "rows/s"
    expect_out "then the indexes" "making the indexes…"
    expect_out "then the search index" "indexing for search…"
    expect_out "then its report" "40000 rows: 40000 new"
fi
finish
