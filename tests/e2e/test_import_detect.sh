#!/usr/bin/env bash
# What pipe import detects in another CRM's export, and every way that detection refuses a file:
# contradicting status columns, dates and amounts that read two ways, a currency symbol that
# is not the deal's, an unknown encoding, headers that do not say the type, a missing column.
# Each refusal names the columns and the option that settles it, and leaves the database as it
# was. Then: CRM imports are undone exactly, by pipe undo and by pipe import undo BATCH.
source "$(dirname "$0")/lib.sh"

run deal add "Seed deal" --value 100
expect_code "seed" 0
cd "$TMP"

# unchanged_after DESCRIPTION CODE MESSAGE ARGS...: the command fails with CODE, says MESSAGE
# on stderr (grouped errors take several lines), and the database is byte for byte as before.
unchanged_after() {
    local description=$1 code=$2 message=$3 before
    shift 3
    before=$(db_hash)
    run "$@"
    expect_code "$description" "$code"
    expect_err "$description" "$message"
    check "$description: database unchanged" test "$(db_hash)" = "$before"
}

# --- Status: its own field, decided with the stage; a row that contradicts itself. ---
printf 'Deal - Title,Deal - Stage,Deal - Status,Deal - Value\nA,Proposal,won,100\n' >won-open.csv
fails_cleanly "won in an open stage without a won time" 1 \
    "won-open.csv:2: columns 'Deal - Status' (won) and 'Deal - Stage' (Proposal, an open stage) disagree (a won deal in an open stage needs its won time)" \
    import won-open.csv
printf 'Name,StageName,Amount,CloseDate,IsClosed,IsWon\nA,Proposal,100,2024-01-01,0,1\n' >flags.csv
fails_cleanly "IsWon without IsClosed" 1 "flags.csv:2: columns 'IsWon' (won) and 'IsClosed' (not closed) disagree" \
    import flags.csv
printf 'Name,StageName,Amount,CloseDate,Status\nA,Won,100,2024-01-01,lost\n' >lost-won.csv
fails_cleanly "status lost in the won stage" 1 \
    "lost-won.csv:2: columns 'Status' (lost) and 'StageName' (Won, a won stage) disagree" import lost-won.csv
printf 'Name,Stage,Amount,Close Date,Status,Is Closed Won\nA,Won,100,2024-01-01,won,false\n' >status-flag.csv
fails_cleanly "status won, is closed won false" 1 \
    "status-flag.csv:2: columns 'Status' (won) and 'Is Closed Won' (not won) disagree" import status-flag.csv
printf 'Deal Name,Deal Stage,Amount,Close Date,Is Closed Won\nA,Won,100,2024-01-01,false\n' >stage-flag.csv
fails_cleanly "the won stage, is closed won false" 1 \
    "stage-flag.csv:2: columns 'Is Closed Won' (not won) and 'Deal Stage' (Won, a won stage) disagree" import stage-flag.csv
printf 'title,stage,value,lost_reason\nA,Proposal,100,Too expensive\n' >reason.csv
fails_cleanly "a lost reason on an open deal" 1 \
    "reason.csv:2: column 'lost_reason': value 'Too expensive': a lost reason on an open deal (stage Proposal)" \
    import reason.csv
printf 'Deal - Title,Deal - Stage,Deal - Status,Deal - Won time\nA,Proposal,open,2024-02-01 10:00\n' >won-time.csv
fails_cleanly "a won time on an open deal" 1 \
    "won-time.csv:2: column 'Deal - Won time': value '2024-02-01 10:00': a won time on an open deal (status 'Deal - Status')" \
    import won-time.csv
printf 'title,stage,status\nA,Proposal,maybe\n' >word.csv
fails_cleanly "a status that is no status" 1 "column 'status': value 'maybe': not a status (won, lost or open)" \
    import word.csv
# The status decides: won in an open stage with its won time is closed from that stage.
printf 'Deal - ID,Deal - Title,Deal - Stage,Deal - Status,Deal - Won time,Deal - Lost time\nP1,A,Proposal,won,2024-02-01 10:00,\nP2,B,Meeting,lost,,2024-02-03 10:00\nP3,C,Meeting,open,,\n' >status.csv
run import status.csv
expect_code "status column" 0
expect_equal "status column: won, lost and open" \
    "$(sql "SELECT group_concat(x, ' ') FROM (SELECT external_id || '=' || stage || '/' || status AS x FROM deals WHERE external_id LIKE 'P%' ORDER BY id)")" \
    "P1=Won/won P2=Lost/lost P3=Meeting/open"
