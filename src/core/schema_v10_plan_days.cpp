// Schema version 10 (plan days): the open plans counted per due date, kept exact by triggers, so
// the agenda and the task lists total their overdue, today's and the week's plans from a few
// hundred day rows instead of reading one index entry per plan. A plan is open while it is not
// done and not cancelled (schema_v8_day.cpp); an open plan with no date is not counted here.

#include "schema.hpp"

namespace crm::schema {

std::string_view v10_plan_days() {
    static constexpr std::string_view sql = R"sql(
CREATE TABLE plan_days (
  due   TEXT PRIMARY KEY,
  plans INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO plan_days
  SELECT due, count(*) FROM activities
  WHERE done = 0 AND cancelled_at IS NULL AND due IS NOT NULL GROUP BY due;
CREATE TRIGGER plan_days_insert AFTER INSERT ON activities
  WHEN NEW.done = 0 AND NEW.cancelled_at IS NULL AND NEW.due IS NOT NULL
BEGIN
  INSERT INTO plan_days VALUES (NEW.due, 1) ON CONFLICT DO UPDATE SET plans = plans + 1;
END;
CREATE TRIGGER plan_days_delete AFTER DELETE ON activities
  WHEN OLD.done = 0 AND OLD.cancelled_at IS NULL AND OLD.due IS NOT NULL
BEGIN
  UPDATE plan_days SET plans = plans - 1 WHERE due = OLD.due;
  DELETE FROM plan_days WHERE due = OLD.due AND plans = 0;
END;
CREATE TRIGGER plan_days_update AFTER UPDATE OF done, cancelled_at, due ON activities
  WHEN OLD.done IS NOT NEW.done OR OLD.cancelled_at IS NOT NEW.cancelled_at
    OR OLD.due IS NOT NEW.due
BEGIN
  UPDATE plan_days SET plans = plans - 1
  WHERE due = OLD.due AND OLD.done = 0 AND OLD.cancelled_at IS NULL;
  DELETE FROM plan_days WHERE due = OLD.due AND plans = 0;
  INSERT INTO plan_days SELECT NEW.due, 1
  WHERE NEW.done = 0 AND NEW.cancelled_at IS NULL AND NEW.due IS NOT NULL
  ON CONFLICT DO UPDATE SET plans = plans + 1;
END;
)sql";
    return sql;
}

} // namespace crm::schema
