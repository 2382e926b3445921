#!/usr/bin/env bash
# The trash: rm moves a deal or lead with its history and activities out of every list, report,
# the agenda, completions and exports; restore brings it back exactly; trash empty deletes for
# good (optionally only what is older than an age); ids are never given twice.
source "$(dirname "$0")/lib.sh"

book_dump() {
    sqlite3 "$PIPE_DB" .dump | grep -Ev '^INSERT INTO (journal|journal_rows|journal_now|id_counters|meta|trash|search_data|search_idx|search_docsize|search_config) '
    # The search index by its content (its storage, FTS5 segments, is not the same bytes after
    # an undo, only the same index).
    sqlite3 "$PIPE_DB" "SELECT rowid, * FROM search ORDER BY rowid"
}

at 2026-02-01T09:00:00 deal add "Acme rollout" --value 12k --org Acme --close 2026-03-31   # 1
at 2026-02-01T09:00:00 deal add "Globex pilot" --value 3k --close 2026-03-15              # 2
at 2026-02-02T09:00:00 deal move 2 nego --note "pricing agreed"
at 2026-02-03T09:00:00 deal next 2 "Send the contract" --due 2026-02-10
at 2026-02-04T09:00:00 deal log 2 call "Talked to the CFO"
at 2026-02-05T09:00:00 lead add "Ada Lovelace" --org "Analytical Engines" --follow-up 2026-02-20 # 1
at 2026-02-06T09:00:00 lead log 1 email "Sent the deck"
before=$(book_dump)
show_before=$("$PIPE" deal show 2)
lead_before=$("$PIPE" lead show 1)

run deal rm 2
expect_code "deal rm" 0
expect_out "rm says where it went" "moved to the trash: deal 2 · Globex pilot"
expect_err "rm says how to get it back" "pipe deal restore 2 brings it back"
run lead rm 1
expect_code "lead rm" 0

# Gone from everything that reads the book.
run deal list --status all
expect_no_out "gone from deal list" "Globex pilot"
run lead list --status all
expect_no_out "gone from lead list" "Ada Lovelace"
fails_cleanly "deal show of a trashed deal" 1 "deal 2 not found" deal show 2
run agenda
expect_no_out "gone from the agenda" "Globex"
expect_no_out "gone from the agenda (lead)" "Ada"
run review --json
check "gone from the review's open deals" test "$(jq '.current.open_deals' <<<"$OUT")" = 1
run forecast --json
expect_no_out "gone from the forecast" "Globex"
run export --type deals
expect_no_out "gone from the export" "Globex"
run export --type activities
expect_no_out "its activities gone from the export" "Talked to the CFO"
run __complete -- deal show ""
expect_no_out "gone from the completion of ids" "Globex"
run __complete -- deal restore ""
expect_out "the completion of restore offers it" "Globex pilot (in the trash)"

# The trash lists what it holds.
run trash
expect_code "trash" 0
expect_out "trash lists the deal" "Globex pilot"
expect_out "trash lists the lead" "Ada Lovelace"
expect_out "trash says how to restore" "pipe deal restore 2"
run trash --json
# Deal 2 has two activities: its next step (a plan) and the call.
expect_equal "trash json" "$(jq -c '[.[] | [.kind, .id, .events > 0, .activities]]' <<<"$OUT")" \
    '[["lead",1,true,1],["deal",2,true,2]]'

# Restore brings each back exactly.
run deal restore 2
expect_code "deal restore" 0
expect_out "restore says so" "restored deal 2 · Globex pilot"
run lead restore 1
expect_code "lead restore" 0
check "the book is as it was before rm" test "$(book_dump)" = "$before"
check "deal show prints the same" test "$("$PIPE" deal show 2)" = "$show_before"
check "lead show prints the same" test "$("$PIPE" lead show 1)" = "$lead_before"
run doctor
expect_code "healthy after a restore" 0
fails_cleanly "restore of a deal not in the trash" 1 "deal 2 is not in the trash (pipe trash)" deal restore 2
fails_cleanly "restore of an id never used" 1 "deal 99 is not in the trash" deal restore 99

# trash empty deletes for good; --older-than keeps what is recent.
at 2026-02-10T09:00:00 deal rm 1
at 2026-03-01T09:00:00 deal rm 2
fails_cleanly "nothing that old" 1 "nothing in the trash is older than 60d" trash empty --older-than 60d
fails_cleanly "a bad age" 2 "--older-than 'soon' is not an age" trash empty --older-than soon
at 2026-03-02T09:00:00 trash empty --older-than 10d
expect_code "trash empty --older-than" 0
expect_err "it says what it deleted" "deleted 1 deal and 0 leads for good"
run trash --json
expect_equal "the recent one stays" "$(jq -c '[.[] | .id]' <<<"$OUT")" '[2]'
run trash empty
expect_code "trash empty" 0
fails_cleanly "the trash is empty" 1 "the trash is empty" trash empty
fails_cleanly "emptied means gone for good" 1 "deal 2 is not in the trash" deal restore 2

# Ids are never given twice: after rm, trash empty or undo.
run deal add "Next"
expect_equal "a new deal gets a new id" "$(sql 'SELECT max(id) FROM deals')" 3
run undo
run deal add "After undo"
expect_equal "even after undo" "$(sql 'SELECT max(id) FROM deals')" 4
run lead rm 1
run trash empty
run lead add "New lead"
expect_equal "a new lead gets a new id" "$(sql 'SELECT max(id) FROM leads')" 2

# A converted lead's deal keeps its link while the lead is in the trash; emptying clears it.
run lead convert 2 --value 1k
run lead rm 2
expect_equal "the link stays for a restore" "$(sql 'SELECT lead_id FROM deals WHERE id = 5')" 2
run trash empty
expect_equal "emptying the trash clears the link" "$(sql 'SELECT lead_id IS NULL FROM deals WHERE id = 5')" 1
run doctor
expect_code "healthy after emptying" 0

finish