expect_equal "status column: closed from the stage the file names" \
    "$(sql "SELECT group_concat(from_value, ' ') FROM (SELECT from_value FROM events e JOIN deals d ON d.id = e.deal_id WHERE d.external_id LIKE 'P%' AND kind IN ('won', 'lost') ORDER BY e.id)")" \
    "Proposal Meeting"
run import undo
expect_code "status column: undo" 0

# --- Dates: the day/month order settled per column, or an error naming the option. ---
printf 'title,created_at\nA,04/05/2021\nB,03/02/2021\n' >unsettled.csv
fails_cleanly "a date column that cannot be settled" 1 \
    "pipe: unsettled.csv: column 'created_at': every date reads both as day/month and as month/day (e.g. '04/05/2021') (say which with --date-format 'created_at=%d/%m/%Y' or --date-format 'created_at=%m/%d/%Y')" \
    import unsettled.csv
run import unsettled.csv --date-format 'CREATED_AT=%d/%m/%Y'
expect_code "--date-format COLUMN=FMT (any case)" 0
expect_equal "--date-format COLUMN=FMT: day first" \
    "$(sql "SELECT date(created_at, 'unixepoch') FROM deals WHERE title = 'A'")" "2021-05-04"
run import undo
run import unsettled.csv --date-format '%m/%d/%Y'
expect_equal "--date-format FMT for every column: month first" \
    "$(sql "SELECT date(created_at, 'unixepoch') FROM deals WHERE title = 'A'")" "2021-04-05"
run import undo
printf 'title,created_at,expected_close\nA,04/05/2021,04/05/2021\nB,03/02/2021,13/02/2021\n' >settles.csv
run import settles.csv --dry-run
expect_code "one column settled by a later value" 1
expect_err "the other column is not settled by it" "column 'created_at': every date reads both"
run import settles.csv --date-format created_at=%m/%d/%Y --dry-run
expect_code "each column its own order" 0
expect_out "the dry run shows the detected order" "day/month/year"
expect_out "the dry run shows the given format" "%m/%d/%Y (--date-format)"
printf 'title,created_at\nA,2024-01-22T16:14:25.000+0000\nB,2024-01-22T16:14:25Z\nC,2024-01-22T17:14:25+01:00\nD,2024-01-22 16:14:25\nE,"22 Jan, 2024 16:14:25"\nF,22.01.2024\n' >iso.csv
run import iso.csv
expect_code "dates as exported" 0
expect_equal "dates as exported: offsets, fractions, names, dots" \
    "$(sql "SELECT group_concat(x, ' ') FROM (SELECT title || '=' || datetime(created_at, 'unixepoch') AS x FROM deals WHERE id > 1 ORDER BY id)")" \
    "A=2024-01-22 16:14:25 B=2024-01-22 16:14:25 C=2024-01-22 16:14:25 D=2024-01-22 16:14:25 E=2024-01-22 16:14:25 F=2024-01-22 12:00:00"
run import undo

# --- Money: symbols and codes, the separator per column, never a silent guess. ---
printf 'title,value\nA,12.500\nB,1.200\n' >two-ways.csv
unchanged_after "amounts that read two ways" 1 \
    "two-ways.csv: column 'value': 2 rows: '12.500' reads two ways: 12.50 or 12500.00 (say which with --decimal-comma or --decimal-point): '12.500', '1.200' (lines 2, 3)" \
    import two-ways.csv
run import two-ways.csv --decimal-comma
expect_code "--decimal-comma" 0
expect_equal "--decimal-comma: thousands" "$(sql "SELECT group_concat(value, ' ') FROM (SELECT value FROM deals WHERE id > 1 ORDER BY id)")" \
    "1250000 120000"
run import undo
run import two-ways.csv --decimal-point
expect_equal "--decimal-point: decimals" "$(sql "SELECT group_concat(value, ' ') FROM (SELECT value FROM deals WHERE id > 1 ORDER BY id)")" \
    "1250 120"
run import undo
printf 'title,value\nA,12.500\nB,"1.200,50"\n' >settled.csv
run import settled.csv
expect_code "a column settled by another value" 0
expect_equal "settled: 12.500 is twelve thousand five hundred" \
    "$(sql "SELECT value FROM deals WHERE title = 'A'")" 1250000
