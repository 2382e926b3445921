#!/usr/bin/env bash
# When a deal closed: deal won --date today or earlier, never before the deal was created or
# entered its stage; an import's won or lost deal never closes after today either.
source "$(dirname "$0")/lib.sh"

run deal add "Acme rollout" --value 1000 # created 2026-03-02 09:00
fails_cleanly "won before the deal was created" 1 \
    "pipe: won date 2026-01-01 is before deal 1 was created (2026-03-02) (use a date on or after its creation)" \
    deal won 1 --date 2026-01-01
at 2026-03-05T09:00:00 deal move 1 Meeting
export PIPE_NOW=2026-03-10T09:00:00
fails_cleanly "won before the deal entered its stage" 1 \
    "pipe: won date 2026-03-04 is before deal 1 entered Meeting (2026-03-05) (use a date on or after it)" \
    deal won 1 --date 2026-03-04
fails_cleanly "won in the future" 1 "pipe: won date 2026-03-11 is in the future (use today or a past date)" \
    deal won 1 --date tomorrow
fails_cleanly "won on a day that is no date" 1 "won date: not a date: '2026-02-30'" deal won 1 --date 2026-02-30
run deal won 1 --date 2026-03-05
expect_code "won the day it entered its stage" 0
check "closed at noon that day" test "$(sql "SELECT closed_at FROM deals WHERE id = 1")" = \
    "$(date -u -d 2026-03-05T12:00:00Z +%s)"
export PIPE_NOW=2026-03-02T09:00:00

# Imports: a won or lost deal closes today or earlier, whichever column says when.
cd "$TMP"
printf 'title,stage,closed_at\nWon later,Won,2026-04-01\n' >won-later.csv
fails_cleanly "an imported won deal closed after today" 1 \
    "pipe: won-later.csv:2: column 'closed_at': value '2026-04-01': a won deal cannot close after today (2026-03-02): give the day it closed, or import it in an open stage" \
    import won-later.csv
printf 'title,stage,close_date\nLost later,Lost,2026-03-03\n' >lost-later.csv
fails_cleanly "an imported lost deal closed after today, by its close_date" 1 \
    "lost-later.csv:2: column 'close_date': value '2026-03-03': a lost deal cannot close after today (2026-03-02)" \
    import lost-later.csv
printf 'title,stage,closed_at\nLater today,Won,2026-03-03T00:30:00+02:00\n' >offset.csv
run import offset.csv
expect_code "a time later today, written in another zone, is today" 0
printf 'title,stage\nDefaulted,Won\n' >defaulted.csv
fails_cleanly "an imported closing date from --default" 1 \
    "defaulted.csv:2: column 'closed_at': value '2099-01-01': a won deal cannot close after today" \
    import defaulted.csv --default closed_at=2099-01-01
printf 'title,stage,close_date,closed_at\nBoth,Won,2026-03-01,2026-05-01\n' >both.csv
fails_cleanly "closed_at wins over close_date, and is checked" 1 \
    "both.csv:2: column 'closed_at': value '2026-05-01': a won deal cannot close after today" import both.csv
printf 'title,stage,close_date\nToday,Won,2026-03-02\nOpen,Meeting,2026-04-01\n' >fine.csv
run import fine.csv
expect_code "closed today, and an open deal expected to close later" 0
check "both imported" test "$(sql "SELECT count(*) FROM deals WHERE title IN ('Today', 'Open')")" = 2
check "the open deal's close date is its expected close" \
    test "$(sql "SELECT expected_close FROM deals WHERE title = 'Open'")" = 2026-04-01
# An update of an imported deal is checked the same way.
printf 'external_id,title,stage,closed_at\nX1,Update me,Won,2026-03-01\n' >update.csv
run import update.csv
printf 'external_id,title,stage,closed_at\nX1,Update me,Won,2026-03-09\n' >update-later.csv
fails_cleanly "an update closing after today" 1 "update-later.csv:2: column 'closed_at': value '2026-03-09'" \
    import update-later.csv
finish
