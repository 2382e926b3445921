// Dates, times of day and durations as people type them: `next friday`, `in 2 weeks`,
// `15 Mar`, `15/03` (by the date order), `eoq`, `tomorrow 9am`, `1h30`.

#include "date_parts.hpp"
#include "pipe/dates.hpp"
#include "text.hpp"

#include <array>
#include <cmath>
#include <fmt/format.h>

namespace crm {

using namespace std::chrono;

namespace {

using Tokens = std::vector<std::string>;

constexpr std::array<std::string_view, 7> weekdays{"sunday",   "monday", "tuesday", "wednesday",
                                                   "thursday", "friday", "saturday"};
constexpr std::array<std::string_view, 12> months_of_year{
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

// Lower case, commas as spaces, split on white space.
Tokens tokens_of(std::string_view text) {
    Tokens out;
    std::string word;
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if (std::isspace(u) || c == ',') {
            if (!word.empty()) out.push_back(std::exchange(word, {}));
        } else {
            word += static_cast<char>(std::tolower(u));
        }
    }
    if (!word.empty()) out.push_back(word);
    return out;
}

bool all_digits(std::string_view s) {
    return !s.empty() && s.size() <= 9 &&
           std::ranges::all_of(s, [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view s) {
    return detail::digits_at(s, 0, s.size());
}

std::optional<unsigned> weekday_of(std::string_view s) {
    for (unsigned i = 0; i < weekdays.size(); ++i) {
        auto name = weekdays[i];
        if (s == name || s == name.substr(0, 3)) return i;
    }
    if (s == "tues") return 2u;
    if (s == "weds") return 3u;
    if (s == "thur" || s == "thurs") return 4u;
    return std::nullopt;
}

std::optional<unsigned> month_of(std::string_view s) {
    if (s.size() > 3 && s.back() == '.') s.remove_suffix(1);
    for (unsigned i = 0; i < months_of_year.size(); ++i) {
        auto name = months_of_year[i];
        if (s == name || (s.size() == 3 && s == name.substr(0, 3))) return i + 1;
    }
    if (s == "sept") return 9u;
    return std::nullopt;
}

// A day of the month: `15`, `15th`, `1st`, `2nd`, `3rd`.
std::optional<unsigned> day_of(std::string_view s) {
    for (std::string_view suffix : {"st", "nd", "rd", "th"})
        if (s.size() > 2 && s.ends_with(suffix)) {
            s.remove_suffix(2);
            break;
        }
    if (!all_digits(s) || s.size() > 2) return std::nullopt;
    auto d = to_int(s);
    return d >= 1 && d <= 31 ? std::optional<unsigned>(static_cast<unsigned>(d)) : std::nullopt;
}

// A year of two digits (20YY) or four.
std::optional<int> year_of(std::string_view s) {
    if (!all_digits(s) || (s.size() != 2 && s.size() != 4)) return std::nullopt;
    return s.size() == 2 ? 2000 + to_int(s) : to_int(s);
}

std::optional<Date> make_date(int y, unsigned m, unsigned d) {
    year_month_day ymd{year{y}, month{m}, day{d}};
    if (!ymd.ok()) return std::nullopt;
    return sys_days{ymd};
}

Date end_of_month(year_month ym) {
    return sys_days{ym / last};
}

Date coming(unsigned wd, Date today) {
    auto ahead = (weekday{wd} - weekday{today}).count();
    return today + days{ahead == 0 ? 7 : ahead};
}

Date previous(unsigned wd, Date today) {
    auto back = (weekday{today} - weekday{wd}).count();
    return today - days{back == 0 ? 7 : back};
}

// `n` units later; none when it would leave the calendar's range.
std::optional<Date> shifted(Date today, long n, char unit) {
    if (std::labs(n) > 120000) return std::nullopt;
    switch (unit) {
    case 'd':
        return today + days{n};
    case 'w':
        return today + days{7 * n};
    case 'm':
        return detail::add_months(today, static_cast<int>(n));
    case 'y':
        if (std::labs(n) > 10000) return std::nullopt;
        return detail::add_months(today, static_cast<int>(12 * n));
    default:
        return std::nullopt;
    }
}

// `day`, `days`, `week`, ... as d, w, m, y.
char unit_of(std::string_view s) {
    if (s.ends_with('s')) s.remove_suffix(1);
    if (s == "day") return 'd';
    if (s == "week" || s == "wk") return 'w';
    if (s == "month" || s == "mo") return 'm';
    if (s == "year" || s == "yr") return 'y';
    return 0;
}

// `+3d`, `-2w`, `3d`, `2w`, `1m`, `1y`.
std::optional<Date> relative(std::string_view s, Date today) {
    int sign = 1;
    if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
        sign = s.front() == '-' ? -1 : 1;
        s.remove_prefix(1);
    }
    if (s.size() < 2 || s.size() > 6) return std::nullopt;
    auto count = s.substr(0, s.size() - 1);
    if (!all_digits(count)) return std::nullopt;
    return shifted(today, sign * to_int(count), s.back());
}

// Dates of numbers only: `15/03/2026`, `15.03.`, `03/15`, `2026/03/15`, by `order`.
std::optional<Date> numeric(std::string_view s, Date today, DateOrder order) {
    char sep = 0;
    for (char c : s)
        if (c == '/' || c == '.' || c == '-') {
            sep = c;
            break;
        }
    if (!sep) return std::nullopt;
    auto parts = text::split(s, sep);
    if (sep == '.' && parts.size() == 3 && parts.back().empty()) parts.pop_back();
    if (parts.size() < 2 || parts.size() > 3) return std::nullopt;
    for (const auto& p : parts)
        if (!all_digits(p) || p.size() > 4) return std::nullopt;
    auto small = [](const std::string& p) { return p.size() <= 2 ? to_int(p) : -1; };
    int this_year = static_cast<int>(year_month_day{today}.year());
    if (parts.size() == 2) {
        int a = small(parts[0]), b = small(parts[1]);
        if (a < 1 || b < 1) return std::nullopt;
        auto [d, m] = order == DateOrder::dmy ? std::pair{a, b} : std::pair{b, a};
        return make_date(this_year, static_cast<unsigned>(m), static_cast<unsigned>(d));
    }
    int y = 0, m = 0, d = 0;
    if (parts[0].size() == 4 || order == DateOrder::ymd) {
        auto yy = year_of(parts[0]);
        if (!yy) return std::nullopt;
        y = *yy;
        m = small(parts[1]);
        d = small(parts[2]);
    } else {
        auto yy = year_of(parts[2]);
        if (!yy) return std::nullopt;
        y = *yy;
        auto [first, second] = std::pair{small(parts[0]), small(parts[1])};
        d = order == DateOrder::dmy ? first : second;
        m = order == DateOrder::dmy ? second : first;
    }
    if (m < 1 || d < 1) return std::nullopt;
    return make_date(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

// `15 mar`, `15th march 2026`, `march 15`, `mar 15 2026`.
std::optional<Date> named_month(const Tokens& t, Date today) {
    if (t.size() < 2 || t.size() > 3) return std::nullopt;
    std::optional<unsigned> d, m;
    if ((m = month_of(t[0]))) {
        d = day_of(t[1]);
    } else if ((m = month_of(t[1]))) {
        d = day_of(t[0]);
    }
    if (!d || !m) return std::nullopt;
    int y = static_cast<int>(year_month_day{today}.year());
    if (t.size() == 3) {
        if (!all_digits(t[2]) || t[2].size() != 4) return std::nullopt;
        y = to_int(t[2]);
    }
    return make_date(y, *m, *d);
}

std::optional<Date> one_word(std::string_view s, Date today, DateOrder order) {
    year_month_day ymd{today};
    if (auto iso = detail::iso_date(s)) return iso;
    if (s == "today") return today;
    if (s == "tomorrow") return today + days{1};
    if (s == "yesterday") return today - days{1};
    if (s == "eow") return today + days{(weekday{0} - weekday{today}).count()};
    if (s == "eom") return end_of_month(ymd.year() / ymd.month());
    if (s == "eoq") {
        unsigned quarter_end = (static_cast<unsigned>(ymd.month()) - 1) / 3 * 3 + 3;
        return end_of_month(ymd.year() / month{quarter_end});
    }
    if (s == "eoy") return sys_days{ymd.year() / December / 31};
    if (auto wd = weekday_of(s)) return coming(*wd, today);
    if (auto r = relative(s, today)) return r;
    return numeric(s, today, order);
}

std::optional<Date> words(const Tokens& t, Date today, DateOrder order) {
    if (t.size() == 1) return one_word(t[0], today, order);
    if (t.size() == 2 && (t[0] == "next" || t[0] == "last")) {
        int sign = t[0] == "next" ? 1 : -1;
        if (auto wd = weekday_of(t[1])) return sign > 0 ? coming(*wd, today) : previous(*wd, today);
        if (auto unit = unit_of(t[1]); unit && t[1].back() != 's')
            return shifted(today, sign, unit);
        return std::nullopt;
    }
    if (t.size() == 2 && t[0] == "in" && t[1].front() != '+' && t[1].front() != '-')
        return relative(t[1], today);
    if (t.size() == 3 && t[0] == "in") {
        auto unit = unit_of(t[2]);
        if (!unit) return std::nullopt;
        if (t[1] == "a" || t[1] == "an")
            return t[2].back() == 's' ? std::nullopt : shifted(today, 1, unit);
        if (!all_digits(t[1]) || t[1].size() > 6) return std::nullopt;
        return shifted(today, to_int(t[1]), unit);
    }
    if (t.size() == 3 && t[2] == "ago") {
        auto unit = unit_of(t[1]);
        if (!unit) return std::nullopt;
        if (t[0] == "a" || t[0] == "an") return shifted(today, -1, unit);
        if (!all_digits(t[0]) || t[0].size() > 6) return std::nullopt;
        return shifted(today, -to_int(t[0]), unit);
    }
    return named_month(t, today);
}

// A time at the end of the tokens (`9am`, `9 am`, `14:30`), removed from them; and a
// connecting `at` before it.
std::optional<TimeOfDay> take_time(Tokens& t) {
    if (t.empty()) return std::nullopt;
    std::optional<TimeOfDay> time;
    std::size_t used = 0;
    if (t.size() >= 2 &&
        (t.back() == "am" || t.back() == "pm" || t.back() == "a.m." || t.back() == "p.m.")) {
        if (auto parsed = parse_time_of_day(t[t.size() - 2] + t.back())) {
            time = *parsed;
            used = 2;
        }
    }
    if (!time)
        if (auto parsed = parse_time_of_day(t.back())) {
            time = *parsed;
            used = 1;
        }
    if (!time) return std::nullopt;
    t.resize(t.size() - used);
    if (!t.empty() && t.back() == "at") t.pop_back();
    return time;
}

// `2026-03-10t14:30` split into its date and time tokens.
void split_iso_datetime(Tokens& t) {
    if (t.size() != 1 || t[0].size() < 16 || t[0][10] != 't' ||
        !detail::iso_date(t[0].substr(0, 10)))
        return;
    auto time = t[0].substr(11);
    t = {t[0].substr(0, 10), time};
}

Result<Date> date_or_error(std::optional<Date> date, std::string_view input, DateOrder order) {
    if (!date) {
        bool numeric = std::ranges::any_of(input, [](char c) { return c == '/' || c == '.'; }) &&
                       std::ranges::all_of(input, [](char c) {
                           return (c >= '0' && c <= '9') || c == '/' || c == '.' || c == '-';
                       });
        if (numeric)
            return fail(fmt::format("not a date: '{}', read {} by date_order \"{}\"", input,
                                    order == DateOrder::mdy   ? "month/day"
                                    : order == DateOrder::dmy ? "day/month"
                                                              : "year/month/day (month/day "
                                                                "without a year)",
                                    to_string(order)),
                        date_forms(order));
        return fail(fmt::format("not a date: '{}'", input), date_forms(order));
    }
    if (!detail::within_iso_years(*date))
        return fail(fmt::format("date out of range: '{}'", input),
                    "use a date in the years 0000 to 9999");
    return *date;
}

} // namespace

std::string_view to_string(DateOrder order) {
    switch (order) {
    case DateOrder::mdy:
        return "mdy";
    case DateOrder::ymd:
        return "ymd";
    default:
        return "dmy";
    }
}

Result<DateOrder> parse_date_order(std::string_view text) {
    auto s = text::lower(text::trim(text));
    if (s == "dmy") return DateOrder::dmy;
    if (s == "mdy") return DateOrder::mdy;
    if (s == "ymd") return DateOrder::ymd;
    return fail(fmt::format("date_order must be \"dmy\", \"mdy\" or \"ymd\", not \"{}\"", text),
                "dmy reads 03/04 as 3 April, mdy as March 4");
}

DateOrder date_order_of_locale(std::string_view locale) {
    auto end = locale.find_first_of(".@");
    auto name = locale.substr(0, end);
    auto underscore = name.find('_');
    if (underscore == std::string_view::npos) return DateOrder::dmy;
    auto territory = name.substr(underscore + 1);
    static constexpr std::array<std::string_view, 11> month_first{
        "US", "PH", "PR", "AS", "GU", "MP", "VI", "UM", "FM", "MH", "PW"};
    static constexpr std::array<std::string_view, 17> year_first{"CN", "TW", "HK", "MO", "JP", "KR",
                                                                 "KP", "MN", "HU", "LT", "LV", "SE",
                                                                 "CA", "IR", "ZA", "BT", "NP"};
    if (std::ranges::find(month_first, territory) != month_first.end()) return DateOrder::mdy;
    if (std::ranges::find(year_first, territory) != year_first.end()) return DateOrder::ymd;
    return DateOrder::dmy;
}

std::string date_forms(DateOrder order) {
    std::string_view numeric = order == DateOrder::dmy   ? "15/03 or 15.03.2026 (day/month)"
                               : order == DateOrder::mdy ? "03/15 or 03/15/2026 (month/day)"
                                                         : "03/15 or 2026/03/15 (month/day)";
    return fmt::format("use 2026-03-31, 15 Mar, {}, today, tomorrow, fri, next fri, +3d, 2w, "
                       "in 2 weeks, eow, eom, eoq or eoy",
                       numeric);
}

Result<Date> parse_date(std::string_view text, Date today, DateOrder order) {
    auto input = text::trim(text);
    return date_or_error(words(tokens_of(input), today, order), input, order);
}

Result<When> parse_when(std::string_view text, Date today, DateOrder order) {
    auto input = text::trim(text);
    auto t = tokens_of(input);
    split_iso_datetime(t);
    auto time = take_time(t);
    if (time && t.empty()) return When{today, time};
    auto date = words(t, today, order);
    if (!date && !time) return std::unexpected(date_or_error(std::nullopt, input, order).error());
    if (!date)
        return fail(fmt::format("not a date and time: '{}'", input),
                    "e.g. tomorrow 9am, fri 14:30, 15 Mar 2pm");
    auto checked = PIPE_TRY(date_or_error(date, input, order));
    return When{checked, time};
}

Result<TimeOfDay> parse_time_of_day(std::string_view text) {
    auto input = text::trim(text);
    std::string s;
    for (char c : input)
        if (!std::isspace(static_cast<unsigned char>(c)) && c != '.')
            s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto bad = [&] {
        return fail(fmt::format("not a time of day: '{}'", input),
                    "use 14:30, 9:05, 2pm or 2:30pm");
    };
    if (s == "noon") return TimeOfDay{12 * 60};
    if (s == "midnight") return TimeOfDay{0};
    int half = 0;
    if (s.ends_with("am") || s.ends_with("pm")) {
        half = s.ends_with("pm") ? 2 : 1;
        s.resize(s.size() - 2);
    }
    auto sep = s.find_first_of(":h");
    std::string_view hours_text = std::string_view(s).substr(0, sep);
    std::string_view minutes_text =
        sep == std::string::npos ? std::string_view() : std::string_view(s).substr(sep + 1);
    if (!all_digits(hours_text) || hours_text.size() > 2) return bad();
    if (sep != std::string::npos && s[sep] == ':' && minutes_text.size() != 2) return bad();
    if (!minutes_text.empty() && (!all_digits(minutes_text) || minutes_text.size() != 2))
        return bad();
    if (sep == std::string::npos && !half) return bad();
    int h = to_int(hours_text), m = minutes_text.empty() ? 0 : to_int(minutes_text);
    if (m > 59) return bad();
    if (half) {
        if (h < 1 || h > 12) return bad();
        h = h % 12 + (half == 2 ? 12 : 0);
    }
    if (h > 23) return bad();
    return TimeOfDay{h * 60 + m};
}

Result<minutes> parse_duration(std::string_view text) {
    auto input = text::trim(text);
    std::string s;
    for (char c : input)
        if (!std::isspace(static_cast<unsigned char>(c)))
            s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto bad = [&] {
        return fail(fmt::format("not a duration: '{}'", input), "use 30m, 1h, 1h30 or 90");
    };
    if (s.starts_with('-'))
        return fail(fmt::format("a duration cannot be negative: '{}'", input), "e.g. --for 30m");
    if (s.starts_with('+')) s.erase(0, 1);
    double total = 0;
    if (all_digits(s)) {
        total = to_int(s);
    } else if (auto colon = s.find(':'); colon != std::string::npos) {
        auto h = s.substr(0, colon), m = s.substr(colon + 1);
        if (!all_digits(h) || h.size() > 2 || m.size() != 2 || !all_digits(m) || to_int(m) > 59)
            return bad();
        total = to_int(h) * 60 + to_int(m);
    } else {
        std::size_t pos = 0;
        bool hours_seen = false, minutes_seen = false;
        while (pos < s.size()) {
            auto start = pos;
            while (pos < s.size() &&
                   (std::isdigit(static_cast<unsigned char>(s[pos])) || s[pos] == '.'))
                ++pos;
            auto number = s.substr(start, pos - start);
            auto unit_start = pos;
            while (pos < s.size() && std::isalpha(static_cast<unsigned char>(s[pos]))) ++pos;
            auto unit = s.substr(unit_start, pos - unit_start);
            if (number.empty() || number.size() > 6 || std::ranges::count(number, '.') > 1 ||
                number.front() == '.' || number.back() == '.')
                return bad();
            double value = 0, scale = 0;
            for (char c : number) {
                if (c == '.') {
                    scale = 1;
                    continue;
                }
                if (scale > 0) scale /= 10;
                value = scale > 0 ? value + (c - '0') * scale : value * 10 + (c - '0');
            }
            if (unit == "h" || unit == "hr" || unit == "hrs" || unit == "hour" || unit == "hours") {
                if (hours_seen || minutes_seen) return bad();
                hours_seen = true;
                total += value * 60;
            } else if (unit == "m" || unit == "min" || unit == "mins" || unit == "minute" ||
                       unit == "minutes" || (unit.empty() && hours_seen)) {
                if (minutes_seen || number.find('.') != std::string::npos) return bad();
                minutes_seen = true;
                total += value;
            } else {
                return bad();
            }
        }
    }
    auto whole = static_cast<long>(std::lround(total));
    if (whole < 1)
        return fail(fmt::format("a duration must be at least a minute: '{}'", input),
                    "e.g. --for 30m");
    if (whole > 24 * 60)
        return fail(fmt::format("a duration must be at most 24 hours: '{}'", input),
                    "e.g. --for 2h");
    return minutes{whole};
}

std::string format_time_of_day(TimeOfDay time) {
    auto m = time.count();
    return fmt::format("{:02}:{:02}", m / 60, m % 60);
}

std::string format_duration(minutes duration) {
    auto m = duration.count();
    if (m < 60) return fmt::format("{}m", m);
    if (m % 60 == 0) return fmt::format("{}h", m / 60);
    return fmt::format("{}h{:02}m", m / 60, m % 60);
}

} // namespace crm