run import undo
printf 'title,value,currency\nA,$22.700.00,USD\n' >mixed.csv
unchanged_after "not an amount with the column's separator" 1 "not an amount" import mixed.csv
printf 'title,value,currency\nA,$100,EUR\n' >symbol.csv
fails_cleanly "a symbol that contradicts the row's currency" 1 \
    "symbol.csv:2: column 'value': value '\$100': '\$' is USD but the deal's currency is EUR (column 'currency')" \
    import symbol.csv
printf 'title,value\nA,£100\n' >book-currency.csv
fails_cleanly "a symbol that contradicts the book's currency" 1 \
    "'£' is GBP but the deal's currency is EUR (the stage file; or --default currency=CODE)" import book-currency.csv
printf 'title,value\nA,USD 100\n' >code.csv
fails_cleanly "a code that contradicts the book's currency" 1 "'USD' is USD but the deal's currency is EUR" \
    import code.csv
printf 'title,value,currency\nA,"$22,700.00",USD\nB,EUR 1200,EUR\nD,1200 EUR,EUR\nE,$10,CAD\nF,US$ 5,USD\n' >symbols.csv
run import symbols.csv
expect_code "symbols and codes before and after" 0
expect_equal "symbols and codes: amounts and currencies" \
    "$(sql "SELECT group_concat(x, ' ') FROM (SELECT title || '=' || value || currency AS x FROM deals WHERE id > 1 ORDER BY id)")" \
    "A=2270000USD B=120000EUR D=120000EUR E=1000CAD F=500USD"
run import undo
printf 'title,value\nC,"1 200,50 €"\nG,"€1.200,50"\nH,1.200\n' >comma.csv
run import comma.csv
expect_code "a decimal comma, the symbol after or before" 0
expect_equal "a decimal comma: the column settled for its every value" \
    "$(sql "SELECT group_concat(x, ' ') FROM (SELECT title || '=' || value AS x FROM deals WHERE id > 1 ORDER BY id)")" \
    "C=120050 G=120050 H=120000"
run import undo
# Typed on the command line: the same rule.
fails_cleanly "a typed amount that reads two ways" 1 "pipe: value: '12.500' reads two ways: 12.5 or 12500" \
    deal add X --value 12.500

# --- Probabilities: a fraction or a percent; kept only where they differ from the stage's. ---
printf 'title,stage,probability\nA,Proposal,0.6\nB,Proposal,0.655\nC,Proposal,0.1\n' >fraction.csv
run import fraction.csv --dry-run
expect_out "fractions detected" "fraction of 1"
expect_out "the dry run counts deals with their own" "own probability: 2 deals (differing from their stage's)"
run import fraction.csv
expect_equal "fractions: 0.655 is 66%, 0.6 is the stage's" \
    "$(sql "SELECT group_concat(x, ' ') FROM (SELECT title || '=' || coalesce(probability, '-') AS x FROM deals WHERE id > 1 ORDER BY id)")" \
    "A=- B=66 C=10"
run import undo
run import fraction.csv --map probability=
expect_equal "--map probability= (empty): no deal's own probability" \
    "$(sql "SELECT count(probability) FROM deals WHERE title IN ('A','B','C')")" 0
expect_equal "--map probability= (empty): the column goes to notes like any unknown one" \
    "$(sql "SELECT notes FROM deals WHERE title = 'B'")" "probability: 0.655"
run import undo

# --- The file's shape: encodings, the type from the headers. ---
fails_cleanly "an unknown encoding" 2 "pipe: unknown encoding 'ebcdic' (use --encoding utf-8, utf-16, latin1 or cp1252)" \
    import two-ways.csv --encoding ebcdic
printf 'title,organization\nCaf\xe9,M\xfcller\n' >latin1.csv
fails_cleanly "latin-1 without --encoding is never guessed" 1 \
    "latin1.csv:2: column 'title': value 'Caf\\xE9': invalid UTF-8 (byte 0xE9)" import latin1.csv
printf 'Foo,Bar\n1,2\n' >unclear.csv
fails_cleanly "headers that name neither deals nor leads" 1 \
    "pipe: unclear.csv: the columns name neither deals nor leads (Foo, Bar) (say what the rows are with --type deals, leads, activities, events, orgs or persons)" \
    import unclear.csv
