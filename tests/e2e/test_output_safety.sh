#!/usr/bin/env bash
# Text that reaches the terminal: stored text, typed arguments, import cells, stage names and
# SQLite's own messages show control characters escaped on every text screen and message;
# Markdown reports escape Markdown syntax; CSV, TSV and JSON keep the data exact. Also: piped
# text is never cut, counts read right, mistyped commands and options get a "did you mean".
source "$(dirname "$0")/lib.sh"

osc=$'\e]0;owned\a'  # retitles the terminal
cls=$'\e[2J'         # clears the screen
csi=$'\xc2\x9b2J'    # U+009B, the one-character CSI
evil="A${osc}B${cls}C${csi}D"$'\aE\bF\rG\x7fH'
shown='A\e]0;owned\aB\e[2JC\u009b2JD\aE\bF\rG\x7fH'

# raw_controls FILE: the control bytes a terminal would act on (newlines and tabs aside) in FILE.
raw_controls() {
    python3 - "$1" <<'PY'
import sys
data = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
bad = sorted({hex(ord(c)) for c in data
              if (ord(c) < 0x20 and c not in "\n\t") or ord(c) == 0x7f or 0x80 <= ord(c) <= 0x9f})
print(" ".join(bad))
PY
}

# safe DESCRIPTION ARGS...: run pipe; neither stdout nor stderr holds a raw control character.
safe() {
    local description=$1
    shift
    run "$@"
    check "$description: stdout has no raw control characters" test -z "$(raw_controls "$TMP/stdout")"
    check "$description: stderr has no raw control characters" test -z "$(raw_controls "$TMP/stderr")"
}

# Stage names can hold control characters through TOML escapes.
cat >"$TMP/stages.toml" <<'TOML'
[[pipeline]]
name = "sales\u001b[2J"
stages = [
  { name = "Pro\u001b]0;owned\u0007spect", probability = 10, rot_days = 1 },
  { name = "Meet\u009b2Jing", probability = 50, category = "commit" },
  { name = "Won", kind = "won" },
  { name = "Lost", kind = "lost" },
]
TOML
export PIPE_STAGES=$TMP/stages.toml

at 2026-01-05T09:00:00 deal add "$evil" --value 1000 --org "$evil" --contact "$evil" \
    --email "$evil" --phone "$evil" --source "$evil" --tag "$evil" --close 2026-03-20 \
    --notes "$evil"$'\nsecond line\tafter a tab'
expect_code "a deal with control characters in every field" 0
check "the confirmation shows them escaped" contains "$OUT" "$shown"
at 2026-01-05T09:00:00 deal next 1 "$evil" --due 2026-03-01
at 2026-01-05T09:00:00 deal log 1 meeting "$evil"$'\nmore'
at 2026-01-05T09:00:00 deal add "Second" --value 500 --stage Meet
at 2026-01-06T09:00:00 deal lost 2 --reason "$evil"
at 2026-01-05T09:00:00 deal add "Third" --value 700 --stage Meet
at 2026-01-05T09:00:00 lead add "$evil" --org "$evil" --email "$evil" --phone "$evil" \
    --source "$evil" --note "$evil" --follow-up 2026-03-02
at 2026-01-05T09:00:00 lead log 1 call "$evil"
expect_code "a lead and its activity" 0
check "stored as typed (JSON shows the exact text)" \
    test "$(run deal show 1 --json && jq -r .title <<<"$OUT")" = "$evil"

for args in "deal list" "deal list --status all" "deal show 1" "deal show 2" "lead list" \
    "lead show 1" "agenda" "agenda --format md" "review" "review --format md" \
    "review --since 2026-01-01 --until 2026-03-02" "review --format md --since 2026-01-01 --until 2026-03-02" \
    "forecast" "forecast --format md" "forecast --method history" \
    "forecast --method history --format md" "stages" "stages --check" "deal next 3 $cls" \
    "deal won 3"; do
    # shellcheck disable=SC2086
    safe "pipe $args" $args
    expect_code "pipe $args" 0
done
run deal list
expect_out "deal list: the title shown escaped" 'A\e]0;owned\aB'
check "deal list: one line per deal, header and summary (no line broken by a cell)" \
    test "$(wc -l <"$TMP/stdout")" = 3
