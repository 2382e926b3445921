#!/usr/bin/env bash
# `deal list --sort close` (soonest expected close first, the undated last; --reverse the other
# way) reads the dated and the undated deals in two queries. Each page it shows is the one a
# single sort of every match gives: any --limit (inside the dated deals, across the boundary,
# past the end), both directions, with filters.
source "$(dirname "$0")/lib.sh"

run init
for i in $(seq 1 12); do
    args=(deal add "Deal $i" --value $((i * 100)))
    [ $((i % 3)) != 0 ] && args+=(--close "2026-0$((4 + i % 5))-1$((i % 4))")
    [ $((i % 4)) = 0 ] && args+=(--stage Qualification)
    run "${args[@]}"
done
# Ties on a date, which the id orders.
run deal add "Tied one" --close 2026-05-11
run deal add "Tied two" --close 2026-05-11
run deal won 5
run deal lost 7 --reason price

# expected WHERE ORDER LIMIT: the ids sqlite3 gives for one sort of every match.
expected() {
    sqlite3 "$PIPE_DB" "SELECT group_concat(id, ',') FROM (SELECT id FROM deals WHERE $1
                        ORDER BY $2 LIMIT $3)"
}
# shown ARGS...: the ids `deal list ARGS` shows.
shown() { run deal list "$@" --format json && jq -r '[.[].id] | join(",")' <<<"$OUT"; }

asc="expected_close IS NULL, expected_close, id"
desc="expected_close IS NULL DESC, expected_close DESC, id DESC"
for limit in 1 3 6 8 10 20; do
    expect_equal "--sort close --limit $limit" "$(shown --sort close --limit $limit)" \
        "$(expected "status = 'open'" "$asc" $limit)"
    expect_equal "--sort close --reverse --limit $limit" \
        "$(shown --sort close --reverse --limit $limit)" \
        "$(expected "status = 'open'" "$desc" $limit)"
    expect_equal "--sort close --status all --limit $limit" \
        "$(shown --sort close --status all --limit $limit)" "$(expected 1 "$asc" $limit)"
    expect_equal "--sort close --stage qual --limit $limit" \
        "$(shown --sort close --stage qual --limit $limit)" \
        "$(expected "status = 'open' AND stage = 'Qualification'" "$asc" $limit)"
done
expect_equal "--sort close without --limit" "$(shown --sort close)" \
    "$(expected "status = 'open'" "$asc" -1)"
run deal list --sort close --limit 3
expect_out "the footer counts every match" "showing 3 of 12 open deals"
finish
