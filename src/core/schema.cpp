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

// Version 3: the review and the forecast of a million deals read ranges, not the whole book.
// `closes` holds every close and reopening in time order with the deal's currency, creation
// and value beside it (kept in step by triggers; NULL currency while the deal row is absent),
// so a period's closes are one range read instead of a deal lookup per close. The forecast's
// open deals by close date and won deals by closing time are read from `deals_close` and
// `deals_closed_at` alone, deals whose close date moved three times from an index of just
// those deals, the changes since an instant (the book as it was) from `events_kind_at`, and a
// period's stage exits from `stage_exits_left`.
// `stage_reach` counts the deals of each status that left each stage, for calibration.
constexpr std::string_view v3 = R"sql(
CREATE TABLE closes (
  at          INTEGER NOT NULL,
  event_id    INTEGER NOT NULL,
  deal_id     INTEGER NOT NULL,
  kind        TEXT NOT NULL,
  reason      TEXT NOT NULL,
  currency    TEXT,
  created_at  INTEGER,
  value       INTEGER,
  PRIMARY KEY (at, event_id)
) WITHOUT ROWID;
CREATE INDEX closes_deal ON closes(deal_id);
INSERT INTO closes
SELECT e.at, e.id, e.deal_id, e.kind, e.detail, d.currency, d.created_at, d.value
FROM events e LEFT JOIN deals d ON d.id = e.deal_id
WHERE e.deal_id IS NOT NULL AND e.kind IN ('won', 'lost', 'reopened');

CREATE TRIGGER closes_event_insert AFTER INSERT ON events
WHEN NEW.deal_id IS NOT NULL AND NEW.kind IN ('won', 'lost', 'reopened')
BEGIN
  INSERT INTO closes
  SELECT NEW.at, NEW.id, NEW.deal_id, NEW.kind, NEW.detail, d.currency, d.created_at, d.value
  FROM (SELECT 1) LEFT JOIN deals d ON d.id = NEW.deal_id;
END;
CREATE TRIGGER closes_event_delete AFTER DELETE ON events
WHEN OLD.deal_id IS NOT NULL AND OLD.kind IN ('won', 'lost', 'reopened')
BEGIN
  DELETE FROM closes WHERE at = OLD.at AND event_id = OLD.id;
END;
CREATE TRIGGER closes_event_update AFTER UPDATE OF id, at, deal_id, kind, detail ON events
BEGIN
  DELETE FROM closes WHERE at = OLD.at AND event_id = OLD.id;
  INSERT INTO closes
  SELECT NEW.at, NEW.id, NEW.deal_id, NEW.kind, NEW.detail, d.currency, d.created_at, d.value
  FROM (SELECT 1) LEFT JOIN deals d ON d.id = NEW.deal_id
  WHERE NEW.deal_id IS NOT NULL AND NEW.kind IN ('won', 'lost', 'reopened');
END;
CREATE TRIGGER closes_deal_insert AFTER INSERT ON deals BEGIN
  UPDATE closes SET currency = NEW.currency, created_at = NEW.created_at, value = NEW.value
  WHERE deal_id = NEW.id;
END;
CREATE TRIGGER closes_deal_update AFTER UPDATE OF id, currency, created_at, value ON deals BEGIN
  UPDATE closes SET currency = NULL WHERE deal_id = OLD.id AND OLD.id <> NEW.id;
  UPDATE closes SET currency = NEW.currency, created_at = NEW.created_at, value = NEW.value
  WHERE deal_id = NEW.id;
END;
CREATE TRIGGER closes_deal_delete AFTER DELETE ON deals BEGIN
  UPDATE closes SET currency = NULL WHERE deal_id = OLD.id;
END;

DROP INDEX deals_close;
CREATE INDEX deals_close ON deals(status, expected_close, currency, pipeline, stage, probability,
                                  value);
CREATE INDEX deals_close_pushed ON deals(close_pushes) WHERE status = 'open' AND close_pushes >= 3;
DROP INDEX deals_closed_at;
CREATE INDEX deals_closed_at ON deals(closed_at, status, currency, value) WHERE closed_at IS NOT NULL;
DROP INDEX events_kind_at;
CREATE INDEX events_kind_at ON events(kind, at, deal_id, from_value);
DROP INDEX stage_exits_left;
CREATE INDEX stage_exits_left ON stage_exits(left_at, pipeline, stage, to_stage, entered_at);

-- How many deals of each status have left each stage at least once (count(DISTINCT deal_id)
-- of stage_exits joined with deals, per pipeline, stage and status): the calibrated stage
-- probabilities of `forecast --method history` without reading every closed deal's path.
CREATE TABLE stage_reach (
  pipeline TEXT NOT NULL,
  stage    TEXT NOT NULL,
  status   TEXT NOT NULL,
  deals    INTEGER NOT NULL,
  PRIMARY KEY (pipeline, stage, status)
) WITHOUT ROWID;
INSERT INTO stage_reach
SELECT x.pipeline, x.stage, d.status, count(DISTINCT x.deal_id)
FROM stage_exits x JOIN deals d ON d.id = x.deal_id GROUP BY 1, 2, 3;

