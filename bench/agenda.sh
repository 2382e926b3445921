#!/usr/bin/env bash
# Benchmark of `pipe agenda` (goal < 50 ms) on a generated book of DEALS deals (default 200,000)
# with ACTIVITIES_PER_DEAL activities each (default 5: 1,000,000) and LEADS leads (default
# 20,000: some with follow-ups due, some nurtured, some never contacted). Prints the mean wall
# time and the CPU time (user + system) of whole processes; asserts nothing. On a shared
# machine the CPU time is the steadier figure (the load average is printed with it).
#   bench/agenda.sh [BUILD_DIR]      (default: build; needs hyperfine, sqlite3, python3)
# Environment: DEALS, ACTIVITIES_PER_DEAL, LEADS, RUNS (default 30), BENCH_DB (reuse a
# generated file instead of a temporary one; generated when missing).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
BUILD=${1:-$here/../build}
PIPE=$(realpath "$BUILD/pipe")
DEALS=${DEALS:-200000}
LEADS=${LEADS:-20000}
RUNS=${RUNS:-30}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PIPE_DB=${BENCH_DB:-$work/bench.db} XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data
export NO_COLOR=1 TZ=UTC PIPE_NOW=2027-01-15T10:00:00
export PIPE_STAGES=$here/../examples/stages-b2b-saas.toml

for tool in hyperfine sqlite3 python3; do
    command -v "$tool" >/dev/null || { echo "bench needs $tool" >&2; exit 1; }
done
[ -s "$PIPE_DB" ] || "$here/generate.sh" "$PIPE" "$PIPE_DB" "$DEALS" "${ACTIVITIES_PER_DEAL:-5}"
if [ "$(sqlite3 "$PIPE_DB" 'SELECT count(*) FROM leads')" = 0 ]; then
    # Leads over the last year: a third with a follow-up date around today, one in ten
    # nurtured until a date around today, and activities on every other one.
    sqlite3 "$PIPE_DB" >/dev/null <<SQL
PRAGMA journal_mode = OFF;
BEGIN;
CREATE TEMP TABLE g AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $LEADS)
SELECT i, (i * 2654435761) % 4294967296 AS h FROM n;
INSERT INTO leads (id, name, organization, source, status, created_at, updated_at, last_touch_at,
                   follow_up, nurture_until, drop_reason)
SELECT i, 'Lead ' || i, 'Org ' || (h % 3000), 'web',
       CASE WHEN h % 10 = 0 THEN 'nurturing' WHEN h % 10 = 1 THEN 'qualified' ELSE 'new' END,
       1800007200 - (h % 365) * 86400, 1800007200 - (h % 365) * 86400, 1800007200 - (h % 365) * 86400,
       CASE WHEN h % 3 = 0 THEN date(1800007200 + (h % 41 - 20) * 86400, 'unixepoch') END,
       CASE WHEN h % 10 = 0 THEN date(1800007200 + (h % 61 - 30) * 86400, 'unixepoch') END,
       CASE WHEN h % 10 = 0 THEN 'no budget' ELSE '' END
FROM g;
INSERT INTO activities (lead_id, kind, at, done, text)
SELECT i, 'email', 1800007200 - (h % 365) * 86400 + 7200, 1, 'Intro' FROM g WHERE h % 2 = 0;
COMMIT;
ANALYZE;
SQL
fi

# run NAME COMMAND: mean wall ms and mean user+system ms of COMMAND, via hyperfine.
run() {
    hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$work/h.json" "$2" >/dev/null 2>&1 ||
        hyperfine --warmup 3 --runs "$RUNS" --export-json "$work/h.json" "$2" >/dev/null
    python3 - "$work/h.json" "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print("  %-34s %8.1f %8.1f %8.1f" % (sys.argv[2], r["mean"] * 1000, r["min"] * 1000,
                                     (r["user"] + r["system"]) * 1000))
PY
}

printf 'book: %s deals, %s activities, %s leads; load average %s\n' \
    "$(sqlite3 "$PIPE_DB" 'SELECT count(*) FROM deals')" \
    "$(sqlite3 "$PIPE_DB" 'SELECT count(*) FROM activities')" \
    "$(sqlite3 "$PIPE_DB" 'SELECT count(*) FROM leads')" "$(cut -d' ' -f1-3 /proc/loadavg)"
"$PIPE" agenda --json | python3 -c 'import json,sys; print("agenda groups: " + ", ".join("%s %d" % (g["key"], g["total"]) for g in json.load(sys.stdin)["groups"]))'
printf '\nmean of %s runs, whole processes (ms)\n  %-34s %8s %8s %8s\n' "$RUNS" "" wall min cpu
run "pipe agenda (goal < 50)" "$PIPE agenda"
run "pipe agenda --json" "$PIPE agenda --json"
run "pipe agenda --days 30 --format md" "$PIPE agenda --days 30 --format md"
run "pipe deal list --limit 50" "$PIPE deal list --limit 50"
run "pipe deal list --rotting --limit 50" "$PIPE deal list --rotting --limit 50"
run "pipe deal list --stuck --limit 50" "$PIPE deal list --stuck --limit 50"
