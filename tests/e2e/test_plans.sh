#!/usr/bin/env bash
# Scheduled activities (pipe deal|lead plan, pipe task ...): any number per deal or lead, with a
# due date, a time and a duration; done, snoozed, edited, removed; a deal's next step is its
# earliest open plan; closing a deal cancels its plans; next --done on a terminal asks for the
# next step and asks again for a date it cannot read; lead follow-ups show ahead and clear; the
# agenda by time; every change undoable; bad input refused with nothing changed.
source "$(dirname "$0")/lib.sh"

book_dump() {
    sqlite3 "$PIPE_DB" .dump | grep -Ev '^INSERT INTO (journal|journal_rows|journal_now|id_counters|meta|search_data|search_idx|search_docsize|search_config) '
    sqlite3 "$PIPE_DB" "SELECT rowid, * FROM search ORDER BY rowid"
}

# undoable DESCRIPTION ARGS...: the command changes the book and pipe undo brings it back exactly.
undoable() {
    local description=$1 before after
    shift
    before=$(book_dump)
    run "$@"
    check "$description: the command succeeds" test "$CODE" = 0
    after=$(book_dump)
    check "$description: the command changed the book" test "$after" != "$before"
    run undo
    expect_code "$description: undo" 0
    check "$description: undo brings the book back exactly" test "$(book_dump)" = "$before"
    run redo
    check "$description: redo brings the change back exactly" test "$(book_dump)" = "$after"
}

# Monday 2 March 2026, 09:00 UTC.
run deal add "Acme rollout" --value 10k # 1
run deal plan 1 call "Call the CFO" --due fri --at 14:30 --for 30m
expect_code "deal plan" 0
expect_out "plan says what and when" "planned call 1 on deal 1 · Acme rollout · Fri 6 Mar 14:30 (30m): Call the CFO"
run deal plan 1 meeting "Demo" --due "today 2pm"
expect_out "a time in the due date" "today 14:00: Demo"
run deal plan 1 email "Send the deck" --due today --at 9am
run deal show 1
expect_out "the next step is the earliest open plan" "Next step     Send the deck"

run task list
expect_code "task list" 0
check "task list in due order, times first" test \
    "$(awk '/deal 1/ {print $1}' <<<"$OUT" | tr '\n' ' ')" = "3 2 1 "
run task list --today --json
expect_equal "--today lists today's" "$(jq -c '[.[].id]' <<<"$OUT")" "[3,2]"
run task list --week --json
expect_equal "--week lists the week's" "$(jq -c '[.[].id]' <<<"$OUT")" "[3,2,1]"
run task list --overdue --json
expect_equal "--overdue lists none yet" "$(jq -c '[.[].id]' <<<"$OUT")" "[]"
run task list --deal 1 --json
expect_equal "plan json fields" "$(jq -c '.[2] | [.state, .due, .time, .duration_minutes, .subject.kind]' <<<"$OUT")" \
    '["planned","2026-03-06","14:30",30,"deal"]'

# The agenda by time: today's plans in time order with their times.
run agenda
expect_out "agenda shows today's plan with its time" "09:00 email: Send the deck"
check "agenda lists today's by time" test \
    "$(grep -n '09:00 email' <<<"$OUT" | cut -d: -f1)" -lt "$(grep -n '14:00 meeting' <<<"$OUT" | cut -d: -f1)"
expect_out "agenda says how to do it" "pipe task done 3"
PIPE_NOW=2026-03-02T13:50:00 run agenda --due-now --json
expect_equal "--due-now lists what comes in the next 15 minutes" \
    "$(jq -c '[.groups[] | select(.key == "due_now") | .items[].task_id]' <<<"$OUT")" "[2]"

undoable "task done" task done 3 --note "sent, they liked it"
run task show 3 --json
expect_equal "done keeps the outcome" "$(jq -r '[.state, .outcome] | join("|")' <<<"$OUT")" "done|sent, they liked it"
run deal show 1
expect_out "the next step moves on" "Next step     Demo"
undoable "task snooze" task snooze 2 "tomorrow 10am"
run task show 2 --json
expect_equal "snooze sets day and time" "$(jq -r '[.due, .time, .snoozes] | join("|")' <<<"$OUT")" "2026-03-03|10:00|1"
undoable "task edit" task edit 1 --text "Call the CFO about the budget" --for none
undoable "deal plan" deal plan 1 task "Write the proposal" --due "in 2 weeks"
run task list --json
expect_equal "in 2 weeks is 14 days" "$(jq -r '.[] | select(.text == "Write the proposal") | .due' <<<"$OUT")" "2026-03-16"
undoable "deal next reschedules" deal next 1 --due +2d
run deal show 1 --json
expect_equal "next --due alone moves the next step" "$(jq -r .next_step.due <<<"$OUT")" "2026-03-04"
undoable "deal next --clear" deal next 1 --clear
undoable "deal next sets a step" deal next 1 "Book the kick-off" --due eow
undoable "task rm" task rm 4

