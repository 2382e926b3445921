#!/usr/bin/env bash
# The upgrade of a big book of schema version 3 (the free-text organizations and contacts of
# every deal and lead becoming records, the search index built): the time of `pipe upgrade` as
# a whole process, with the line per step it prints on a terminal. Prints figures; asserts
# nothing.
#   bench/upgrade.sh [BUILD_DIR]      (default: build; needs sqlite3 and script(1))
# Environment: DEALS (default 200000), ACTIVITIES_PER_DEAL (default 5), RUNS (default 1).
# Then the same book with one contact on every deal, each deal with its own phone (the person's
# list of phones grows with every deal: it was once a look through the list per deal).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
PIPE=$(realpath "${1:-$here/../build}/pipe")
DEALS=${DEALS:-200000}
RUNS=${RUNS:-1}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data NO_COLOR=1 TZ=UTC
"$here/../tests/fixtures/make_v3.sh" "$work/v3.db" "$DEALS" "${ACTIVITIES_PER_DEAL:-5}"
printf 'a book of schema version 3: %s deals, %s leads, %s history rows, %s activities, %s MB\n' \
    "$(sqlite3 "$work/v3.db" 'SELECT count(*) FROM deals')" "$(sqlite3 "$work/v3.db" 'SELECT count(*) FROM leads')" \
    "$(sqlite3 "$work/v3.db" 'SELECT count(*) FROM events')" "$(sqlite3 "$work/v3.db" 'SELECT count(*) FROM activities')" \
    "$(($(stat -c %s "$work/v3.db") / 1000000))"
for ((run = 1; run <= RUNS; run++)); do
    rm -f "$work/book.db"*
    cp "$work/v3.db" "$work/book.db"
    t0=$(date +%s%N)
    PIPE_DB=$work/book.db script -qec "$PIPE upgrade" /dev/null | tr -d '\r' | sed 's/.*\x1b\[K//' | grep -v ' of [0-9]*$'
    t1=$(date +%s%N)
    printf 'run %s: pipe upgrade took %.1f s (goal: under 60 s)\n' "$run" "$(python3 -c "print(($t1 - $t0) / 1e9)")"
done
printf 'upgraded: %s organizations, %s people, %s rows in the search index\n' \
    "$(sqlite3 "$work/book.db" 'SELECT count(*) FROM organizations')" "$(sqlite3 "$work/book.db" 'SELECT count(*) FROM persons')" \
    "$(sqlite3 "$work/book.db" 'SELECT count(*) FROM search')"

sqlite3 "$work/v3.db" "UPDATE deals SET contact = 'Front Desk', email = '', phone = '+1 555 ' || id"
rm -f "$work/book.db"*
cp "$work/v3.db" "$work/book.db"
t0=$(date +%s%N)
PIPE_DB=$work/book.db "$PIPE" -q upgrade >/dev/null
t1=$(date +%s%N)
printf 'one contact with %s phones: pipe upgrade took %.1f s\n' "$DEALS" "$(python3 -c "print(($t1 - $t0) / 1e9)")"
