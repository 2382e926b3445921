#include "schema.hpp"

#include <array>

namespace crm::schema {

namespace {

constexpr std::string_view v1 = R"sql(
CREATE TABLE leads (
  id             INTEGER PRIMARY KEY,
  name           TEXT NOT NULL,
  organization   TEXT NOT NULL DEFAULT '',
  email          TEXT NOT NULL DEFAULT '',
  phone          TEXT NOT NULL DEFAULT '',
  source         TEXT NOT NULL DEFAULT '',
  status         TEXT NOT NULL DEFAULT 'new'
                 CHECK (status IN ('new','qualified','nurturing','disqualified','converted')),
  budget         INTEGER CHECK (budget BETWEEN 0 AND 4),
  authority      INTEGER CHECK (authority BETWEEN 0 AND 4),
  need           INTEGER CHECK (need BETWEEN 0 AND 4),
  timeline       INTEGER CHECK (timeline BETWEEN 0 AND 4),
  follow_up      TEXT,
  nurture_until  TEXT,
  drop_reason    TEXT NOT NULL DEFAULT '',
  notes          TEXT NOT NULL DEFAULT '',
  external_id    TEXT UNIQUE,
  deal_id        INTEGER,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  last_touch_at  INTEGER NOT NULL,
  batch_id       INTEGER
);
CREATE INDEX leads_status ON leads(status, id);
CREATE INDEX leads_follow_up ON leads(follow_up) WHERE follow_up IS NOT NULL;

CREATE TABLE deals (
  id               INTEGER PRIMARY KEY,
  title            TEXT NOT NULL,
  organization     TEXT NOT NULL DEFAULT '',
  contact          TEXT NOT NULL DEFAULT '',
  email            TEXT NOT NULL DEFAULT '',
  phone            TEXT NOT NULL DEFAULT '',
  value            INTEGER NOT NULL DEFAULT 0,
  currency         TEXT NOT NULL,
  pipeline         TEXT NOT NULL,
  stage            TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('open','won','lost')),
  probability      INTEGER CHECK (probability BETWEEN 0 AND 100),
  expected_close   TEXT,
  created_at       INTEGER NOT NULL,
  closed_at        INTEGER,
  stage_entered_at INTEGER NOT NULL,
  last_touch_at    INTEGER NOT NULL,
  lost_reason      TEXT NOT NULL DEFAULT '',
  source           TEXT NOT NULL DEFAULT '',
  tags             TEXT NOT NULL DEFAULT '',
  next_step        TEXT NOT NULL DEFAULT '',
  next_step_due    TEXT,
  external_id      TEXT UNIQUE,
  lead_id          INTEGER,
  notes            TEXT NOT NULL DEFAULT '',
  close_pushes     INTEGER NOT NULL DEFAULT 0,
  batch_id         INTEGER
);
CREATE INDEX deals_status ON deals(status, pipeline, stage, currency, value, probability);
CREATE INDEX deals_close ON deals(status, expected_close);
CREATE INDEX deals_closed_at ON deals(closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX deals_created_at ON deals(created_at);
CREATE INDEX deals_next_due ON deals(next_step_due) WHERE next_step_due IS NOT NULL;
CREATE INDEX deals_touch ON deals(status, pipeline, stage, last_touch_at);
CREATE INDEX deals_no_next_step ON deals(id) WHERE status = 'open' AND next_step = '';

-- Running totals of deals per stage, kept exact by triggers, so lists and reports total a
-- million deals without reading them.
CREATE TABLE deal_totals (
  pipeline    TEXT NOT NULL,
  stage       TEXT NOT NULL,
  status      TEXT NOT NULL,
  currency    TEXT NOT NULL,
  probability INTEGER NOT NULL DEFAULT -1,
  deals       INTEGER NOT NULL,
  value       INTEGER NOT NULL,
  PRIMARY KEY (pipeline, stage, status, currency, probability)
) WITHOUT ROWID;
CREATE TRIGGER deal_totals_insert AFTER INSERT ON deals BEGIN
  INSERT INTO deal_totals VALUES (NEW.pipeline, NEW.stage, NEW.status, NEW.currency,
                                  coalesce(NEW.probability, -1), 1, NEW.value)
  ON CONFLICT DO UPDATE SET deals = deals + 1, value = value + excluded.value;
END;
CREATE TRIGGER deal_totals_delete AFTER DELETE ON deals BEGIN
  UPDATE deal_totals SET deals = deals - 1, value = value - OLD.value
  WHERE pipeline = OLD.pipeline AND stage = OLD.stage AND status = OLD.status
    AND currency = OLD.currency AND probability = coalesce(OLD.probability, -1);
  DELETE FROM deal_totals WHERE deals = 0;
END;
CREATE TRIGGER deal_totals_update AFTER UPDATE OF pipeline, stage, status, currency, probability, value ON deals
BEGIN
  UPDATE deal_totals SET deals = deals - 1, value = value - OLD.value
  WHERE pipeline = OLD.pipeline AND stage = OLD.stage AND status = OLD.status
    AND currency = OLD.currency AND probability = coalesce(OLD.probability, -1);
  INSERT INTO deal_totals VALUES (NEW.pipeline, NEW.stage, NEW.status, NEW.currency,
                                  coalesce(NEW.probability, -1), 1, NEW.value)
  ON CONFLICT DO UPDATE SET deals = deals + 1, value = value + excluded.value;
  DELETE FROM deal_totals WHERE deals = 0;
END;

CREATE TABLE events (
  id          INTEGER PRIMARY KEY,
  at          INTEGER NOT NULL,
  deal_id     INTEGER,
  lead_id     INTEGER,
  kind        TEXT NOT NULL,
  from_value  TEXT,
  to_value    TEXT,
  detail      TEXT NOT NULL DEFAULT '',
  batch_id    INTEGER,
  CHECK ((deal_id IS NULL) <> (lead_id IS NULL))
);
CREATE INDEX events_deal ON events(deal_id, at) WHERE deal_id IS NOT NULL;
CREATE INDEX events_lead ON events(lead_id, at) WHERE lead_id IS NOT NULL;
CREATE INDEX events_kind_at ON events(kind, at);

-- Every exit of a deal from a stage, with when it entered: filled by a trigger as stage events
-- are appended, so time in stage and stuck deals need no replay of the whole history.
CREATE TABLE stage_exits (
  deal_id     INTEGER NOT NULL,
  pipeline    TEXT NOT NULL,
  stage       TEXT NOT NULL,
  to_stage    TEXT NOT NULL,
  entered_at  INTEGER NOT NULL,
  left_at     INTEGER NOT NULL
);
CREATE INDEX stage_exits_stage ON stage_exits(pipeline, stage, left_at);
CREATE INDEX stage_exits_left ON stage_exits(left_at);
CREATE INDEX stage_exits_deal ON stage_exits(deal_id);
CREATE TRIGGER stage_exits_insert AFTER INSERT ON events
WHEN NEW.deal_id IS NOT NULL AND NEW.kind IN ('stage', 'won', 'lost') AND NEW.from_value IS NOT NULL
BEGIN
  INSERT INTO stage_exits (deal_id, pipeline, stage, to_stage, entered_at, left_at)
  SELECT NEW.deal_id, d.pipeline, NEW.from_value, NEW.to_value, p.at, NEW.at
  FROM deals d,
       (SELECT e.at, e.to_value FROM events e
        WHERE e.deal_id = NEW.deal_id AND e.id <> NEW.id
          AND e.kind IN ('created', 'stage', 'won', 'lost', 'reopened')
          AND (e.at < NEW.at OR (e.at = NEW.at AND e.id < NEW.id))
        ORDER BY e.at DESC, e.id DESC LIMIT 1) p
  WHERE d.id = NEW.deal_id AND p.to_value = NEW.from_value;
END;

CREATE TABLE activities (
  id        INTEGER PRIMARY KEY,
  deal_id   INTEGER,
  lead_id   INTEGER,
  kind      TEXT NOT NULL CHECK (kind IN ('call','email','meeting','note','task')),
  at        INTEGER NOT NULL,
  due       TEXT,
  done      INTEGER NOT NULL DEFAULT 1,
  text      TEXT NOT NULL,
  batch_id  INTEGER,
  CHECK ((deal_id IS NULL) <> (lead_id IS NULL))
);
CREATE INDEX activities_deal ON activities(deal_id, at) WHERE deal_id IS NOT NULL;
CREATE INDEX activities_lead ON activities(lead_id, at) WHERE lead_id IS NOT NULL;
CREATE INDEX activities_at ON activities(at, kind);

CREATE TABLE import_batches (
  id         INTEGER PRIMARY KEY,
  at         INTEGER NOT NULL,
  source     TEXT NOT NULL,
  type       TEXT NOT NULL,
  added      INTEGER NOT NULL DEFAULT 0,
  updated    INTEGER NOT NULL DEFAULT 0,
  unchanged  INTEGER NOT NULL DEFAULT 0,
  undone_at  INTEGER
);

CREATE TABLE import_undo (
  batch_id   INTEGER NOT NULL,
  table_name TEXT NOT NULL,
  row_id     INTEGER NOT NULL,
  old_row    TEXT
);
CREATE INDEX import_undo_batch ON import_undo(batch_id);
)sql";

// Version 2: the agenda reads open deals with a next step by due date, and stuck deals by
// the day they entered their stage, each from an index of just those rows.
constexpr std::string_view v2 = R"sql(
DROP INDEX deals_next_due;
CREATE INDEX deals_open_due ON deals(next_step_due) WHERE status = 'open' AND next_step <> '';
CREATE INDEX deals_entered ON deals(status, pipeline, stage, stage_entered_at);
)sql";

constexpr std::array<std::string_view, 2> all{v1, v2};

std::span<const std::string_view> override_steps;

} // namespace

std::span<const std::string_view> migrations() {
    return override_steps.empty() ? std::span<const std::string_view>(all) : override_steps;
}

MigrationsOverride::MigrationsOverride(std::span<const std::string_view> steps) {
    override_steps = steps;
}

MigrationsOverride::~MigrationsOverride() {
    override_steps = {};
}

} // namespace crm::schema
