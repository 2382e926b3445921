#!/usr/bin/env bash
# Import and export of organizations and people (--type orgs|persons) from the other CRMs'
# exports; deal and lead imports linking or making them by the rule `deal add --org` uses,
# counted by --dry-run, taken back by pipe undo and pipe import undo; round trips, and the
# whole-book archive keeping them and their links. Bad input leaves the book unchanged.
source "$(dirname "$0")/lib.sh"
cd "$TMP"

# book_dump (lib.sh): the book without the journal's own tables, id counters and meta.
# The same without the batch list (an import undo marks its batch undone and keeps it).
records_dump() { book_dump | grep -v '^INSERT INTO import_batches '; }

run deal add Seed --value 1
expect_code "a book with a deal" 0

# --- Organizations: Pipedrive's layout, detected from its headers; dedupe by name. ---
cat >orgs.csv <<'EOF'
Organization - ID,Organization - Name,Organization - Address,Organization - Labels,Organization - Owner
11,Acme GmbH,Main St 1,vip,Ann
12, acme  gmbh ,Other St 2,,Ann
13,Beta AG,,,Bob
EOF
before=$(db_hash)
run import orgs.csv --dry-run
expect_code "orgs dry run" 0
expect_out "orgs dry run: type from the Organization - headers" "orgs.csv: 3 rows: 2 new, 0 updated, 1 unchanged (organizations)"
expect_out "orgs dry run: the address column" "Organization - Address  → address"
expect_out "orgs dry run: an unknown column is kept in the notes" "unknown column (kept in notes): Organization - Owner"
check "orgs dry run: the book unchanged" test "$(db_hash)" = "$before"
run import orgs.csv
expect_code "orgs import" 0
expect_err "orgs import: a name twice (case and spaces aside) is one organization" "orgs.csv: 3 rows: 2 new, 0 updated, 1 unchanged (batch 1)"
expect_equal "orgs: fields from Pipedrive's columns" \
    "$(sql "SELECT name, address, tags, external_id, notes FROM organizations ORDER BY id")" \
    "Acme GmbH|Main St 1|;vip;|11|Organization - Owner: Ann
Beta AG|||13|Organization - Owner: Bob"
run import orgs.csv
expect_err "orgs re-import changes nothing" "orgs.csv: 3 rows: 0 new, 0 updated, 3 unchanged"
expect_equal "orgs re-import makes no second one" "$(sql 'SELECT count(*) FROM organizations')" 2
run search "beta"
expect_out "search finds an imported organization by name" "Beta AG"
# A row naming an organization already there only fills what it lacks.
printf 'name,domain,address\nACME GMBH,acme.com,Elsewhere 9\n' >acme-domain.csv
run import acme-domain.csv --type orgs
expect_err "a name match fills what the organization lacks" "acme-domain.csv: 1 row: 0 new, 1 updated, 0 unchanged"
expect_equal "the domain filled, the address kept" "$(sql "SELECT name, domain, address FROM organizations WHERE id = 1")" "Acme GmbH|acme.com|Main St 1"
run import acme-domain.csv --type orgs
expect_err "and again changes nothing" "0 new, 0 updated, 1 unchanged"
run undo
expect_equal "pipe undo takes the filled field back" "$(sql "SELECT domain FROM organizations WHERE id = 1")" ""
run import list --json
expect_equal "the batch's type" "$(jq -r '.[0].type' <<<"$OUT")" "organizations"
# import undo of an organizations batch: an organization a later deal links to stays, listed.
printf 'name\nKept Org\nGone Org\n' >two-orgs.csv
run import two-orgs.csv --type orgs
run deal add Keeper --org "Kept Org" --value 1
run import undo
expect_err "import undo of organizations" "undid import batch"
expect_err "import undo of organizations: one removed" "1 removed, 0 restored"
expect_err "an organization a later deal links to is left alone, with the change" "· Kept Org  (changed by: pipe deal add Keeper"
expect_equal "the other is gone" "$(sql "SELECT group_concat(name) FROM organizations WHERE name IN ('Kept Org', 'Gone Org')")" "Kept Org"
run deal rm "$(sql "SELECT id FROM deals WHERE title = 'Keeper'")"
expect_code "the keeper deal removed" 0

