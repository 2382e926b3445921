#!/usr/bin/env bash
# Activities and the morning agenda, scripted with PIPE_NOW.
source "$(dirname "$0")/lib.sh"

two_stages 60

at 2026-03-01T09:00:00 deal add "Quiet deal"                        # 1: rots in Talk after 5 days
at 2026-03-01T09:00:00 deal add "Overdue deal" --stage offer        # 2
at 2026-03-01T09:00:00 deal next 2 "Send the proposal" --due 2026-03-09
at 2026-03-01T09:00:00 deal add "Today deal" --stage offer          # 3
at 2026-03-01T09:00:00 deal next 3 "Call the CFO" --due 2026-03-10
at 2026-03-01T09:00:00 deal add "Soon deal" --stage offer           # 4
at 2026-03-01T09:00:00 deal next 4 "Demo" --due 2026-03-14
at 2026-03-01T09:00:00 deal add "Later deal" --stage offer          # 5
at 2026-03-01T09:00:00 deal next 5 "Renewal talk" --due 2026-04-30
at 2026-03-01T09:00:00 lead add "Fresh Lead"                        # 1: never contacted
at 2026-03-01T09:00:00 lead add "Follow Lead" --follow-up 2026-03-10   # 2
at 2026-03-01T09:00:00 lead add "Nurtured Lead"                     # 3
at 2026-03-01T09:00:00 lead drop 3 --reason "no budget" --nurture-until 2026-03-10
at 2026-03-01T09:00:00 lead add "Late Lead" --follow-up 2026-03-05     # 4: follow-up overdue
at 2026-03-01T09:00:00 lead add "Future Lead" --follow-up 2026-03-20   # 5: not yet
at 2026-03-01T09:00:00 deal add "Closed deal" --stage offer         # 6: won, so never listed
at 2026-03-01T09:00:00 deal next 6 "Invoice" --due 2026-03-05
at 2026-03-02T09:00:00 deal won 6
for lead in 2 4 5; do at 2026-03-02T09:00:00 lead log $lead email "Intro mail"; done

# ids KEY: the ids listed in an agenda group of the last `run agenda --json`.
ids() { jq -r --arg k "$1" '.groups[] | select(.key==$k) | [.items[].id] | join(",")' <<<"$OUT"; }

export PIPE_NOW=2026-03-10T09:00:00
run agenda
expect_code "agenda" 0
expect_out "agenda heading" "Tuesday 10 March 2026"
expect_out "overdue next step" "Send the proposal (due Mon 9 Mar, overdue 1d)"
expect_out "overdue line ends with its command" "pipe task done 1"
expect_out "due today" "Call the CFO (today)"
expect_out "next 7 days" "Demo (due Sat 14 Mar, in 4d)"
expect_no_out "beyond the horizon" "Renewal talk"
expect_out "lead follow-up" "lead 2"
expect_out "nurture return on its date" "Back from nurture"
expect_out "nurtured lead" "nurtured: no budget"
expect_out "rotting deal" "Talk · 9 days, limit 5"
expect_out "rotting command" 'pipe deal log 1 call "…"'
expect_out "no next step group" "No next step"
expect_out "uncontacted lead" "Fresh Lead"
run agenda --days 60
expect_out "a longer horizon" "Renewal talk"

run agenda --json
expect_equal "overdue group" "$(ids overdue)" 2
expect_equal "today group" "$(ids today)" 3
expect_equal "upcoming group" "$(ids upcoming)" 4
expect_equal "lead follow-ups due or overdue, oldest first" "$(ids follow_ups)" 4,2
expect_equal "nurture returns" "$(ids nurture_returns)" 3
expect_equal "rotting group" "$(ids rotting)" 1
expect_equal "no stuck deal without 5 past exits" "$(ids stuck)" ""
expect_equal "open deals with no next step" "$(ids no_next_step)" 1
expect_equal "new leads not yet contacted" "$(ids uncontacted_leads)" 1
check "json groups" test "$(jq -r '[.groups[].key] | join(",")' <<<"$OUT")" = \
    "overdue,today,upcoming,follow_ups,nurture_returns,rotting,stuck,no_next_step,uncontacted_leads"
check "json overdue item" test "$(jq -r '.groups[0].items[0].id' <<<"$OUT")" = 2
check "json uncontacted excludes a contacted lead" test \
    "$(jq -r '.groups[] | select(.key=="uncontacted_leads") | [.items[].title] | join(",")' <<<"$OUT")" = "Fresh Lead"
run agenda --format md
expect_out "markdown heading" "# Agenda · Tuesday 10 March 2026"
expect_out "markdown group" "## Overdue"

