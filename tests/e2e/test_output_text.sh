#!/usr/bin/env bash
# How text output reads: piped text is never cut (only a terminal's width cuts), counts take the
# right noun, deal list totals each status apart and shows when closed deals closed, mistyped
# commands, options and values get "did you mean", and the spreadsheet formula guard knows the
# full-width and small forms of = + - @.
source "$(dirname "$0")/lib.sh"

long="Catalogue relaunch for the northern region with a very long title that goes past eighty"
run deal add "$long" --value 1000 --org "An organization whose name is also far too long to fit"
for width in 40 80 120; do
    COLUMNS=$width run deal list
    expect_out "piped with COLUMNS=$width: the whole title" "$long"
    expect_no_out "piped with COLUMNS=$width: nothing cut" "…"
done
run deal list
check "piped: grep finds the end of a long title" grep -q "past eighty" "$TMP/stdout"
run lead add "A lead with a name long enough to be cut on a narrow terminal, surely" --org "X"
COLUMNS=40 run lead list
expect_out "piped lead list: the whole name" "to be cut on a narrow terminal, surely"
if COLUMNS=72 on_terminal deal list; then
    widest=$(python3 -c 'import sys; print(max(len(l) for l in sys.stdin.read().splitlines()))' <<<"$OUT")
    check "on a terminal: the table fits COLUMNS" test "$widest" -le 72
    expect_out "on a terminal: long cells are cut" "…"
fi

# Counts read right.
run deal list
expect_out "one open deal" "1 open deal · €1,000"
expect_no_out "not '1 open deals'" "1 open deals"
run lead list
expect_out "one lead" "1 lead"
expect_no_out "not '1 leads'" "1 leads"
run deal log 1 meeting "Kick-off"
run review
expect_out "review: one meeting" "1 meeting ·"
expect_out "review: zero calls" "0 calls"
expect_no_out "review: not '1 meetings'" "1 meetings"
expect_out "review: one deal" "1 deal "
run stages --check
expect_out "stages --check: one pipeline, seven stages" "ok (1 pipeline, 7 stages)"
printf 'title,value\nOne row,5\n' >"$TMP/one.csv"
run import "$TMP/one.csv" --dry-run
expect_out "import dry run: one row" "one.csv: 1 row: 1 new"
run import "$TMP/one.csv"
expect_err "import: one row" "one.csv: 1 row: 1 new"
printf 'title,value\nBad,x\nGood,1\n' >"$TMP/bad.csv"
run import "$TMP/bad.csv" --skip-invalid "$TMP/rejects.csv"
expect_err "import: one rejected row" "1 rejected row written to"
run export --type deals -o "$TMP/out.csv"
expect_err "export: counted deals" "exported 3 deals to"
run export --type activities -o "$TMP/acts.csv"
expect_err "export: one activity" "exported 1 activity to"
cat >"$TMP/renamed.toml" <<'TOML'
[[pipeline]]
name = "sales"
stages = [
  { name = "Start", probability = 10 },
  { name = "Won", kind = "won" },
  { name = "Lost", kind = "lost" },
]
TOML
run deal add "Only one" --value 5 --stage Qualification
run --stages "$TMP/renamed.toml" stages rename Qualification Start
expect_out "stages rename: one deal" "on 1 deal"
expect_no_out "stages rename: not '1 deals'" "1 deals"
run agenda --days 1 --json
expect_equal "agenda --days 1: the group of upcoming steps is tomorrow's" \
    "$(jq -r '.groups[] | select(.key == "upcoming") | .title' <<<"$OUT")" "Tomorrow"
run agenda --days 2 --json
expect_equal "agenda --days 2: the next two days" \
    "$(jq -r '.groups[] | select(.key == "upcoming") | .title' <<<"$OUT")" "Next 2 days"

# deal list --status all totals each status apart; a closed deal's Close is when it closed.
run deal add "Won one" --value 2000 --close 2026-06-30
won=$(sql "SELECT max(id) FROM deals")
at 2026-02-20T10:00:00 deal won "$won"
run deal add "Lost one" --value 300 --close 2026-07-31
lost=$(sql "SELECT max(id) FROM deals")
at 2026-02-25T10:00:00 deal lost "$lost" --reason price
run deal list --status all
expect_out "status all: totals per status" \
    "6 deals: 4 open €1,011 · weighted €101, 1 won €2,000, 1 lost €300"
