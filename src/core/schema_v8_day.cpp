// Schema version 8: the seller's day. Activities can be planned (a due date, a time of day, a
// duration) and are then open until done or cancelled; a deal's next step (deals.next_step,
// next_step_due) becomes a copy of its earliest open planned activity, kept by the write path.

#include "schema.hpp"

namespace crm::schema {

namespace {

constexpr std::string_view v8_sql = R"sql(
-- An activity is done (done = 1), cancelled (done = 0, cancelled_at set: its deal closed, its
-- lead was dropped, or the step was dropped) or planned (done = 0, cancelled_at NULL): open,
-- due on `due` (NULL: no date yet) at `time` ('HH:MM' local, NULL: any time that day) for
-- `duration` minutes. `at` is when it happened (done) or was planned; `planned_at` keeps when a
-- plan was made after it is done; `snoozes` counts how often it was put off; `outcome` is
-- what came of it.
ALTER TABLE activities ADD COLUMN time TEXT;
ALTER TABLE activities ADD COLUMN duration INTEGER;
ALTER TABLE activities ADD COLUMN planned_at INTEGER;
ALTER TABLE activities ADD COLUMN cancelled_at INTEGER;
ALTER TABLE activities ADD COLUMN snoozes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE activities ADD COLUMN outcome TEXT NOT NULL DEFAULT '';

-- Activities imported as not done were plans all along.
UPDATE activities SET planned_at = at WHERE done = 0;

-- A next step typed before plans existed becomes a planned task, made when it was set.
WITH steps AS (
  SELECT d.id AS deal, d.next_step AS text, d.next_step_due AS due,
         coalesce((SELECT max(e.at) FROM events e WHERE e.deal_id = d.id
                   AND e.kind = 'next_step'), d.last_touch_at) AS at
  FROM deals d
  WHERE d.next_step <> ''
    AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.deal_id = d.id AND a.done = 0
                    AND a.text = d.next_step))
INSERT INTO activities (id, deal_id, kind, at, due, done, text, planned_at)
SELECT (SELECT last FROM id_counters WHERE name = 'activities') + row_number() OVER (ORDER BY deal),
       deal, 'task', at, due, 0, text, at
FROM steps;
UPDATE id_counters SET last = max(last, coalesce((SELECT max(id) FROM activities), 0))
WHERE name = 'activities';

-- Closed deals keep no open plans.
UPDATE activities SET cancelled_at = coalesce(
    (SELECT d.closed_at FROM deals d WHERE d.id = activities.deal_id), at)
WHERE done = 0 AND deal_id IN (SELECT id FROM deals WHERE status <> 'open');

-- Open plans in the order lists show them (undated ones first here; lists put them last).
CREATE INDEX activities_open_due ON activities(due, time IS NULL, time)
  WHERE done = 0 AND cancelled_at IS NULL;
-- Every plan (open, done or cancelled) by its due date, for calendar feeds.
CREATE INDEX activities_plan_due ON activities(due, time IS NULL, time)
  WHERE planned_at IS NOT NULL;
CREATE INDEX activities_open_deal ON activities(deal_id, due, time)
  WHERE done = 0 AND cancelled_at IS NULL AND deal_id IS NOT NULL;
CREATE INDEX activities_open_lead ON activities(lead_id, due, time)
  WHERE done = 0 AND cancelled_at IS NULL AND lead_id IS NOT NULL;
CREATE INDEX activities_planned_at ON activities(planned_at) WHERE planned_at IS NOT NULL;
CREATE INDEX activities_cancelled_at ON activities(cancelled_at) WHERE cancelled_at IS NOT NULL;
CREATE INDEX activities_done_at ON activities(at, kind) WHERE done = 1;

-- Each deal's next step: its earliest open plan (by due date, undated last; then time, untimed
-- last; then id).
UPDATE deals SET
  next_step = coalesce((SELECT a.text FROM activities a WHERE a.deal_id = deals.id
                        AND a.done = 0 AND a.cancelled_at IS NULL
                        ORDER BY a.due IS NULL, a.due, a.time IS NULL, a.time, a.id LIMIT 1), ''),
  next_step_due = (SELECT a.due FROM activities a WHERE a.deal_id = deals.id
                   AND a.done = 0 AND a.cancelled_at IS NULL
                   ORDER BY a.due IS NULL, a.due, a.time IS NULL, a.time, a.id LIMIT 1)
WHERE next_step <> '' OR id IN (SELECT deal_id FROM activities WHERE done = 0
                                AND cancelled_at IS NULL AND deal_id IS NOT NULL);
)sql";

} // namespace

std::string_view v8_day() {
    return v8_sql;
}

} // namespace crm::schema