# HubSpot companies and Salesforce accounts: detected from a domain or website column.
printf 'Record ID,Company Name,Company Domain Name,Phone Number\n501,Gamma Inc,https://www.gamma.io/,+1 555\n' >companies.csv
run import companies.csv
expect_err "HubSpot companies" "companies.csv: 1 row: 1 new"
expect_equal "HubSpot company fields" "$(sql "SELECT name, domain, phone, external_id FROM organizations WHERE name = 'Gamma Inc'")" "Gamma Inc|gamma.io|+1 555|501"
printf 'Id,Name,Website,Phone,BillingStreet\n001A,Delta Ltd,delta.co.uk,020 7946,1 Delta Road\n' >Account.csv
run import Account.csv
expect_err "Salesforce accounts" "Account.csv: 1 row: 1 new"
expect_equal "Salesforce account fields" "$(sql "SELECT domain, phone, address, external_id FROM organizations WHERE name = 'Delta Ltd'")" "delta.co.uk|020 7946|1 Delta Road|001A"

# --- People: HubSpot contacts (first + last name), the organization linked or made. ---
cat >contacts.csv <<'EOF'
Record ID,First Name,Last Name,Email,Phone Number,Company Name,Job Title
C1,Ann,Lee,ann@acme.com,+49 1,acme gmbh,CEO
C2,Bob,Ray,bob@newco.io,,NewCo,
C3,ann,lee,ann@acme.com,,,
EOF
before=$(db_hash)
run import contacts.csv --type people --dry-run
expect_out "people dry run" "contacts.csv: 3 rows: 2 new, 0 updated, 1 unchanged (persons)"
expect_out "people dry run: the organizations it would make" "would make 1 organization and 0 people"
expect_out "people dry run: first name" "First Name    → first_name"
check "people dry run: the book unchanged" test "$(db_hash)" = "$before"
undoable_before=$(book_dump)
run import contacts.csv --type persons
expect_err "people import" "contacts.csv: 3 rows: 2 new, 0 updated, 1 unchanged (batch "
expect_equal "people: fields, the organization linked by name or made" \
    "$(sql "SELECT p.name, p.emails, p.phones, p.title, p.external_id, o.name, p.organization FROM persons p JOIN organizations o ON o.id = p.organization_id ORDER BY p.id")" \
    "Ann Lee|;ann@acme.com;|;+49 1;|CEO|C1|Acme GmbH|Acme GmbH
Bob Ray|;bob@newco.io;|||C2|NewCo|NewCo"
run import contacts.csv --type persons
expect_err "people re-import changes nothing" "0 new, 0 updated, 3 unchanged"
run undo
expect_code "undo of a people import" 0
check "undo of a people import: the book as before (NewCo too)" test "$(book_dump)" = "$undoable_before"
run import contacts.csv --type persons -q
expect_code "people imported again" 0

# Salesforce contacts and Pipedrive people.
printf 'Id,FirstName,LastName,Email,Title,Account Name\n003X,Cleo,Park,cleo@delta.co.uk,CTO,Delta Ltd\n' >Contact.csv
run import Contact.csv --type persons
expect_err "Salesforce contacts" "Contact.csv: 1 row: 1 new"
expect_equal "Salesforce contact fields" "$(sql "SELECT p.name, p.title, o.name FROM persons p JOIN organizations o ON o.id = p.organization_id WHERE p.external_id = '003X'")" "Cleo Park|CTO|Delta Ltd"
printf 'Person - ID,Person - Name,Person - Email - Work,Person - Phone - Work,Person - Organization\n77,Dan Ito,dan@beta.ag,+41 2,Beta AG\n' >people.csv
run import people.csv --type persons
expect_err "Pipedrive people" "people.csv: 1 row: 1 new"
expect_equal "Pipedrive person fields" "$(sql "SELECT p.emails, p.phones, o.name FROM persons p JOIN organizations o ON o.id = p.organization_id WHERE p.external_id = '77'")" ";dan@beta.ag;|;+41 2;|Beta AG"
run import people.csv
expect_err "a Person - file without --type is still leads (as before)" "(batch"
expect_equal "the Pipedrive lead is linked to the person there" "$(sql "SELECT p.external_id FROM leads l JOIN persons p ON p.id = l.person_id")" "77"

