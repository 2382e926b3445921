#!/usr/bin/env bash
# Activities and the morning agenda, scripted with PIPE_NOW.
source "$(dirname "$0")/lib.sh"

cat >"$TMP/stages.toml" <<'TOML'
[[pipeline]]
name = "sales"
stages = [
  { name = "Talk",  probability = 30, rot_days = 5 },
  { name = "Offer", probability = 60 },
  { name = "Won",  kind = "won" },
  { name = "Lost", kind = "lost" },
]
TOML
export PIPE_STAGES=$TMP/stages.toml

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
at 2026-03-02T09:00:00 lead log 2 email "Intro mail"

export PIPE_NOW=2026-03-10T09:00:00
run agenda
expect_code "agenda" 0
expect_out "agenda heading" "Tuesday 10 March 2026"
expect_out "overdue next step" "Send the proposal (due Mon 9 Mar, overdue 1d)"
expect_out "overdue line ends with its command" "pipe deal next 2 --done"
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

run deal log 2 meeting "Demo with the team" --at 2026-03-09T15:00
expect_code "log with --at" 0
run deal show 2
expect_out "activities in the timeline" "meeting: Demo with the team"
run deal show 2 --json
check "activities in json" test "$(jq -r '.activities[0].kind' <<<"$OUT")" = meeting
run lead show 2 --json
check "lead activities in json" test "$(jq -r '.activities[0].text' <<<"$OUT")" = "Intro mail"

# $EDITOR is used on a terminal only; a fake editor proves it runs without a shell.
printf '#!/bin/sh\nprintf "Typed in the editor\\n" > "$1"\n' >"$TMP/editor"
chmod +x "$TMP/editor"
if command -v script >/dev/null; then
    EDITOR="$TMP/editor" script -qec "$PIPE deal log 3 note" /dev/null >/dev/null 2>&1
    check "editor text logged" test "$(sql "SELECT text FROM activities WHERE deal_id=3 AND kind='note'")" = "Typed in the editor"
fi

# On a terminal, completing a next step asks for the next one.
if command -v script >/dev/null; then
    at 2026-03-10T09:00:00 deal next 4 "Demo" --due 2026-03-14
    printf 'Send the quote\n+2d\n' | PIPE_NOW=2026-03-10T09:00:00 script -qec "$PIPE deal next 4 --done" /dev/null >/dev/null 2>&1
    check "the next step asked for on a terminal is set" test \
        "$(sql "SELECT next_step || ' ' || next_step_due FROM deals WHERE id=4")" = "Send the quote 2026-03-12"
fi
run deal next 3 --done
check "off a terminal --done does not ask" test "$(sql "SELECT next_step FROM deals WHERE id=3")" = ""

fails_cleanly "unknown kind" 2 "kind: dance not in" deal log 1 dance "x"
fails_cleanly "no text off a terminal" 1 "no activity text given" deal log 1 call
fails_cleanly "empty text" 1 "the activity text is empty" deal log 1 call "  "
fails_cleanly "activity in the future" 1 "is in the future" deal log 1 call "x" --at 2026-04-01
fails_cleanly "unreadable time" 1 "not a date" deal log 1 call "x" --at someday
fails_cleanly "log on an unknown deal" 1 "deal 99 not found" deal log 99 call "x"
fails_cleanly "log on an unknown lead" 1 "lead 99 not found" lead log 99 call "x"
fails_cleanly "--done with no next step" 1 "has no next step to complete" deal next 1 --done
fails_cleanly "unreadable due date" 1 "not a date" deal next 1 "Call" --due someday
fails_cleanly "agenda days out of range" 2 "" agenda --days 1000
finish
