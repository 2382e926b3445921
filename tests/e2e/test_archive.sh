#!/usr/bin/env bash
# The whole-book archive (pipe export --all) restores the same book into an empty database:
# same ids, and every list, show, review, forecast and agenda prints exactly the same. The
# per-type exports round-trip too (a converted lead, its activities, a reopened deal's earlier
# lost reason). Exports name records by book: another book's export never updates your records.
source "$(dirname "$0")/lib.sh"

book=$TMP/pipe.db
at 2026-02-01T09:00:00 deal add "Acme rollout" --value 12,500 --org Acme --close 2026-03-31 --tag big
at 2026-02-02T09:00:00 deal move 1 nego --note "pricing agreed"
at 2026-02-03T09:00:00 deal lost 1 --reason price
at 2026-02-04T09:00:00 deal reopen 1
at 2026-02-05T09:00:00 deal next 1 "Send the contract" --due 2026-03-06
at 2026-02-06T09:00:00 deal add "Globex pilot" --value 3k --currency USD
at 2026-02-07T09:00:00 deal won 2 --value 3.5k
at 2026-02-08T09:00:00 lead add "Ada Lovelace" --org "Analytical Engines" --follow-up 2026-03-05
at 2026-02-09T09:00:00 lead qualify 1 --budget 3 --authority 4 --need 3 --timeline 2
at 2026-02-10T09:00:00 lead convert 1 --value 12k
at 2026-02-11T09:00:00 deal log 3 meeting "Kick-off"
at 2026-02-12T09:00:00 lead add "Bob" --org Initech
at 2026-02-13T09:00:00 lead log 2 call "Left a voicemail"
at 2026-02-14T09:00:00 deal add "Hooli expansion" --value 8k
at 2026-02-15T09:00:00 deal rm 4
printf 'external_id,title,value\nE1,Imported,100\n' >"$TMP/one.csv"
at 2026-02-16T09:00:00 import "$TMP/one.csv"

views=("deal list --status all" "deal show 1" "deal show 2" "deal show 3" "lead show 1"
    "lead show 2" "lead list --status all" "review" "review --json" "forecast" "agenda" "trash"
    "import list")

run export --all -o "$TMP/book.json"
expect_code "export --all" 0
expect_err "export --all says where" "wrote the whole book to $TMP/book.json"
check "the archive is one JSON document" jq -e '.pipe_archive == 1 and (.tables.deals | length) == 4' "$TMP/book.json"
check "the archive holds the trash, batches and stages" \
    jq -e '(.tables.trash | length) == 1 and (.tables.import_batches | length) == 1 and (.stages.text | length) > 0' "$TMP/book.json"
check "the archive holds the book's identity" test "$(jq -r .book_id "$TMP/book.json")" = "$(sql "SELECT value FROM meta WHERE key = 'book_id'")"

export PIPE_DB=$TMP/restored.db
run import "$TMP/book.json"
expect_code "import of the archive" 0
expect_err "it says what it restored" "restored the whole book: 4 deals, 2 leads"
for v in "${views[@]}"; do
    # shellcheck disable=SC2086
    check "'pipe $v' prints the same" test "$(PIPE_DB=$book "$PIPE" $v 2>&1)" = "$("$PIPE" $v 2>&1)"
done
run deal restore 4
expect_code "the trash came along" 0
run undo
run export --all
check "the restored book exports the same archive" test "$OUT" = "$(jq -c . "$TMP/book.json" >/dev/null; PIPE_DB=$book "$PIPE" export --all)"
fails_cleanly "an archive needs an empty database" 1 "is not empty" import "$TMP/book.json"
run undo
expect_equal "undo of the restore empties the book" "$(sql 'SELECT count(*) FROM deals')" 0
export PIPE_DB=$TMP/bad.db
printf '{"pipe_archive": 99, "tables": {"deals": [{"id": 1}]}}' >"$TMP/newer.json"
fails_cleanly "a newer archive" 1 "archive version 99" import "$TMP/newer.json"
printf '{"pipe_archive": 1, "tables": {"secrets": [{"id": 1}]}}' >"$TMP/odd.json"
fails_cleanly "an unknown table" 1 "unknown table 'secrets'" import "$TMP/odd.json"
printf '{"pipe_archive": 1, "tables": {"deals": [{"id": 1, "title": ' >"$TMP/cut.json"
fails_cleanly "a cut archive" 1 "not valid JSON" import "$TMP/cut.json"
check "a failed restore leaves no database" test ! -e "$PIPE_DB"

# The per-type exports round-trip: export, import into an empty book, export again.
export PIPE_DB=$book
for t in deals events leads activities; do run export --type $t -o "$TMP/a-$t.csv"; done
export PIPE_DB=$TMP/types.db
for t in deals events leads activities; do run import "$TMP/a-$t.csv" --type $t; expect_code "import $t" 0; done
for t in deals events leads activities; do
    run export --type $t
    check "the $t export round-trips" test "$OUT" = "$(cat "$TMP/a-$t.csv")"
done
run lead show 1
expect_out "the converted lead imports as converted" "converted"
expect_equal "linked to its deal both ways" \
    "$(sql "SELECT l.status, d.lead_id = l.id, l.deal_id = d.id FROM leads l JOIN deals d ON d.id = l.deal_id WHERE l.name = 'Ada Lovelace'")" "converted|1|1"
run deal show 1
expect_out "the reopened deal keeps its earlier lost reason" "lost: price"
expect_out "and the move's note" "Prospecting → Negotiation · pricing agreed"
expect_equal "activities came along" "$(sql 'SELECT count(*) FROM activities')" 2

# Another book's export creates new records; your own re-import updates in place.
export PIPE_DB=$TMP/other.db
run deal add "Other book's own deal" --value 1
run import "$TMP/a-deals.csv"
expect_err "another book's export adds, never updates" "4 new, 0 updated"
expect_equal "the other book's own deal is untouched" "$(sql "SELECT title FROM deals WHERE id = 1")" "Other book's own deal"
run import "$TMP/a-deals.csv"
expect_err "importing it again is idempotent" "0 new, 0 updated, 4 unchanged"
export PIPE_DB=$book
sed 's/Acme rollout/Acme rollout v2/' "$TMP/a-deals.csv" >"$TMP/own.csv"
run import "$TMP/own.csv"
expect_err "your own export updates in place" "0 new, 1 updated, 3 unchanged"
expect_equal "the same deal was updated" "$(sql "SELECT title FROM deals WHERE id = 1")" "Acme rollout v2"
# An id written by pipe before books had an identity is an external id like any other.
printf 'external_id,title,value\npipe:deal:1,Old style,5\n' >"$TMP/legacy.csv"
run import "$TMP/legacy.csv"
expect_err "an old-style pipe id adds a deal" "1 new, 0 updated"
expect_equal "deal 1 is untouched" "$(sql "SELECT title FROM deals WHERE id = 1")" "Acme rollout v2"

finish