check "status all: no figure adds open, won and lost together" lacks "$OUT" "€3,311"
check "won deal: Close shows when it was won" \
    test "$(awk -v id="$won" '$1 == id' <<<"$OUT" | grep -c '2026-02-20')" = 1
check "won deal: not its old expected close" lacks "$OUT" "2026-06-30"
check "lost deal: Close shows when it was lost" \
    test "$(awk -v id="$lost" '$1 == id' <<<"$OUT" | grep -c '2026-02-25')" = 1
run deal list --status won
expect_out "status won: one won deal" "1 won deal · €2,000"
run deal list --status all --limit 1
expect_out "status all, limited" "showing 1 of 6 deals: 4 open"

# Did you mean: commands, options and values at every level.
fails_cleanly "a mistyped verb" 2 "unknown command 'lsit' (did you mean list?" deal lsit
fails_cleanly "a mistyped group" 2 "unknown command 'dael' (did you mean deal?" dael list
fails_cleanly "a mistyped option" 2 "unknown option '--stauts' (did you mean --status?" \
    deal list --stauts open
fails_cleanly "a mistyped global option" 2 "unknown option '--jsno' (did you mean --json?" \
    deal list --jsno
fails_cleanly "a mistyped option with =" 2 "unknown option '--vlaue' (did you mean --value?" \
    deal add X --vlaue=3
fails_cleanly "a mistyped value" 2 "opne not in {open,won,lost,all} (did you mean open?" \
    deal list --status opne
fails_cleanly "a mistyped verb two levels down" 2 "unknown command 'renmae' (did you mean rename?" \
    stages renmae a b
fails_cleanly "nothing close: no guess" 2 "unknown command 'frobnicate' (pipe deal --help" \
    deal frobnicate

# The formula guard: full-width and small forms are guarded, and come off again on import.
export PIPE_DB=$TMP/guard.db
# ＝ ＋ － ＠ (U+FF1D, U+FF0B, U+FF0D, U+FF20) and ﹢ ﹣ ﹦ ﹫ (U+FE62, U+FE63, U+FE66, U+FE6B)
forms=($'\xef\xbc\x9d' $'\xef\xbc\x8b' $'\xef\xbc\x8d' $'\xef\xbc\xa0'
    $'\xef\xb9\xa2' $'\xef\xb9\xa3' $'\xef\xb9\xa6' $'\xef\xb9\xab')
for f in "${forms[@]}"; do
    run deal add "${f}HYPERLINK(\"http://x\")" --org "${f}1+2" --value 1
done
run deal add "'${forms[0]}already guarded" --value 1
for format in csv tsv; do
    run export --format "$format"
    for f in "${forms[@]}"; do
        check "$format: a title starting with $f is guarded" grep -qF "'${f}HYPERLINK" "$TMP/stdout"
        check "$format: an organization starting with $f is guarded" grep -qF "'${f}1+2" "$TMP/stdout"
    done
    check "$format: a cell that looks guarded gets one more quote" \
        grep -qF "''${forms[0]}already guarded" "$TMP/stdout"
    cp "$TMP/stdout" "$TMP/export.$format"
    PIPE_DB=$TMP/round-$format.db run import "$TMP/export.$format"
    expect_code "$format: the export imports" 0
    PIPE_DB=$TMP/round-$format.db run export --format "$format"
    check "$format: export → import → export gives the same file" cmp -s "$TMP/stdout" "$TMP/export.$format"
    PIPE_DB=$TMP/round-$format.db run deal list --json
    check "$format: the guard came off on import" \
        test "$(jq -r '.[0].title' <<<"$OUT")" = "${forms[0]}HYPERLINK(\"http://x\")"
done
run deal list --format csv
check "deal list --format csv guards full-width forms too" grep -qF "'${forms[0]}HYPERLINK" "$TMP/stdout"
run export --raw
check "--raw leaves full-width forms alone" grep -qF ",${forms[0]}1+2," "$TMP/stdout"

finish
