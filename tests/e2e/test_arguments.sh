#!/usr/bin/env bash
# Arguments as a shell script passes them: text that is not UTF-8 is refused before anything is
# written, in every kind of write command (so --json keeps working on the book); file names may
# be any bytes; whole numbers are plain decimal digits.
source "$(dirname "$0")/lib.sh"

run deal add "Acme rollout" --value 12,500
run lead add "Ann Example" --org Initech
printf 'title,value\nImported,10\n' >"$TMP/deals.csv"
run import "$TMP/deals.csv"
expect_code "a book to work on" 0

bad=$'M\xfcller' # Latin-1, as a script saved in the wrong encoding passes it
# refused ARGS...: exit 2, a one-line message naming the argument, the database unchanged.
refused() { fails_cleanly "pipe $*" 2 "is not valid UTF-8 (write it in UTF-8" "$@"; }
refused deal add "$bad"
refused deal add X --org "$bad"
refused deal add X --contact "$bad" --value 1
refused deal add X --tag ok --tag "$bad"
refused deal add X --stage "$bad"
refused deal add X --currency "$bad"
refused deal edit 1 --notes "$bad"
refused deal edit 1 --email "$bad"
refused deal move 1 "$bad"
refused deal move 1 Meeting --note "$bad"
refused deal won 1 --value "$bad"
refused deal lost 1 --reason "$bad"
refused deal reopen 1 --stage "$bad"
refused deal next 1 "Call $bad" --due fri
refused deal next 1 "Call" --due "$bad"
refused deal log 1 note "$bad"
refused deal log 1 call "rang" --at "$bad"
refused deal rm "1$bad"
refused lead add "$bad"
refused lead add Bob --source "$bad"
refused lead edit 1 --org "$bad"
refused lead qualify 1 --budget "$bad"
refused lead convert 1 --title "$bad"
refused lead drop 1 --reason "$bad"
refused lead log 1 call "$bad"
refused lead rm "$bad"
refused stages rename "Old $bad" Meeting
refused import "$TMP/deals.csv" --map "title=$bad"
refused import "$TMP/deals.csv" --default "source=$bad"
refused import "$TMP/deals.csv" --stage-map "Old=$bad"
refused import "$TMP/deals.csv" --date-format "%d.%m.%Y$bad"
refused import "$TMP/deals.csv" --type "$bad"
refused import undo "$bad"
refused --color "$bad" init
refused --format "$bad" deal add X
fails_cleanly "the message names the argument and shows the bytes" 2 \
    "pipe: --org: 'M\\xFCller' is not valid UTF-8 (write it in UTF-8; check the encoding of the terminal or script)" \
    deal add X --org "$bad"
fails_cleanly "a positional is named too" 2 "pipe: argument title: 'M\\xFCller' is not valid UTF-8" \
    deal add "$bad"
for read in "deal list --status all" "lead list --status all" "deal show 1" "lead show 1" \
    "import list" "review" "agenda" "forecast" "stages"; do
    run $read --json
    expect_code "$read --json after the refused arguments" 0
    check "$read --json prints JSON" jq -e . <<<"$OUT" >/dev/null
done
check "nothing of them was stored" test "$(sql "SELECT count(*) FROM deals")" = 2

# The environment: PIPE_NOW is text too.
PIPE_NOW=$'2026-03-02T09:00\xff' fails_cleanly "PIPE_NOW not UTF-8" 1 \
    "pipe: PIPE_NOW: '2026-03-02T09:00\\xFF' is not valid UTF-8 (e.g. PIPE_NOW=2026-03-02T09:00:00)" \
    deal add X

# File names may be any bytes (a Linux path is): they are never refused for it.
odd=$TMP/$'caf\xe9'
PIPE_DB=$odd.db run deal add "In an odd database"
expect_code "--db / PIPE_DB named in Latin-1" 0
run --db "$odd.db" deal list --json
expect_code "--db named in Latin-1" 0
check "... finds the deal" test "$(jq -r '.[0].title' <<<"$OUT")" = "In an odd database"
cp "$TMP/deals.csv" "$odd.csv"
printf 'title,value\nBad,ten\n' >>"$odd.csv"
run import "$odd.csv" --skip-invalid "$odd-rejects.csv"
expect_code "import of a file named in Latin-1" 0
check "its rejects go to a file named in Latin-1" test -s "$odd-rejects.csv"
run import list --json
expect_code "import list --json after an odd file name" 0
check "the batch names the file, undecodable bytes as \\xNN" \
    test "$(jq -r '.[0].source' <<<"$OUT")" = "$TMP/caf\\xE9.csv"
run export -o "$odd-export.csv"
expect_code "export -o named in Latin-1" 0
check "export wrote it" test -s "$odd-export.csv"
run backup "$odd-backup.db"
expect_code "backup named in Latin-1" 0
cp "$PIPE_SOURCE_DIR/examples/stages-freelance.toml" "$odd.toml"
run --stages "$odd.toml" stages --check --json
expect_code "--stages named in Latin-1, --json" 0
check "the source is shown with \\xNN" test "$(jq -r .source <<<"$OUT")" = "$TMP/caf\\xE9.toml"
XDG_CONFIG_HOME=$odd-config run init --json
expect_code "init --json with a config folder named in Latin-1" 0
check "init --json prints JSON" jq -e . <<<"$OUT" >/dev/null

# Whole numbers are plain decimal: 010 is ten (not eight, as CLI11 read it), 0x10 is an error.
for i in $(seq 1 12); do run deal add "Deal $i" --value 1; done
run deal list --limit 010 --json
expect_code "--limit 010" 0
check "--limit 010 shows ten deals" test "$(jq length <<<"$OUT")" = 10
for i in $(seq 1 12); do run lead add "Lead $i"; done
run lead list --limit 010 --json
check "lead list --limit 010 shows ten leads" test "$(jq length <<<"$OUT")" = 10
run forecast --months 010 --json
expect_code "forecast --months 010" 0
check "forecast --months 010 has ten months" test "$(jq '.blocks[0].rows | length' <<<"$OUT")" = 10
run forecast --quarters 010 --json
check "forecast --quarters 010 has ten quarters" test "$(jq '.blocks[0].rows | length' <<<"$OUT")" = 10
fails_cleanly "import undo 010 is batch ten" 1 "batch 10" import undo 010
nondecimal() { fails_cleanly "pipe $*" 2 "is not a plain decimal number (write digits 0-9 only, e.g. 10)" "$@"; }
for value in 0x10 0X1 +5 " 5" 1e3 -1 0b1 ""; do
    nondecimal deal list --limit "$value"
    nondecimal lead list --limit "$value"
    nondecimal agenda --days "$value"
    nondecimal agenda --limit "$value"
    nondecimal review --limit "$value"
    nondecimal forecast --months "$value"
    nondecimal forecast --quarters "$value"
    nondecimal import undo "$value"
done
fails_cleanly "the message names the option" 2 \
    "pipe: --limit: '0x10' is not a plain decimal number (write digits 0-9 only, e.g. 10)" \
    deal list --limit 0x10
finish
