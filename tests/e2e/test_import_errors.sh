#!/usr/bin/env bash
# pipe import on bad input: each case fails with one clear line, the right exit code, and the
# database byte-for-byte as before.
source "$(dirname "$0")/lib.sh"

run deal add "Seed deal" --value 100
expect_code "seed" 0
cd "$TMP"

printf 'title,value\n"Acme,10\nBeta,20\n' >unclosed.csv
fails_cleanly "unclosed quote" 1 "unclosed.csv:2: a quoted field is never closed" import unclosed.csv

printf 'title,value\nAc"me,10\n' >stray.csv
fails_cleanly "quote inside an unquoted field" 1 \
    "stray.csv:2: column 'title': value 'Ac\"me': a quote inside an unquoted field" import stray.csv

printf 'title,value\n"Acme"x,10\n' >after.csv
fails_cleanly "text after a closing quote" 1 \
    "after.csv:2: column 'title': value 'Acmex': text after the closing quote" import after.csv

printf 'title,value\nAcme,10,3\n' >count.csv
fails_cleanly "wrong column count" 1 "count.csv:2: has 3 fields, the header has 2" import count.csv

printf 'title,value\nAcm\xe9,10\n' >latin1.csv
fails_cleanly "invalid UTF-8" 1 \
    "latin1.csv:2: column 'title': value 'Acm\\xE9': invalid UTF-8 (byte 0xE9)" import latin1.csv

printf 'title,value\nAcme,ten\n' >money.csv
fails_cleanly "bad money" 1 "money.csv:2: column 'value': value 'ten': not an amount" import money.csv

printf 'title,value\nAcme,-5\n' >negative.csv
fails_cleanly "negative value" 1 "negative.csv:2: column 'value': value '-5': a deal's value is 0 or more" \
    import negative.csv

printf 'title,created_at\nAcme,2026-13-01\n' >date.csv
fails_cleanly "bad date" 1 "date.csv:2: column 'created_at': value '2026-13-01': not a date" import date.csv

printf 'title,created_at\nAcme,31/12/2025\n' >format.csv
fails_cleanly "date not in --date-format" 1 \
    "format.csv:2: column 'created_at': value '31/12/2025': not a date in the format '%m/%d/%Y'" \
    import format.csv --date-format '%m/%d/%Y'

printf 'title,stage\nAcme,Nowhere\n' >stage.csv
fails_cleanly "unknown stage" 1 \
    "stage.csv:2: column 'stage': value 'Nowhere': unknown stage in pipeline sales" import stage.csv

printf 'title,stage\nAcme,Won\n' >closing.csv
fails_cleanly "won deal without a closing date" 1 \
    "closing.csv:2: a won deal needs its closing date" import closing.csv

: >empty.csv
fails_cleanly "empty file" 1 "pipe: empty.csv is empty" import empty.csv

printf '\xef\xbb\xbf\r\n' >bom-only.csv
fails_cleanly "only a BOM and a blank line" 1 "bom-only.csv is empty" import bom-only.csv

printf 'title,value\r\n' >header.csv
fails_cleanly "header only" 1 "pipe: header.csv: no rows after the header" import header.csv

printf 'external_id,title\nA1,One\nA2,Two\nA1,Three\n' >dup.csv
fails_cleanly "duplicate external id in one file" 1 \
    "dup.csv:4: column 'external_id': value 'A1': the external id is also on line 2 of this file" \
    import dup.csv

printf '[{"title": "A"},\n {"title": "B" "value": 2}]\n' >bad.json
fails_cleanly "malformed JSON" 1 "bad.json:2: not valid JSON" import bad.json

printf '[{"title": "A"}\n' >open.json
fails_cleanly "unclosed JSON array" 1 "open.json:2: the JSON array is never closed" import open.json

printf '{"title": "A"}\nnot json\n' >bad.ndjson
fails_cleanly "malformed NDJSON line" 1 "bad.ndjson:2: not valid JSON" import bad.ndjson

# Found by tests/fuzz/fuzz_reader: a number beyond a double aborted pipe.
printf '[{"title": "A", "value": 1e999}]\n' >huge.json
fails_cleanly "a number too large in JSON" 1 "huge.json:1: not valid JSON: number overflow parsing '1e999'" \
    import huge.json
printf '{"title": "A", "value": 1e999}\n' >huge.ndjson
fails_cleanly "a number too large in NDJSON" 1 "huge.ndjson:1: not valid JSON: number overflow" import huge.ndjson

# Found in review (issue 13): a value nested 70,000 deep overflowed the stack (SIGSEGV).
{ printf '{"title": "Deep", "notes": '; head -c 70000 /dev/zero | tr '\0' '['
  head -c 70000 /dev/zero | tr '\0' ']'; printf '}\n'; } >deep.ndjson
fails_cleanly "a record nested 70,000 deep in NDJSON" 1 \
    "deep.ndjson:1: a value nested more than 32 levels deep (pipe reads at most 32 levels of {} and []); flatten it" \
    import deep.ndjson
{ printf '[\n{"title": "Fine"},\n'; sed 's/$/]/' deep.ndjson; } >deep.json
fails_cleanly "a record nested 70,000 deep in a JSON array" 1 "deep.json:3: a value nested more than 32 levels deep" \
    import deep.json
run import deep.json --skip-invalid deep-rejects.csv
expect_code "--skip-invalid with a record nested too deep" 0
expect_err "--skip-invalid with a record nested too deep" "1 new, 0 updated, 0 unchanged, 1 invalid"
run deal list --json
check "the deal beside it imported" test "$(jq -r '.[-1].title' <<<"$OUT")" = Fine

