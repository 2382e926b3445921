#!/usr/bin/env bash
# pipe search's ranking and word matching as the book grows: each word matches as the start of
# a word however many words of the book it starts (looked up one by one when few, as a prefix
# otherwise); the column that holds each record's kind is never matched; up to 2,000 matches
# are all ranked by relevance, beyond that the 2,000 most recently added, those with the words
# in their title or name first, each newest first; the snippet and the
# fields come from the words typed, not from --type.
source "$(dirname "$0")/lib.sh"

titles() { jq -r '[.hits[].title] | join("|")' <<<"$OUT"; }
run -q deal add "Thing" --value 10
run -q deal add "Rollout north" --value 10
run -q deal add "rolling upgrade" --value 10
run -q deal add "ROLL call" --value 10
run -q deal add "Payroll audit" --value 10
run -q lead add "Dealer Dan"
for i in $(seq 1 20); do run -q deal add "Widget widget$i" --value 10; done

run search roll --format json
check "roll starts three words: three deals, not Payroll" test "$(jq .total <<<"$OUT")" = 3
check "and they are the ones" test "$(jq -r '[.hits[].title] | sort | join("|")' <<<"$OUT")" = "ROLL call|Rollout north|rolling upgrade"
run search ROLLO --format json
check "case aside" test "$(titles)" = "Rollout north"
run search rollout --format json
check "a whole word" test "$(titles)" = "Rollout north"
run search widget --format json --limit 30
check "a word that starts more than sixteen words of the book matches them all" test "$(jq .total <<<"$OUT")" = 20
run search widget1 --format json --limit 30
check "widget1 starts widget1 and widget10-19" test "$(jq .total <<<"$OUT")" = 11
run search deal --format json
check "deal is not every deal's kind: only Dealer Dan (the lead and its person)" test "$(jq -r '[.hits[].kind] | sort | join(",")' <<<"$OUT")" = lead,person
run search lea --format json
check "nor is lea every lead's" test "$(jq .total <<<"$OUT")" = 0
run search dan --type lead --format json
check "--type lead finds Dan" test "$(titles)" = "Dealer Dan"
check "the snippet is of the words typed, not of the type" test "$(jq -r '.hits[0].snippet' <<<"$OUT")" = "Dealer Dan"
check "the fields too" test "$(jq -r '.hits[0].fields | join(",")' <<<"$OUT")" = name

# Up to 2,000 matches all are ranked: the shortest title first.
{
    echo "title,value"
    for i in $(seq 1 2500); do echo "Bulk $i thing,10"; done
} >"$TMP/bulk.csv"
run search thing --format json --limit 3
check "with few matches the best is the title of one word" test "$(jq -r '.hits[0].title' <<<"$OUT")" = Thing
run -q import "$TMP/bulk.csv"
expect_code "import of 2,500 deals" 0
run search thing --format json --limit 5
check "2,501 match" test "$(jq .total <<<"$OUT")" = 2501
check "beyond 2,000 the most recently added are ranked, the newest first among equals" test \
    "$(titles)" = "Bulk 2500 thing|Bulk 2499 thing|Bulk 2498 thing|Bulk 2497 thing|Bulk 2496 thing"
run search thing --format json --limit 2000
check "the 2,000 shown are the newest" test "$(jq -r '[.hits[].title] | index("Bulk 500 thing")' <<<"$OUT")" = null
run -q deal add "Other" --value 10 --notes "a thing in the notes"
run search thing --format json --limit 3
check "beyond 2,000, the words in a title first: the newest deal, with them in its notes only, is not" test \
    "$(titles)" = "Bulk 2500 thing|Bulk 2499 thing|Bulk 2498 thing"
run search thing --format json --limit 2000
check "it comes after the titles" test "$(jq -r '.hits[-1].title' <<<"$OUT")" = Other
check "its field is the notes" test "$(jq -r '.hits[-1].fields | join(",")' <<<"$OUT")" = notes
run search thing --type deal --format json --limit 1
check "counted with --type too" test "$(jq .total <<<"$OUT")" = 2502
finish