run deal show 1
expect_out "deal show: notes shown escaped" "$shown"
expect_out "deal show: the notes' second line continues under the first" $'\n                second line\tafter a tab'
expect_out "deal show: the activity escaped" "meeting: $shown"
run deal show 2
expect_out "deal show: the lost reason escaped in history" "lost: $shown"
run lead show 1
expect_out "lead show: the name escaped" "$shown"
run stages
expect_out "stages: the stage name escaped" 'Pro\e]0;owned\aspect'
expect_out "stages: the C1 control escaped" 'Meet\u009b2Jing'
run --color always deal list --status all
foreign=$(python3 -c '
import re, sys
data = open(sys.argv[1], "rb").read()
print(len(re.findall(rb"\x1b(?!\[[0-9;]*m)", data)))' "$TMP/stdout")
check "--color always: the program's own colour codes are the only escapes" test "$foreign" = 0
expect_out "--color always: colour still works" $'\e[31mLost'

# Messages that echo what was typed or stored.
safe "a name that matches no deal" deal show "nothing $evil"
expect_err "a name that matches no deal" "no deal matches \"nothing $shown\""
safe "an unknown stage" deal add X --stage "$evil"
expect_err "an unknown stage" 'stages: Pro\e]0;owned\aspect'
safe "an unknown command" deal "$evil"
safe "an unknown option" deal list "--x$cls"
safe "a bad value of a checked option" deal list --status "$evil"
safe "a bad money value" deal add X --value "$evil"
PIPE_STAGES= safe "a warning about a stage the file no longer defines" deal list
expect_err "the warning names the stage escaped" 'stage "sales\e[2J/Pro\e]0;owned\aspect" is not'
printf 'title,value,"%s"\n"%s","%s",x\n' "$evil" "$evil" "$evil" >"$TMP/evil.csv"
safe "an import's error echoes the cell" import "$TMP/evil.csv"
expect_code "an import with a bad value" 1
expect_err "the bad cell shown escaped" "value '$shown'"
printf 'title,value,"%s"\n"%s",10,x\n' "$evil" "$evil" >"$TMP/evil2.csv"
safe "an import's dry run names unknown columns" import "$TMP/evil2.csv" --dry-run
expect_out "dry run: the unknown column shown escaped" "unknown column (kept in notes): $shown"
printf 'title,value\nA,1\nB,x\nC,y\n' >"$TMP/two-bad.csv"
safe "an import listing several bad rows" import "$TMP/two-bad.csv"
safe "a file name echoed" import "$TMP/$cls.csv"
# Organizations and people made from the hostile --org and --contact above, and search hits.
safe "org list" org list
safe "org show" org show 1
safe "org show --json" org show 1 --format json
safe "person list" person list
safe "person show" person show 1
safe "search" search A
run org show 1
expect_out "org show: the name shown escaped" "$shown"
cp "$PIPE_DB" "$TMP/planted.db"
sqlite3 "$TMP/planted.db" "CREATE TRIGGER planted BEFORE UPDATE ON deals BEGIN
    SELECT RAISE(ABORT, '${osc}${cls}'); END;"
before=$(sha256sum <"$TMP/planted.db")
PIPE_DB=$TMP/planted.db safe "an SQLite message from a planted trigger" deal edit 1 --value 5
expect_code "a planted trigger's error" 1
expect_err "the trigger's message is shown escaped" '\e]0;owned\a\e[2J'
check "the planted database is unchanged" test "$(sha256sum <"$TMP/planted.db")" = "$before"
run __complete deal show ""
check "completion: descriptions escaped, one line per candidate" test -z "$(raw_controls "$TMP/stdout")"

# Data formats keep the data exact.
run deal list --format csv
check "CSV keeps the title exact" contains "$OUT" "$osc"
run deal list --format tsv
check "TSV keeps the title exact" contains "$OUT" "$cls"
for args in "export --format json" "export --format ndjson" "deal list --json" "deal show 1 --json" \
    "lead show 1 --json" "review --json" "agenda --json" "stages --json"; do
    # shellcheck disable=SC2086
    safe "pipe $args: JSON escapes every control character (DEL and C1 too)" $args
done
run export --format json
check "JSON has the exact text" test "$(jq -r '.[0].title' <<<"$OUT")" = "$evil"
run deal list --json
check "JSON has the exact text (deal list)" test "$(jq -r '.[0].title' <<<"$OUT")" = "$evil"

# Markdown: titles, reasons, stage names and next steps cannot add syntax to a report.
export PIPE_DB=$TMP/md.db PIPE_STAGES=$TMP/md.toml
cat >"$TMP/md.toml" <<'TOML'
[[pipeline]]
name = "sales"
stages = [
  { name = "# Stage [x](http://x) | y |", probability = 10 },
  { name = "Won", kind = "won" },
  { name = "Lost", kind = "lost" },
]
TOML
md_evil=('# heading' '[link](http://x)' '| table |' '`code`' '*star* _em_' '- item' '<b>html</b>')
for t in "${md_evil[@]}"; do
    at 2026-01-05T09:00:00 deal add "$t" --value 100 --close 2026-03-10
    at 2026-01-06T09:00:00 deal next "$(sql 'SELECT max(id) FROM deals')" "$t" --due 2026-03-02
done
at 2026-01-05T09:00:00 deal add "Lost one" --value 100
at 2026-03-01T09:00:00 deal lost "$(sql 'SELECT max(id) FROM deals')" --reason "# reason [x](http://x)"
for args in "agenda --format md" "review --format md" "review --format md --since 2026-01-01 --until 2026-03-02" \
    "forecast --format md" "forecast --format md --method history"; do
    # shellcheck disable=SC2086
    run $args
    expect_code "pipe $args" 0
    check "pipe $args: no heading from the data" test -z "$(grep -E '^#+ *(heading|Stage|reason)' <<<"$OUT")"
    check "pipe $args: no list item from the data" test -z "$(grep -E '^ *- (item|#)' <<<"$OUT")"
    check "pipe $args: no link" test -z "$(grep -E '[^\\]\[[^]]*[^\\]\]\(' <<<"$OUT")"
    check "pipe $args: no raw HTML" lacks "$OUT" "<b>"
    check "pipe $args: no code span but commands" \
        test -z "$(grep -E '[^\\]`code' <<<"$OUT")"
    check "pipe $args: every table row has its table's columns" test -z "$(python3 -c '
import re, sys
rows = [l for l in sys.stdin.read().splitlines() if l.startswith("|")]
cols = lambda l: len(re.findall(r"(?<!\\)\|", l))
bad = [l for l in rows if cols(l) not in (4 + 1, 6 + 1, 10 + 1, 5 + 1)]
print("\n".join(bad))' <<<"$OUT")"
done
run review --format md --since 2026-01-01 --until 2026-03-02
expect_out "review md: the lost reason escaped" '\# reason \[x\](http://x)'
expect_out "review md: the stage name escaped" '\# Stage \[x\](http://x) \| y \|'
run agenda --format md
expect_out "agenda md: a title escaped" '\[link\](http://x)'
expect_out "agenda md: a list marker escaped" '\- item'

finish
