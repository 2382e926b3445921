#!/usr/bin/env bash
# People and organizations as records (pipe org, pipe person), the links of deals and leads to
# them, names where ids are asked, pipe search, and the upgrade of an old book's free-text
# organizations and contacts: each write taken back exactly by pipe undo, bad input refused
# with one line and the book unchanged.
source "$(dirname "$0")/lib.sh"

# The book as a dump without the journal's own tables, the id counters and meta; the search
# index by its content (its FTS5 storage is other bytes after an undo).
book_dump() {
    sqlite3 "$PIPE_DB" .dump | grep -Ev '^INSERT INTO (journal|journal_rows|journal_now|id_counters|meta|search_data|search_idx|search_docsize|search_config) '
    sqlite3 "$PIPE_DB" "SELECT rowid, * FROM search ORDER BY rowid"
}

# undoable DESCRIPTION ARGS...: the command changes the book; undo brings it back exactly,
# redo forward exactly; doctor is happy at both ends.
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
    check "$description: undo brings the book back exactly" test "$(book_dump)" = "$before"
    run doctor
    expect_code "$description: healthy after undo" 0
    run redo
    expect_code "$description: redo" 0
    check "$description: redo brings the change back exactly" test "$(book_dump)" = "$after"
    run doctor
    expect_code "$description: healthy after redo" 0
}

run init
# 1. Organizations.
undoable "org add" org add "Müller Bau GmbH" --domain mueller.de --phone "+49 30 1" --tag key --note "Roofs"
run org show 1 --json
check "org add stores its fields" test "$(jq -r '.organization.domain // .domain' <<<"$OUT")" = mueller.de
fails_cleanly "an empty organization name" 1 "name" org add "  "
fails_cleanly "an organization name taken (case and spaces aside)" 1 "organization 1 is already called" org add "  müller bau gmbh "

# 2. People, linked to an organization by a name typed in another case or by a prefix.
undoable "person add" person add "Ann Lee" --org müller --email ann@mueller.de --title CTO
run person show ann --json
check "the person is linked to the organization" test "$(jq -r '.person.organization_id // .organization_id' <<<"$OUT")" = 1
fails_cleanly "an email without @" 1 "@" person add "Bo" --email bo.example.com
fails_cleanly "an empty person name" 1 "name" person add ""

# 3. Links: deal add --org/--contact link existing records or create new ones, and say so.
run deal add "Acme rollout" --value 12k --org "Acme GmbH" --contact "Bob Roe"
expect_code "deal add with a new organization and contact" 0
expect_err "it says it created the organization" "created organization 2 · Acme GmbH"
expect_err "and the person" "created person 2 · Bob Roe"
undoable "deal add linking by prefix and email" deal add "Roof" --value 40k --org "  MÜLLER " --contact ann@mueller.de
run deal show roof --json
check "linked the organization by its name in another case" test "$(jq -r .organization_id <<<"$OUT")" = 1
check "linked the contact by email" test "$(jq -r .contact_id <<<"$OUT")" = 1
check "the deal shows the linked name" test "$(jq -r .organization <<<"$OUT")" = "Müller Bau GmbH"
run deal list
expect_out "deal list names the organization" "Müller Bau GmbH"
run deal list --org "müller bau"
expect_out "deal list --org keeps its deals" "Roof"
expect_no_out "and only them" "Acme rollout"
fails_cleanly "deal list --org of no organization" 1 'no organization matches "nowhere"' deal list --org nowhere
undoable "deal edit --add-person with a role" deal edit "acme roll" --add-person ann --role champion
run deal show 1 --json
check "the person is on the deal with the role" test "$(jq -r '.people[0].role' <<<"$OUT")" = champion
run deal show 1
expect_out "deal show lists the people on it" "Ann Lee (champion) · person 1"
undoable "deal edit --remove-person" deal edit 1 --remove-person "ann lee"
run org add "Acme Labs"
fails_cleanly "an ambiguous organization name lists the candidates" 1 "matches 2 organizations" deal add "X" --org acme
fails_cleanly "--role without --add-person" 2 "--role" deal edit 1 --role buyer
run lead add "Cy Dee" --org "acme gmbh" --email cy@acme.com
expect_code "lead add links an organization" 0
run lead show 1 --json
check "the lead's organization is linked" test "$(jq -r .organization_id <<<"$OUT")" = 2

# 4. Names where ids are asked.
run deal show "acme roll"
expect_code "deal show by words of the title" 0
expect_out "it shows the deal" "Acme rollout"
run org show acme
expect_code "org show by a prefix that two match" 1
run org show "acme g"
expect_out "org show by a unique prefix" "Acme GmbH"
fails_cleanly "a name that matches nothing" 1 'no person matches "nobody"' person show nobody

