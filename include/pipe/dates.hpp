#pragma once
/// \file dates.hpp
/// Calendar dates and instants; parsing of the date words users type; formatting.
///
/// Instants (`Timestamp`) are UTC seconds. Calendar dates (`Date`) are days. Conversions
/// between the two use local time (the TZ environment variable, through the C library).

#include "pipe/error.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace crm {

/// A calendar date.
using Date = std::chrono::sys_days;
/// An instant, UTC, whole seconds.
using Timestamp = std::chrono::sys_seconds;

/// Parse a date as users type it, relative to `today`: ISO `2026-03-31`, `today`,
/// `tomorrow`, `yesterday`, `+3d`, `-2d`, `+2w`, `+1m` (months), `mon`..`sun` (the next one,
/// never today), `eom` (end of month), `eoq` (end of quarter). Case-insensitive.
[[nodiscard]] Result<Date> parse_date(std::string_view text, Date today);

/// Parse an ISO date `YYYY-MM-DD` only (for stored values and files).
[[nodiscard]] Result<Date> parse_iso_date(std::string_view text);

/// Parse an instant as users type it: `now`, an ISO date-time `2026-03-02T09:00:00` or
/// `2026-03-02 09:00` (local time unless it ends in `Z` or `+hh:mm`), or any date form of
/// parse_date (local midnight of that day). The instant must fall in the years 0000 to 9999
/// in UTC (see within_years).
[[nodiscard]] Result<Timestamp> parse_timestamp(std::string_view text, Timestamp now);

/// Parse text with a strftime-style format (`%m/%d/%Y`, `%d.%m.%Y %H:%M`), local time; the
/// instant must fall in the years 0000 to 9999 in UTC.
[[nodiscard]] Result<Timestamp> parse_with_format(std::string_view text, std::string_view format);

/// `t` if it falls in the years 0000 to 9999 in UTC, the years that format_timestamp writes
/// and parse_timestamp reads back; else an Error quoting `input`, the text it came from.
[[nodiscard]] Result<Timestamp> within_years(Timestamp t, std::string_view input);

/// `2026-03-31`.
[[nodiscard]] std::string format_date(Date d);

/// `2026-03-02T09:00:00Z` (UTC, for JSON and exports).
[[nodiscard]] std::string format_timestamp(Timestamp t);

/// `2026-03-02 10:00` in local time (for people).
[[nodiscard]] std::string format_local_datetime(Timestamp t);

/// The local calendar date of an instant.
[[nodiscard]] Date local_date(Timestamp t);

/// The instant of local midnight at the start of `d`.
[[nodiscard]] Timestamp local_midnight(Date d);

/// Elapsed days between two instants, fractional (elapsed time / 24 h).
[[nodiscard]] double days_between(Timestamp from, Timestamp to);

/// `Mon 9 Mar` — short human form of a date.
[[nodiscard]] std::string format_short_date(Date d);

/// `Tuesday 10 March 2026` — long human form of a date.
[[nodiscard]] std::string format_long_date(Date d);

} // namespace crm
