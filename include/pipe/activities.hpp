#pragma once
/// \file activities.hpp
/// Activities (calls, emails, meetings, notes, tasks) on deals and leads, and the activity
/// figures of a period. Logging one resets the rotting clock of what it is on. An activity is
/// done (logged), planned (open, due on a date: see plans.hpp) or cancelled.

#include "pipe/book.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace crm {

/// What an activity is about: a deal, a lead, a person or an organization. (Another kind of
/// record is one more value here and one more entry in the subject table of
/// src/core/plan_rows.cpp.)
struct Subject {
    /// `deal`, `lead`, `person` or `organization` (the last two: see log_party_activity).
    enum class Kind { deal, lead, person, organization } kind = Kind::deal;
    /// Its id.
    std::int64_t id = 0;
};

/// `deal`, `lead`, `person` or `organization`.
[[nodiscard]] std::string_view to_string(Subject::Kind kind);

/// Whether an activity is planned (open), done or cancelled.
enum class ActivityState { planned, done, cancelled };

/// `planned`, `done` or `cancelled`.
[[nodiscard]] std::string_view to_string(ActivityState state);

/// One activity: logged (done), planned or cancelled.
struct Activity {
    std::int64_t id = 0;                         ///< Row id.
    std::optional<std::int64_t> deal_id;         ///< The deal it is on, if any.
    std::optional<std::int64_t> lead_id;         ///< The lead it is on, if any.
    std::optional<std::int64_t> person_id;       ///< The person it is on, if any.
    std::optional<std::int64_t> organization_id; ///< The organization it is on, if any.
    std::string kind;                            ///< call, email, meeting, note or task.
    Timestamp at{};                ///< When it happened (done), else when it was planned.
    std::optional<Date> due;       ///< The day it is planned for.
    bool done = true;              ///< Whether it is done.
    std::string text;              ///< What was said or done, or is to be done.
    std::optional<TimeOfDay> time; ///< The time of day it is planned for, if any.
    std::optional<std::chrono::minutes> duration; ///< How long it is planned to take.
    std::optional<Timestamp> planned_at;          ///< When it was planned (none: logged as done).
    std::optional<Timestamp> cancelled_at;        ///< When it was cancelled, if it was.
    int snoozes = 0;                              ///< How often it was put off (snoozed).
    std::string outcome;                          ///< What came of it (`task done --note`).

    /// Planned, done or cancelled.
    [[nodiscard]] ActivityState state() const {
        return done           ? ActivityState::done
               : cancelled_at ? ActivityState::cancelled
                              : ActivityState::planned;
    }
    /// What it is on.
    [[nodiscard]] Subject subject() const {
        if (deal_id) return {Subject::Kind::deal, *deal_id};
        if (person_id) return {Subject::Kind::person, *person_id};
        if (organization_id) return {Subject::Kind::organization, *organization_id};
        return {Subject::Kind::lead, lead_id.value_or(0)};
    }
};

/// How to log an activity (see log).
struct LogOptions {
    /// When it happened, as typed (default: now); never in the future.
    std::optional<std::string> at;
    /// Keep a lead's due follow-up date that a call, email or meeting would clear.
    bool keep_follow_up = false;
};

/// What logging an activity did.
struct Logged {
    /// The activity.
    Activity activity;
    /// The lead's follow-up date that the call, email or meeting cleared, if it did.
    std::optional<Date> cleared_follow_up;
};

/// The activity kinds, in order: call, email, meeting, note, task.
[[nodiscard]] const std::vector<std::string>& activity_kinds();

/// Log an activity on a deal or lead at `at` (default: now). Errors: unknown kind (exit 2),
/// empty text, unknown deal or lead, a time in an unreadable form or in the future.
[[nodiscard]] Result<Activity> log_activity(Book& book, Subject subject, const std::string& kind,
                                            const std::string& text,
                                            std::optional<std::string> at = {});

/// Log an activity as log_activity does; a call, email or meeting on a lead whose follow-up
/// date has come (today or before) also clears that date, unless `keep_follow_up`.
[[nodiscard]] Result<Logged> log(Book& book, Subject subject, const std::string& kind,
                                 const std::string& text, const LogOptions& options);

/// Activities of a deal or lead, oldest first.
[[nodiscard]] Result<std::vector<Activity>> activities_of(Book& book, Subject subject);

/// Activity figures over [from, to) (instants).
struct ActivityFigures {
    std::int64_t calls = 0;     ///< Calls logged in the period.
    std::int64_t emails = 0;    ///< Emails logged.
    std::int64_t meetings = 0;  ///< Meetings logged.
    std::int64_t new_leads = 0; ///< Leads created.
    /// Median hours from a lead's creation to its first activity, over leads created in the
    /// period that have one; none when no such lead.
    std::optional<double> lead_response_hours;
    /// Leads and deals with a meeting in the period ÷ those with a call, email or meeting in it;
    /// none when nothing was contacted.
    std::optional<double> meeting_rate;
    /// Activities planned in the period (whatever became of them).
    std::int64_t planned = 0;
    /// Planned activities done in the period.
    std::int64_t planned_done = 0;
    /// Planned activities open and past their due date at the end of the period (or now, if
    /// that is earlier), by their due date as it is now.
    std::int64_t overdue = 0;
};

/// Compute the activity figures for a period.
[[nodiscard]] Result<ActivityFigures> activity_figures(Book& book, Timestamp from, Timestamp to);

} // namespace crm
