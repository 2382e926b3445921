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

# The periods pipe uses for PIPE_NOW (a Friday): this ISO week, the one before, 90 days back.
ts() { date -u -d "$1" +%s; }
now=$(($(ts 2027-01-15T10:00:00) + 1))
week=$(ts 2027-01-11)
prev=$(ts 2027-01-04)
trail=$((now - 90 * 86400))
ptrail=$((week - 90 * 86400))
today=2027-01-15

# What `pipe review` computes, as plain aggregate SQL over the same tables and indexes (closes
# is the close events joined with their deals, kept by triggers since schema version 3).
cat >"$work/review.sql" <<SQL
PRAGMA mmap_size = 2147483648;
SELECT count(*), total(value) FROM deals WHERE created_at >= $week AND created_at < $now AND currency = 'EUR';
SELECT count(*), total(value) FROM deals WHERE created_at >= $prev AND created_at < $week AND currency = 'EUR';
SELECT kind, count(*), total(value), avg(at - created_at) FROM closes
  WHERE at >= $week AND at < $now AND currency = 'EUR' GROUP BY kind;
SELECT kind, count(*), total(value), avg(at - created_at) FROM closes
  WHERE at >= $prev AND at < $week AND currency = 'EUR' GROUP BY kind;
SELECT kind, count(*), total(value), avg(at - created_at) FROM closes
  WHERE at >= $trail AND at < $now AND currency = 'EUR' GROUP BY kind;
SELECT kind, count(*), total(value), avg(at - created_at) FROM closes
  WHERE at >= $ptrail AND at < $week AND currency = 'EUR' GROUP BY kind;
SELECT reason, count(*) FROM closes WHERE kind = 'lost' AND at >= $week AND at < $now
  AND currency = 'EUR' GROUP BY 1 ORDER BY 2 DESC;
SELECT pipeline, stage, currency, probability, sum(deals), sum(value) FROM deal_totals WHERE status = 'open' GROUP BY 1, 2, 3, 4;
SELECT pipeline, stage, to_stage, count(*), avg(left_at - entered_at) FROM stage_exits
  WHERE left_at >= $week AND left_at < $now GROUP BY 1, 2, 3;
SELECT kind, count(*) FROM activities WHERE at >= $week AND at < $now GROUP BY kind;
SELECT kind, count(*) FROM activities WHERE at >= $prev AND at < $week GROUP BY kind;
SELECT count(*) FROM leads WHERE created_at >= $week AND created_at < $now;
SELECT count(*) FROM deals INDEXED BY deals_no_next_step WHERE status = 'open' AND next_step = '';
SELECT count(*) FROM deals INDEXED BY deals_open_due WHERE status = 'open' AND next_step <> '' AND next_step_due < '$today';
SELECT count(*) FROM deals WHERE status = 'open' AND expected_close < '$today';
SELECT count(*) FROM deals INDEXED BY deals_close_pushed WHERE status = 'open' AND close_pushes >= 3;
SELECT stage, count(*) FROM deals WHERE status = 'open' AND pipeline = 'sales' AND last_touch_at < $now - 14 * 86400 GROUP BY stage;
SELECT total(value) FROM deals INDEXED BY deals_closed_at WHERE status = 'won' AND currency = 'EUR' AND closed_at >= $(ts 2027-01-01) AND closed_at < $now;
SQL

# What `pipe forecast` computes (without the Monte-Carlo draws, which SQL cannot do).
cat >"$work/forecast.sql" <<SQL
PRAGMA mmap_size = 2147483648;
SELECT currency, substr(expected_close, 1, 7), stage, probability, count(*), total(value) FROM deals
  WHERE status = 'open' AND expected_close >= '$today' AND expected_close <= '2027-03-31' GROUP BY 1, 2, 3, 4;
SELECT currency, stage, probability, count(*), total(value) FROM deals
  WHERE status = 'open' AND expected_close IS NULL GROUP BY 1, 2, 3;
SELECT currency, stage, probability, count(*), total(value) FROM deals
  WHERE status = 'open' AND expected_close < '$today' GROUP BY 1, 2, 3;
SELECT currency, strftime('%Y-%m', closed_at, 'unixepoch'), total(value) FROM deals
  INDEXED BY deals_closed_at WHERE status = 'won' AND closed_at >= $(ts 2027-01-01) AND closed_at < $(ts 2027-04-01) GROUP BY 1, 2;
SQL

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
