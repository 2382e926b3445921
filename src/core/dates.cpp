#include "pipe/dates.hpp"

#include "date_parts.hpp"
#include "text.hpp"

#include <algorithm>
#include <array>
#include <ctime>
#include <fmt/format.h>
#include <optional>

namespace crm {

using namespace std::chrono;

namespace {

constexpr std::string_view timestamp_hint =
    "use now, YYYY-MM-DDTHH:MM[:SS] with optional Z or +hh:mm, a date like today, or a date "
    "and time like yesterday 3pm";

constexpr std::array<std::string_view, 7> weekday_names{
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
constexpr std::array<std::string_view, 12> month_names{
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

year_month_day ymd_of(const std::tm& tm) {
    return year{tm.tm_year + 1900} / month{static_cast<unsigned>(tm.tm_mon + 1)} /
           day{static_cast<unsigned>(tm.tm_mday)};
}

Date date_of(const std::tm& tm) {
    return sys_days{ymd_of(tm)};
}

// Local broken-down time to an instant; by default the C library resolves DST.
Timestamp from_local(std::tm tm, int isdst = -1) {
    tm.tm_isdst = isdst;
    return Timestamp{seconds{std::mktime(&tm)}};
}

std::tm to_tm(Date d, int hour = 0, int minute = 0, int second = 0) {
    year_month_day ymd{d};
    std::tm tm{};
    tm.tm_year = static_cast<int>(ymd.year()) - 1900;
    tm.tm_mon = static_cast<int>(static_cast<unsigned>(ymd.month())) - 1;
    tm.tm_mday = static_cast<int>(static_cast<unsigned>(ymd.day()));
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    return tm;
}

// The zone is read once per process (localtime_r need not read it; tzset on every call made
// glibc stat the zone file for each date an import parsed). Whoever changes TZ calls tzset.
std::optional<std::tm> local_tm(Timestamp t) {
    static const bool zone_read = (::tzset(), true);
    (void)zone_read;
    std::time_t raw = t.time_since_epoch().count();
    std::tm tm{};
    if (!::localtime_r(&raw, &tm)) return std::nullopt;
    return tm;
}

// `2026-03-02T09:00[:00]` with optional `Z` / `+hh:mm` / `-hh:mm`; `s` is lower case.
std::optional<Timestamp> iso_timestamp(std::string_view s) {
    if (s.size() < 16 || (s[10] != 't' && s[10] != ' ') || s[13] != ':') return std::nullopt;
    auto date = detail::iso_date(s.substr(0, 10));
    int hour = detail::digits_at(s, 11, 2), minute = detail::digits_at(s, 14, 2), second = 0;
    std::size_t pos = 16;
    if (pos < s.size() && s[pos] == ':') {
        second = detail::digits_at(s, 17, 2);
        pos = 19;
    }
    if (!date || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
        return std::nullopt;
    auto zone = s.substr(pos);
    if (zone.empty()) return from_local(to_tm(*date, hour, minute, second));
    auto utc = Timestamp{*date} + hours{hour} + minutes{minute} + seconds{second};
    if (zone == "z") return utc;
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':')
        return std::nullopt;
    int off_h = detail::digits_at(zone, 1, 2), off_m = detail::digits_at(zone, 4, 2);
    if (off_h < 0 || off_h > 23 || off_m < 0 || off_m > 59) return std::nullopt;
    auto offset = hours{off_h} + minutes{off_m};
    return zone[0] == '+' ? utc - offset : utc + offset;
}

} // namespace

namespace detail {

int digits_at(std::string_view s, std::size_t pos, std::size_t n) {
    if (n == 0 || n > 9 || pos + n > s.size()) return -1;
    int v = 0;
    for (char c : s.substr(pos, n)) {
        if (c < '0' || c > '9') return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

std::optional<Date> iso_date(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    int y = digits_at(s, 0, 4), m = digits_at(s, 5, 2), d = digits_at(s, 8, 2);
    if (y < 0 || m < 0 || d < 0) return std::nullopt;
    year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) return std::nullopt;
    return sys_days{ymd};
}

Date add_months(Date d, int n) {
    year_month_day ymd{d};
    auto ym = ymd.year() / ymd.month() + months{n};
    return sys_days{ym / std::min(ymd.day(), year_month_day_last{ym / last}.day())};
}

bool within_iso_years(Date d) {
    auto y = static_cast<int>(year_month_day{d}.year());
    return y >= 0 && y <= 9999;
}

} // namespace detail

Result<Date> parse_iso_date(std::string_view text) {
    auto input = text::trim(text);
    if (auto d = detail::iso_date(input)) return *d;
    return fail(fmt::format("not a date: '{}'", input), "use YYYY-MM-DD");
}

Result<Timestamp> within_years(Timestamp t, std::string_view input) {
    auto y = static_cast<int>(year_month_day{floor<days>(t)}.year());
    if (y < 0 || y > 9999)
        return fail(
            fmt::format("time out of range: '{}' is in the year {} in UTC", text::trim(input), y),
            "use a time in the years 0000 to 9999, UTC");
    return t;
}

Result<Timestamp> parse_timestamp(std::string_view text, Timestamp now, DateOrder order) {
    auto input = text::trim(text);
    auto lowered = text::lower(input);
    if (lowered == "now") return now;
    // An offset (9999-12-31T23:59-23:59) or the local time zone can carry a time written in
    // the years 0000-9999 outside them in UTC, where it is stored and exported.
    if (auto t = iso_timestamp(lowered)) return within_years(*t, input);
    if (auto when = parse_when(input, local_date(now), order))
        return within_years(when->time ? local_instant(when->date, *when->time)
                                       : local_midnight(when->date),
                            input);
    return fail(fmt::format("not a date or time: '{}'", input), std::string(timestamp_hint));
}

Result<Timestamp> parse_with_format(std::string_view text, std::string_view format) {
    std::string input(text::trim(text));
    std::string pattern(format);
    std::tm tm{};
    tm.tm_year = 70;
    tm.tm_mday = 1;
    const char* end = ::strptime(input.c_str(), pattern.c_str(), &tm);
    if (end && *end == '\0' && ymd_of(tm).ok()) return within_years(from_local(tm), input);
    std::tm sample = to_tm(sys_days{year{2026} / 3 / 31}, 14, 30, 0);
    std::array<char, 128> example{};
    auto n = std::strftime(example.data(), example.size(), pattern.c_str(), &sample);
    return fail(fmt::format("not a date in the format '{}': '{}'", format, input),
                n ? fmt::format("e.g. {}", std::string_view(example.data(), n)) : std::string());
}

std::string format_date(Date d) {
    year_month_day ymd{d};
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

std::string format_timestamp(Timestamp t) {
    auto midnight = floor<days>(t);
    hh_mm_ss time{t - midnight};
    return fmt::format("{}T{:02}:{:02}:{:02}Z", format_date(midnight), time.hours().count(),
                       time.minutes().count(), time.seconds().count());
}

std::string format_local_datetime(Timestamp t) {
    auto tm = local_tm(t);
    if (!tm) return format_timestamp(t);
    return fmt::format("{} {:02}:{:02}", format_date(date_of(*tm)), tm->tm_hour, tm->tm_min);
}

Date local_date(Timestamp t) {
    auto tm = local_tm(t);
    return tm ? date_of(*tm) : floor<days>(t);
}

Timestamp local_instant(Date d, TimeOfDay time) {
    auto minutes_in = static_cast<int>(time.count());
    return from_local(to_tm(d, minutes_in / 60, minutes_in % 60));
}

TimeOfDay local_time_of_day(Timestamp t) {
    auto tm = local_tm(t);
    if (!tm) return floor<minutes>(t - floor<days>(t));
    return TimeOfDay{tm->tm_hour * 60 + tm->tm_min};
}

Timestamp local_midnight(Date d) {
    // Where midnight repeats (DST ending at 01:00), the day starts at the first one.
    auto start = from_local(to_tm(d));
    for (int isdst : {0, 1}) {
        auto t = from_local(to_tm(d), isdst);
        if (t < start && local_date(t) == d) start = t;
    }
    return start;
}

double days_between(Timestamp from, Timestamp to) {
    return duration<double, days::period>(to - from).count();
}

std::string format_short_date(Date d) {
    year_month_day ymd{d};
    return fmt::format("{} {} {}", weekday_names[weekday{d}.c_encoding()].substr(0, 3),
                       static_cast<unsigned>(ymd.day()),
                       month_names[static_cast<unsigned>(ymd.month()) - 1].substr(0, 3));
}

std::string format_long_date(Date d) {
    year_month_day ymd{d};
    return fmt::format(
        "{} {} {} {}", weekday_names[weekday{d}.c_encoding()], static_cast<unsigned>(ymd.day()),
        month_names[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()));
}

} // namespace crm
