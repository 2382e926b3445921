#!/usr/bin/env bash
# --org on the reports: review, forecast and agenda look only at the deals linked to one
# organization (named by id, name in any case, or a unique prefix); an unknown or ambiguous
# organization fails in one line, and a filtered report, like any report, writes nothing.
source "$(dirname "$0")/lib.sh"

run init
run deal add "Acme rollout" --value 12,000 --org "Acme GmbH" --close 2026-03-20
expect_code "a deal of Acme" 0
run deal next 1 "Call Ann" --due 2026-03-03
expect_code "Acme's next step" 0
run deal add "Acme pilot" --value 3,000 --org "acme gmbh"
expect_code "a second deal of Acme, named in another case" 0
run deal add "Globex audit" --value 50,000 --org "Globex" --close 2026-03-25
expect_code "a deal of Globex" 0
run deal next 3 "Send offer" --due 2026-03-03
expect_code "Globex's next step" 0
run deal won 2
expect_code "Acme's pilot won" 0
check "two organizations, not three" test "$(sql "SELECT count(*) FROM organizations")" = 2

hash=$(db_hash)

run review --org acme --format json
expect_code "review --org acme" 0
check "review --org: Acme's won deal" test "$(jq -r .current.won <<<"$OUT")" = 1
check "review --org: Acme's open value only" test "$(jq -r .current.open_value <<<"$OUT")" = 12000.00
run review --org Globex --format json
check "review --org Globex: nothing won" test "$(jq -r .current.won <<<"$OUT")" = 0
check "review --org Globex: its open value" test "$(jq -r .current.open_value <<<"$OUT")" = 50000.00

run forecast --org 1 --format json
expect_code "forecast --org by id" 0
check "forecast --org 1: Acme's open deal only" contains "$OUT" "\"12000.00\""
check "forecast --org 1: not Globex's" lacks "$OUT" "\"50000.00\""

run agenda --org glob --format json
expect_code "agenda --org by prefix" 0
expect_out "agenda --org glob: Globex's step" "Send offer"
expect_no_out "agenda --org glob: not Acme's" "Call Ann"

fails_cleanly "an unknown organization" 1 "Initech" review --org Initech
fails_cleanly "a prefix of no organization, in the forecast" 1 "Initech" forecast --org Initech
check "the filtered reports wrote nothing" test "$(db_hash)" = "$hash"
run org add "Acme Labs"
expect_code "a second Acme" 0
fails_cleanly "an ambiguous prefix lists both" 1 "matches 2 organizations" agenda --org acme

finish
