#pragma once
/// \file plans.hpp
/// Planned activities ("tasks"): calls, emails, meetings and tasks due on a day, optionally at
/// a time of day and for a while, on a deal, a lead, a person or an organization. A plan is open
/// until it is done (it then counts as a logged activity) or cancelled (its deal closed, its lead
/// was dropped, or the step was dropped). A deal's next step is its earliest open plan; every
/// operation here keeps that copy (deals.next_step, next_step_due) in the same change. Each
/// operation is one change that `pipe undo` takes back.

#include "pipe/activities.hpp"
#include "pipe/deals.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace crm {

/// The kinds an activity may be planned as: call, email, meeting, task (a note is only logged).
[[nodiscard]] const std::vector<std::string>& plan_kinds();

/// A plan as typed.
struct PlanInput {
    /// call, email, meeting or task.
    std::string kind = "task";
    /// What to do.
    std::string text;
    /// When: a date as parse_when reads it, with or without a time (`fri`, `tomorrow 9am`);
    /// none: no date yet (only `deal next` plans one so).
    std::optional<std::string> due;
    /// The time of day (`14:30`, `2pm`), when `due` gives none.
    std::optional<std::string> time;
    /// How long (`30m`, `1h30`).
    std::optional<std::string> duration;
};

/// A plan with the name of what it is on, for lists and feeds.
struct Task {
    Activity activity;         ///< The activity.
    std::string subject_title; ///< The title or name of what it is on.
};

/// Which open plans to list.
struct TaskQuery {
    /// Every open plan; those due before today; due today; due today or in the 6 days after.
    enum class Span { all, overdue, today, week } span = Span::all;
    /// Only the plans of this deal, lead, person or organization.
    std::optional<Subject> subject;
    /// At most this many (the total counts them all).
    std::optional<std::int64_t> limit;
};

/// Open plans in order (due date, undated last; then time, untimed last), with their count.
struct TaskList {
    std::vector<Task> tasks; ///< At most the limit.
    std::int64_t total = 0;  ///< All that matched.
};

/// Changes to a plan, as typed; unset fields stay. `time` and `duration` take `none` to clear.
struct TaskEdit {
    std::optional<std::string> kind;     ///< call, email, meeting or task.
    std::optional<std::string> text;     ///< What to do.
    std::optional<std::string> due;      ///< A new day (with a time, it sets that too).
    std::optional<std::string> time;     ///< A new time of day, or `none`.
    std::optional<std::string> duration; ///< A new duration, or `none`.
};

/// Plan an activity on a deal, lead, person or organization. Errors: an unknown kind or a note
/// (exit 2), empty text (exit 2), an unreadable date, time (`25:00`) or duration (`-5m`), a time
/// with no date, a time given twice (exit 2), an unknown record, a closed deal (closed deals keep
/// no plans) or a converted or disqualified lead.
[[nodiscard]] Result<Activity> plan_activity(Book& book, Subject subject, const PlanInput& plan);

/// Open plans matching a query.
[[nodiscard]] Result<TaskList> list_tasks(Book& book, const TaskQuery& query);

/// One activity by id (planned, done or cancelled), with what it is on.
[[nodiscard]] Result<Task> get_task(Book& book, std::int64_t id);

/// How to mark a plan done.
struct DoneOptions {
    /// What came of it, kept with the activity.
    std::optional<std::string> note;
    /// Keep a lead's due follow-up date that a done call, email or meeting would clear.
    bool keep_follow_up = false;
};

/// Mark a plan done now: it becomes a logged activity, resets the rotting clock and moves the
/// deal's next step on; a call, email or meeting done on a lead clears its due follow-up date
/// as logging one does. Errors: unknown id, not planned (done or cancelled).
[[nodiscard]] Result<Logged> complete_task(Book& book, std::int64_t id,
                                           const DoneOptions& options = {});

/// Put a plan off to `when` (a date as parse_when reads it; a time in it replaces the plan's).
/// Errors: unknown id, done or cancelled, an unreadable date.
[[nodiscard]] Result<Activity> snooze_task(Book& book, std::int64_t id, const std::string& when);

/// Change a plan. Errors: as plan_activity; a done or cancelled plan; nothing to change.
[[nodiscard]] Result<Activity> edit_task(Book& book, std::int64_t id, const TaskEdit& edit);

/// Remove an activity (planned, done or cancelled) from the book; `pipe undo` brings it back.
[[nodiscard]] Result<Activity> remove_task(Book& book, std::int64_t id);

/// The deal's next step (its earliest open plan), if it has one.
[[nodiscard]] Result<std::optional<Activity>> next_step_of(Book& book, std::int64_t deal_id);

/// Move the deal's next step to another day (`+2d`, `fri 10am`). Error: it has none.
[[nodiscard]] Result<Deal> reschedule_next_step(Book& book, std::int64_t deal_id,
                                                const std::string& when);

/// Drop the deal's next step: cancelled, shown so in its history. Error: it has none.
[[nodiscard]] Result<Deal> drop_next_step(Book& book, std::int64_t deal_id);

/// Complete the deal's next step (with a `note` of what came of it) and, when `next` is given,
/// plan the one after it, in one change. Error: it has none; `next` as plan_activity.
[[nodiscard]] Result<Deal> complete_and_plan(Book& book, std::int64_t deal_id,
                                             std::optional<std::string> note,
                                             std::optional<PlanInput> next);

/// Check a due date as typed (for a prompt that asks again): the day and time it means.
[[nodiscard]] Result<When> read_due(const Book& book, const std::string& due);

} // namespace crm
