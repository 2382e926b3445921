#!/usr/bin/env bash
# Deterministic generator of a realistic book of business for benchmarks.
#   bench/generate.sh PIPE DB DEALS [ACTIVITIES_PER_DEAL]
# Creates DB through `pipe init` (the real migrations), then fills it with DEALS deals spread
# over two years (about 70% closed, won:lost 1:2), their stage history as events (~5 per
# deal), and activities. The same arguments always give the same data (no randomness: values
# come from a multiplicative hash of the row number). Nothing happens after the benchmarks'
# "now", 2027-01-15T10:00:00 (NOW, in seconds): a deal that would close later is still open, in
# the last stage it reached by then, and no event or activity is dated after it.
# Environment: ORGS and PEOPLE (default 0): that many organizations ("Org N Suffix", with a
# domain) and people ("Person N" at one of them, with an email), each deal linked to one of
# each (its organization and contact text their names), as an upgraded or imported book has them;
# with 0, deals have the plain texts "Org N" and "Contact N" linked to nothing.
set -euo pipefail
PIPE=${1:?pipe binary}
DB=${2:?database path}
DEALS=${3:-200000}
PER_DEAL=${4:-0}
ORGS=${ORGS:-0}
PEOPLE=${PEOPLE:-0}
NOW=1800007200
rm -f "$DB" "$DB-wal" "$DB-shm"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
XDG_CONFIG_HOME=$tmp PIPE_DB=$DB "$PIPE" -q init >/dev/null
sqlite3 "$DB" >/dev/null <<SQL
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -1000000;
PRAGMA temp_store = MEMORY;
BEGIN;
CREATE TEMP TABLE stage_names (i INTEGER PRIMARY KEY, name TEXT);
INSERT INTO stage_names VALUES (0,'Prospecting'),(1,'Qualification'),(2,'Meeting'),(3,'Proposal'),(4,'Negotiation');
CREATE TEMP TABLE gen0 (i INTEGER PRIMARY KEY, h INTEGER, created INTEGER);
INSERT INTO gen0
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $DEALS)
SELECT i,
       (i * 2654435761) % 4294967296 AS h,
       1735689600 + ((i * 2654435761) % 4294967296) % (730 * 86400) AS created
FROM n;
-- step: the days between two stage moves; last: the stage the deal reaches (before its close);
-- closes: whether it is won or lost by NOW; reached: its stage by NOW (open deals).
CREATE TEMP TABLE gen (i INTEGER PRIMARY KEY, h INTEGER, created INTEGER, step INTEGER,
                       last INTEGER, closes INTEGER, reached INTEGER);
INSERT INTO gen
SELECT i, h, created, step, last, closes,
       min(last, ($NOW - 1 - created) / step)
FROM (SELECT i, h, created, ((h % 9) + 2) * 86400 AS step,
             CASE WHEN h % 10 < 3 THEN (h / 10) % 5 ELSE 4 - (h % 3) END AS last,
             h % 10 >= 3 AND created + (h % 90 + 5) * 86400 < $NOW AS closes
      FROM gen0);
WITH RECURSIVE n(i) AS (SELECT 1 WHERE $ORGS > 0 UNION ALL SELECT i + 1 FROM n WHERE i < $ORGS)
INSERT INTO organizations (id, name, name_key, domain, created_at, updated_at)
SELECT i, name, lower(name), 'org' || i || '.example', 1735689600, 1735689600
FROM (SELECT i, 'Org ' || i || ' ' || (CASE i % 5 WHEN 0 THEN 'GmbH' WHEN 1 THEN 'Ltd' WHEN 2 THEN 'Inc'
                                       WHEN 3 THEN 'AG' ELSE 'Partners' END) AS name FROM n);
WITH RECURSIVE n(i) AS (SELECT 1 WHERE $PEOPLE > 0 AND $ORGS > 0 UNION ALL SELECT i + 1 FROM n WHERE i < $PEOPLE)
INSERT INTO persons (id, name, name_key, organization_id, organization, emails, created_at, updated_at)
SELECT n.i, 'Person ' || n.i, 'person ' || n.i, o.id, o.name, ';p' || n.i || '@' || o.domain || ';',
       1735689600, 1735689600
FROM n JOIN organizations o ON o.id = 1 + (n.i * 7919) % $ORGS;
INSERT INTO deals (id, title, organization, contact, value, currency, pipeline, stage, status,
                   expected_close, created_at, closed_at, stage_entered_at, last_touch_at,
                   lost_reason, source, tags, next_step, next_step_due, organization_id, contact_id)
