#!/usr/bin/env bash
# The calendar feed (pipe calendar, pipe agenda --format ics): an iCalendar (RFC 5545) file a
# calendar app can subscribe to, read here with a real iCalendar parser (python3-icalendar):
# timed plans as VEVENTs, untimed ones as VTODOs, expected closes and follow-ups; UIDs stay the
# same when a plan changes, so a calendar updates rather than duplicates; read-only.
source "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
if ! "$PY" -c 'import icalendar' 2>/dev/null; then
    echo "skip: python3-icalendar is not installed (apt-get install python3-icalendar)"
    exit 77
fi

# components FILE: one line per component: TYPE|UID|SUMMARY|start or due|end|STATUS|SEQUENCE
components() {
    "$PY" - "$1" <<'PYTHON'
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
assert cal.name == 'VCALENDAR' and str(cal['VERSION']) == '2.0'
for c in cal.walk():
    if c.name not in ('VEVENT', 'VTODO'):
        continue
    when = c.get('DTSTART') or c.get('DUE')
    end = c.get('DTEND')
    print('|'.join([c.name, str(c['UID']), str(c['SUMMARY']), when.dt.isoformat(),
                    end.dt.isoformat() if end else '', str(c.get('STATUS', '')),
                    str(c.get('SEQUENCE', ''))]))
PYTHON
}

run deal add "Acme rollout" --value 5k --close 2026-03-20
run deal plan 1 call "Call the CFO" --due fri --at 14:30 --for 30m
run deal plan 1 task "Write the proposal" --due tomorrow
run lead add "Ada" --follow-up 2026-03-05
before=$(db_hash)
run calendar -o "$TMP/pipe.ics"
expect_code "calendar -o" 0
expect_err "it says what it wrote" "wrote 2 planned activities and 2 close or follow-up dates to $TMP/pipe.ics"
check "the feed is read-only" test "$(db_hash)" = "$before"
check "lines end in CRLF" grep -q $'\r$' "$TMP/pipe.ics"
feed=$(components "$TMP/pipe.ics")
check "a real parser reads the feed" test -n "$feed"
uid_call=$(awk -F'|' '/Call the CFO/ {print $2}' <<<"$feed")
check "a timed plan is an event with its time and duration" \
    grep -qF "VEVENT|$uid_call|Call: Call the CFO · Acme rollout|2026-03-06T14:30:00+00:00|2026-03-06T15:00:00+00:00|CONFIRMED|0" <<<"$feed"
check "an untimed plan is a to-do due that day" \
    grep -qE "^VTODO\|[^|]+\|Task: Write the proposal · Acme rollout\|2026-03-03\|\|NEEDS-ACTION" <<<"$feed"
check "the expected close is an all-day event" grep -qE "^VEVENT\|[^|]+\|Expected close: Acme rollout \(€5,000\)\|2026-03-20\|2026-03-21" <<<"$feed"
check "the follow-up is a to-do" grep -qE "^VTODO\|[^|]+\|Follow up: Ada\|2026-03-05" <<<"$feed"

# A change keeps the UID, so a subscribed calendar updates the event.
run task snooze 1 "mon 10am"
run agenda --format ics
printf '%s\n' "$OUT" >"$TMP/again.ics"
again=$(components "$TMP/again.ics")
check "a snoozed plan keeps its UID, moves, and counts up its SEQUENCE" \
    grep -qE "^VEVENT\|$uid_call\|Call: Call the CFO · Acme rollout\|2026-03-09T10:00:00\+00:00\|.*\|CONFIRMED\|[1-9]" <<<"$again"
run task done 2
run calendar
printf '%s\n' "$OUT" >"$TMP/done.ics"
check "a done plan stays on the calendar as completed" grep -qE "^VTODO\|.*Write the proposal.*\|COMPLETED" <<<"$(components "$TMP/done.ics")"
run deal won 1
run calendar
printf '%s\n' "$OUT" >"$TMP/won.ics"
check "a cancelled plan shows cancelled" grep -qE "^VEVENT\|$uid_call\|.*\|CANCELLED" <<<"$(components "$TMP/won.ics")"

# --pipeline, --owner and --org narrow the deals, their plans and closes; follow-ups stay.
run deal add "Globex pilot" --value 2k --close 2026-03-25 --org "Globex"
globex=$(sql "SELECT max(id) FROM deals")
run deal plan "$globex" call "Call Globex" --due fri --at 11:00
run deal edit "$globex" --owner "Kim"
run calendar --org globex
printf '%s\n' "$OUT" >"$TMP/org.ics"
org_feed=$(components "$TMP/org.ics")
check "--org keeps the organization's plan" grep -qF "Call: Call Globex · Globex pilot" <<<"$org_feed"
check "--org keeps its close" grep -qF "Expected close: Globex pilot" <<<"$org_feed"
check "--org leaves other deals' plans out" test "$(grep -c "Acme rollout" <<<"$org_feed")" = 0
check "--org keeps the lead follow-ups" grep -qF "Follow up: Ada" <<<"$org_feed"
run calendar --owner kim
expect_equal "--owner gives the same entries" "$(printf '%s\n' "$OUT" >"$TMP/owner.ics"; components "$TMP/owner.ics" | cut -d'|' -f2 | sort)" \
    "$(cut -d'|' -f2 <<<"$org_feed" | sort)"
run agenda --format ics --org globex --days 30
expect_equal "agenda --format ics --org is the same feed" "$(printf '%s\n' "$OUT" >"$TMP/agenda-org.ics"; components "$TMP/agenda-org.ics" | cut -d'|' -f2 | sort)" \
    "$(cut -d'|' -f2 <<<"$org_feed" | sort)"
fails_cleanly "an unknown organization" 1 "no organization matches" calendar --org nobody
fails_cleanly "an unknown pipeline" 1 "pipeline" calendar --pipeline nope

# Bad input: nothing written.
fails_cleanly "--days out of range" 2 "--days" calendar --days 400
fails_cleanly "-o onto the database" 1 "that is the database" calendar -o "$PIPE_DB"
fails_cleanly "--due-now has no iCalendar form" 2 "--due-now has no iCalendar form" agenda --due-now --format ics
finish
