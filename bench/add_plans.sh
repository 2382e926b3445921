#!/usr/bin/env bash
# Adds PLANS planned activities to a generated book of DEALS deals (bench/generate.sh), spread
# over the book's two years as a team plans them: each due up to three weeks after it was
# planned, a third with a time of day; of those due before 2027-01-15 90% done, 5% cancelled,
# 5% still open (overdue); those due from then on open; open ones on open deals; ids in the
# order they were planned, as a book writes them. Each open deal's next step becomes its first
# open plan, as pipe keeps it. The same arguments always give the same data.
#   bench/add_plans.sh DB DEALS PLANS
set -euo pipefail
DB=${1:?database path}
DEALS=${2:?deals in the book}
PLANS=${3:?planned activities to add}
sqlite3 "$DB" >/dev/null <<SQL
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
