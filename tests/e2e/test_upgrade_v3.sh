#!/usr/bin/env bash
# A book of schema version 3 (made by tests/fixtures/make_v3.sh with that version's schema) is
# upgraded by `pipe upgrade`: its free-text organizations and contacts become records, one
# organization per case-insensitive, space-trimmed name, one person per such name and email;
# every deal and lead is linked to them; the deals' and leads' own texts stay as written; a
# backup of the old file comes first; pipe doctor finds nothing wrong; search finds the new
# records. The same on a generated book of 3,000 deals, counted.
source "$(dirname "$0")/lib.sh"

make_v3=$PIPE_SOURCE_DIR/tests/fixtures/make_v3.sh
old=$TMP/v3.db
bash "$make_v3" "$old"
check "the made book is schema version 3" test "$(sqlite3 "$old" "PRAGMA user_version")" = 3
check "with the schema of version 3 exactly" test \
    "$(sqlite3 "$old" "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name")" = \
    "$(sqlite3 :memory: ".read $PIPE_SOURCE_DIR/tests/fixtures/v3_schema.sql" "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name")"
cp "$old" "$PIPE_DB"
run upgrade
expect_code "pipe upgrade" 0
expect_out "pipe upgrade" "from schema version 3 to"
check "nothing on stderr when it is not a terminal" test -z "$ERR"
check "a backup of version 3 was written" test -f "$PIPE_DB.bak-v3"
check "the backup holds the old book" test \
    "$(sqlite3 "$old" .dump | sha256sum)" = "$(sqlite3 "$PIPE_DB.bak-v3" .dump | sha256sum)"
check "integrity" test "$(sql "PRAGMA integrity_check")" = ok

# Nothing lost: every column of version 3, row by row, as it was.
for table in deals leads events activities; do
    columns=$(sqlite3 "$old" "SELECT group_concat(name, ', ') FROM pragma_table_info('$table')")
    check "$table: every row and column as written" test \
        "$(sqlite3 "$old" "SELECT $columns FROM $table ORDER BY id" | sha256sum)" = \
        "$(sql "SELECT $columns FROM $table ORDER BY id" | sha256sum)"
done

# Organizations: `Acme GmbH`, `  acme   gmbh `, `ACME GMBH` and a lead's `Acme GmbH` are one,
# named by the spelling used most; `Hooli` and a lead's `hooli ` are one.
check "five organizations" test "$(sql "SELECT group_concat(name, '|') FROM (SELECT name FROM organizations ORDER BY id)")" = \
    'Acme GmbH|Globex|Initech|Hooli|Umbrella; "Corp"'
org_of() { sql "SELECT coalesce((SELECT name FROM organizations WHERE id = (SELECT organization_id FROM $1 WHERE id = $2)), '-')"; }
check "deal 2's spaced lower-case spelling is Acme" test "$(org_of deals 2)" = "Acme GmbH"
check "deal 3's capitals are Acme" test "$(org_of deals 3)" = "Acme GmbH"
check "lead 2's 'hooli ' is Hooli" test "$(org_of leads 2)" = Hooli
check "deal 2 keeps its text as written" test "$(sql "SELECT organization FROM deals WHERE id = 2")" = "  acme   gmbh "
check "every deal with an organization is linked to one of that name" test \
    "$(sql "SELECT count(*) FROM deals d WHERE trim(d.organization) <> '' AND NOT EXISTS (SELECT 1 FROM organizations o WHERE o.id = d.organization_id AND o.name_key = lower(trim(replace(replace(d.organization, '  ', ' '), '  ', ' '))))")" = 0
check "every lead with an organization too" test \
    "$(sql "SELECT count(*) FROM leads l WHERE trim(l.organization) <> '' AND NOT EXISTS (SELECT 1 FROM organizations o WHERE o.id = l.organization_id AND o.name_key = lower(trim(l.organization)))")" = 0
check "deals and leads without an organization are linked to none" test \
    "$(sql "SELECT count(*) FROM (SELECT organization, organization_id FROM deals UNION ALL SELECT organization, organization_id FROM leads) WHERE trim(organization) = '' AND organization_id IS NOT NULL")" = 0

