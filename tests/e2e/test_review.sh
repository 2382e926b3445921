#!/usr/bin/env bash
# pipe review and pipe forecast on a scripted book (PIPE_NOW): a dozen deals created, moved,
# moved back, skipping stages, won, lost, reopened. Every expected figure is worked out by hand
# below, not by pipe.
source "$(dirname "$0")/lib.sh"
command -v jq >/dev/null || { echo "needs jq"; exit 77; }

j() { jq -r "$1" <<<"$OUT"; }
q() { check "$1: $2 = $3" test "$(j "$2")" = "$3"; }

# Empty database first: nothing to divide, every ratio absent.
run review
expect_code "review of an empty book" 0
expect_out "empty review shows an absent win rate" "Win rate  —"
check "no NaN in an empty review" lacks "$OUT" "nan"
run review --json
q "empty" .current.win_rate null
q "empty" .current.velocity_per_day null
q "empty" '.funnel[0].conversion' null
run forecast
expect_code "forecast of an empty book" 0
check "no NaN in an empty forecast" lacks "$OUT" "nan"

# The book (built-in stages: Prospecting 10, Qualification 20, Meeting 40, Proposal 60 best
# case, Negotiation 80 commit).
at 2026-01-05T09:00:00 deal add D1 --value 1000                          # 1
at 2026-01-15T09:00:00 deal move 1 Qualification
at 2026-02-04T09:00:00 deal move 1 Meeting
at 2026-02-02T09:00:00 deal add D2 --value 2000                          # 2
at 2026-02-12T09:00:00 deal move 2 Proposal                              # skips two stages
at 2026-02-09T09:00:00 deal add D3 --value 3000 --close 2026-02-27       # 3
at 2026-02-16T09:00:00 deal move 3 Qualification
at 2026-02-16T09:00:00 deal add D4 --value 4000 --close 2026-04-10       # 4
at 2026-02-26T09:00:00 deal move 4 Meeting
at 2026-02-27T09:00:00 deal won 4
at 2026-01-12T09:00:00 deal add D6 --value 6000                          # 5
at 2026-02-23T09:00:00 deal add D7 --value 7000                          # 6
at 2026-02-25T09:00:00 deal move 6 Negotiation
at 2026-02-28T09:00:00 deal won 6
at 2025-12-01T09:00:00 deal add D9 --value 9000                          # 7
at 2026-01-20T09:00:00 deal won 7
at 2026-02-20T09:00:00 deal add D10 --value 10000                        # 8
at 2026-02-10T09:00:00 deal add D12 --value 1200 --currency USD --close 2026-03-15   # 9
at 2026-03-02T09:00:00 deal move 3 Prospecting                           # moved back
at 2026-03-02T10:00:00 deal add D5 --value 5000 --close 2026-03-31       # 10
at 2026-03-03T09:00:00 deal won 1
at 2026-03-03T12:00:00 deal reopen 4                                     # back into Meeting
at 2026-03-03T09:00:00 deal add D8 --value 8000 --close 2026-05-15 --stage Proposal --prob 50  # 11
at 2026-03-04T09:00:00 deal lost 2 --reason price
at 2026-03-04T09:00:00 deal move 8 Qualification
at 2026-03-04T09:00:00 deal add D11 --value 1100                         # 12
at 2026-03-05T09:00:00 deal lost 5 --reason timing
at 2026-03-05T09:00:00 deal edit 12 --value 1500
at 2026-03-05T10:00:00 deal move 10 Negotiation                          # skips three stages
at 2026-03-05T12:00:00 deal lost 8 --reason price
check "the script ran" test "$(sql 'SELECT count(*) FROM deals')" = 12
export PIPE_NOW=2026-03-06T12:00:00

before=$(db_hash)
run review --json
expect_code "review --json" 0
check "review writes nothing" test "$(db_hash)" = "$before"
q "week" .week 10
q "week" .previous_week 9
# Won D1 (1,000, 57 days); lost D2 2,000, D6 6,000, D10 10,000; D4's win was reopened.
q "won" .current.won 1
q "won" .current.won_value 1000.00
q "lost" .current.lost 3
q "lost" .current.lost_value 18000.00
q "win rate 1/4" .current.win_rate 0.25
q "win rate by value 1,000/19,000" .current.win_rate_by_value 0.0526
q "cycle" .current.cycle_days_mean 57
q "new deals D5 D8 D11 (1,100 when created)" .current.new_value 14100.00
q "open" .current.open_deals 5
q "open" .current.open_value 21500.00
q "weighted 300+1,600+4,000+4,000+150" .current.weighted_value 10050.00
# 5 open × 17,000/3 × 0.5 ÷ 112/3 days
q "velocity" .current.velocity_per_day 379.46
# last week: won D4 (11 d) D7 (5 d); open D1 D2 D3 D6 D10; 5 × 20,000/3 × 1 ÷ 22
q "last week won" .previous.won 2
q "last week cycle" .previous.cycle_days_median 8
q "last week open" .previous.open_value 22000.00
q "last week velocity" .previous.velocity_per_day 1515.15
q "lost reasons" '.current.lost_reasons[0].reason + " " + (.current.lost_reasons[0].deals|tostring)' "price 2"
# Prospecting exits: D6 lost 52 d, D10 forward 12 d, D5 forward (skipping) 3 d.
q "Prospecting conversion" '.funnel[0].conversion' 0.6667
q "Prospecting median" '.funnel[0].days_in_stage_median' 12
# Qualification exits: D3 backward 14 d, D10 lost 1.125 d.
q "Qualification conversion" '.funnel[1].conversion' 0
q "Qualification median" '.funnel[1].days_in_stage_median' 7.5625
q "Meeting conversion" '.funnel[2].conversion' 1
q "Negotiation has no exits" '.funnel[4].conversion' null
q "Negotiation holds D5" '.funnel[4].value' 5000.00
q "Proposal weighted with D8's override" '.funnel[3].weighted_value' 4000.00
q "other currency" .other_currency_open_deals 1
q "hygiene count" .hygiene.counts.close_date_passed 1
q "hygiene command" '[.hygiene.items[] | select(.id == 3) | .flags[1].command][0]' "pipe deal edit 3 --close …"