# 1. The account page: details, people, open deals, won value, timeline.
run deal won roof
undoable "org log" org log müller call "Spoke to the buyer"
run org show müller
expect_out "account page: people" "Ann Lee"
expect_out "account page: won value" "€40,000"
expect_out "account page: the timeline has the activity" "Spoke to the buyer"
run org show müller --json
check "account page JSON: lifetime won value per currency" test "$(jq -r '.won_value[] | select(.currency == "EUR") | .value' <<<"$OUT")" = 40000.00
check "account page JSON: the timeline names its deal" test "$(jq -r '[.timeline[] | select(.subject == "deal") | "\(.subject_id) \(.subject_name)"] | unique | join(",")' <<<"$OUT")" = "$(sql "SELECT id || ' ' || title FROM deals WHERE title = 'Roof'")"
undoable "person log" person log ann email "Sent the offer"
run person show ann
expect_out "person page: their deals" "Roof"
expect_out "person page: their timeline" "Sent the offer"
run person show ann --json
check "person page JSON: the timeline names its deal" test "$(jq -r '[.timeline[] | select(.subject == "deal") | "\(.subject_id) \(.subject_name)"] | unique | join(",")' <<<"$OUT")" = "$(sql "SELECT id || ' ' || title FROM deals WHERE title = 'Roof'")"

undoable "org edit renames onto its deals" org edit 2 --name "Acme Group"
run deal show 1 --json
check "the deal carries the new name" test "$(jq -r .organization <<<"$OUT")" = "Acme Group"
undoable "person edit" person edit ann --title CEO --phone "+49 30 2"

# Merges: everything moves, undoable; a merge into itself is refused.
run org add "Mueller Bau"
run person add "Ann  LEE" --email ann.lee@example.com
undoable "org merge" org merge "mueller bau" 1
undoable "person merge" person merge 3 1
fails_cleanly "an org merged into itself" 2 "cannot be merged into itself" org merge 1 1
fails_cleanly "a person merged into themselves" 2 "cannot be merged into" person merge 1 1

# rm: refused while records link to it (the error names them); a free one goes to the trash.
fails_cleanly "org rm of an organization that holds deals" 1 "deal" org rm 1
undoable "org rm to the trash" org rm "acme labs"
run org rm "acme labs"
run trash
expect_out "the trash holds the organization" "Acme Labs"
undoable "org restore" org restore 3
run person add "Zed Free"
undoable "person rm to the trash" person rm zed

# 5. Search: accents and case aside, prefixes, types, JSON, the command that opens it.
run search muller
expect_code "search" 0
expect_out "muller finds Müller" "Müller Bau GmbH"
expect_out "it names the command that opens it" "pipe org show 1"
run search "spoke buy"
expect_out "search finds activity texts by prefixes" "Spoke to the buyer"
run search "ann lee" --type person --json
check "search --type person finds only people" test "$(jq -r '[.hits[].kind] | unique | join(",")' <<<"$OUT")" = person
check "search JSON has the command" test "$(jq -r '[.hits[].command] | index("pipe person show 1")' <<<"$OUT")" != null
run search zzzznothing
expect_code "a search that finds nothing" 0
fails_cleanly "a search without words" 2 "" search ""
fails_cleanly "an unknown search type" 2 "type" search x --type planet
run deal add "Kiwi" --notes "needs a crane"
run search crane
expect_out "the index is kept with every change" "Kiwi"
run undo
run search crane
expect_no_out "and with undo" "Kiwi"

# 7. The whole-book archive holds people and organizations and puts them back.
run export --all --output "$TMP/book.json"
expect_code "export --all" 0
check "the archive holds organizations" test "$(jq '[.. | objects | select(has("organizations")) | .organizations | length] | max' "$TMP/book.json")" -ge 1
check "the archive holds persons" test "$(jq '[.. | objects | select(has("persons")) | .persons | length] | max' "$TMP/book.json")" -ge 1

# 8. Completions name organizations and people where they are asked.
run __complete -- deal add x --org ""
expect_out "completion of --org" "Müller Bau GmbH"
run __complete -- person show ""
expect_out "completion of a person" "Ann Lee"

# 6. The upgrade of a version-1 book: free-text organizations and contacts become records.
export PIPE_DB=$TMP/old.db
cp "$PIPE_SOURCE_DIR/tests/fixtures/v1.db" "$PIPE_DB"
chmod 0600 "$PIPE_DB"
run upgrade
expect_code "upgrade of an old book" 0
check "one organization per name (the lead's Initech is the deal's)" test \
    "$(sql "SELECT group_concat(name, '|') FROM (SELECT name FROM organizations ORDER BY name)")" = \
    'Acme GmbH|Globex|Hooli|Initech|Umbrella; "Corp"'
check "a deal's contact and a lead with the same name and email are one person" test \
    "$(sql "SELECT count(*) FROM persons WHERE name = 'Ann Example'")" = 1
check "the deal links it" test "$(sql "SELECT contact_id IS NOT NULL FROM deals WHERE id = 5")" = 1
check "the lead links it" test \
    "$(sql "SELECT person_id FROM leads WHERE id = 1")" = "$(sql "SELECT contact_id FROM deals WHERE id = 5")"
check "the free text is kept as written" test "$(sql "SELECT organization FROM deals WHERE id = 4")" = 'Umbrella; "Corp"'
run search initech
expect_out "the upgraded book is searchable" "Initech"
run doctor
expect_code "the upgraded book is healthy" 0
finish
