#!/usr/bin/env bash
# What the journal (and the rest of the one write path) costs: the same writes timed with an
# earlier build and this one, alternating, on copies of the same generated book, plus the
# journal's own rows and bytes per write and per imported row. Prints figures; asserts nothing.
#   bench/journal.sh OLD_BUILD_DIR [NEW_BUILD_DIR]     (needs hyperfine, sqlite3)
# Environment: DEALS (default 200000), RUNS (default 20), ROWS (import rows, default 30000).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
OLD=$(realpath "$1/pipe")
NEW=$(realpath "${2:-$here/../build}/pipe")
DEALS=${DEALS:-200000}
RUNS=${RUNS:-20}
ROWS=${ROWS:-30000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data NO_COLOR=1 TZ=UTC
export PIPE_NOW=2027-01-15T10:00:00 PIPE_STAGES=$here/../examples/stages-b2b-saas.toml

mean_ms() { # mean_ms JSON: the mean of hyperfine's first and second command, in ms
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(" ".join("%.2f" % (x["mean"]*1000) for x in r))' "$1"
}

"$here/generate.sh" "$OLD" "$work/old.db" "$DEALS" 5 >/dev/null
cp "$work/old.db" "$work/new.db"
PIPE_DB=$work/new.db "$NEW" upgrade >/dev/null
# The damage check of the first write of the day is timed by bench/run.sh; keep it out here.
PIPE_DB=$work/new.db "$NEW" -q deal add warm-up >/dev/null
open_id=$(sqlite3 "$work/old.db" "SELECT id FROM deals WHERE status='open' LIMIT 1")

hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$work/add.json" \
    -n old "env PIPE_DB=$work/old.db $OLD -q deal add 'Bench deal' --value 1200 --org Bench" \
    -n new "env PIPE_DB=$work/new.db $NEW -q deal add 'Bench deal' --value 1200 --org Bench" >/dev/null
hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$work/move.json" \
    --prepare "sh -c 'PIPE_DB=$work/old.db $OLD -q deal move $open_id Proposal; PIPE_DB=$work/new.db $NEW -q deal move $open_id Proposal; true'" \
    -n old "env PIPE_DB=$work/old.db $OLD -q deal move $open_id Negotiation" \
    -n new "env PIPE_DB=$work/new.db $NEW -q deal move $open_id Negotiation" >/dev/null 2>&1
read -r add_old add_new <<<"$(mean_ms "$work/add.json")"
read -r move_old move_new <<<"$(mean_ms "$work/move.json")"

# The journal's own rows per write.
before=$(sqlite3 "$work/new.db" "SELECT count(*), coalesce(sum(length(image)),0) FROM journal_rows")
PIPE_DB=$work/new.db "$NEW" -q deal move "$open_id" Proposal >/dev/null
after=$(sqlite3 "$work/new.db" "SELECT count(*), coalesce(sum(length(image)),0) FROM journal_rows")
entry=$(sqlite3 "$work/new.db" "SELECT length(command) + length(summary) + length(marks) + 40 FROM journal ORDER BY id DESC LIMIT 1")

# An import of ROWS new deals and a re-import that updates them, each into a copy of the book.
csv=$work/rows.csv
{
    echo "external_id,title,organization,value,stage,expected_close"
    for ((i = 1; i <= ROWS; i++)); do echo "j-$i,Deal $i,Org $((i % 97)),$((i * 7 % 50000)).50,Proposal,2027-0$((i % 9 + 1))-15"; done
} >"$csv"
sed 's/,Proposal,/,Negotiation,/' "$csv" >"$work/changed.csv"
import_s() { # import_s PIPE DB FILE: seconds of one import
    local t0 t1
    t0=$(date +%s%N)
    PIPE_DB=$2 "$1" -q import "$3" >/dev/null
    t1=$(date +%s%N)
    python3 -c "print('%.2f' % (($t1 - $t0) / 1e9))"
}
for who in old new; do
    cp "$work/$who.db" "$work/$who-import.db"
    rm -f "$work/$who-import.db-wal" "$work/$who-import.db-shm"
done
imp_old=$(import_s "$OLD" "$work/old-import.db" "$csv")
imp_new=$(import_s "$NEW" "$work/new-import.db" "$csv")
upd_old=$(import_s "$OLD" "$work/old-import.db" "$work/changed.csv")
j0=$(sqlite3 "$work/new-import.db" "SELECT count(*), coalesce(sum(length(image)),0) FROM journal_rows")
upd_new=$(import_s "$NEW" "$work/new-import.db" "$work/changed.csv")
j1=$(sqlite3 "$work/new-import.db" "SELECT count(*), coalesce(sum(length(image)),0) FROM journal_rows")
t0=$(date +%s%N)
PIPE_DB=$work/new-import.db "$NEW" -q undo >/dev/null
undo_s=$(python3 -c "print('%.2f' % (($(date +%s%N) - $t0) / 1e9))")

printf '\nthe one write path on %s deals (means of %s runs, whole processes; old = %s)\n' "$DEALS" "$RUNS" "$OLD"
printf '  %-34s %9s %9s %7s\n' "" old new ratio
python3 - "$add_old" "$add_new" "$move_old" "$move_new" <<'PY'
import sys
a_old, a_new, m_old, m_new = map(float, sys.argv[1:])
print("  %-34s %6.2f ms %6.2f ms %6.2fx" % ("deal add", a_old, a_new, a_new / a_old))
print("  %-34s %6.2f ms %6.2f ms %6.2fx" % ("deal move", m_old, m_new, m_new / m_old))
PY
printf '  %-34s %7s s %7s s\n' "import of $ROWS new deals" "$imp_old" "$imp_new" \
    "re-import updating them" "$upd_old" "$upd_new"
printf '  %-34s %7s s\n' "pipe undo of that re-import" "$undo_s"
printf '\njournal rows (count, bytes): deal move %s -> %s (+ the entry, ~%s bytes); re-import of %s rows %s -> %s\n' \
    "$before" "$after" "$entry" "$ROWS" "$j0" "$j1"
printf '(new rows are never written to the journal: an import of new deals adds only its entry)\n'