# JSON and NDJSON, a BOM, and a latin1 file.
printf '[{"name": "Json Co", "domain": "json.co", "tags": ["a", "b"]}]' >orgs.json
run import orgs.json --type orgs
expect_equal "JSON organizations, tags from an array" "$(sql "SELECT domain, tags FROM organizations WHERE name = 'Json Co'")" "json.co|;a;b;"
printf '{"name": "Nd Person", "emails": "nd@x.io", "organization": "Json Co"}\n' >people.ndjson
run import people.ndjson --type persons
expect_equal "NDJSON people" "$(sql "SELECT o.name FROM persons p JOIN organizations o ON o.id = p.organization_id WHERE p.name = 'Nd Person'")" "Json Co"
printf '\xef\xbb\xbfname,address\nBom GmbH,\xc3\x9cberweg 3\n' >bom.csv
run import bom.csv --type orgs
expect_equal "a BOM is skipped" "$(sql "SELECT address FROM organizations WHERE name = 'Bom GmbH'")" "Überweg 3"
printf 'name,address\nLatin SA,Rue \xe9t\xe9\n' >latin.csv
run import latin.csv --type orgs --encoding latin1
expect_equal "--encoding latin1" "$(sql "SELECT address FROM organizations WHERE name = 'Latin SA'")" "Rue été"

# --- Bad input: every row's problem listed, nothing written; --skip-invalid. ---
printf 'name,emails\n,a@b.c\nEve,not-an-email\nFay,fay@x.io\n' >bad-people.csv
before=$(db_hash)
run import bad-people.csv --type persons
expect_code "bad people" 1
expect_err "a person without a name" "bad-people.csv:2: column 'name': value '': a person needs a name"
expect_err "an email without @" "bad-people.csv:3: column 'emails': value 'not-an-email': 'not-an-email' is not an email address"
check "bad people: the book unchanged" test "$(db_hash)" = "$before"
fails_cleanly "an organization without a name" 1 "orgs-bad.csv:2: column 'name': value '': an organization needs a name" \
    import "$(printf 'name,domain\n,x.io\n' >orgs-bad.csv; echo orgs-bad.csv)" --type orgs
fails_cleanly "a domain that is no domain" 1 "is not a web domain" \
    import "$(printf 'name,domain\nBad Dom,a b@c\n' >dom-bad.csv; echo dom-bad.csv)" --type orgs
fails_cleanly "no name column" 1 "no column has a person's name" \
    import "$(printf 'emails,title\na@b.c,CEO\n' >noname.csv; echo noname.csv)" --type persons
fails_cleanly "an unknown type" 2 "unknown type 'companies'" import orgs.csv --type companies
fails_cleanly "an external id twice" 1 "the external id is also on line 2 of this file" \
    import "$(printf 'id,name\nX9,One\nX9,Two\n' >twice.csv; echo twice.csv)" --type orgs
run import bad-people.csv --type persons --skip-invalid rejects.csv
expect_code "--skip-invalid" 0
expect_err "--skip-invalid imports the good row" "bad-people.csv: 3 rows: 1 new, 0 updated, 0 unchanged, 2 invalid"
check "--skip-invalid writes the bad rows" test "$(wc -l <rejects.csv)" = 3

# --- Deals link or make organizations and people; dry run counts; undo takes them back. ---
cat >deals.csv <<'EOF'
Deal - ID,Deal - Title,Deal - Value,Deal - Stage,Organization - Name,Person - Name,Person - Email
D1,Deal one,100,Prospecting,ACME GMBH,Ann Lee,ann@acme.com
D2,Deal two,200,Prospecting,Zeta AG,Zed Zee,zed@zeta.ch
D3,Deal three,300,Prospecting,Zeta AG,,
D4,Deal four,400,Prospecting,,New Person,new@person.io
EOF
before=$(db_hash)
run import deals.csv --dry-run
expect_out "deals dry run: what linking would make and reuse" \
    "would make 1 organization and 2 people; 1 row links to ones already in the book"
