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
    "$here/add_plans.sh" "$PIPE_DB" "$DEALS" "$PLANS"
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