# Closing closes the plan: a won deal keeps no open step; reopen brings none back overdue.
run deal add "Globex" # 2
run deal next 2 "Send the contract" --due 2026-03-03
undoable "deal won cancels the plans" deal won 2
run task list --deal 2 --json
expect_equal "a won deal has no open plans" "$(jq length <<<"$OUT")" 0
run deal show 2
expect_out "history shows the step cancelled" "cancelled task: Send the contract"
fails_cleanly "planning on a closed deal is refused" 1 "a closed deal keeps no plans" deal plan 2 call "x" --due fri
PIPE_NOW=2026-03-10T09:00:00 run deal reopen 2
PIPE_NOW=2026-03-10T09:00:00 run agenda --json
expect_equal "reopen brings none back overdue" \
    "$(jq -c '[.groups[] | select(.key == "overdue") | .items[] | select(.subject == "deal" and .id == 2)] | length' <<<"$OUT")" 0

# next --done on a terminal asks for the next step; a date it cannot read asks again.
run deal add "Initech" # 3
run deal next 3 "First call" --due today
if command -v script >/dev/null; then
    printf 'Call back\nsomeday\nfri\n' | script -qec "$(printf '%q ' "$PIPE" deal next 3 --done)" /dev/null >"$TMP/stdout" 2>&1
    OUT=$(tr -d '\r' <"$TMP/stdout")
    expect_out "an unreadable date is said" "not a date: 'someday'"
    run task list --deal 3 --json
    expect_equal "the typed step is kept and planned when the date is read" \
        "$(jq -c '[.[] | [.text, .due]]' <<<"$OUT")" '[["Call back","2026-03-06"]]'
    before=$(db_hash)
    printf '\n' | script -qec "$(printf '%q ' "$PIPE" deal next 3 --done)" /dev/null >/dev/null 2>&1
    run task list --deal 3 --json
    expect_equal "skipping the next step completes the step only" "$(jq length <<<"$OUT")" 0
fi

# Lead follow-ups: in the next days, not nagged before, cleared by a contact once due.
run lead add "Ada" --follow-up 2026-03-05 # 1
run lead add "Bob" --follow-up 2026-03-02 # 2
run agenda --json
expect_equal "a follow-up in the next days shows ahead" \
    "$(jq -c '[.groups[] | select(.key == "upcoming") | .items[] | select(.subject == "lead") | .id]' <<<"$OUT")" "[1]"
expect_equal "a lead followed up later is not nagged as uncontacted" \
    "$(jq -c '[.groups[] | select(.key == "uncontacted_leads") | .items[].id]' <<<"$OUT")" "[2]"
run lead log 2 call "Talked" --keep
run lead show 2 --json
expect_equal "--keep keeps the follow-up" "$(jq -r .follow_up <<<"$OUT")" "2026-03-02"
undoable "a call clears a due follow-up" lead log 2 call "Talked again"
expect_out "the clearing is printed" "cleared"
run lead show 2 --json
expect_equal "the follow-up is cleared" "$(jq -r .follow_up <<<"$OUT")" "null"
run lead log 1 email "Sent the deck"
run lead show 1 --json
expect_equal "a follow-up not yet due stays" "$(jq -r .follow_up <<<"$OUT")" "2026-03-05"
undoable "lead plan" lead plan 1 call "Ask about the budget" --due "next monday 11am"
run lead convert 1 --value 5k
run task list --json
expect_equal "a converted lead's plans move to its deal" \
    "$(jq -c '[.[] | select(.text == "Ask about the budget") | .subject.kind]' <<<"$OUT")" '["deal"]'

# The review counts plans: planned in the period, done of those, open past their due date.
run deal add "Late one" --value 1k
late=$(sql "SELECT max(id) FROM deals")
run deal plan "$late" call "Overdue call" --due yesterday
run review --json
from=$(date -u -d "$(jq -r .current.from <<<"$OUT")" +%s)
to=$(date -u -d "$(jq -r .current.to <<<"$OUT")" +%s)
expect_equal "review: planned in the period" "$(jq .current.activity.planned <<<"$OUT")" \
    "$(sql "SELECT count(*) FROM activities WHERE planned_at >= $from AND planned_at < $to")"
expect_equal "review: done of the planned" "$(jq .current.activity.planned_done <<<"$OUT")" \
    "$(sql "SELECT count(*) FROM activities WHERE done = 1 AND planned_at IS NOT NULL AND at >= $from AND at < $to")"
expect_equal "review: overdue now" "$(jq .current.activity.overdue <<<"$OUT")" \
    "$(sql "SELECT count(*) FROM activities WHERE done = 0 AND cancelled_at IS NULL AND due < date($to, 'unixepoch')")"
check "review: an overdue plan counts" test "$(jq .current.activity.overdue <<<"$OUT")" -ge 1
figures=$(jq -r '.current.activity | "\(.planned) planned · \(.planned_done) done · \(.overdue) overdue"' <<<"$OUT")
run review
expect_out "review text: the plans line" "Plans: $figures"
run review --format md
expect_out "review markdown: the plans line" "Plans: $figures"