check "deals dry run: the book unchanged" test "$(db_hash)" = "$before"
deals_before=$(book_dump)
run import deals.csv
expect_code "deals import" 0
expect_err "deals import says what linking made" "made 1 organization and 2 people; 1 row linked to ones already in the book"
expect_equal "deals linked to the organizations and people" \
    "$(sql "SELECT d.external_id, coalesce(o.name, '-'), coalesce(p.name, '-'), d.organization FROM deals d LEFT JOIN organizations o ON o.id = d.organization_id LEFT JOIN persons p ON p.id = d.contact_id WHERE d.external_id IS NOT NULL ORDER BY d.id")" \
    "D1|Acme GmbH|Ann Lee|Acme GmbH
D2|Zeta AG|Zed Zee|Zeta AG
D3|Zeta AG|-|Zeta AG
D4|-|New Person|"
expect_equal "one Zeta AG" "$(sql "SELECT count(*) FROM organizations WHERE name = 'Zeta AG'")" 1
expect_equal "the new person is of the deal's organization, with the email" \
    "$(sql "SELECT o.name, p.emails FROM persons p JOIN organizations o ON o.id = p.organization_id WHERE p.name = 'Zed Zee'")" "Zeta AG|;zed@zeta.ch;"
run search zeta
expect_out "search finds an organization a deal import made" "org "
run import deals.csv
expect_err "deals re-import changes nothing" "4 rows: 0 new, 0 updated, 4 unchanged"
run undo
expect_code "pipe undo of the deals import" 0
check "pipe undo takes back the deals and what linking made" test "$(book_dump)" = "$deals_before"
run import deals.csv -q
run import undo
expect_code "import undo" 0
expect_err "import undo counts what linking made" "(deals.csv): 4 removed, 0 restored (and 3 organizations and people it made)"
check "import undo takes back the deals and what linking made" test "$(records_dump)" = "$(grep -v '^INSERT INTO import_batches ' <<<"$deals_before")"

# An organization a batch made stays when a later change links to it.
run import deals.csv -q
run deal add Later --org "Zeta AG" --value 5
run import undo
expect_equal "import undo keeps the organization a later deal links to" "$(sql "SELECT count(*) FROM organizations WHERE name = 'Zeta AG'")" 1
expect_equal "and removes the people nothing links to" "$(sql "SELECT count(*) FROM persons WHERE name IN ('Zed Zee', 'New Person')")" 0
run doctor
expect_code "doctor is happy after import undo" 0

# A name several people have is no link, and no error: the deal imports with its text and a
# warning naming them, its organization linked.
run person add "Twin Name" --email twin1@x.io
run person add "Twin Name" --email twin2@x.io
printf 'title,organization,contact,email,value,stage\nTwins,Fresh Org,Twin Name,,1,Prospecting\nTwin one,,Twin Name,twin1@x.io,1,Prospecting\n' >twins.csv
run import twins.csv
expect_code "an ambiguous contact" 0
expect_err "an ambiguous contact is a warning naming them" \
    "twins.csv:2: column 'contact': value 'Twin Name': person \"Twin Name\" matches 2 people: "
expect_err "and saying what happens" "the deal is imported without that link"
expect_equal "the deal keeps its contact's text, unlinked, its organization linked" \
    "$(sql "SELECT d.contact, coalesce(d.contact_id, '-'), o.name FROM deals d JOIN organizations o ON o.id = d.organization_id WHERE d.title = 'Twins'")" \
    "Twin Name|-|Fresh Org"
expect_equal "the deal's email tells the namesakes apart" \
    "$(sql "SELECT p.emails FROM deals d JOIN persons p ON p.id = d.contact_id WHERE d.title = 'Twin one'")" ";twin1@x.io;"