PIPE_NOW=2026-03-09T09:00:00 run agenda --json
check "a nurtured lead stays away until its date" test \
    "$(jq '.groups[] | select(.key=="nurture_returns") | .total' <<<"$OUT")" = 0

# A logged touch resets the rotting clock.
run deal log 1 call "Caught up with the buyer"
expect_code "deal log" 0
expect_out "deal log" "logged call on deal 1"
run agenda --json
check "rotting cleared by a touch" test "$(jq '.groups[] | select(.key=="rotting") | .total' <<<"$OUT")" = 0
run deal list --rotting
expect_no_out "deal list --rotting agrees" "Quiet deal"
PIPE_NOW=2026-03-16T09:00:00 run deal list --rotting
expect_out "rots again after the limit" "Quiet deal"

# Stuck: over twice the median time of 5 past deals in the stage (2 days each here).
export PIPE_DB=$TMP/stuck.db
for i in 1 2 3 4 5; do
    at 2026-03-01T09:00:00 deal add "Past $i" --stage offer
    at 2026-03-03T09:00:00 deal won "$i"
done
at 2026-03-06T09:00:00 deal add "Slow deal" --stage offer       # 6: 4 days in Offer on the 10th
at 2026-03-06T09:00:00 deal next 6 "Chase" --due 2026-03-30
at 2026-03-06T12:00:00 deal add "Fresh deal" --stage offer      # 7: 3.9 days
at 2026-03-06T12:00:00 deal next 7 "Chase" --due 2026-03-30
PIPE_NOW=2026-03-10T08:59:00 run agenda --json
expect_equal "not stuck just under twice the median" "$(ids stuck)" ""
PIPE_NOW=2026-03-10T09:01:00 run agenda --json
expect_equal "stuck past twice the median" "$(ids stuck)" 6
PIPE_NOW=2026-03-10T09:01:00 run agenda
expect_out "stuck line" "Offer · 4 days, usually 2.0"
expect_out "stuck line ends with its command" "pipe deal move 6 STAGE"
PIPE_NOW=2026-03-10T09:01:00 run deal list --stuck
expect_out "deal list --stuck agrees" "Slow deal"
expect_no_out "deal list --stuck leaves the others" "Fresh deal"
at 2026-03-10T09:01:00 deal log 6 call "Still thinking"
PIPE_NOW=2026-03-10T09:02:00 run agenda --json
expect_equal "a touch does not unstick (time in stage counts)" "$(ids stuck)" 6

# The totals of overdue, today's and the coming days' plans (kept per day), whole and scoped
# to one owner's deals, each equal to the plans counted one by one.
export PIPE_DB=$TMP/totals.db
at 2026-03-01T09:00:00 deal add "Ann's deal" --stage offer --owner Ann      # 1
at 2026-03-01T09:00:00 deal add "Bob's deal" --stage offer --owner Bob      # 2
for day in 2026-03-05 2026-03-05 2026-03-08 2026-03-10 2026-03-12; do
    at 2026-03-01T09:00:00 deal plan 1 call "Ann $day" --due "$day"
    at 2026-03-01T09:00:00 deal plan 2 email "Bob $day" --due "$day"
done
at 2026-03-01T09:00:00 deal plan 2 task "Bob far off" --due 2026-09-01   # past the 7 days
totals() { jq -r '[.groups[] | select(.key=="overdue" or .key=="today" or .key=="upcoming")
                   | "\(.key)=\(.total)"] | join(" ")' <<<"$OUT"; }
export PIPE_NOW=2026-03-10T09:00:00
run agenda --json
expect_equal "agenda totals" "$(totals)" "overdue=6 today=2 upcoming=2"
run agenda --json --owner Ann
expect_equal "agenda totals of one owner" "$(totals)" "overdue=3 today=1 upcoming=1"
run task done 1
run task snooze 2 2026-03-11
run agenda --json
expect_equal "agenda totals after a done and a snooze" "$(totals)" "overdue=4 today=2 upcoming=3"
run undo
run agenda --json
expect_equal "agenda totals after undo" "$(totals)" "overdue=5 today=2 upcoming=2"
run deal won 2
run agenda --json
expect_equal "a won deal's plans leave the totals" "$(totals)" "overdue=2 today=1 upcoming=1"
run task list --overdue --limit 1
expect_out "task list --overdue total" "showing 1 of 2 planned activities"
run task list --week --limit 1
expect_out "task list --week total" "showing 1 of 2 planned activities"

fails_cleanly "agenda days out of range" 2 "" agenda --days 1000
finish
