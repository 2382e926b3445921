#pragma once
// iCalendar (RFC 5545) text of a calendar feed: planned activities with a time as VEVENTs,
// those without one as VTODOs, expected close dates as all-day VEVENTs, lead follow-ups as
// VTODOs; UIDs `activity-<id>@<book id>`, `deal-<id>-close@<book id>` and
// `lead-<id>-follow-up@<book id>`, so a calendar that subscribed updates an entry instead of
// adding another.

#include "pipe/calendar.hpp"

#include <string>
#include <string_view>

namespace crm::render {

/// The whole feed: one VCALENDAR, lines ending CRLF, folded at 75 octets.
[[nodiscard]] std::string ical_feed(const CalendarFeed& feed);

/// A TEXT value (RFC 5545 3.3.11): `\`, `;`, `,` and line breaks escaped; control characters
/// and bytes that are not UTF-8 replaced by U+FFFD.
[[nodiscard]] std::string ical_text(std::string_view text);

/// One content line folded (RFC 5545 3.1) into lines of at most 75 octets, each continuation
/// starting with a space, never inside a UTF-8 character; each line ends CRLF.
[[nodiscard]] std::string ical_line(std::string_view line);

} // namespace crm::render