# People: one per name and email. Jane Roe (deals 1-3, lead 3: one email in two spellings, and
# none) is one person; John Smith with two emails is two, and the John Smith without one (two
# of that name have one: which is meant is unknown) a third.
person_of() { sql "SELECT contact_id FROM deals WHERE id = $1"; }
check "Jane Roe of deals 1, 2 and 3 is one person" test \
    "$(person_of 1) $(person_of 2) $(person_of 3)" = "$(person_of 1) $(person_of 1) $(person_of 1)"
check "lead 3 (Jane Roe, same email) is that person" test \
    "$(sql "SELECT person_id FROM leads WHERE id = 3")" = "$(person_of 1)"
check "her emails: one, as first written" test \
    "$(sql "SELECT emails FROM persons WHERE id = $(person_of 1)")" = ";jane@acme.example;"
check "her phone from deal 2" test "$(sql "SELECT phones FROM persons WHERE id = $(person_of 1)")" = ";+49 30 1234;"
check "she works at Acme" test "$(sql "SELECT organization FROM persons WHERE id = $(person_of 1)")" = "Acme GmbH"
check "three John Smiths: two emails, and one without" test \
    "$(sql "SELECT count(DISTINCT contact_id) FROM deals WHERE id IN (4, 5, 6)")" = 3
check "two of them with their email" test \
    "$(sql "SELECT group_concat(emails, ' ') FROM (SELECT emails FROM persons WHERE name = 'John Smith' ORDER BY id)")" = \
    ";john@globex.example; ;jsmith@initech.example; "
check "every lead is a person of its name, with its email" test \
    "$(sql "SELECT count(*) FROM leads l JOIN persons p ON p.id = l.person_id WHERE p.name_key = lower(l.name) AND (l.email = '' OR p.emails LIKE '%;' || l.email || ';%')")" = 4
check "Ann Example (a lead) is at Initech" test \
    "$(sql "SELECT organization FROM persons WHERE name = 'Ann Example'")" = Initech
check "a blank contact is no person" test "$(sql "SELECT contact_id IS NULL FROM deals WHERE id = 8")" = 1
check "nine people" test "$(sql "SELECT count(*) FROM persons")" = 9
check "the id counters follow the records" test \
    "$(sql "SELECT group_concat(last, ' ') FROM (SELECT last FROM id_counters WHERE name IN ('organizations', 'persons') ORDER BY name)")" = "5 9"

run doctor
expect_code "pipe doctor on the upgraded book" 0
run search acme --type org --format json
check "search finds Acme once" test "$(jq -r '[.hits[].title] | join("|")' <<<"$OUT")" = "Acme GmbH"
run search smith --type person --format json
check "search finds the three John Smiths" test "$(jq .total <<<"$OUT")" = 3
check "their hits say the words are in the name" test \
    "$(jq -r '[.hits[].fields | join(",")] | unique | join("|")' <<<"$OUT")" = name
run search zoe --format json
check "search finds Zoë by her name without accent" test \
    "$(jq -r '[.hits[] | select(.kind == "person") | .title] | join("|")' <<<"$OUT")" = "Zoë Ünicode"
run org show "acme gmbh" --format json
expect_code "pipe org show acme gmbh" 0
check "Acme's people" test "$(jq -r '[.people[].name] | join("|")' <<<"$OUT")" = "Jane Roe|Max Mustermann"

# The upgrade is the same every time.
first=$(sql "SELECT * FROM organizations; SELECT * FROM persons; SELECT id, organization_id, contact_id FROM deals; SELECT id, organization_id, person_id FROM leads")
export PIPE_DB=$TMP/again.db
cp "$old" "$PIPE_DB"
run upgrade
check "a second upgrade of the same book makes the same records" test \
    "$first" = "$(sql "SELECT * FROM organizations; SELECT * FROM persons; SELECT id, organization_id, contact_id FROM deals; SELECT id, organization_id, person_id FROM leads")"

