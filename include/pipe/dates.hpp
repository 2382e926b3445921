#pragma once
/// \file dates.hpp
/// Calendar dates and instants; parsing of the date words users type; formatting.
///
/// Instants (`Timestamp`) are UTC seconds. Calendar dates (`Date`) are days. Conversions
/// between the two use local time (the TZ environment variable, through the C library).

#include "pipe/error.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace crm {

/// A calendar date.
using Date = std::chrono::sys_days;
/// An instant, UTC, whole seconds.
using Timestamp = std::chrono::sys_seconds;

/// The order of day, month and year in dates written with numbers only (`15/03/2026`,
/// `03/15`): the stage file's `date_order`, else the locale's (see date_order_of_locale).
enum class DateOrder {
    dmy, ///< `15/03/2026`, `15.03.`, `15/03`: day first (most of the world).
    mdy, ///< `03/15/2026`, `03/15`: month first (the United States).
    ymd, ///< `2026/03/15`; without a year, month then day (`03/15`).
};

/// `dmy`, `mdy` or `ymd`.
[[nodiscard]] std::string_view to_string(DateOrder order);

/// `dmy`, `mdy` or `ymd` (case-insensitive), else an Error.
[[nodiscard]] Result<DateOrder> parse_date_order(std::string_view text);

/// The date order of a locale name as in LC_TIME or LANG (`en_US.UTF-8`, `de_DE`, `ja_JP`):
/// month first for the United States and the few places that write dates so (mdy), year
/// first for East Asia, Hungary, Lithuania, Sweden and others that do (ymd), day first
/// everywhere else and for `C`, `POSIX` or an empty name (dmy).
[[nodiscard]] DateOrder date_order_of_locale(std::string_view locale);

/// A time of day: minutes after midnight, 0 to 1439.
using TimeOfDay = std::chrono::minutes;

/// A calendar date with an optional time of day, as typed for a planned activity.
struct When {
    Date date{};                   ///< The day.
    std::optional<TimeOfDay> time; ///< The time of day, if one was given.
};

/// Parse a date as users type it, relative to `today` (case-insensitive; docs/dates.md lists
/// every form): ISO `2026-03-31`; `today`, `tomorrow`, `yesterday`; `+3d`, `-2d`, `3d`, `2w`,
/// `+1m` (months), `1y`; `in 3 days`, `in 2 weeks`, `in a month`, `3 days ago`; `mon`..`sun`
/// and `monday`..`sunday`, also after `next` (the coming one, never today) or `last` (the one
/// before today); `next week`, `next month`, `next year`; `eow` (Sunday of this ISO week),
/// `eom`, `eoq`, `eoy`; `15 Mar`, `15 March 2026`, `March 15`, `Mar 15, 2026`, `15th March`
/// (without a year: this year); numbers by `order`: `15/03/2026`, `15.03.2026`, `15.03.`,
/// `15/03` (dmy), `03/15` (mdy, ymd), `2026/03/15` (a four-digit year first is always
/// year-month-day), two-digit years as 20YY. Dates outside the years 0000 to 9999 are errors.
[[nodiscard]] Result<Date> parse_date(std::string_view text, Date today,
                                      DateOrder order = DateOrder::dmy);

/// Parse a date with an optional time of day: any form of parse_date, then a time
/// (`tomorrow 9am`, `fri 14:30`, `15/03 at 2pm`); or a time alone (today at it).
[[nodiscard]] Result<When> parse_when(std::string_view text, Date today,
                                      DateOrder order = DateOrder::dmy);

/// Parse a time of day: `14:30`, `9:05`, `14h30`, `14h`, `2pm`, `2:30pm`, `9 am`, `noon`,
/// `midnight`. Errors say which forms work.
[[nodiscard]] Result<TimeOfDay> parse_time_of_day(std::string_view text);

/// Parse a duration of 1 minute to 24 hours: `30m`, `30min`, `45 minutes`, `1h`, `1.5h`,
/// `1h30`, `1h30m`, `1:30`, `2 hours`, or a plain number of minutes (`90`). Negative, zero or
/// longer durations are errors.
[[nodiscard]] Result<std::chrono::minutes> parse_duration(std::string_view text);

/// `14:30`.
[[nodiscard]] std::string format_time_of_day(TimeOfDay time);

/// `30m`, `1h`, `1h30m`.
[[nodiscard]] std::string format_duration(std::chrono::minutes duration);

/// The forms a date may take, for error messages: `2026-03-31, 15 Mar, 15/03 (day/month),
/// today, ...`; numeric forms in `order`.
[[nodiscard]] std::string date_forms(DateOrder order);

/// Parse an ISO date `YYYY-MM-DD` only (for stored values and files).
[[nodiscard]] Result<Date> parse_iso_date(std::string_view text);

/// Parse an instant as users type it: `now`, an ISO date-time `2026-03-02T09:00:00` or
/// `2026-03-02 09:00` (local time unless it ends in `Z` or `+hh:mm`), any form of parse_when
/// (`yesterday 3pm`, `14:30`: local time), or any date form of parse_date (local midnight of
/// that day). The instant must fall in the years 0000 to 9999 in UTC (see within_years).
[[nodiscard]] Result<Timestamp> parse_timestamp(std::string_view text, Timestamp now,
                                                DateOrder order = DateOrder::dmy);

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

/// The instant of a local date and time of day (where a time is skipped by a change to
/// summer time, the instant the clock shows it after the change).
[[nodiscard]] Timestamp local_instant(Date d, TimeOfDay time);

/// The local time of day of an instant.
[[nodiscard]] TimeOfDay local_time_of_day(Timestamp t);

/// Elapsed days between two instants, fractional (elapsed time / 24 h).
[[nodiscard]] double days_between(Timestamp from, Timestamp to);

/// `Mon 9 Mar` — short human form of a date.
[[nodiscard]] std::string format_short_date(Date d);

/// `Tuesday 10 March 2026` — long human form of a date.
[[nodiscard]] std::string format_long_date(Date d);

} // namespace crm
