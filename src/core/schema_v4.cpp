// Schema version 4: the journal (undo and redo of every change), the trash, id counters that
// never hand out an id twice, and the book's identity.

#include "schema.hpp"

namespace crm::schema {

namespace {

constexpr std::string_view v4_tables = R"sql(
-- The book's identity (a random id made when the book is created or upgraded) and other facts
-- about the file.
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
INSERT OR IGNORE INTO meta (key, value) VALUES ('book_id', lower(hex(randomblob(8))));

-- The last id handed out per table, so an id is never given twice (after a removal, an undo or
-- emptying the trash).
CREATE TABLE id_counters (name TEXT PRIMARY KEY, last INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO id_counters SELECT 'deals', coalesce(max(id), 0) FROM deals;
INSERT INTO id_counters SELECT 'leads', coalesce(max(id), 0) FROM leads;
INSERT INTO id_counters SELECT 'activities', coalesce(max(id), 0) FROM activities;
INSERT INTO id_counters SELECT 'events', coalesce(max(id), 0) FROM events;
INSERT INTO id_counters SELECT 'import_batches', coalesce(max(id), 0) FROM import_batches;
INSERT INTO id_counters VALUES ('trash', 0);

-- The journal: one entry per change, with what it takes to reverse it. `marks` holds each
-- table's high-water rowid when the change began; journal_rows the rows it changed or removed,
-- as they were (image NULL: the row did not exist).
CREATE TABLE journal (
  id         INTEGER PRIMARY KEY,
  at         INTEGER NOT NULL,
  command    TEXT NOT NULL,
  summary    TEXT NOT NULL DEFAULT '',
  state      TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('done', 'undone', 'legacy', 'pruned')),
  undone_at  INTEGER,
  pid        INTEGER NOT NULL DEFAULT 0,
  user       TEXT NOT NULL DEFAULT '',
  marks      TEXT NOT NULL DEFAULT '{}',
  batch_id   INTEGER
);
CREATE INDEX journal_state ON journal(state, id);
CREATE TABLE journal_rows (
  change_id  INTEGER NOT NULL,
  tbl        TEXT NOT NULL,
  row_id     INTEGER NOT NULL,
  image      TEXT,
  PRIMARY KEY (change_id, tbl, row_id)
) WITHOUT ROWID;
CREATE INDEX journal_rows_row ON journal_rows(tbl, row_id, change_id);
-- While a change is being written: its id and each journaled table's high-water rowid.
CREATE TABLE journal_now (
  tbl        TEXT PRIMARY KEY,
  change_id  INTEGER NOT NULL,
  hw         INTEGER NOT NULL
) WITHOUT ROWID;

-- Removed deals and leads with everything that hung on them, until restored or emptied.
CREATE TABLE trash (
  id         INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('deal', 'lead')),
  record_id  INTEGER NOT NULL,
  title      TEXT NOT NULL,
  removed_at INTEGER NOT NULL,
  payload    TEXT NOT NULL,
  UNIQUE (kind, record_id)
);
CREATE INDEX trash_removed ON trash(removed_at);

-- stage_reach holds no row of zero deals (so it equals its rebuild exactly).
DELETE FROM stage_reach WHERE deals = 0;
CREATE TRIGGER stage_reach_zero AFTER UPDATE OF deals ON stage_reach WHEN NEW.deals = 0
BEGIN
  DELETE FROM stage_reach WHERE pipeline = NEW.pipeline AND stage = NEW.stage
    AND status = NEW.status;
END;

-- Stage exits are kept by the write path now, which also rebuilds them (pipe doctor).
DROP TRIGGER stage_exits_insert;

ALTER TABLE import_batches ADD COLUMN change_id INTEGER;
ALTER TABLE import_batches ADD COLUMN left_alone INTEGER NOT NULL DEFAULT 0;
CREATE INDEX deals_batch ON deals(batch_id) WHERE batch_id IS NOT NULL;
CREATE INDEX leads_batch ON leads(batch_id) WHERE batch_id IS NOT NULL;
CREATE INDEX events_batch ON events(batch_id) WHERE batch_id IS NOT NULL;
CREATE INDEX activities_batch ON activities(batch_id) WHERE batch_id IS NOT NULL;

-- Imports made before the journal keep what their undo needs as journal entries of their own
-- (state 'legacy': `pipe import undo` takes them back record by record; `pipe undo` stops at
-- them).
INSERT INTO journal (id, at, command, summary, state, batch_id)
SELECT id, at, 'pipe import ' || source, 'import of ' || source || ' (' || type || ')', 'legacy', id
FROM import_batches WHERE undone_at IS NULL;
UPDATE import_batches SET change_id = id WHERE undone_at IS NULL;
INSERT OR IGNORE INTO journal_rows (change_id, tbl, row_id, image)
SELECT batch_id, table_name, row_id, old_row FROM import_undo
WHERE table_name IN ('deals', 'leads') AND batch_id IN (SELECT id FROM journal);
INSERT OR IGNORE INTO journal_rows (change_id, tbl, row_id, image)
SELECT u.batch_id, 'events', json_extract(e.value, '$[0]'),
       json_object('id', json_extract(e.value, '$[0]'), 'at', json_extract(e.value, '$[1]'),
                   'deal_id', json_extract(e.value, '$[2]'), 'lead_id', json_extract(e.value, '$[3]'),
                   'kind', json_extract(e.value, '$[4]'), 'from_value', json_extract(e.value, '$[5]'),
                   'to_value', json_extract(e.value, '$[6]'), 'detail', json_extract(e.value, '$[7]'),
                   'batch_id', json_extract(e.value, '$[8]'))
FROM import_undo u, json_each(u.old_row) e
WHERE u.table_name = 'deal_events' AND u.batch_id IN (SELECT id FROM journal);
DROP TABLE import_undo;
)sql";

} // namespace

std::string_view v4() {
    return v4_tables;
}

} // namespace crm::schema