# On a terminal it says each step as it ends, with its time.
export PIPE_DB=$TMP/terminal.db
cp "$old" "$PIPE_DB"
on_terminal upgrade
if [ "$CODE" != 77 ]; then
    expect_code "pipe upgrade on a terminal" 0
    for step in "damage check" "backup of version 3" "schema version 7" "organizations and people" "search index" "search index merge" "commit"; do
        check "it reports the step '$step'" contains "$OUT" "$step"
    done
fi

# The upgrade that a write to the old book runs first shows the same steps on a terminal, then
# what it did; off a terminal it says nothing, and the write's own output is as always.
export PIPE_DB=$TMP/first-write.db
cp "$old" "$PIPE_DB"
on_terminal deal add "After the upgrade" --value 10
if [ "$CODE" != 77 ]; then
    expect_code "a write to the old book on a terminal" 0
    check "it says it upgrades first" contains "$OUT" "upgrading database $PIPE_DB to this pipe's schema first"
    for step in "damage check" "backup of version 3" "search index merge" "commit"; do
        check "the first write reports the step '$step'" contains "$OUT" "$step"
    done
    check "then what the upgrade did" contains "$OUT" \
        "upgraded database $PIPE_DB from schema version 3 to $(sql "PRAGMA user_version"); the old version is kept in $PIPE_DB.bak-v3"
    check "and the write's own line" contains "$OUT" "added deal"
fi
export PIPE_DB=$TMP/first-write-q.db
cp "$old" "$PIPE_DB"
on_terminal -q deal add "After the upgrade" --value 10
if [ "$CODE" != 77 ]; then
    expect_code "a quiet write to the old book on a terminal" 0
    check "with -q the upgrade says nothing of its steps" lacks "$OUT" "damage check"
    check "nor that it upgraded" lacks "$OUT" "upgraded database"
    check "and the book is upgraded" test "$(sql "PRAGMA user_version")" = "$(sqlite3 "$TMP/again.db" "PRAGMA user_version")"
fi
export PIPE_DB=$TMP/first-write-quiet.db
cp "$old" "$PIPE_DB"
run deal add "After the upgrade" --value 10
expect_code "a write to the old book off a terminal" 0
check "off a terminal the upgrade says nothing" test -z "$ERR"
check "the book is upgraded all the same" test "$(sql "PRAGMA user_version")" = "$(sqlite3 "$TMP/again.db" "PRAGMA user_version")"

# A generated book of 3,000 deals: case and space variants of 750 organizations, counted.
export PIPE_DB=$TMP/big.db
bash "$make_v3" "$PIPE_DB" 3000 1
cp "$PIPE_DB" "$TMP/big-v3.db"
run upgrade
expect_code "pipe upgrade of 3,000 deals" 0
check "one organization per name, case and spaces aside" test "$(sql "SELECT count(*) FROM organizations")" = \
    "$(sqlite3 "$TMP/big-v3.db" "SELECT count(DISTINCT lower(trim(replace(organization, '  ', ' ')))) FROM (SELECT organization FROM deals UNION ALL SELECT organization FROM leads)")"
check "every deal is linked to its organization and contact" test \
    "$(sql "SELECT count(*) FROM deals WHERE organization_id IS NULL OR contact_id IS NULL")" = 0
check "every lead to its person and organization" test \
    "$(sql "SELECT count(*) FROM leads WHERE organization_id IS NULL OR person_id IS NULL")" = 0
check "no two people of one name share an email" test \
    "$(sql "SELECT count(*) FROM (SELECT name_key, emails FROM persons WHERE emails <> '' GROUP BY 1, 2 HAVING count(*) > 1)")" = 0
check "the search index holds every record" test \
    "$(sql "SELECT count(*) FROM search")" = \
    "$(sql "SELECT (SELECT count(*) FROM deals) + (SELECT count(*) FROM leads) + (SELECT count(*) FROM persons) + (SELECT count(*) FROM organizations) + (SELECT count(*) FROM activities)")"
check "the search index is merged into one segment" test \
    "$(sql "SELECT count(DISTINCT segid) FROM search_idx")" = 1
run doctor
expect_code "pipe doctor on the upgraded 3,000 deals" 0
finish