printf 'Deal Name,Amount,First Name,Last Name,Lead Status\nA,100,Ada,L,New\n' >both.csv
fails_cleanly "headers that name both" 1 "pipe: both.csv: the columns name both deals and leads" import both.csv
run import both.csv --type deals --dry-run
expect_code "--type settles it" 0
printf 'Lead ID,First Name,Last Name,Email,Lead Status\nL1,Ada,Lovelace,ada@x.example,New\n' >leads.csv
run import leads.csv
expect_code "a leads export is leads, never deals" 0
expect_equal "a leads export: no deal made" "$(sql "SELECT count(*) FROM deals")" 1
expect_equal "a leads export: the lead" "$(sql "SELECT name FROM leads WHERE external_id = 'L1'")" "Ada Lovelace"
run import undo

# --- Errors: a missing column names its --map; --map matches any case; nothing left exits 1. ---
printf 'external_id,when\nX,2024-01-01\n' >history.csv
fails_cleanly "a history file without a stage column" 1 \
    "pipe: history.csv: no column has the stage (events columns: external_id, when) (name the column with --map stage=COLUMN)" \
    import history.csv --type events
printf 'value\n100\n' >untitled.csv
fails_cleanly "a deals file without a title, organization or id" 1 \
    "no column has a deal's title (deals columns: value) (name the column with --map title=COLUMN)" \
    import untitled.csv --type deals
printf 'kind,at\ncall,2024-01-01\n' >activity.csv
fails_cleanly "an activities file without its deal or lead" 1 \
    "no column has the deal or lead (activities columns: kind, at) (name the column with --map deal_external_id=COLUMN)" \
    import activity.csv --type activities
run import untitled.csv --type deals --default title=Untitled --dry-run
expect_code "a --default fills the missing column" 0
printf 'Deal Name,Worth\nA,100\n' >case.csv
run import case.csv --map 'Title=DEAL NAME' --map value=WORTH
expect_code "--map column names in any case" 0
expect_equal "--map column names in any case: value" "$(sql "SELECT value FROM deals WHERE title = 'A'")" 10000
run import undo
printf 'title,value\nA,x\nB,y\n' >allbad.csv
unchanged_after "--skip-invalid that leaves nothing" 1 "pipe: every row of allbad.csv is invalid (2 rows), nothing imported" \
    import allbad.csv --skip-invalid rejects.csv
check "--skip-invalid that leaves nothing: no rejects file" test ! -e rejects.csv

# --- Every CRM import is undoable: pipe undo, and pipe import undo BATCH later on. ---
# lib.sh's book_dump without the batch list (an import undo marks its batch undone and keeps it).
records_dump() { book_dump | grep -v '^INSERT INTO import_batches '; }
cat >hub.csv <<'CSV'
Record ID,Deal Name,Pipeline,Deal Stage,Amount,Close Date,Create Date,Deal owner,Is Closed Won,Deal probability
H1,Acme,sales,Proposal,"$22,700.00",2024-03-31 00:00,2024-01-22 16:14,Jane Roe,false,0.9
H2,Globex,sales,Won,"$10,700.00",2024-02-15 10:30,2024-01-02 09:00,Jane Roe,true,1
CSV
before=$(records_dump)
run import hub.csv --default currency=USD
expect_code "CRM import to undo" 0
check "CRM import changed the book" test "$(records_dump)" != "$before"
run undo
expect_code "pipe undo of a CRM import" 0
check "pipe undo of a CRM import: the book as before" test "$(records_dump)" = "$before"
run import hub.csv --default currency=USD
batch=$(sql "SELECT max(id) FROM import_batches")
run deal add "Later deal" --value 5
expect_code "later work" 0
before_undo=$(sql "SELECT group_concat(title, ',') FROM deals ORDER BY id")
run import undo "$batch"
expect_code "pipe import undo BATCH of a CRM import" 0
expect_equal "pipe import undo BATCH: the batch's deals gone, later work kept" \
    "$(sql "SELECT group_concat(title, ',') FROM (SELECT title FROM deals ORDER BY id)")" "Seed deal,Later deal"
expect_equal "pipe import undo BATCH: their events and exits gone" \
    "$(sql "SELECT count(*) FROM events e LEFT JOIN deals d ON d.id = e.deal_id WHERE d.id IS NULL")" 0
run undo
expect_code "pipe undo of the import undo" 0
expect_equal "pipe undo of the import undo: the deals back" \
    "$(sql "SELECT group_concat(title, ',') FROM (SELECT title FROM deals ORDER BY id)")" "$before_undo"

finish
