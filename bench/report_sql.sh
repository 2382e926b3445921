#!/usr/bin/env bash
# The aggregate SQL that `pipe review` or `pipe forecast` computes on a book, for PIPE_NOW
# 2027-01-15T10:00:00 (a Friday), as the sqlite3 CLI runs it: the floor those reports are
# measured against (bench/review.sh, bench/bench.py).
#   bench/report_sql.sh review|forecast >FILE.sql
set -euo pipefail
kind=${1:?review or forecast}
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
[ "$kind" = review ] && cat <<SQL
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
[ "$kind" = forecast ] && cat <<SQL
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

true
