#!/usr/bin/env bash
# Lost reasons: the review counts "Price" and "price" as one; the stage file's optional list of
# lost reasons is offered by tab completion, gives a reason typed otherwise its spelling, and a
# reason not in it is kept with a warning naming the list.
source "$(dirname "$0")/lib.sh"

reasons() { "$PIPE" --json review | jq -c '[.current.lost_reasons[] | [.reason, .deals]]'; }

# Without a list: every reason as typed, grouped in the review up to case and spaces.
for i in 1 2 3 4 5 6 7; do run deal add "Deal $i" --value 100; done
run deal lost 1 --reason price
expect_code "deal lost without a list" 0
check "no warning without a list" test -z "$ERR"
run deal lost 2 --reason Price
run deal lost 3 --reason "  Price  "
run deal move 4 Lost --reason PRICE
run deal lost 5 --reason "Pr"$'\xc3\xa9'"is"
run deal lost 6 --reason "PR"$'\xc3\x89'"IS"
run deal lost 7 --reason timing
check "stored as typed (trimmed)" test "$(sql "SELECT group_concat(lost_reason, '|') FROM deals")" = \
    "price|Price|Price|PRICE|Préis|PRÉIS|timing"
check "the review counts Price once, in its most used spelling" \
    test "$(reasons)" = '[["Price",4],["Préis",2],["timing",1]]'
run review
expect_out "the review's text" "Price 4 · Préis 2 · timing 1"

cat >"$TMP/reasons.toml" <<'TOML'
lost_reasons = ["Price", "Timing", "Competitor"]

[[pipeline]]
name = "sales"
stages = [
  { name = "Prospecting", probability = 10 },
  { name = "Meeting", probability = 40 },
  { name = "Won", kind = "won" },
  { name = "Lost", kind = "lost" },
]
TOML
export PIPE_STAGES=$TMP/reasons.toml PIPE_DB=$TMP/listed.db
run stages --check
expect_code "a stage file with lost_reasons is valid" 0
for i in 1 2 3 4 5; do run deal add "Deal $i" --value 100; done

run deal lost 1 --reason "  PRICE "
expect_code "a listed reason typed otherwise" 0
check "no warning for a listed reason" test -z "$ERR"
check "stored as the list spells it" test "$(sql "SELECT lost_reason FROM deals WHERE id = 1")" = Price
run deal move 2 Lost --reason "timing"
check "deal move into Lost: the list's spelling" test "$(sql "SELECT lost_reason FROM deals WHERE id = 2")" = Timing
check "no warning" test -z "$ERR"
run deal lost 3 --reason Prize
expect_code "an unlisted reason is kept" 0
expect_err "it warns, naming the list" \
    "pipe: warning: \"Prize\" is not one of the lost reasons in $TMP/reasons.toml (Price, Timing, Competitor)"
check "one line of warning" test "$(wc -l <"$TMP/stderr")" = 1
check "stored as typed" test "$(sql "SELECT lost_reason FROM deals WHERE id = 3")" = Prize
run deal move 4 Lost --reason "budget cut"
expect_err "deal move into Lost warns too" '"budget cut" is not one of the lost reasons'
run --json deal lost 5 --reason Prize
check "the warning stays on stderr with --json" test "$(jq -r .lost_reason <<<"$OUT")" = Prize

# Tab completion offers the list for deal lost --reason and deal move ID LOST --reason.
export PIPE_DB=$TMP/complete.db
run deal add "Open" --value 1
run __complete -- deal lost 1 --reason ""
check "deal lost --reason completes the list" test "$OUT" = $'Price\nTiming\nCompetitor'
run __complete -- deal lost 1 --reason t
check "deal lost --reason t" test "$OUT" = Timing
run __complete -- deal lost 1 --reason=C
check "deal lost --reason=C" test "$OUT" = "--reason=Competitor"
run __complete -- deal move 1 Lost --reason ""
check "deal move 1 Lost --reason completes the list" test "$OUT" = $'Price\nTiming\nCompetitor'
run __complete -- deal move 1 lo --note p
check "deal move 1 lo --note p" test "$OUT" = Price
run __complete -- deal move 1 Meeting --reason ""
check "deal move into an open stage: no reasons" test -z "$OUT"

printf 'lost_reasons = ["Price", "PRICE"]\n%s\n' "$(tail -n +3 "$TMP/reasons.toml")" >"$TMP/dup.toml"
fails_cleanly "a lost reason listed twice" 1 \
    'dup.toml:1:26: duplicate lost reason "PRICE": the same as "Price" up to case or spaces (see man 5 pipe-stages)' \
    --stages "$TMP/dup.toml" stages --check
finish
