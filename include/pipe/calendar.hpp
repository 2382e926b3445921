#pragma once
/// \file calendar.hpp
/// What a calendar feed of the book holds: planned activities (open, done or cancelled, so a
/// calendar that subscribed updates them), the expected close dates of open deals and the
/// follow-up dates of leads, over a span of days. The iCalendar text is the client's to write.

#include "pipe/plans.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace crm {

/// An open deal's expected close date.
struct CloseDate {
    std::int64_t deal_id = 0; ///< The deal.
    std::string title;        ///< Its title.
    Money value;              ///< Its value.
    std::string stage;        ///< Its stage.
    Date date{};              ///< Its expected close.
};

/// A lead's follow-up date.
struct FollowUpDate {
    std::int64_t lead_id = 0; ///< The lead.
    std::string name;         ///< Its name.
    std::string organization; ///< Its organization.
    Date date{};              ///< The follow-up date.
};

/// Everything a feed shows for [first, last].
struct CalendarFeed {
    std::string book_id;                  ///< The book's identity (for stable UIDs).
    Timestamp generated{};                ///< Now (the feed's DTSTAMP).
    Date first{};                         ///< First day covered.
    Date last{};                          ///< Last day covered.
    std::vector<Task> plans;              ///< Plans due in the span, by due date and time.
    std::vector<CloseDate> closes;        ///< Open deals expected to close in the span.
    std::vector<FollowUpDate> follow_ups; ///< New or qualified leads to follow up in the span.
};

/// How many days before today a feed reaches back, so what just passed stays on a calendar.
inline constexpr int calendar_days_back = 14;

/// The feed from `calendar_days_back` days before today through `days` days after it (0 to
/// 366; expected closes from today on). `deals` narrows the deals, and so their plans and
/// closes (`--pipeline`, `--owner`, `--org`); plans on leads, people and organizations then
/// go with deals' other records, out, while lead follow-ups stay, as in the agenda. Errors:
/// `days` out of range (exit 2), an unknown pipeline or organization.
[[nodiscard]] Result<CalendarFeed> calendar_feed(Book& book, int days,
                                                 const DealFilter& deals = {});

} // namespace crm