# Bad input: one line, nothing changed.
fails_cleanly "an unreadable due date" 1 "not a date: 'someday'" deal plan 1 call "x" --due someday
fails_cleanly "--at 25:00" 1 "not a time of day: '25:00'" deal plan 1 call "x" --due fri --at 25:00
fails_cleanly "--for -5m" 1 "a duration cannot be negative" deal plan 1 call "x" --due fri --for -5m
fails_cleanly "a note is not planned" 2 "a note is logged, not planned" deal plan 1 note "x" --due fri
fails_cleanly "snoozing a done task" 1 "task 3 is done already" task snooze 3 fri
fails_cleanly "an unknown task id" 1 "task 99 not found" task done 99
fails_cleanly "an unknown deal" 1 "deal 99 not found" deal plan 99 call "x" --due fri
fails_cleanly "a logged activity in the future" 1 "is in the future" deal log 1 call "x" --at tomorrow
# Plans on a person or an organization, found by name; the task list narrows to one of them;
# their pages show the plan as planned, and a plan is no touch.
run org add "Müller Bau GmbH"
run person add "Ann Lee" --org müller
undoable "org plan" org plan "müller" meeting "Quarterly review" --due "next fri" --at 10:00
undoable "person plan" person plan ann call "Ask about the budget" --due tomorrow
org_id=$(sql "SELECT id FROM organizations WHERE name = 'Müller Bau GmbH'")
person_id=$(sql "SELECT id FROM persons WHERE name = 'Ann Lee'")
org_task=$(sql "SELECT id FROM activities WHERE organization_id = $org_id")
person_task=$(sql "SELECT id FROM activities WHERE person_id = $person_id")
run task show "$person_task" --json
expect_equal "a person's plan in json" "$(jq -c '[.subject.kind, .subject.id, .state, .kind]' <<<"$OUT")" "[\"person\",$person_id,\"planned\",\"call\"]"
run task list --org "müller bau" --json
expect_equal "task list --org by name" "$(jq -c '[.[].id]' <<<"$OUT")" "[$org_task]"
run task list --person "$person_id" --json
expect_equal "task list --person" "$(jq -c '[.[].id]' <<<"$OUT")" "[$person_task]"
fails_cleanly "two subjects at once" 2 "give one of --deal, --lead, --person and --org" task list --deal 1 --org 1
fails_cleanly "plan on an unknown person" 1 "no person matches" person plan nobody call "x" --due fri
fails_cleanly "a note is not planned on an org" 2 "a note is logged, not planned (pipe org log $org_id note" \
    org plan "$org_id" note "x" --due fri
run org show "$org_id"
expect_out "the account page shows the plan as planned" "planned meeting: Quarterly review (due"
check "a plan is no touch of the organization" test "$(grep -c 'Last touch' <<<"$OUT")" = 0
run agenda --json
check "the agenda lists the person's plan" jq -e "[.. | objects | select(.task_id? == $person_task)] | length >= 1" <<<"$OUT"
run task done "$person_task" --note "budget is there"
run person show "$person_id"
expect_out "done, it is logged on the person" "call: Ask about the budget"

# Import/export: Pipedrive's activity export (due date, time, duration, done) makes plans and
# logged activities; importing it again changes nothing; import undo takes it back; the
# export and the whole-book archive carry the plans.
export PIPE_DB=$TMP/imported.db
printf 'external_id,title\nPD1,Acme\n' >"$TMP/pd-deals.csv"
cat >"$TMP/pd-activities.csv" <<'CSV'
Activity - Deal ID,Activity - Type,Activity - Subject,Activity - Due date,Activity - Due time,Activity - Duration,Activity - Done
PD1,Call,Call the CFO,2026-03-06,14:30,00:30,To do
PD1,Email,Sent the deck,2026-02-20,,,Done
PD1,Deadline,Contract,2026-03-10,,,To do
CSV
run import "$TMP/pd-deals.csv"
before=$(book_dump)
run import "$TMP/pd-activities.csv" --type activities
expect_code "import of Pipedrive activities" 0
run task list --json
expect_equal "open ones become plans" "$(jq -c '[.[] | [.kind, .due, .time, .duration_minutes]]' <<<"$OUT")" \
    '[["call","2026-03-06","14:30",30],["task","2026-03-10",null,null]]'
expect_equal "a done one is logged" "$(sql "SELECT count(*) FROM activities WHERE done = 1")" 1
run deal show 1 --json
expect_equal "the deal's next step is its earliest imported plan" "$(jq -r .next_step.text <<<"$OUT")" "Call the CFO"
run import "$TMP/pd-activities.csv" --type activities
expect_err "importing again changes nothing" "0 new, 0 updated, 3 unchanged"
run export --type activities
expect_out "the export carries due time and duration" "Call the CFO,14:30,30,"
run export --all
check "the archive carries the plans" jq -e '[.tables.activities[] | select(.planned_at != null)] | length == 2' <<<"$OUT"
run undo
check "pipe undo takes the import back exactly" test "$(book_dump)" = "$before"
run redo
run import undo 2
expect_code "import undo" 0
expect_equal "import undo removes the imported activities" "$(sql "SELECT count(*) FROM activities")" 0
run deal show 1 --json
expect_equal "and the next step with them" "$(jq -r .next_step <<<"$OUT")" "null"
finish
