#pragma once
/// \file activities.hpp
/// Activities (calls, emails, meetings, notes, tasks) on deals and leads, and the activity
/// figures of a period. Logging one resets the rotting clock of what it is on.

#include "pipe/book.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace crm {

/// What an activity is about: a deal, a lead, a person or an organization.
struct Subject {
    /// `deal`, `lead`, `person` or `organization` (the last two: see log_party_activity).
    enum class Kind { deal, lead, person, organization } kind = Kind::deal;
    /// Its id.
    std::int64_t id = 0;
};

/// One logged activity.
struct Activity {
    std::int64_t id = 0;                         ///< Row id.
    std::optional<std::int64_t> deal_id;         ///< The deal it is on, if any.
    std::optional<std::int64_t> lead_id;         ///< The lead it is on, if any.
    std::optional<std::int64_t> person_id;       ///< The person it is on, if any.
    std::optional<std::int64_t> organization_id; ///< The organization it is on, if any.
    std::string kind;                            ///< call, email, meeting, note or task.
    Timestamp at{};                              ///< When it happened.
    std::optional<Date> due;                     ///< Due date (tasks).
    bool done = true;                            ///< Whether it is done.
    std::string text;                            ///< What was said or done.
};

/// The activity kinds, in order: call, email, meeting, note, task.
[[nodiscard]] const std::vector<std::string>& activity_kinds();

/// Log an activity on a deal or lead at `at` (default: now). Errors: unknown kind (exit 2),
/// empty text, unknown deal or lead, a time in an unreadable form.
[[nodiscard]] Result<Activity> log_activity(Book& book, Subject subject, const std::string& kind,
                                            const std::string& text,
                                            std::optional<std::string> at = {});

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
};

/// Compute the activity figures for a period.
[[nodiscard]] Result<ActivityFigures> activity_figures(Book& book, Timestamp from, Timestamp to);

} // namespace crm
