#!/usr/bin/env bash
# Dates as people type them, wherever a date is asked: weekday names, `in 2 weeks`, `15 Mar`,
# numbers read by the stage file's date_order (else the locale's), eow/eom/eoq/eoy, times; an
# unreadable date names the forms that work; a close date in the past warns.
source "$(dirname "$0")/lib.sh"

# close TYPED: the expected close date that `deal add --close TYPED` stores (Monday 2 March 2026).
close() {
    run "$@" deal add "Typed" --close "$TYPED"
    [ "$CODE" = 0 ] || { echo "error: $ERR"; return; }
    sql "SELECT expected_close FROM deals ORDER BY id DESC LIMIT 1"
}
while IFS='|' read -r TYPED want; do
    expect_equal "'$TYPED' reads" "$(close)" "$want"
done <<'TABLE'
today|2026-03-02
tomorrow|2026-03-03
friday|2026-03-06
next friday|2026-03-06
monday|2026-03-09
next mon|2026-03-09
last friday|2026-02-27
in 2 weeks|2026-03-16
in 3 days|2026-03-05
2w|2026-03-16
+3d|2026-03-05
15 Mar|2026-03-15
March 15|2026-03-15
15th march 2027|2027-03-15
15.03.2026|2026-03-15
15/03|2026-03-15
eow|2026-03-08
eom|2026-03-31
eoq|2026-03-31
eoy|2026-12-31
2026-04-01|2026-04-01
TABLE

# Numbers only, by the stage file's date_order; without one, by the locale.
mkdir -p "$TMP/st"
run init
sed 's/^# date_order = "dmy".*/date_order = "mdy"/' "$XDG_CONFIG_HOME/pipe/stages.toml" >"$TMP/st/us.toml"
expect_equal "mdy reads 03/15 as 15 March" "$(TYPED=03/15 close --stages "$TMP/st/us.toml")" "2026-03-15"
expect_equal "mdy reads 04/03/2026 as 3 April" "$(TYPED=04/03/2026 close --stages "$TMP/st/us.toml")" "2026-04-03"
expect_equal "the locale picks month first in the US" "$(TYPED=03/15 LC_ALL=en_US.UTF-8 close)" "2026-03-15"
expect_equal "and day first in Germany" "$(TYPED=15/03 LC_ALL=de_DE.UTF-8 close)" "2026-03-15"
sed 's/^# date_order = "dmy".*/date_order = "xyz"/' "$XDG_CONFIG_HOME/pipe/stages.toml" >"$TMP/st/bad.toml"
fails_cleanly "a bad date_order" 1 'date_order must be "dmy", "mdy" or "ymd"' --stages "$TMP/st/bad.toml" deal list

# Times and dates with times, for plans.
run deal add "Planned"
id=$(sql "SELECT max(id) FROM deals")
run deal plan "$id" call "Call" --due "tomorrow 9am"
run deal plan "$id" call "Call" --due "fri 2:30pm"
run deal plan "$id" call "Call" --due "15 Mar 14:30"
expect_equal "dates with times" "$(sql "SELECT group_concat(due || ' ' || time, ',') FROM activities")" \
    "2026-03-03 09:00,2026-03-06 14:30,2026-03-15 14:30"

# Bad dates: which forms work, nothing changed.
fails_cleanly "an unreadable date lists the forms" 1 "use 2026-03-31, 15 Mar" deal add X --close someday
fails_cleanly "numbers that are no date in the order" 1 'read day/month by date_order "dmy"' deal add X --close 03/15
fails_cleanly "a day that does not exist" 1 "not a date: '31 Feb'" deal add X --close "31 Feb"
run deal add "Late" --close 2026-01-01
expect_code "a past close date is allowed" 0
expect_err "but warns" "warning: the expected close date 2026-01-01 of deal"
finish
