#pragma once
// Activity rows and what keeps them and the records they are on in step: a deal's next step
// (deals.next_step and next_step_due) is a copy of its earliest open plan, which every
// operation that changes a deal's plans refreshes in the same change (refresh_next_step).

#include "pipe/activities.hpp"
#include "pipe/deals.hpp"

#include <optional>
#include <string>
#include <vector>

namespace SQLite {
class Statement;
} // namespace SQLite

namespace crm::detail {

/// Where the activities of one kind of record live: one entry per Subject::Kind.
struct SubjectTable {
    Subject::Kind kind;      ///< The kind.
    std::string_view noun;   ///< `deal`: the CLI group and the word in messages.
    std::string_view table;  ///< `deals`.
    std::string_view column; ///< `deal_id`: the column of activities that points to it.
    std::string_view title;  ///< `title`: the column that names a record.
};

/// The table entry of a kind of subject.
[[nodiscard]] const SubjectTable& subject_table(Subject::Kind kind);

/// The SELECT list, in order, that read_activity_row expects (columns of table `activities`,
/// qualified by `prefix`, e.g. `a.`).
[[nodiscard]] std::string activity_columns(std::string_view prefix = "");
/// The number of columns of activity_columns().
inline constexpr int activity_column_count = 16;
/// Read the activity at the current row of a statement whose columns from `first` on are
/// activity_columns().
[[nodiscard]] Activity read_activity_row(SQLite::Statement& st, int first = 0);

/// The activity with this id, or a "not found" Error pointing at the task list.
[[nodiscard]] Result<Activity> require_activity(Store& store, std::int64_t id);
/// The name of a subject (a deal's title, a lead's name), or a "not found" Error.
[[nodiscard]] Result<std::string> require_subject(Store& store, Subject subject);

/// Insert a new activity row with the next activity id (set in `a`, and returned), inside the
/// change being written.
std::int64_t insert_activity(Store& store, Activity& a, std::optional<std::int64_t> batch = {});
/// Write every column of an existing activity.
void update_activity(Store& store, const Activity& a);

/// The order of open plans: by due date (undated last), then time (untimed last), then id.
inline constexpr std::string_view plan_order = "due IS NULL, due, time IS NULL, time, id";

/// Copy the deal's earliest open plan into its next step (text and due date; empty when it has
/// none), writing the deal row only when the copy changes.
void refresh_next_step(Store& store, std::int64_t deal_id);

/// Deals whose next step differs from their earliest open plan (pipe doctor), in id order.
[[nodiscard]] std::vector<std::int64_t> deals_with_wrong_next_step(Store& store);

/// Cancel the open plans of `deal` at `at` (it closed) and clear the next step in `deal`, for
/// the caller to write with update_deal. Returns how many were cancelled.
int cancel_open_plans(Store& store, Deal& deal, Timestamp at);
/// Cancel the open plans of a lead at `at` (it was dropped). Returns how many.
int cancel_lead_plans(Store& store, std::int64_t lead_id, Timestamp at);
/// Move a lead's open plans to the deal it was converted into, refreshing its next step.
int move_lead_plans(Store& store, std::int64_t lead_id, std::int64_t deal_id);

/// After an import wrote `deal` with a next step of its own (its next_step and
/// next_step_due columns): an open plan with that text takes that due date, else the step
/// becomes a planned task (of import batch `batch`); a closed deal's plans are cancelled.
/// The next step copy is refreshed either way.
void adopt_imported_next_step(Store& store, const Deal& deal, Timestamp now,
                              std::optional<std::int64_t> batch);

/// Clear lead `lead_id`'s follow-up date if it is on or before `today`, with an event saying
/// the `kind` of activity (call, email, meeting) did; the date cleared.
std::optional<Date> clear_due_follow_up(Store& store, std::int64_t lead_id, Date today,
                                        Timestamp now, const std::string& kind);

/// Fill the plan figures of `f` for [from, to): planned, planned_done and overdue (as of the
/// earlier of `to` and `now`).
void plan_figures(Store& store, Timestamp from, Timestamp to, Timestamp now, ActivityFigures& f);

} // namespace crm::detail
