#!/usr/bin/env bash
# pipe undo / redo as a user runs them: every kind of command taken back exactly (the database
# dump equals the one before, the derived tables included) and applied again by redo; the
# journal listed as text and JSON; two writers each journal their own change; bad input.
source "$(dirname "$0")/lib.sh"

# book_dump (lib.sh): the book as undo must bring it back.

# undoable DESCRIPTION ARGS...: the command changes the book; pipe undo says what it undid and
# brings the dump back; pipe redo brings the change back; pipe doctor finds nothing wrong.
undoable() {
    local description=$1
    shift
    local before after
    before=$(book_dump)
    run "$@"
    check "$description: the command succeeds" test "$CODE" = 0
    after=$(book_dump)
    check "$description: the command changed the book" test "$after" != "$before"
    run undo
    expect_code "$description: undo" 0
    check "$description: undo prints one line" test "$(wc -l <<<"$OUT")" = 1
    expect_out "$description: undo says what it undid" "undid: "
    check "$description: undo brings the book back exactly" test "$(book_dump)" = "$before"
    run doctor
    expect_code "$description: healthy after undo" 0
    run redo
    expect_code "$description: redo" 0
    expect_out "$description: redo says what it did" "redid: "
    check "$description: redo brings the change back exactly" test "$(book_dump)" = "$after"
    run doctor
    expect_code "$description: healthy after redo" 0
}

cat >"$TMP/deals.csv" <<'CSV'
external_id,title,stage,value,created_at,closed_at,Region
X1,Imported one,Meeting,100,2026-02-01,,North
X2,Imported two,Won,200,2026-02-02,2026-02-20,South
CSV
cat >"$TMP/history.csv" <<'CSV'
external_id,stage,at,note
X1,Prospecting,2026-02-01,
X1,Meeting,2026-02-10,demo
CSV
cat >"$TMP/activities.csv" <<'CSV'
deal_external_id,kind,at,text
X1,call,2026-02-11,Called
CSV
cat >"$TMP/leads.csv" <<'CSV'
external_id,name,status
L1,Lea,new
CSV

run init
undoable "deal add" deal add "Acme rollout" --value 12,500 --org "Acme GmbH" --close 2026-03-31
undoable "deal add, a second" deal add "Globex pilot" --value 3k --tag pilot
undoable "deal edit" deal edit 1 --value 13k --close 2026-04-30 --tag big --notes "call first"
undoable "deal move with a note" deal move 1 nego --note "pricing agreed"
undoable "deal next" deal next 1 "Send the contract" --due 2026-03-06
undoable "deal next --done" deal next 1 --done
undoable "deal log" deal log 1 call "Agreed on the pilot"
undoable "deal won" deal won 1 --value 14k
undoable "deal reopen" deal reopen 1
undoable "deal lost" deal lost 2 --reason price
undoable "deal rm" deal rm 2
run deal rm 2
undoable "deal restore" deal restore 2
undoable "lead add" lead add "Ada Lovelace" --org "Analytical Engines" --follow-up 2026-03-05
undoable "lead edit" lead edit 1 --email ada@example.org --status nurturing
undoable "lead qualify" lead qualify 1 --budget 3 --authority 4 --need 3 --timeline 2
undoable "lead log" lead log 1 email "Sent the deck"
undoable "lead convert" lead convert 1 --value 12k
run lead add "Bob" --org Initech
undoable "lead drop" lead drop 2 --reason "no budget" --nurture-until 2026-06-01
undoable "lead rm" lead rm 2
run lead rm 2
undoable "lead restore" lead restore 2
undoable "import deals" import "$TMP/deals.csv"
run import "$TMP/deals.csv"
undoable "import history" import "$TMP/history.csv" --type events
undoable "import activities" import "$TMP/activities.csv" --type activities
undoable "import leads" import "$TMP/leads.csv" --type leads
run import "$TMP/leads.csv" --type leads
undoable "import undo" import undo
run deal rm 3
undoable "trash empty" trash empty
# A stage the stage file no longer defines, renamed by pipe stages rename.
cat >"$TMP/renamed.toml" <<'TOML'
[[pipeline]]
name = "sales"
stages = [
  { name = "Prospecting", probability = 10 },
  { name = "Qualification", probability = 20 },
  { name = "Demo", probability = 40 },
  { name = "Proposal", probability = 60 },
  { name = "Negotiation", probability = 80 },
  { name = "Won", kind = "won" },
  { name = "Lost", kind = "lost" },
]
TOML
export PIPE_STAGES=$TMP/renamed.toml
before=$(book_dump)
run stages rename Meeting Demo
expect_code "stages rename" 0
after=$(book_dump)
run undo
check "stages rename: undo brings the book back exactly" test "$(book_dump)" = "$before"
run redo
check "stages rename: redo brings the rename back" test "$(book_dump)" = "$after"
sqlite3 "$PIPE_DB" "UPDATE deal_totals SET value = value + 1"
before_fix=$(book_dump)
run doctor --fix
expect_code "doctor --fix" 0
run undo
check "undo of doctor --fix brings the damaged table back exactly" test "$(book_dump)" = "$before_fix"
run redo
run doctor
expect_code "healthy after redoing the repair" 0

# The journal, listed.
run undo --list --limit 0
expect_code "undo --list" 0
expect_out "the list names the command as typed" "pipe deal move 1 nego --note 'pricing agreed'"
expect_out "the list says what it changed" "moved deal 1 · Acme rollout to Negotiation"
run undo --list --json
check "undo --list --json has the entries" test "$(jq 'length' <<<"$OUT")" -ge 20
check "each entry says who made it" test "$(jq -r '.[0] | (.pid > 0) and (.command | startswith("pipe "))' <<<"$OUT")" = true
check "entries are newest first" test "$(jq -r '.[0].id > .[1].id' <<<"$OUT")" = true

# Undo goes back as far as the journal goes, then says so; a new change ends what can be redone.
export PIPE_DB=$TMP/walk.db
run deal add "One"
run deal add "Two"
run undo
run undo
expect_equal "two undos take back both adds" "$(sql 'SELECT count(*) FROM deals')" 0
fails_cleanly "nothing more to undo" 1 "nothing to undo (pipe redo)" undo
run redo
run deal add "Three"
expect_equal "ids are never given twice" "$(sql 'SELECT group_concat(id) FROM deals')" "1,3"
fails_cleanly "a new change ends the redo" 1 "nothing to redo" redo

# Two processes write at once: each journals its own change; undo takes back the last one,
# whoever made it, and says which.
export PIPE_DB=$TMP/two.db
run deal add "Seed"
for i in 1 2 3 4 5; do "$PIPE" deal add "A$i" >/dev/null & "$PIPE" lead add "B$i" >/dev/null & wait; done
expect_equal "every write is journaled once" "$(sql "SELECT count(*) FROM journal")" 11
last=$(sql "SELECT command || '|' || pid FROM journal ORDER BY id DESC LIMIT 1")
run undo
expect_out "undo says which change it took back" "${last%%|*}"
expect_out "and whose" "pid ${last##*|}"

finish
