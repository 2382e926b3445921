#!/usr/bin/env bash
# pipe stages rename: only a stage the file no longer defines, only into a stage of the kind its
# deals have (a won deal never lands in an open stage), named in full, undone by pipe undo; and
# stage names on the command line match up to Unicode case and normalization.
source "$(dirname "$0")/lib.sh"

# The book's state, without the journal's own tables (what undo must put back exactly).
state() {
    sqlite3 "$PIPE_DB" .dump | grep -vE '^INSERT INTO (journal|journal_rows|journal_now|id_counters|meta)\b'
}

run deal add "Open one" --value 100
run deal add "Won one" --value 200
run deal add "Lost one" --value 300
run deal move 1 Meeting
run deal won 2
run deal lost 3 --reason price
expect_code "a book to rename in" 0

# With the default stages every stage is defined: nothing to rename.
fails_cleanly "a stage the file still defines" 1 \
    'pipe: stage "Meeting" is still defined in pipeline "sales" (rename it in the stage file first)' \
    stages rename Meeting Proposal
fails_cleanly "a stage the file still defines, typed in another case" 1 \
    'stage "Meeting" is still defined in pipeline "sales"' stages rename MEETING Won
fails_cleanly "a stage the file still defines, into itself" 1 \
    'stage "Won" is still defined' stages rename won Won

cat >"$TMP/renamed.toml" <<'TOML'
[[pipeline]]
name = "sales"
stages = [
  { name = "Prospecting",   probability = 10 },
  { name = "Demonstration", probability = 40 },
  { name = "Negotiation",   probability = 80 },
  { name = "Closed won",  kind = "won" },
  { name = "Closed lost", kind = "lost" },
]
TOML
export PIPE_STAGES=$TMP/renamed.toml

fails_cleanly "won deals into an open stage" 1 \
    'pipe: stage "Won" holds 1 won deal, and "Negotiation" is an open stage (pipe stages rename Won "Closed won")' \
    stages rename Won Nego
fails_cleanly "won deals into the lost stage" 1 \
    'stage "Won" holds 1 won deal, and "Closed lost" is a lost stage (pipe stages rename Won "Closed won")' \
    stages rename Won "Closed l"
fails_cleanly "lost deals into an open stage" 1 \
    'stage "Lost" holds 1 lost deal, and "Prospecting" is an open stage (pipe stages rename Lost "Closed lost")' \
    stages rename Lost Prosp
fails_cleanly "open deals into the won stage" 1 \
    'stage "Meeting" holds 1 open deal, and "Closed won" is a won stage (rename it to an open stage: Prospecting, Demonstration, Negotiation)' \
    stages rename Meeting "Closed w"
fails_cleanly "only the full old name" 1 'no deal is in a stage named "Meet" (pipe stages)' \
    stages rename Meet Demo
check "the won deal is still won, in Won" test "$(sql "SELECT stage || '/' || status FROM deals WHERE id = 2")" = "Won/won"

run deal list
expect_err "other commands warn about the undefined stages" 'stage "sales/Meeting" is not defined'
before=$(state)
run stages rename meeting demo
expect_code "a rename into an open stage" 0
expect_out "the rename names both stages in full" 'renamed stage "Meeting" to "Demonstration" on 1 deal'
expect_no_out "not the typed prefix" '"demo"'
check "the deal moved" test "$(sql "SELECT stage FROM deals WHERE id = 1")" = Demonstration
check "its history too" test "$(sql "SELECT count(*) FROM events WHERE to_value = 'Meeting' OR from_value = 'Meeting'")" = 0
after=$(state)
run undo
expect_code "undo of the rename" 0
check "undo puts the book back exactly" test "$(state)" = "$before"
check "the deal is in Meeting again" test "$(sql "SELECT stage FROM deals WHERE id = 1")" = Meeting
run redo
expect_code "redo of the rename" 0
check "redo renames it again" test "$(state)" = "$after"

run --json stages rename Won "closed W"
expect_code "won deals into the won stage" 0
check "json: the names in full" test "$(jq -r '.from + " > " + .to + " " + (.deals | tostring)' <<<"$OUT")" = "Won > Closed won 1"
check "json: per pipeline" test "$(jq -r '.pipelines[0].pipeline' <<<"$OUT")" = sales
check "the won deal is still won" test "$(sql "SELECT stage || '/' || status FROM deals WHERE id = 2")" = "Closed won/won"
run stages rename LOST "closed lost"
expect_out "lost deals into the lost stage" 'renamed stage "Lost" to "Closed lost" on 1 deal'
run deal list --status all
check "no stage is left undefined" test -z "$ERR"

# Stage names on the command line: Unicode case folding and either form of an accent.
cat >"$TMP/accents.toml" <<'TOML'
[[pipeline]]
name = "Ventes été"
stages = [
  { name = "Prospection", probability = 10 },
  { name = "Négociation", probability = 80 },
  { name = "Übergabe", probability = 90 },
  { name = "Gagné", kind = "won" },
  { name = "Perdu", kind = "lost" },
]
TOML
export PIPE_STAGES=$TMP/accents.toml PIPE_DB=$TMP/accents.db
run deal add "Affaire"
for typed in "négociation" "NÉGOCIATION" $'ne\xcc\x81gociation' "négo" "NÉG" $'NE\xcc\x81'; do
    run deal move 1 Prospection
    run deal move 1 "$typed"
    expect_code "deal move 1 $typed" 0
    check "deal move 1 $typed: into Négociation" test "$(sql "SELECT stage FROM deals WHERE id = 1")" = "Négociation"
done
run deal move 1 über
check "deal move 1 über" test "$(sql "SELECT stage FROM deals WHERE id = 1")" = "Übergabe"
run deal add "Zweite" --stage "ÜBER" --pipeline "VENTES ÉTÉ"
expect_code "deal add --stage ÜBER --pipeline 'VENTES ÉTÉ'" 0
check "the pipeline and stage as the file spells them" \
    test "$(sql "SELECT pipeline || '/' || stage FROM deals WHERE id = 2")" = "Ventes été/Übergabe"
run deal list --stage ÜB
expect_out "deal list --stage ÜB" "Affaire"
expect_out "deal list --stage ÜB: both" "Zweite"
fails_cleanly "an e is not an é" 1 'no stage "negociation" in pipeline "Ventes été"' deal move 1 negociation
finish
