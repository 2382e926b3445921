#!/usr/bin/env bash
# The review's counts of deals that need attention (no next step, close date passed, no
# activity, rotting) and the agenda's count of deals without a next step are the ones a direct
# count gives, whichever side of each they are counted from: the deals with the flag when they
# are few, the open deals less those without it when they are many. Checked on a book where
# most open deals have each flag, on one where few do, and inside a scope (`--owner`), where
# the tables are views.
source "$(dirname "$0")/lib.sh"

two_stages 55 20
NOW=2026-03-30T09:00:00

sql() { sqlite3 "$PIPE_DB" "$1"; }
# direct COLUMN-FREE-CONDITION: open deals matching it, counted by sqlite3.
direct() { sql "SELECT count(*) FROM deals WHERE status = 'open' AND $1"; }
now_s=$(date -u -d "$NOW" +%s)
today=${NOW%T*}

# same_counts DESCRIPTION [FILTER...]: the review's and the agenda's counts are the direct ones
# (FILTER: a scope, e.g. --owner ann, with the same condition for the direct counts in SCOPE).
same_counts() {
    local description=$1
    shift
    local scope=${SCOPE:-1}
    PIPE_NOW=$NOW run review --json "$@"
    local counts
    counts=$(jq -c '.hygiene.counts' <<<"$OUT")
    expect_equal "$description: no next step" "$(jq '.no_next_step' <<<"$counts")" \
        "$(direct "$scope AND next_step = ''")"
    expect_equal "$description: close date passed" "$(jq '.close_date_passed' <<<"$counts")" \
        "$(direct "$scope AND expected_close < '$today'")"
    expect_equal "$description: no activity" "$(jq '.no_activity' <<<"$counts")" \
        "$(direct "$scope AND last_touch_at < $((now_s - 14 * 86400))")"
    expect_equal "$description: rotting" "$(jq '.rotting' <<<"$counts")" \
        "$(direct "$scope AND ((stage = 'Talk' AND last_touch_at < $((now_s - 5 * 86400))) OR
                              (stage = 'Offer' AND last_touch_at < $((now_s - 20 * 86400))))")"
    PIPE_NOW=$NOW run agenda --json "$@"
    expect_equal "$description: agenda no next step" \
        "$(jq '.groups[] | select(.key == "no_next_step") | .total' <<<"$OUT")" \
        "$(direct "$scope AND next_step = ''")"
}

# Most open deals flagged: old, untouched, past their close, no next step.
for i in $(seq 1 14); do
    stage=$([ $((i % 3)) = 0 ] && echo Offer || echo Talk)
    owner=$([ $((i % 2)) = 0 ] && echo ann || echo bob)
    at 2026-03-01T09:00:00 deal add "Old deal $i" --value $((i * 100)) --stage $stage \
        --owner $owner --close 2026-03-15
done
at 2026-03-01T09:00:00 deal next 1 "Call back" --due 2026-04-10
at 2026-03-28T09:00:00 deal add "Fresh deal" --value 50 --close 2026-05-01 --owner ann
at 2026-03-28T09:00:00 deal add "Undated deal" --value 70 --owner bob
check "most open deals have no next step" test "$(direct "next_step = ''")" -gt 10
same_counts "most flagged"
SCOPE="owner = 'ann'" same_counts "most flagged, one owner" --owner ann

# Few flagged: the same deals touched, given next steps and later closes.
for i in $(seq 2 14); do
    at 2026-03-29T09:00:00 deal next $i "Send the offer $i" --due 2026-04-0$((i % 9 + 1))
    at 2026-03-29T09:00:00 deal edit $i --close 2026-04-30
done
check "few open deals have no next step" test "$(direct "next_step = ''")" -lt 4
same_counts "few flagged"
SCOPE="owner = 'bob'" same_counts "few flagged, one owner" --owner bob
finish