CREATE TRIGGER stage_reach_exit_insert AFTER INSERT ON stage_exits
WHEN NOT EXISTS (SELECT 1 FROM stage_exits WHERE deal_id = NEW.deal_id
                 AND pipeline = NEW.pipeline AND stage = NEW.stage AND rowid <> NEW.rowid)
BEGIN
  INSERT INTO stage_reach SELECT NEW.pipeline, NEW.stage, d.status, 1 FROM deals d
  WHERE d.id = NEW.deal_id
  ON CONFLICT DO UPDATE SET deals = deals + 1;
END;
CREATE TRIGGER stage_reach_exit_delete AFTER DELETE ON stage_exits
WHEN NOT EXISTS (SELECT 1 FROM stage_exits WHERE deal_id = OLD.deal_id
                 AND pipeline = OLD.pipeline AND stage = OLD.stage)
BEGIN
  UPDATE stage_reach SET deals = deals - 1
  WHERE pipeline = OLD.pipeline AND stage = OLD.stage
    AND status = (SELECT status FROM deals WHERE id = OLD.deal_id);
END;
CREATE TRIGGER stage_reach_exit_update AFTER UPDATE OF deal_id, pipeline, stage ON stage_exits
WHEN OLD.deal_id IS NOT NEW.deal_id OR OLD.pipeline IS NOT NEW.pipeline
  OR OLD.stage IS NOT NEW.stage
BEGIN
  UPDATE stage_reach SET deals = deals - 1
  WHERE pipeline = OLD.pipeline AND stage = OLD.stage
    AND status = (SELECT status FROM deals WHERE id = OLD.deal_id)
    AND NOT EXISTS (SELECT 1 FROM stage_exits WHERE deal_id = OLD.deal_id
                    AND pipeline = OLD.pipeline AND stage = OLD.stage);
  INSERT INTO stage_reach SELECT NEW.pipeline, NEW.stage, d.status, 1 FROM deals d
  WHERE d.id = NEW.deal_id
    AND NOT EXISTS (SELECT 1 FROM stage_exits WHERE deal_id = NEW.deal_id
                    AND pipeline = NEW.pipeline AND stage = NEW.stage AND rowid <> NEW.rowid)
  ON CONFLICT DO UPDATE SET deals = deals + 1;
END;
CREATE TRIGGER stage_reach_deal_insert AFTER INSERT ON deals BEGIN
  INSERT INTO stage_reach SELECT DISTINCT pipeline, stage, NEW.status, 1 FROM stage_exits
  WHERE deal_id = NEW.id
  ON CONFLICT DO UPDATE SET deals = deals + 1;
END;
CREATE TRIGGER stage_reach_deal_status AFTER UPDATE OF status ON deals
WHEN OLD.status <> NEW.status
BEGIN
  UPDATE stage_reach SET deals = deals - 1 WHERE status = OLD.status
    AND (pipeline, stage) IN (SELECT pipeline, stage FROM stage_exits WHERE deal_id = NEW.id);
  INSERT INTO stage_reach SELECT DISTINCT pipeline, stage, NEW.status, 1 FROM stage_exits
  WHERE deal_id = NEW.id
  ON CONFLICT DO UPDATE SET deals = deals + 1;
END;
CREATE TRIGGER stage_reach_deal_delete AFTER DELETE ON deals BEGIN
  UPDATE stage_reach SET deals = deals - 1 WHERE status = OLD.status
    AND (pipeline, stage) IN (SELECT pipeline, stage FROM stage_exits WHERE deal_id = OLD.id);
END;
)sql";

std::span<const std::string_view> override_steps;

} // namespace

std::span<const std::string_view> migrations() {
    static const std::array<std::string_view, 11> all{
        v1,           v2,          v3,       v4(),         v5_totals(),
        v6_owner(),   v7_people(), v8_day(), v9_cutoffs(), v10_plan_days(),
        v11_entries()};
    return override_steps.empty() ? std::span<const std::string_view>(all) : override_steps;
}

MigrationCode code_after(std::size_t version) {
    // Only after the real SQL of version 7 (tests may list other steps).
    auto steps = migrations();
    if (version != 7 || steps.size() < 7 || steps[6].data() != v7_people().data()) return nullptr;
    return v7_people_code();
}

MigrationsOverride::MigrationsOverride(std::span<const std::string_view> steps) {
    override_steps = steps;
}

MigrationsOverride::~MigrationsOverride() {
    override_steps = {};
}

} // namespace crm::schema
