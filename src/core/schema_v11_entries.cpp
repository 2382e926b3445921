// Schema version 11 (stage entries and next steps): two more totals kept exact by triggers, for
// the agenda's and the review's counts that read one index entry per deal before.
// - stage_entries: the open deals of each stage, counted by when they entered it, in spans of
//   65,536 seconds (about 18 hours; `stage_entered_at >> 16`, which rounds down for times
//   before 1970 too). A stage's stuck deals, in it since before a cutoff, are then the spans
//   before the cutoff's span, plus the deals of its own span read from the deals_entered index.
// - step_totals: the deals with a next step, per status, so the count of open deals without
//   one is a difference of two kept totals.

#include "schema.hpp"

namespace crm::schema {

std::string_view v11_entries() {
    static constexpr std::string_view sql = R"sql(
CREATE TABLE stage_entries (
  pipeline TEXT NOT NULL,
  stage    TEXT NOT NULL,
  span     INTEGER NOT NULL,
  deals    INTEGER NOT NULL,
  PRIMARY KEY (pipeline, stage, span)
) WITHOUT ROWID;
INSERT INTO stage_entries
  SELECT pipeline, stage, stage_entered_at >> 16, count(*) FROM deals WHERE status = 'open'
  GROUP BY 1, 2, 3;
CREATE TRIGGER stage_entries_insert AFTER INSERT ON deals WHEN NEW.status = 'open' BEGIN
  INSERT INTO stage_entries VALUES (NEW.pipeline, NEW.stage, NEW.stage_entered_at >> 16, 1)
  ON CONFLICT DO UPDATE SET deals = deals + 1;
END;
CREATE TRIGGER stage_entries_delete AFTER DELETE ON deals WHEN OLD.status = 'open' BEGIN
  UPDATE stage_entries SET deals = deals - 1
  WHERE pipeline = OLD.pipeline AND stage = OLD.stage AND span = OLD.stage_entered_at >> 16;
  DELETE FROM stage_entries WHERE pipeline = OLD.pipeline AND stage = OLD.stage
    AND span = OLD.stage_entered_at >> 16 AND deals = 0;
END;
CREATE TRIGGER stage_entries_update AFTER UPDATE OF status, pipeline, stage, stage_entered_at
  ON deals
  WHEN (OLD.status = 'open' OR NEW.status = 'open') AND (OLD.status IS NOT NEW.status
    OR OLD.pipeline IS NOT NEW.pipeline OR OLD.stage IS NOT NEW.stage
    OR OLD.stage_entered_at >> 16 IS NOT NEW.stage_entered_at >> 16)
BEGIN
  UPDATE stage_entries SET deals = deals - 1
  WHERE pipeline = OLD.pipeline AND stage = OLD.stage AND span = OLD.stage_entered_at >> 16
    AND OLD.status = 'open';
  DELETE FROM stage_entries WHERE pipeline = OLD.pipeline AND stage = OLD.stage
    AND span = OLD.stage_entered_at >> 16 AND deals = 0;
  INSERT INTO stage_entries SELECT NEW.pipeline, NEW.stage, NEW.stage_entered_at >> 16, 1
  WHERE NEW.status = 'open'
  ON CONFLICT DO UPDATE SET deals = deals + 1;
END;
CREATE TABLE step_totals (
  status TEXT PRIMARY KEY,
  deals  INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO step_totals SELECT status, count(*) FROM deals WHERE next_step <> '' GROUP BY 1;
CREATE TRIGGER step_totals_insert AFTER INSERT ON deals WHEN NEW.next_step <> '' BEGIN
  INSERT INTO step_totals VALUES (NEW.status, 1) ON CONFLICT DO UPDATE SET deals = deals + 1;
END;
CREATE TRIGGER step_totals_delete AFTER DELETE ON deals WHEN OLD.next_step <> '' BEGIN
  UPDATE step_totals SET deals = deals - 1 WHERE status = OLD.status;
  DELETE FROM step_totals WHERE status = OLD.status AND deals = 0;
END;
CREATE TRIGGER step_totals_update AFTER UPDATE OF status, next_step ON deals
  WHEN (OLD.next_step <> '' OR NEW.next_step <> '') AND (OLD.status IS NOT NEW.status
    OR (OLD.next_step <> '') IS NOT (NEW.next_step <> ''))
BEGIN
  UPDATE step_totals SET deals = deals - 1 WHERE status = OLD.status AND OLD.next_step <> '';
  DELETE FROM step_totals WHERE status = OLD.status AND deals = 0;
  INSERT INTO step_totals SELECT NEW.status, 1 WHERE NEW.next_step <> ''
  ON CONFLICT DO UPDATE SET deals = deals + 1;
END;
)sql";
    return sql;
}

} // namespace crm::schema
