#!/usr/bin/env bash
# Benchmark of `pipe review` and `pipe forecast` on a generated book of DEALS deals (default
# 1,000,000, ~5,000,000 events), against sqlite3's CLI running the equivalent aggregate SQL on
# the same file. Prints both and the ratio; asserts nothing (goals: each under 1 s, within 2x
# of sqlite3).
#   bench/review.sh [BUILD_DIR]      (default: build; needs hyperfine, sqlite3)
# Environment: DEALS, RUNS (default 10), ACTIVITIES_PER_DEAL (default 0), BENCH_DB (reuse a
# generated file instead of a temporary one; generated when missing).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
BUILD=${1:-$here/../build}
PIPE=$(realpath "$BUILD/pipe")
DEALS=${DEALS:-1000000}
RUNS=${RUNS:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PIPE_DB=${BENCH_DB:-$work/bench.db} XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data
export NO_COLOR=1 TZ=UTC PIPE_NOW=2027-01-15T10:00:00
export PIPE_STAGES=$here/../examples/stages-b2b-saas.toml

for tool in hyperfine sqlite3; do
    command -v "$tool" >/dev/null || { echo "bench needs $tool" >&2; exit 1; }
done
[ -s "$PIPE_DB" ] || "$here/generate.sh" "$PIPE" "$PIPE_DB" "$DEALS" "${ACTIVITIES_PER_DEAL:-0}"

mean_ms() {
    hyperfine -N --warmup "${WARMUP:-2}" --runs "$RUNS" --export-json "$work/h.json" "$1" >/dev/null 2>&1 ||
        hyperfine --warmup "${WARMUP:-2}" --runs "$RUNS" --export-json "$work/h.json" "$1" >/dev/null
    python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["mean"]*1000))' "$work/h.json"
}

"$here/report_sql.sh" review >"$work/review.sql"
"$here/report_sql.sh" forecast >"$work/forecast.sql"

printf 'book: %s deals, %s events, %s stage exits\n' "$(sqlite3 "$PIPE_DB" 'SELECT count(*) FROM deals')" \
    "$(sqlite3 "$PIPE_DB" 'SELECT count(*) FROM events')" "$(sqlite3 "$PIPE_DB" 'SELECT count(*) FROM stage_exits')"
review_ms=$(mean_ms "$PIPE review")
forecast_ms=$(mean_ms "$PIPE forecast")
sql_review_ms=$(mean_ms "sqlite3 $PIPE_DB -init /dev/null -cmd '.read $work/review.sql' .quit")
sql_forecast_ms=$(mean_ms "sqlite3 $PIPE_DB -init /dev/null -cmd '.read $work/forecast.sql' .quit")
# Far slower (it reads every closed deal's stage path): once is enough to show it.
history_ms=$(RUNS=1 WARMUP=0 mean_ms "$PIPE forecast --method history")
asof_ms=$(mean_ms "$PIPE review --as-of 2026-12-31")

printf '\nmean of %s runs, whole processes (ms)\n' "$RUNS"
printf '  %-36s %9s\n' "pipe review (goal < 1000)" "$review_ms" "sqlite3 review SQL" "$sql_review_ms" \
    "pipe forecast (goal < 1000)" "$forecast_ms" "sqlite3 forecast SQL" "$sql_forecast_ms" \
    "pipe forecast --method history (1 run)" "$history_ms" "pipe review --as-of 2026-12-31" "$asof_ms"
printf '\nratios pipe / sqlite3 (goal <= 2x)\n'
python3 -c "print('  review    %.2fx' % ($review_ms / $sql_review_ms)); print('  forecast  %.2fx' % ($forecast_ms / $sql_forecast_ms))"
