#!/usr/bin/env bash
# Logging activities on deals and leads: text, $EDITOR, timelines, JSON, next steps done, and
# bad input that must leave the database untouched.
source "$(dirname "$0")/lib.sh"

two_stages 60

at 2026-03-01T09:00:00 deal add "Acme pilot"                      # 1
at 2026-03-01T09:00:00 deal add "Initech renewal" --stage offer   # 2
at 2026-03-01T09:00:00 lead add "Ann Lee" --org Initech           # 1
export PIPE_NOW=2026-03-10T09:00:00

# deal log / lead log with TEXT.
run deal log 1 call "Left a voicemail"
expect_code "deal log" 0
expect_out "deal log says what it logged" "logged call on deal 1 · 2026-03-10 09:00"
expect_equal "the activity row" "$(sql "SELECT deal_id, lead_id, kind, at, done, text FROM activities")" \
    "1||call|1773133200|1|Left a voicemail"
expect_equal "logging touches the deal" "$(sql "SELECT last_touch_at FROM deals WHERE id=1")" 1773133200
expect_equal "logging appends no event" "$(sql "SELECT count(*) FROM events WHERE deal_id=1")" 1
run deal log 1 EMAIL "Sent the deck" --at 2026-03-05T14:30
expect_code "a kind in capitals, at an earlier time" 0
expect_equal "kind stored in lower case" "$(sql "SELECT kind FROM activities WHERE id=2")" email
expect_equal "an earlier activity does not move the touch back" \
    "$(sql "SELECT last_touch_at FROM deals WHERE id=1")" 1773133200
run deal log 1 note "From yesterday" --at yesterday
expect_equal "--at yesterday" "$(sql "SELECT date(at, 'unixepoch') FROM activities WHERE id=3")" 2026-03-09
run lead log 1 meeting "Coffee with Ann" --json
expect_code "lead log --json" 0
check "lead log json" test "$(jq -r '[.kind, .lead_id, .deal_id, .at, .done] | join(",")' <<<"$OUT")" = \
    "meeting,1,,2026-03-10T09:00:00Z,true"
expect_equal "logging touches the lead" "$(sql "SELECT last_touch_at FROM leads WHERE id=1")" 1773133200
run -q deal log 2 task "Quiet please"
expect_equal "--quiet prints nothing" "$OUT" ""

# Timelines merge history and activities by time.
at 2026-03-10T10:00:00 deal move 1 offer
at 2026-03-10T10:00:00 deal show 1
expect_out "activities in the deal timeline" "call: Left a voicemail"
check "history and activities merged in time order" test \
    "$(sed -n '/^History/,$p' <<<"$OUT" | tail -n +2 | cut -c21- | tr '\n' '|')" = \
    "created in Talk · €0|email: Sent the deck|note: From yesterday|call: Left a voicemail|Talk → Offer|"
run deal show 1 --json
check "deal json activities oldest first" test "$(jq -r '[.activities[].kind] | join(",")' <<<"$OUT")" = "email,note,call"
check "deal json activity fields" test "$(jq -r '.activities[2] | keys_unsorted | join(",")' <<<"$OUT")" = \
    "id,deal_id,lead_id,person_id,organization_id,kind,at,due,done,text,state,time,duration_minutes,planned_at,cancelled_at,snoozes,outcome"
run lead show 1
expect_out "activities in the lead timeline" "meeting: Coffee with Ann"
run lead show 1 --json
check "lead json activities" test "$(jq -r '.activities[0].text' <<<"$OUT")" = "Coffee with Ann"
run deal add "Silent deal"
run deal show 3 --json
check "a deal without activities has an empty array" test "$(jq -c '.activities' <<<"$OUT")" = "[]"

# $EDITOR: run without a shell, split on spaces, $VISUAL first; an empty text cancels.
if command -v script >/dev/null; then
    # on_tty ENV... -- ARGS: run pipe on a pseudo-terminal; CODE is its exit code.
    on_tty() {
        local envs=()
        while [ "$1" != -- ]; do envs+=("$1"); shift; done
        shift
        env "${envs[@]}" script -qec "$PIPE $*" /dev/null >"$TMP/tty" 2>&1 </dev/null
        CODE=$?
        OUT=$(cat "$TMP/tty")
    }
    cat >"$TMP/editor" <<'SH'
