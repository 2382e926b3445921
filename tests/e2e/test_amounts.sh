#!/usr/bin/env bash
# Money at the edges: deal edit --currency keeps the amount (€12.50 never becomes ¥1,250); an
# amount is at most 10^15 minor units on every way in; lists, reviews and forecasts of
# thousands of maximal deals print exact figures, and a sum past 64 bits is a one-line error.
source "$(dirname "$0")/lib.sh"

value_of() { "$PIPE" --json deal show "$1" | jq -r '.value + " " + .currency'; }

# deal edit --currency
run deal add "Cents" --value 12.50
fails_cleanly "EUR 12.50 to JPY" 1 \
    "pipe: 12.50 EUR cannot be written in JPY, which has 0 decimals (set a value JPY can hold with --value, e.g. --value 12)" \
    deal edit 1 --currency JPY
check "the deal keeps €12.50" test "$(value_of 1)" = "12.50 EUR"
run deal add "Whole" --value 12
run deal edit 2 --currency JPY
expect_code "EUR 12.00 to JPY" 0
check "EUR 12.00 is JPY 12" test "$(value_of 2)" = "12 JPY"
run deal show 2
check "shown as ¥12" contains "$(grep -m1 '^ *Value ' <<<"$OUT")" "Value         ¥12 "
run deal edit 2 --currency EUR
check "JPY 12 is EUR 12.00" test "$(value_of 2)" = "12.00 EUR"
run deal edit 2 --currency kwd
check "EUR 12.00 is KWD 12.000 (three decimals)" test "$(value_of 2)" = "12.000 KWD"
run deal edit 1 --currency JPY --value 1250
expect_code "--currency with --value" 0
check "--currency with --value sets both" test "$(value_of 1)" = "1250 JPY"
fails_cleanly "--value read in the new currency" 1 "value: too many decimals: '12.5' (whole units only)" \
    deal edit 2 --currency JPY --value 12.5
check "nothing changed" test "$(value_of 2)" = "12.000 KWD"

# The largest amount, on every way in.
run deal add "Largest" --value 10,000,000,000,000
expect_code "the largest amount" 0
check "stored exactly" test "$(value_of 3)" = "10000000000000.00 EUR"
fails_cleanly "deal add over the largest amount" 1 \
    "pipe: value: amount out of range: '10000000000000.01' (at most 10,000,000,000,000.00)" \
    deal add "Too large" --value 10000000000000.01
fails_cleanly "deal edit over the largest amount" 1 "value: amount out of range: '10000000001m'" \
    deal edit 3 --value 10000000001m
fails_cleanly "deal won --value over the largest amount" 1 \
    "value: amount out of range: '99999999999999999' (at most 10,000,000,000,000.00)" \
    deal won 3 --value 99999999999999999
fails_cleanly "deal add in JPY over the largest amount" 1 "(at most 1,000,000,000,000,000)" \
    deal add "Yen" --currency JPY --value 1000000000000001
fails_cleanly "a currency whose minor units pass the largest amount" 1 \
    "pipe: 10000000000000.00 EUR is more than KWD holds (at most 1,000,000,000,000.000) (set a smaller value with --value)" \
    deal edit 3 --currency KWD
printf 'title,value\nFits,10000000000000\nToo large,10000000000000.01\n' >"$TMP/large.csv"
fails_cleanly "import over the largest amount" 1 \
    "large.csv:3: column 'value': value '10000000000000.01': amount out of range" import "$TMP/large.csv"

# Many maximal deals: 4,500 in Prospecting (10%) and 4,500 in Qualification (20%).
maximal() { # FILE N STAGE [N STAGE]...
    local file=$1
    shift
    {
        echo "external_id,title,value,stage,expected_close"
        local at=0
        while [ $# -gt 0 ]; do
            seq "$((at + 1))" "$((at + $1))" | awk -v stage="$2" '{ print "big-" $1 ",Big " $1 ",10000000000000," stage ",2026-03-20" }'
            at=$((at + $1))
            shift 2
        done
    } >"$file"
}
export PIPE_DB=$TMP/big.db
maximal "$TMP/9000.csv" 4500 Prospecting 4500 Qualification
run import "$TMP/9000.csv"
expect_code "import of 9,000 maximal deals" 0
run deal list --limit 1
expect_out "the list footer is exact" "of 9000 open deals · €90,000,000,000,000,000 · weighted €13,500,000,000,000,000"
run --json deal list --limit 1
expect_code "deal list --json" 0
run review
expect_code "review" 0
expect_out "review: open value and weighted value exact" "€90,000,000,000,000,000 · weighted €13,500,000,000,000,000"
run --json review
check "review json: open value" test "$(jq -r .current.open_value <<<"$OUT")" = "90000000000000000.00"
check "review json: weighted value" test "$(jq -r .current.weighted_value <<<"$OUT")" = "13500000000000000.00"
run forecast
expect_code "forecast" 0
expect_out "forecast: March exact" "€90,000,000,000,000,000"
expect_no_out "forecast: nothing negative" "-€"
run --json forecast
check "forecast json: March open value" \
    test "$(jq -r '.blocks[0].rows[0].open_value' <<<"$OUT")" = "90000000000000000.00"
check "forecast json: March weighted value" \
    test "$(jq -r '.blocks[0].rows[0].weighted_value' <<<"$OUT")" = "13500000000000000.00"
p50=$(jq -r '.blocks[0].rows[0].p50' <<<"$OUT")
check "forecast json: P50 about the weighted value ($p50)" \
    awk -v p="$p50" 'BEGIN { exit !(p > 13000000000000000 && p < 14000000000000000) }'

# A stage's running total would pass 64 bits: the import is refused whole.
export PIPE_DB=$TMP/one-stage.db
run deal add "First"
maximal "$TMP/9300.csv" 9300 Prospecting
fails_cleanly "more than 9,223 maximal deals in one stage" 1 \
    "pipe: the deals' values add up to more than pipe can total (9,223,372,036,854,775,807 minor units): look for wrong values (pipe export --type deals)" \
    import "$TMP/9300.csv"
check "nothing imported" test "$(sql "SELECT count(*) FROM deals")" = 1

# Every stage fits, their sum does not: list, review and forecast fail in one line.
export PIPE_DB=$TMP/overflow.db
maximal "$TMP/10000.csv" 5000 Prospecting 5000 Qualification
run import "$TMP/10000.csv"
expect_code "import of 10,000 maximal deals over two stages" 0
for command in "deal list" "deal list --closing-before 2026-12-31" "review" "forecast" \
    "--json review" "--json forecast"; do
    # shellcheck disable=SC2086
    fails_cleanly "$command of a sum past 64 bits" 1 \
        "pipe: the deals' values add up to more than pipe can total (9,223,372,036,854,775,807 minor units): look for wrong values (pipe export --type deals)" \
        $command
done
run deal list --stage Prospecting --limit 1
expect_out "one stage still totals" "of 5000 open deals · €50,000,000,000,000,000 · weighted €5,000,000,000,000,000"
finish