# Times that an offset or the local zone would carry out of the years 0000-9999 in UTC.
printf 'title,created_at\nLate,9999-12-31T23:59-23:59\n' >late.csv
fails_cleanly "a created_at past the year 9999 in UTC" 1 \
    "late.csv:2: column 'created_at': value '9999-12-31T23:59-23:59': time out of range" import late.csv
printf 'title,created_at\nEarly,0000-01-01T00:00+01:00\n' >early.csv
fails_cleanly "a created_at before the year 0000 in UTC" 1 "is in the year -1 in UTC" import early.csv
printf 'title,created_at\nLast,31.12.9999 23:30\n' >format-late.csv
TZ=America/New_York fails_cleanly "--date-format past the year 9999 in UTC" 1 \
    "format-late.csv:2: column 'created_at': value '31.12.9999 23:30': time out of range" \
    import format-late.csv --date-format '%d.%m.%Y %H:%M'
PIPE_NOW=9999-12-31T23:59-23:59 fails_cleanly "PIPE_NOW past the year 9999 in UTC" 1 \
    "pipe: PIPE_NOW: time out of range: '9999-12-31T23:59-23:59' is in the year 10000 in UTC" deal add X

printf '[]\n' >none.json
fails_cleanly "empty JSON array" 1 "none.json: no rows" import none.json

fails_cleanly "missing file" 1 "pipe: missing.csv not found" import missing.csv
fails_cleanly "unknown type" 2 "unknown type 'things'" import --type things money.csv
fails_cleanly "unknown format" 2 "unknown format 'xls'" import --format xls money.csv
fails_cleanly "no format from the name" 2 "cannot tell the format of notes.txt" import notes.txt
fails_cleanly "--map to a missing column" 2 "--map value=Amount: no column 'Amount'" \
    import --map value=Amount money.csv
fails_cleanly "--map of an unknown field" 2 "unknown deals field 'colour'" \
    import --map colour=title money.csv
fails_cleanly "--default of an unknown field" 2 "unknown deals field 'colour'" \
    import --default colour=red money.csv
fails_cleanly "--on-duplicate value" 2 "--on-duplicate 'merge' is not an option" \
    import --on-duplicate merge money.csv

# Several bad rows: every one listed as FILE:LINE: ..., then one summary line; nothing written.
printf 'title,value\nA,x\nB,10\nC,y\n' >multi.csv
before=$(db_hash)
run import multi.csv
expect_code "several bad rows" 1
expect_err "several bad rows: the same problem is one line with the count, values and lines" \
    "multi.csv: column 'value': 2 rows: not an amount (e.g. 12500, 12,500.50, 12.5k): 'x', 'y' (lines 2, 4)"
expect_err "several bad rows" "pipe: 2 invalid rows in multi.csv, nothing imported"
check "several bad rows: database unchanged" test "$(db_hash)" = "$before"

# Many rows with the same problem: one line, the count, the first distinct values and lines.
{
    echo "title,value"
    for i in $(seq 1 3632); do echo "T$i,\"$((i % 7 + 10)),700.00X\""; done
} >many.csv
run import many.csv
expect_code "3,632 bad rows" 1
expect_err "3,632 bad rows: one line" \
    "many.csv: column 'value': 3,632 rows: not an amount (e.g. 12500, 12,500.50, 12.5k): '11,700.00X', '12,700.00X', '13,700.00X', … (lines 2, 3, 4, 5, 6, …)"
check "3,632 bad rows: one line for them all" test "$(grep -c '^many.csv' "$TMP/stderr")" = 1
expect_err "3,632 bad rows" "pipe: 3632 invalid rows in many.csv, nothing imported"
# Different problems: one line each, and a row's every problem, not only its first.
printf 'title,value,probability,expected_close\nA,x,200,2026-13-45\nB,y,300,\n' >kinds.csv
run import kinds.csv
expect_err "a row's every problem: value" "kinds.csv: column 'value': 2 rows: not an amount (e.g. 12500, 12,500.50, 12.5k): 'x', 'y' (lines 2, 3)"
expect_err "a row's every problem: probability" "kinds.csv: column 'probability': 2 rows: a probability is a number from 0 to 100 (or a fraction 0 to 1): '200', '300' (lines 2, 3)"
expect_err "a row's every problem: date" "kinds.csv:2: column 'expected_close': value '2026-13-45': not a date"

# --skip-invalid imports the good rows and writes the bad ones with a reason.
run import undo
run import multi.csv --skip-invalid rejects.csv
expect_code "--skip-invalid" 0
expect_err "--skip-invalid" "1 new, 0 updated, 0 unchanged, 2 invalid"
expect_equal "--skip-invalid rejects header" "$(head -1 rejects.csv)" "title,value,reason"
expect_equal "--skip-invalid rejects rows" "$(sed -n 2p rejects.csv)" \
    "A,x,\"line 2: column 'value': value 'x': not an amount: 'x' (e.g. 12500, 12,500.50, 12.5k)\""
expect_equal "--skip-invalid: good row imported" "$(sql "SELECT count(*) FROM deals WHERE title = 'B'")" 1

# --dry-run with errors reports and writes nothing.
before=$(db_hash)
run import money.csv --dry-run
expect_code "--dry-run with a bad row" 1
expect_err "--dry-run with a bad row" "dry run: nothing imported"
check "--dry-run: database unchanged" test "$(db_hash)" = "$before"

finish