#!/bin/sh
# A fake editor: writes its options and a line of text to the file (its last argument).
for f; do :; done
printf '%s\n' "${EDITOR_TEXT-Typed in the editor}" >"$f"
[ "$#" -gt 1 ] && printf 'args: %s\n' "$*" | sed "s|$f||" >>"$f"
exit "${EDITOR_EXIT:-0}"
SH
    chmod +x "$TMP/editor"
    on_tty EDITOR="$TMP/editor" -- deal log 2 note
    expect_code "editor text" 0
    expect_equal "editor text logged" "$(sql "SELECT text FROM activities WHERE deal_id=2 AND kind='note'")" \
        "Typed in the editor"
    on_tty EDITOR="$TMP/editor --wait -n" -- lead log 1 note
    expect_equal "EDITOR split on spaces into argv" \
        "$(sql "SELECT text FROM activities WHERE lead_id=1 AND kind='note'")" \
        "Typed in the editor
args: --wait -n"
    on_tty VISUAL="$TMP/editor --visual" EDITOR=/bin/false -- lead log 1 email
    check "VISUAL before EDITOR" contains "$(sql "SELECT text FROM activities WHERE lead_id=1 AND kind='email'")" \
        "args: --visual"

    before=$(db_hash)
    on_tty EDITOR="$TMP/editor" EDITOR_TEXT= -- deal log 2 call
    expect_code "an empty file cancels" 1
    check "an empty file says so" contains "$OUT" "empty text: nothing logged"
    expect_equal "an empty file changes nothing" "$(db_hash)" "$before"
    on_tty EDITOR="$TMP/editor" EDITOR_TEXT="# only a comment" -- deal log 2 call
    expect_code "comment lines are ignored" 1
    on_tty EDITOR="$TMP/editor" EDITOR_EXIT=3 -- deal log 2 call
    expect_code "a failing editor" 1
    check "a failing editor is named" contains "$OUT" "the editor '$TMP/editor' failed"
    on_tty EDITOR="$TMP/editor;touch $TMP/shell-ran" -- deal log 2 call
    expect_code "an editor command with a ';'" 1
    check "the editor is never run through a shell" test ! -e "$TMP/shell-ran"
    on_tty EDITOR="$TMP/editor" EDITOR_TEXT=$'Anruf bei M\xfcller' -- deal log 2 call
    expect_code "editor text that is not UTF-8" 1
    check "editor text that is not UTF-8 says so" contains "$OUT" \
        "the text from the editor is not valid UTF-8: nothing logged (save it as UTF-8"
    expect_equal "failed editors change nothing" "$(db_hash)" "$before"
    rm -f /tmp/pipe-activity-* 2>/dev/null || true
fi

# deal next --done: logs a done task; asks for the next step only on a terminal.
run deal next 2 "Send the quote" --due 2026-03-12
run deal next 2 --done
expect_code "--done off a terminal" 0
expect_out "--done reports" "done: Send the quote"
expect_equal "--done off a terminal does not ask" "$(sql "SELECT next_step FROM deals WHERE id=2")" ""
expect_equal "--done logs a done task" \
    "$(sql "SELECT kind, done, text FROM activities WHERE deal_id=2 ORDER BY id DESC LIMIT 1")" \
    "task|1|Send the quote"
if command -v script >/dev/null; then
    run deal next 2 "Demo" --due 2026-03-14
    printf 'Send the contract\n+2d\n' | script -qec "$PIPE deal next 2 --done" /dev/null >/dev/null 2>&1
    expect_equal "on a terminal the next step asked for is set" \
        "$(sql "SELECT next_step || ' ' || next_step_due FROM deals WHERE id=2")" "Send the contract 2026-03-12"
fi

fails_cleanly "unknown kind" 2 "kind: dance not in" deal log 1 dance "x"
fails_cleanly "unknown kind on a lead" 2 "kind: visit not in" lead log 1 visit "x"
fails_cleanly "no text off a terminal" 1 "no activity text given" deal log 1 call
fails_cleanly "blank text" 1 "the activity text is empty" deal log 1 call "  "
fails_cleanly "an activity in the future" 1 "is in the future" deal log 1 call "x" --at 2026-04-01
fails_cleanly "an unreadable time" 1 "not a date" deal log 1 call "x" --at someday
fails_cleanly "log on an unknown deal" 1 "deal 99 not found" deal log 99 call "x"
fails_cleanly "log on an unknown lead" 1 "lead 99 not found" lead log 99 call "x"
fails_cleanly "--done with no next step" 1 "has no next step to complete" deal next 1 --done
fails_cleanly "an unreadable due date" 1 "not a date" deal next 1 "Call" --due someday
fails_cleanly "--done and a text" 2 "--done takes no step or date" deal next 1 "Call" --done
finish