SELECT i,
       'Deal ' || i || ' ' || (CASE h % 7 WHEN 0 THEN 'rollout' WHEN 1 THEN 'pilot' WHEN 2 THEN 'renewal'
                                WHEN 3 THEN 'expansion' WHEN 4 THEN 'audit' WHEN 5 THEN 'upgrade' ELSE 'licence' END),
       CASE WHEN $ORGS > 0 THEN (SELECT name FROM organizations WHERE id = 1 + h % $ORGS) ELSE 'Org ' || (h % 5000) END,
       CASE WHEN $PEOPLE > 0 AND $ORGS > 0 THEN (SELECT name FROM persons WHERE id = 1 + (h / 7) % $PEOPLE) ELSE 'Contact ' || (h % 20000) END,
       ((h / 7) % 50000 + 500) * 100,
       'EUR', 'sales',
       CASE WHEN NOT closes THEN (SELECT name FROM stage_names WHERE stage_names.i = gen.reached)
            WHEN h % 10 < 5 THEN 'Won' ELSE 'Lost' END,
       CASE WHEN NOT closes THEN 'open' WHEN h % 10 < 5 THEN 'won' ELSE 'lost' END,
       date(created + (h % 120 + 20) * 86400, 'unixepoch'),
       created,
       CASE WHEN closes THEN created + (h % 90 + 5) * 86400 END,
       min(created + (h % 5) * 86400, $NOW - 3600),
       min(created + (h % 20) * 86400, $NOW - 3600),
       CASE WHEN closes AND h % 10 >= 5 THEN (CASE h % 4 WHEN 0 THEN 'price' WHEN 1 THEN 'timing' WHEN 2 THEN 'competitor' ELSE 'no decision' END) ELSE '' END,
       CASE h % 3 WHEN 0 THEN 'referral' WHEN 1 THEN 'web' ELSE 'event' END,
       CASE WHEN h % 11 = 0 THEN ';big;' ELSE '' END,
       CASE WHEN h % 10 < 3 AND h % 2 = 0 THEN 'Follow up' ELSE '' END,
       CASE WHEN h % 10 < 3 AND h % 2 = 0 THEN date(created + (h % 30) * 86400, 'unixepoch') END,
       CASE WHEN $ORGS > 0 THEN 1 + h % $ORGS END,
       CASE WHEN $PEOPLE > 0 AND $ORGS > 0 THEN 1 + (h / 7) % $PEOPLE END
FROM gen;
-- History: created, then one event per stage passed, then won/lost.
INSERT INTO events (at, deal_id, kind, from_value, to_value, detail)
SELECT created, i, 'created', NULL, 'Prospecting', '' FROM gen;
WITH RECURSIVE steps(i, k, created, step, last) AS (
  SELECT i, 1, created, step, last FROM gen
  UNION ALL SELECT i, k + 1, created, step, last FROM steps WHERE k < last)
INSERT INTO events (at, deal_id, kind, from_value, to_value, detail)
SELECT created + k * step, i, 'stage',
       (SELECT name FROM stage_names WHERE stage_names.i = k - 1), (SELECT name FROM stage_names WHERE stage_names.i = k), ''
FROM steps WHERE last >= 1 AND created + k * step < $NOW;
INSERT INTO events (at, deal_id, kind, from_value, to_value, detail)
SELECT d.closed_at, d.id, d.status,
       (SELECT name FROM stage_names WHERE stage_names.i = 4 - (g.h % 3)), d.stage, d.lost_reason
FROM deals d JOIN gen g ON g.i = d.id WHERE d.status <> 'open';
WITH RECURSIVE a(i, k) AS (SELECT i, 1 FROM gen WHERE $PER_DEAL > 0
                           UNION ALL SELECT i, k + 1 FROM a WHERE k < $PER_DEAL)
INSERT INTO activities (deal_id, kind, at, done, text)
SELECT a.i, CASE (a.i + a.k) % 4 WHEN 0 THEN 'call' WHEN 1 THEN 'email' WHEN 2 THEN 'meeting' ELSE 'note' END,
       g.created + a.k * 3 * 86400, 1, 'Touch ' || a.k
FROM a JOIN gen g ON g.i = a.i WHERE g.created + a.k * 3 * 86400 < $NOW;
COMMIT;
PRAGMA journal_mode = WAL;
ANALYZE;
SQL
# Rows written behind pipe's back: its id counters (so new ids never collide) and the derived
# stage exits (kept by pipe's write path, not by triggers) are brought up to date, as pipe
# doctor --fix would, but without journaling a million-row repair. Books made by a pipe older
# than the journal have neither and get both from their upgrade.
if [ "$(sqlite3 "$DB" "SELECT count(*) FROM sqlite_master WHERE name = 'id_counters'")" = 1 ]; then
    sqlite3 "$DB" "UPDATE id_counters SET last = (SELECT coalesce(max(id), 0) FROM deals) WHERE name = 'deals';
                   UPDATE id_counters SET last = (SELECT coalesce(max(id), 0) FROM events) WHERE name = 'events';
                   UPDATE id_counters SET last = (SELECT coalesce(max(id), 0) FROM activities) WHERE name = 'activities';"
    if [ "$ORGS" -gt 0 ]; then
        sqlite3 "$DB" "UPDATE id_counters SET last = (SELECT coalesce(max(id), 0) FROM organizations) WHERE name = 'organizations';
                       UPDATE id_counters SET last = (SELECT coalesce(max(id), 0) FROM persons) WHERE name = 'persons';"
    fi
    XDG_CONFIG_HOME=$tmp PIPE_DB=$DB "$PIPE" -q doctor --fix >/dev/null 2>&1 || true
fi
echo "generated $DB: $(sqlite3 "$DB" 'SELECT count(*) FROM deals') deals, $(sqlite3 "$DB" 'SELECT count(*) FROM events') events, $(sqlite3 "$DB" 'SELECT count(*) FROM activities') activities, $ORGS organizations, $PEOPLE people" >&2
