#!/usr/bin/env bash
# The reference for an import into pipe's schema, done by sqlite3 itself with plain SQL: prints
# the SQL that loads a deals CSV (bench/deals_csv.sh's columns) into DB, a book pipe made with
# no deals, as one transaction. The deals' secondary indexes and every trigger on deals, events
# and stage exits are dropped first and made again after the rows; the derived tables are filled
# by INSERT ... SELECT ... GROUP BY. The rows: a deal each, a created event each and a close
# event for the closed ones. No validation, no journal, no search index, no duplicate check:
# what the schema alone costs, not pipe's task.
#   bench/schema_load.sh DB CSV >load.sql && sqlite3 DB '.read load.sql'
set -euo pipefail
db=$1 csv=$2
objects="tbl_name IN ('deals', 'events', 'stage_exits') AND sql IS NOT NULL"
# The indexes an import keeps while it reads (src/core/bulk_indexes.cpp) stay.
indexes="type = 'index' AND $objects AND name NOT IN ('events_deal', 'events_lead', 'stage_exits_deal')"
triggers="type = 'trigger' AND $objects"
echo "BEGIN;"
sqlite3 "$db" "SELECT 'DROP ' || upper(type) || ' \"' || name || '\";' FROM sqlite_master
               WHERE ($indexes) OR ($triggers) ORDER BY rowid"
echo ".import --csv $csv raw"
cat <<'SQL'
INSERT INTO deals (title, organization, value, currency, pipeline, stage, status, expected_close,
  created_at, closed_at, stage_entered_at, last_touch_at, source, notes, external_id)
SELECT title, organization, CAST(round(value * 100) AS INTEGER), 'EUR', 'sales', stage,
  CASE stage WHEN 'Won' THEN 'won' WHEN 'Lost' THEN 'lost' ELSE 'open' END, close_date,
  unixepoch(created_at), CASE WHEN stage IN ('Won', 'Lost') THEN unixepoch(close_date) + 43200 END,
  unixepoch(created_at), unixepoch(created_at), source, notes, external_id FROM raw;
INSERT INTO events (at, deal_id, kind, to_value) SELECT created_at, id, 'created', stage FROM deals;
INSERT INTO events (at, deal_id, kind, to_value)
SELECT closed_at, id, status, stage FROM deals WHERE closed_at IS NOT NULL;
DROP TABLE raw;
SQL
sqlite3 "$db" "SELECT sql || ';' FROM sqlite_master WHERE $indexes ORDER BY rowid"
# The derived tables from their definitions (src/core/derived_tables.hpp).
cat <<'SQL'
INSERT INTO deal_totals (pipeline, stage, status, currency, probability, deals, value)
SELECT pipeline, stage, status, currency, coalesce(probability, -1), count(*), sum(value)
FROM deals GROUP BY 1, 2, 3, 4, 5;
INSERT INTO closes (at, event_id, deal_id, kind, reason, currency, created_at, value)
SELECT e.at, e.id, e.deal_id, e.kind, e.detail, d.currency, d.created_at, d.value
FROM events e LEFT JOIN deals d ON d.id = e.deal_id
WHERE e.deal_id IS NOT NULL AND e.kind IN ('won', 'lost', 'reopened');
SQL
sqlite3 "$db" "SELECT sql || ';' FROM sqlite_master WHERE $triggers ORDER BY rowid"
echo "COMMIT;"
