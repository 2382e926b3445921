#!/usr/bin/env bash
# The footer of `deal list --rotting` and `--stuck` (deals, value and weighted value of every
# match, not only those shown) is the same whichever way it is summed: from the matching deals
# when they are few, from the stage's kept totals less the deals that do not match when they
# are many. Each is checked against the same list narrowed by a filter that changes nothing
# (`--closing-before` a date after every deal's close), which sums the matching deals
# directly, and against the rows of the whole list.
source "$(dirname "$0")/lib.sh"

two_stages 55 3

# footer ARGS...: the last line of `deal list ARGS`.
footer() { run deal list "$@" && tail -1 <<<"$OUT"; }
# same_footer DESCRIPTION ARGS...: the footer of ARGS, summed the quick way and directly, agree;
# it is left in FOOTER (not printed: checks in a subshell would count for nothing).
same_footer() {
    local description=$1
    shift
    local direct
    FOOTER=$(footer "$@" --limit 2)
    direct=$(footer "$@" --limit 2 --closing-before 2099-12-31)
    check "$description: the footer is the one summed directly" test "$FOOTER" = "$direct"
    check "$description: it counts more than the two shown" contains "$FOOTER" "showing 2 of"
}
# rows ARGS...: how many deals `deal list ARGS` shows, all of them.
rows() { run deal list "$@" --limit 1000 --format json && jq length <<<"$OUT"; }

# Twelve old deals in both stages, values and probabilities of every sort, two currencies.
for i in $(seq 1 12); do
    stage=$([ $((i % 3)) = 0 ] && echo Offer || echo Talk)
    args=(deal add "Old $i" --value "$((i * 1000 + 7))" --stage "$stage" --close 2030-01-01)
    [ $((i % 4)) = 0 ] && args+=(--prob 45)
    [ $((i % 5)) = 0 ] && args+=(--currency USD)
    at 2026-01-01T09:00:00 -q "${args[@]}"
done
# Two touched since.
at 2026-01-20T09:00:00 -q deal add "Fresh talk" --value 333 --close 2030-01-01
at 2026-01-20T09:00:00 -q deal add "Fresh offer" --value 444 --stage Offer --close 2030-01-01
export PIPE_NOW=2026-01-21T09:00:00

same_footer "most deals rotting" --rotting
many=$FOOTER
check "twelve of fourteen rot" contains "$many" "of 12 open deals"
check "the whole list has as many rows" test "$(rows --rotting)" = 12
same_footer "Offer only" --rotting --stage Offer
check "a stage's footer alone" contains "$FOOTER" "of 4 open deals"

# Twenty more touched deals: now the rotting ones are few.
for i in $(seq 1 20); do
    at 2026-01-20T10:00:00 -q deal add "New $i" --value "$((i * 10))" --close 2030-01-01 \
        $([ $((i % 2)) = 0 ] && echo --stage Offer)
done
same_footer "few deals rotting" --rotting
check "the same twelve rot" test "$FOOTER" = "$many"

# Stuck: five past exits of Talk of a day each make its typical time a day; a deal in Talk for
# more than two days is stuck (the old ones and none of the new).
for i in $(seq 1 5); do
    at 2026-01-10T09:00:00 -q deal add "Mover $i" --value 10 --close 2030-01-01
    id=$(sqlite3 "$PIPE_DB" "SELECT max(id) FROM deals")
    at 2026-01-11T09:00:00 -q deal move "$id" Offer
done
same_footer "few deals stuck" --stuck --stage Talk
stuck=$FOOTER
check "the old deals in Talk are stuck" contains "$stuck" "of 8 open deals"
check "the whole list has as many rows" test "$(rows --stuck --stage Talk)" = 8
# Moving the new deals out of Talk leaves the stuck ones the most there.
for id in $(sqlite3 "$PIPE_DB" "SELECT id FROM deals WHERE title LIKE 'New %' AND stage = 'Talk'"); do
    run -q deal move "$id" Offer
done
same_footer "most deals stuck" --stuck --stage Talk
check "most deals in Talk stuck: the same footer" test "$FOOTER" = "$stuck"
same_footer "stuck anywhere" --stuck

# Within a scope (--pipeline, --owner: the deals a view of the table) the counts are the same.
run agenda --format json
all_rotting=$(jq '.groups[] | select(.key == "rotting") | .total' <<<"$OUT")
all_stuck=$(jq '.groups[] | select(.key == "stuck") | .total' <<<"$OUT")
check "the agenda counts rotting and stuck deals" test "$all_rotting" -gt 0 -a "$all_stuck" -gt 0
run agenda --pipeline sales --format json
expect_code "agenda --pipeline" 0
check "agenda --pipeline: as many rotting" test "$(jq '.groups[] | select(.key == "rotting") | .total' <<<"$OUT")" = "$all_rotting"
check "agenda --pipeline: as many stuck" test "$(jq '.groups[] | select(.key == "stuck") | .total' <<<"$OUT")" = "$all_stuck"
run review --pipeline sales
expect_code "review --pipeline" 0
check "review --pipeline counts the stuck deals" contains "$OUT" "stuck $all_stuck"
check "--status won with --rotting: nothing" contains "$(footer --rotting --status won)" "0"
finish
