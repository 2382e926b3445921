#!/usr/bin/env bash
# Benchmark of the seller's day on a generated book of DEALS deals (default 200,000) with PLANS
# planned activities (default 400,000 over the book's two years, as a team plans them: each
# due up to three weeks after it was planned, a third with a time of day; of those due before
# today 90% done, 5% cancelled, 5% still open (overdue); those due from today on open; open
# ones on open deals; ids in the order they were planned, as a book writes them): `pipe agenda` (goal < 40 ms),
# `pipe task list --week` (< 15 ms) and `pipe calendar --days 30` (< 50 ms), as whole
# processes. Prints mean wall and CPU times; asserts nothing.
#   bench/plans.sh [BUILD_DIR]      (default: build; needs hyperfine, sqlite3, python3)
# Environment: DEALS, PLANS, RUNS (default 20), BENCH_DB (reuse a generated file).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
BUILD=${1:-$here/../build}
PIPE=$(realpath "$BUILD/pipe")
DEALS=${DEALS:-200000}
PLANS=${PLANS:-400000}
RUNS=${RUNS:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PIPE_DB=${BENCH_DB:-$work/bench.db} XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data
export NO_COLOR=1 TZ=UTC PIPE_NOW=2027-01-15T10:00:00
export PIPE_STAGES=$here/../examples/stages-b2b-saas.toml
for tool in hyperfine sqlite3 python3; do
    command -v "$tool" >/dev/null || { echo "bench needs $tool" >&2; exit 1; }
done
[ -s "$PIPE_DB" ] || "$here/generate.sh" "$PIPE" "$PIPE_DB" "$DEALS" 0
if [ "$(sqlite3 "$PIPE_DB" 'SELECT count(*) FROM activities WHERE planned_at IS NOT NULL')" = 0 ]; then
    sqlite3 "$PIPE_DB" >/dev/null <<SQL
PRAGMA journal_mode = OFF;
BEGIN;
CREATE TEMP TABLE open_deals (n INTEGER PRIMARY KEY, id INTEGER);
INSERT INTO open_deals SELECT row_number() OVER (ORDER BY id), id FROM deals WHERE status = 'open';
CREATE TEMP TABLE g AS WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < $PLANS)
SELECT i, h, planned, planned + ((h / 1024) % 22) * 86400 AS due_at
FROM (SELECT i, (i * 2654435761) % 4294967296 AS h,
             1800007200 - (((i * 2654435761) % 4294967296) % 760) * 86400 AS planned FROM k);
CREATE TEMP TABLE p AS SELECT *, date(due_at, 'unixepoch') AS due,
       CASE WHEN due_at >= 1799971200 OR h % 20 = 0 THEN 'open' WHEN h % 20 = 1 THEN 'cancelled' ELSE 'done' END AS state
FROM g;
INSERT INTO activities (id, deal_id, kind, at, due, done, text, time, duration, planned_at, cancelled_at)
SELECT (SELECT coalesce(max(id), 0) FROM activities) + row_number() OVER (ORDER BY planned, i),
       CASE WHEN state = 'open' THEN (SELECT id FROM open_deals WHERE n = 1 + h % (SELECT count(*) FROM open_deals))
            ELSE 1 + h % $DEALS END,
       CASE h % 4 WHEN 0 THEN 'call' WHEN 1 THEN 'email' WHEN 2 THEN 'meeting' ELSE 'task' END,
       CASE WHEN state = 'done' THEN min(due_at + 36000, 1800007200) ELSE planned END,
       due,
       CASE WHEN state = 'done' THEN 1 ELSE 0 END,
       'Planned step ' || i,
       CASE WHEN h % 3 = 0 THEN printf('%02d:%02d', 8 + h % 10, (h / 7) % 4 * 15) END,
       CASE WHEN h % 3 = 0 THEN 30 END,
       planned,
       CASE WHEN state = 'cancelled' THEN min(due_at, 1800007200) END
FROM p;
UPDATE id_counters SET last = (SELECT max(id) FROM activities) WHERE name = 'activities';
UPDATE deals SET
  next_step = coalesce((SELECT a.text FROM activities a WHERE a.deal_id = deals.id AND a.done = 0
      AND a.cancelled_at IS NULL ORDER BY a.due IS NULL, a.due, a.time IS NULL, a.time, a.id LIMIT 1), ''),
  next_step_due = (SELECT a.due FROM activities a WHERE a.deal_id = deals.id AND a.done = 0
      AND a.cancelled_at IS NULL ORDER BY a.due IS NULL, a.due, a.time IS NULL, a.time, a.id LIMIT 1)
WHERE status = 'open';
COMMIT;
ANALYZE;
SQL
fi
echo "book: $(sqlite3 "$PIPE_DB" 'SELECT count(*) FROM deals') deals, $(sqlite3 "$PIPE_DB" \
    'SELECT count(*) FROM activities WHERE planned_at IS NOT NULL') planned activities; load $(cut -d' ' -f1-3 /proc/loadavg)"
measure() { # measure NAME ARGS...: mean wall and CPU (user + system) milliseconds
    local name=$1
    shift
    hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$work/h.json" "$(printf '%q ' "$PIPE" "$@")" >/dev/null 2>&1
    python3 - "$work/h.json" "$name" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print("%-26s wall %7.2f ms   cpu %7.2f ms" % (sys.argv[2], r["mean"] * 1000, (r["user"] + r["system"]) * 1000))
PY
}
measure "agenda" agenda
measure "task list --week" task list --week
measure "calendar --days 30" calendar --days 30
# The floor of the feed: sqlite3 itself reading the same plans, with what each is on, by the
# same index (the feed's plan query; pipe then formats about 300 bytes of iCalendar a plan).
cat >"$work/feed.sql" <<'SQL'
SELECT count(*), sum(length(a.text) + length(coalesce(d.title, ''))) FROM activities a
INDEXED BY activities_plan_due LEFT JOIN deals d ON d.id = a.deal_id
LEFT JOIN leads l ON l.id = a.lead_id
WHERE a.planned_at IS NOT NULL AND a.due >= date(1800007200, 'unixepoch', '-14 days')
  AND a.due <= date(1800007200, 'unixepoch', '+30 days');
SQL
echo "calendar --days 30: $("$PIPE" calendar --days 30 | grep -c '^BEGIN:V[ET]') entries"
PIPE="$(command -v sqlite3)" measure "floor: sqlite3 feed query" "$PIPE_DB" -init "$work/feed.sql" .quit