# In a people file the person is the record: a name two people have (neither of the row's
# organization nor with its email) is the row's error, and the organization it named is not
# made.
run person add "Dup Name"
run person add "Dup Name"
printf 'name,organization\nDup Name,Dup Org\nSolo Name,Solo Org\n' >dups.csv
before=$(db_hash)
run import dups.csv --type persons
expect_code "an ambiguous person" 1
expect_err "an ambiguous person is the row's error" "dups.csv:2: column 'name': value 'Dup Name': person \"Dup Name\" matches 2 people"
check "an ambiguous person: the book unchanged" test "$(db_hash)" = "$before"
run import dups.csv --type persons --skip-invalid dup-rejects.csv
expect_err "--skip-invalid imports the other row" "dups.csv: 2 rows: 1 new, 0 updated, 0 unchanged, 1 invalid"
expect_equal "the rejected row's organization is not made" \
    "$(sql "SELECT group_concat(name) FROM organizations WHERE name IN ('Dup Org', 'Solo Org')")" "Solo Org"

# Leads link their organization and person.
printf 'name,organization,email,status\nLia Lead,Lead Org,lia@lead.org,new\n' >leads.csv
run import leads.csv --type leads
expect_equal "a lead's person and organization" \
    "$(sql "SELECT p.name, p.emails, o.name FROM leads l JOIN persons p ON p.id = l.person_id JOIN organizations o ON o.id = l.organization_id WHERE l.name = 'Lia Lead'")" \
    "Lia Lead|;lia@lead.org;|Lead Org"

# --- Exports and round trips: export → import into an empty book → the same export. ---
for format in csv tsv json ndjson; do
    for type in orgs persons deals; do
        "$PIPE" export --type $type --format $format -o "one-$type.$format" 2>/dev/null
    done
    for type in orgs persons deals; do
        PIPE_DB=$TMP/copy-$format.db "$PIPE" import --type $type "one-$type.$format" 2>"$TMP/stderr" ||
            cat "$TMP/stderr"
        PIPE_DB=$TMP/copy-$format.db "$PIPE" export --type $type --format $format -o "two-$type.$format" 2>/dev/null
        check "$type round trip in $format" cmp -s "one-$type.$format" "two-$type.$format"
    done
done
run export --type orgs
expect_out "orgs export header" "external_id,name,domain,phone,address,tags,notes,created_at"
expect_out "an organization without an external id is exported with this book's id" ":organization:"
run export --type persons --format json
expect_equal "persons export is JSON with email lists" "$(jq -r '.[0].emails | type' <<<"$OUT")" array
expect_equal "the round trip keeps the links" \
    "$(PIPE_DB=$TMP/copy-csv.db sqlite3 "$TMP/copy-csv.db" "SELECT count(*) FROM deals WHERE organization_id IS NOT NULL")" \
    "$(sql "SELECT count(*) FROM deals WHERE organization_id IS NOT NULL")"
# Re-importing the book's own export finds every record again.
run import one-orgs.csv --type orgs
expect_err "re-importing the book's own organizations changes nothing" "0 new, 0 updated"

# --- The whole-book archive keeps organizations, people and the people on deals. ---
run deal edit "$(sql "SELECT id FROM deals WHERE title = 'Later'")" --add-person "Bob Ray" --role champion
expect_code "a person on a deal with a role" 0
run export --all -o book.json
expect_code "archive" 0
PIPE_DB=$TMP/restored.db "$PIPE" import book.json 2>/dev/null
for table in organizations persons deal_people; do
    expect_equal "the archive keeps $table" \
        "$(sqlite3 "$TMP/restored.db" "SELECT * FROM $table ORDER BY 1, 2")" "$(sql "SELECT * FROM $table ORDER BY 1, 2")"
done
expect_equal "the archive keeps the deals' links" \
    "$(sqlite3 "$TMP/restored.db" "SELECT id, organization_id, contact_id FROM deals ORDER BY id")" \
    "$(sql "SELECT id, organization_id, contact_id FROM deals ORDER BY id")"

finish