run review --as-of 2026-03-04 --json
q "as of Wednesday: D11 at 1,100, D6 and D10 open" .current.open_value 37100.00
q "as of Wednesday weighted" .current.weighted_value 9110.00
q "as of: no hygiene" .hygiene null
run review --as-of 2026-03-01 --json
q "as of Sunday: week 9" .week 9
q "as of Sunday: won" .current.won 2
q "as of Sunday: open" .current.open_value 22000.00
q "as of Sunday: Proposal holds D2" '.funnel[3].value' 2000.00
q "as of Sunday: Qualification was skipped, never entered" '.funnel[1].conversion' null

run review
expect_code "review text" 0
expect_out "heading" "Pipeline review · week 10 (2 – 8 Mar 2026) vs week 9"
expect_out "win rate" "25%  (by value 5%)"
expect_out "cycle" "57 days (median 57)"
expect_out "velocity" "€379 / day"
expect_out "open line" "Open  5 deals · €21,500 · weighted €10,050"
expect_out "lost reasons" "Lost reasons: price 2 · timing 1"
expect_out "hygiene command" "pipe deal edit 3 --close …"
run review --format md
expect_out "markdown heading" "# Pipeline review · week 10"
expect_out "markdown funnel" "| Prospecting | 2 | €4,500 | €450 | 67% | 12.0 |"
run review --last-week --json
q "last week" .week 9
q "last week compared with" .previous_week 8
run review --since 2026-02-23 --until 2026-03-06 --json
q "range" .kind range
q "range previous" .previous.first 2026-02-11
q "range won: D7, D1 (D4 reopened)" .current.won 2

run forecast --json
expect_code "forecast --json" 0
q "March weighted: D5 5,000 × 80%" '.blocks[0].rows[0].weighted_value' 4000.00
q "March commit" '.blocks[0].rows[0].commit' 5000.00
q "March won so far" '.blocks[0].rows[0].won' 1000.00
q "March P10: D5 lost in 20% of draws" '.blocks[0].rows[0].p10' 1000.00
q "March P90" '.blocks[0].rows[0].p90' 6000.00
q "April P50" '.blocks[0].rows[1].p50' 0.00
q "May best case" '.blocks[0].rows[2].best_case' 8000.00
q "undated D3 (past) and D11 (none)" '.blocks[0].undated.open_value' 4500.00
q "USD block" '.blocks[1].currency' USD
first=$OUT
run forecast --json
check "forecast is the same twice" test "$OUT" = "$first"
run forecast --method history --json
q "calibrated Prospecting n" '.calibration[0].n' 6
q "calibrated Prospecting (3 + 1) / 16" '.calibration[0].probability' 0.25
q "calibrated Negotiation (1 + 8) / 11" '.calibration[4].probability' 0.8182
q "March weighted at 9/11" '.blocks[0].rows[0].weighted_value' 4090.91
run forecast --method history
expect_out "calibration table" "Calibrated (m = 10)"
run forecast
expect_out "forecast heading" "Forecast · by month of expected close · stage probabilities"
expect_out "forecast row" "Mar 26"
expect_out "forecast bar" "weighted  "
run forecast --format csv
check "csv header" test "$(head -1 <<<"$OUT")" = \
    "currency,period,first,last,deals,open_value,weighted_value,commit,best_case,pipeline,won,p10,p50,p90,goal,coverage"
expect_out "csv March" "EUR,2026-03,2026-03-01,2026-03-31,1,5000.00,4000.00,5000.00,0.00,0.00,1000.00,1000.00,6000.00,6000.00,,"
run forecast --quarters 2 --json
q "quarter" '.blocks[0].rows[1].period' 2026-Q2
q "Q2: D4 and D8" '.blocks[0].rows[1].open_value' 12000.00

fails_cleanly "until without since" 2 "--until needs --since" review --until 2026-03-01
fails_cleanly "as-of in the future" 2 "in the future" review --as-of 2026-04-01
fails_cleanly "unknown method" 2 "method" forecast --method magic
fails_cleanly "md is not csv" 2 "" review --format csv

# Only closed deals: the open figures are zero, the ratios still defined.
export PIPE_DB=$TMP/closed.db
at 2026-03-02T10:00:00 deal add A --value 1000
at 2026-03-02T10:00:00 deal add B --value 3000
at 2026-03-04T10:00:00 deal won 1
at 2026-03-04T10:00:00 deal lost 2 --reason budget
at 2026-03-05T10:00:00 review --json
q "closed only: win rate" .current.win_rate 0.5
q "closed only: by value" .current.win_rate_by_value 0.25
q "closed only: cycle" .current.cycle_days_mean 2
q "closed only: velocity" .current.velocity_per_day 0.00
q "closed only: no conversion in Meeting" '.funnel[2].conversion' null
at 2026-03-05T10:00:00 review
expect_out "closed only: open line" "Open  0 deals · €0 · weighted €0"
check "closed only: no NaN" lacks "$OUT" "nan"
at 2026-03-05T10:00:00 forecast
expect_out "closed only forecast: won so far" "€1,000"
finish
