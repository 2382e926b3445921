#include "cells.hpp"

#include "../text.hpp"
#include "pipe/money.hpp"

#include <array>
#include <cmath>
#include <ctime>
#include <fmt/format.h>

namespace crm::io::detail {

namespace {

bool digit(char c) {
    return c >= '0' && c <= '9';
}

bool letter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// Spaces an export writes inside or around numbers: ASCII, no-break (U+00A0) and narrow
// no-break (U+202F) spaces.
std::size_t space_at(std::string_view s, std::size_t i) {
    if (s[i] == ' ' || s[i] == '\t') return 1;
    if (s.substr(i).starts_with("\xC2\xA0")) return 2;
    if (s.substr(i).starts_with("\xE2\x80\xAF")) return 3;
    return 0;
}

std::string_view trim_spaces(std::string_view s) {
    while (!s.empty() && space_at(s, 0)) s.remove_prefix(space_at(s, 0));
    while (!s.empty()) {
        if (s.back() == ' ' || s.back() == '\t') {
            s.remove_suffix(1);
        } else if (s.ends_with("\xC2\xA0")) {
            s.remove_suffix(2);
        } else if (s.ends_with("\xE2\x80\xAF")) {
            s.remove_suffix(3);
        } else {
            break;
        }
    }
    return s;
}

struct Symbol {
    std::string_view text;
    std::string_view currency;
};

// Longest first, so `US$` is found before `$`.
constexpr std::array<Symbol, 10> symbols{{{"US$", "USD"},
                                          {"R$", "BRL"},
                                          {"$", "USD"},
                                          {"\xE2\x82\xAC", "EUR"},
                                          {"\xC2\xA3", "GBP"},
                                          {"\xC2\xA5", "JPY"},
                                          {"\xE2\x82\xB9", "INR"},
                                          {"\xE2\x82\xA9", "KRW"},
                                          {"\xE2\x82\xBD", "RUB"},
                                          {"\xE2\x82\xBA", "TRY"}}};

// A currency written before (`front`) or after the number: a symbol or three letters.
bool take_currency(std::string_view& s, bool front, AmountText& out) {
    for (const auto& sym : symbols) {
        if (front ? s.starts_with(sym.text) : s.ends_with(sym.text)) {
            out.written = sym.text;
            out.currency = sym.currency;
            if (front)
                s.remove_prefix(sym.text.size());
            else
                s.remove_suffix(sym.text.size());
            return true;
        }
    }
    if (s.size() > 3) {
        auto code = front ? s.substr(0, 3) : s.substr(s.size() - 3);
        auto next = front ? s[3] : s[s.size() - 4];
        // ISO codes as exports write them: upper case, apart from the number.
        if (std::ranges::all_of(code, [](char c) { return c >= 'A' && c <= 'Z'; }) &&
            (next == ' ' || digit(next))) {
            out.written = code;
            out.currency = text::lower(code);
            for (auto& c : out.currency) c = static_cast<char>(c - 'a' + 'A');
            if (front)
                s.remove_prefix(3);
            else
                s.remove_suffix(3);
            return true;
        }
    }
    return false;
}

std::string two_readings(std::string_view number, int digits) {
    auto as = [&](bool comma) -> std::string {
        std::string swapped(number);
        if (comma)
            for (auto& c : swapped) c = c == '.' ? ',' : c == ',' ? '.' : c;
        auto minor = parse_amount(swapped, std::max(digits, 3), true);
        if (!minor) return "?";
        auto scale = digits < 3 ? 3 - digits : 0;
        auto value = *minor;
        for (int i = 0; i < scale; ++i) value /= 10;
        return format_decimal(value, digits);
    };
    return fmt::format("{} or {}", as(false), as(true));
}

} // namespace

AmountText split_amount(std::string_view cell) {
    AmountText out;
    auto s = trim_spaces(cell);
    std::string sign;
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
        sign = s.front();
        s.remove_prefix(1);
        s = trim_spaces(s);
    }
    if (take_currency(s, true, out))
        s = trim_spaces(s);
    else if (take_currency(s, false, out))
        s = trim_spaces(s);
    if (sign.empty() && !s.empty() && (s.front() == '-' || s.front() == '+')) {
        sign = s.front();
        s.remove_prefix(1);
    }
    out.number = sign;
    for (std::size_t i = 0; i < s.size();) {
        if (auto n = space_at(s, i)) {
            i += n;
        } else if (s[i] == '\'') {
            ++i; // Swiss grouping: 1'200.50
        } else {
            out.number += s[i++];
        }
    }
    return out;
}

AmountShape shape_of_amount(std::string_view number) {
    auto s = number;
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
    if (!s.empty() && (s.back() == 'k' || s.back() == 'K' || s.back() == 'm' || s.back() == 'M'))
        s.remove_suffix(1);
    auto dots = std::ranges::count(s, '.'), commas = std::ranges::count(s, ',');
    if (dots == 0 && commas == 0) return {};
    if (dots > 0 && commas > 0)
        return {s.rfind('.') > s.rfind(',') ? Decimal::point : Decimal::comma, false};
    char sep = dots > 0 ? '.' : ',';
    Decimal as_decimal = sep == '.' ? Decimal::point : Decimal::comma;
    Decimal as_group = sep == '.' ? Decimal::comma : Decimal::point;
    if (dots + commas > 1) return {as_group, false};
    auto at = s.find(sep);
    auto before = s.substr(0, at), after = s.substr(at + 1);
    if (after.size() != 3 || before.empty() || before == "0" || before.size() > 3)
        return {as_decimal, false};
    // `1,200` is read as pipe reads typed amounts (a thousands comma) unless the column says
    // otherwise; `12.500` reads two ways.
    return {Decimal::unknown, sep == '.'};
}

Result<std::int64_t> read_amount(std::string_view number, Decimal decimal, int digits) {
    auto shape = shape_of_amount(number);
    if (shape.ambiguous && decimal == Decimal::unknown)
        return fail(fmt::format("'{}' reads two ways: {} (say which with --decimal-comma or "
                                "--decimal-point)",
                                number, two_readings(number, digits)));
    if (decimal == Decimal::unknown) decimal = shape.settles;
    std::string plain(number);
    if (decimal == Decimal::comma)
        for (auto& c : plain) c = c == '.' ? ',' : c == ',' ? '.' : c;
    auto minor = parse_amount(plain, digits, true);
    if (!minor && shape.settles != Decimal::unknown && shape.settles != decimal)
        return fail(fmt::format("not an amount with '{}' as the decimal separator: '{}'",
                                decimal == Decimal::comma ? ',' : '.', number),
                    "the column's other values use the other separator");
    if (!minor) return std::unexpected(minor.error());
    return *minor;
}

bool contradicts(const AmountText& amount, std::string_view currency) {
    if (amount.currency.empty() || currency.empty()) return false;
    if (amount.written == "$")
        return !(currency.ends_with('D') || currency == "MXN" || currency == "CLP" ||
                 currency == "COP" || currency == "ARS");
    if (amount.written == "\xC2\xA5") return currency != "JPY" && currency != "CNY";
    return !text::iequals(amount.currency, currency);
}

ProbabilityScale scale_of_probability(std::string_view cell) {
    auto s = text::trim(cell);
    if (s.ends_with('%')) return ProbabilityScale::percent;
    char* end = nullptr;
    std::string copy(s);
    double v = std::strtod(copy.c_str(), &end);
    if (end != copy.c_str() + copy.size() || copy.empty()) return ProbabilityScale::unknown;
    if (v > 1) return ProbabilityScale::percent;
    if (v > 0 && v < 1) return ProbabilityScale::fraction;
    return ProbabilityScale::unknown;
}

Result<int> read_probability(std::string_view cell, ProbabilityScale scale) {
    auto s = text::trim(cell);
    bool percent_sign = s.ends_with('%');
    if (percent_sign) s.remove_suffix(1);
    std::string copy(text::trim(s));
    char* end = nullptr;
    double v = std::strtod(copy.c_str(), &end);
    bool number = !copy.empty() && end == copy.c_str() + copy.size() &&
                  std::ranges::all_of(copy, [](char c) { return digit(c) || c == '.'; });
    if (!number) return fail("a probability is a number from 0 to 100 (or a fraction 0 to 1)");
    if (!percent_sign && scale != ProbabilityScale::percent) v *= 100;
    auto rounded = static_cast<int>(std::floor(v + 0.5));
    if (rounded < 0 || rounded > 100)
        return fail("a probability is a number from 0 to 100 (or a fraction 0 to 1)");
    return rounded;
}

std::optional<bool> read_yes_no(std::string_view cell) {
    auto s = text::lower(text::trim(cell));
    if (s == "1" || s == "true" || s == "yes" || s == "y" || s == "t") return true;
    if (s == "0" || s == "false" || s == "no" || s == "n" || s == "f") return false;
    return std::nullopt;
}

std::optional<std::string_view> read_status_word(std::string_view cell) {
    std::string s;
    for (char c : text::trim(cell))
        if (letter(c)) s += static_cast<char>(c | 0x20);
    if (s == "won" || s == "closedwon" || s == "win" || s == "closedwin") return "won";
    if (s == "lost" || s == "closedlost" || s == "lose") return "lost";
    if (s == "open" || s == "active" || s == "inprogress" || s == "opened") return "open";
    return std::nullopt;
}

namespace {

// A date cell taken apart into numbers and words, the time after it, and its offset.
struct DateParts {
    std::array<int, 3> numbers{};
    std::array<std::size_t, 3> widths{};
    int count = 0;
    int month_word = 0; // 1-12 when the month is a name
    char separator = 0; // between the first two numbers
    int hour = 0, minute = 0, second = 0;
    bool time = false;
    bool pm = false, am = false;
    std::optional<int> offset_minutes;
    bool bad = false;
};

constexpr std::array<std::string_view, 12> months{"jan", "feb", "mar", "apr", "may", "jun",
                                                  "jul", "aug", "sep", "oct", "nov", "dec"};

int month_of_word(std::string_view word) {
    if (word.size() < 3) return 0;
    auto w = text::lower(word);
    for (std::size_t i = 0; i < months.size(); ++i)
        if (w.starts_with(months[i])) {
            // `Sept`, `June`, `April` ... but not `Marker`.
            if (w.size() > 3 && w.size() > 9) return 0;
            return static_cast<int>(i) + 1;
        }
    return 0;
}

// `+01:00`, `+0100`, `+01`, `Z`, `UTC`, `GMT` at the start of `s`.
std::optional<int> offset_of(std::string_view s) {
    if (s == "z" || s == "Z" || text::iequals(s, "utc") || text::iequals(s, "gmt")) return 0;
    if (s.size() < 3 || (s[0] != '+' && s[0] != '-')) return std::nullopt;
    std::string digits;
    for (char c : s.substr(1))
        if (digit(c))
            digits += c;
        else if (c != ':')
            return std::nullopt;
    if (digits.size() != 2 && digits.size() != 4) return std::nullopt;
    int h = std::stoi(digits.substr(0, 2)),
        m = digits.size() == 4 ? std::stoi(digits.substr(2)) : 0;
    if (h > 23 || m > 59) return std::nullopt;
    return (s[0] == '-' ? -1 : 1) * (h * 60 + m);
}

DateParts parts_of(std::string_view cell) {
    DateParts p;
    auto s = text::trim(cell);
    std::size_t i = 0;
    auto skip_separators = [&] {
        while (i < s.size() &&
               (s[i] == ' ' || s[i] == ',' || s[i] == '/' || s[i] == '.' || s[i] == '-'))
            ++i;
    };
    while (i < s.size() && !p.bad) {
        if (digit(s[i])) {
            std::size_t start = i;
            while (i < s.size() && digit(s[i])) ++i;
            auto value = std::string_view(s).substr(start, i - start);
            if (i < s.size() && s[i] == ':') {
                // The time: H:MM[:SS[.fff]] [AM|PM] [offset]
                p.time = true;
                p.hour = value.size() <= 2 ? std::stoi(std::string(value)) : 99;
                auto two = [&](int& target) {
                    if (i + 2 >= s.size() + 0 && i + 2 > s.size()) return false;
                    if (i + 2 > s.size() || !digit(s[i]) || !digit(s[i + 1])) return false;
                    target = (s[i] - '0') * 10 + (s[i + 1] - '0');
                    i += 2;
                    return true;
                };
                ++i;
                if (!two(p.minute)) p.bad = true;
                if (i < s.size() && s[i] == ':') {
                    ++i;
                    if (!two(p.second)) p.bad = true;
                    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
                        ++i;
                        while (i < s.size() && digit(s[i])) ++i;
                    }
                }
                while (i < s.size() && s[i] == ' ') ++i;
                auto rest = s.substr(i);
                if (text::istarts_with(rest, "am") || text::istarts_with(rest, "pm")) {
                    (text::istarts_with(rest, "pm") ? p.pm : p.am) = true;
                    i += 2;
                    while (i < s.size() && s[i] == ' ') ++i;
                    rest = s.substr(i);
                }
                if (!rest.empty()) {
                    p.offset_minutes = offset_of(rest);
                    if (!p.offset_minutes) p.bad = true;
                }
                return p;
            }
            if (p.count == 3 || value.size() > 4) {
                p.bad = true;
                break;
            }
            p.numbers[static_cast<std::size_t>(p.count)] = std::stoi(std::string(value));
            p.widths[static_cast<std::size_t>(p.count)] = value.size();
            ++p.count;
            if (p.count == 1 && i < s.size()) p.separator = s[i];
            // ISO: the T before the time.
            if (i < s.size() && (s[i] == 'T' || s[i] == 't') && p.count == 3) ++i;
            skip_separators();
        } else if (letter(s[i])) {
            std::size_t start = i;
            while (i < s.size() && letter(s[i])) ++i;
            auto word = s.substr(start, i - start);
            if (p.month_word || !(p.month_word = month_of_word(word))) p.bad = true;
            skip_separators();
        } else {
            p.bad = true;
        }
    }
    return p;
}

std::optional<std::chrono::year_month_day> day_of(const DateParts& p, DayOrder order) {
    using namespace std::chrono;
    int y = 0, m = 0, d = 0;
    if (p.month_word) {
        if (p.count != 2) return std::nullopt;
        m = p.month_word;
        if (p.widths[0] == 4) {
            y = p.numbers[0];
            d = p.numbers[1];
        } else if (p.widths[1] == 4) {
            d = p.numbers[0];
            y = p.numbers[1];
        } else {
            return std::nullopt;
        }
    } else {
        if (p.count != 3) return std::nullopt;
        if (p.widths[0] == 4) {
            y = p.numbers[0];
            m = p.numbers[1];
            d = p.numbers[2];
        } else if (p.widths[2] == 4) {
            y = p.numbers[2];
            bool day_first = p.separator == '.' || order == DayOrder::day_first ||
                             (order == DayOrder::unknown && p.numbers[0] > 12);
            bool month_first =
                order == DayOrder::month_first || (order == DayOrder::unknown && p.numbers[1] > 12);
            if (!day_first && !month_first) return std::nullopt;
            d = day_first ? p.numbers[0] : p.numbers[1];
            m = day_first ? p.numbers[1] : p.numbers[0];
        } else {
            return std::nullopt;
        }
    }
    year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) return std::nullopt;
    return ymd;
}

} // namespace

DayOrder order_of_date(std::string_view cell) {
    auto p = parts_of(cell);
    if (p.bad || p.month_word || p.count != 3 || p.widths[2] != 4 || p.separator == '.')
        return DayOrder::unknown;
    if (p.numbers[0] > 12 && p.numbers[1] <= 12) return DayOrder::day_first;
    if (p.numbers[1] > 12 && p.numbers[0] <= 12) return DayOrder::month_first;
    return DayOrder::unknown;
}

bool has_day_month_question(std::string_view cell) {
    auto p = parts_of(cell);
    return !p.bad && !p.month_word && p.count == 3 && p.widths[2] == 4 && p.separator != '.';
}

bool has_time_of_day(std::string_view cell) {
    return parts_of(cell).time;
}

Result<Timestamp> read_exported_time(std::string_view cell, DayOrder order) {
    using namespace std::chrono;
    auto p = parts_of(cell);
    auto ymd = p.bad ? std::nullopt : day_of(p, order);
    int hour = p.hour;
    if (p.pm && hour >= 1 && hour <= 11) hour += 12;
    if (p.am && hour == 12) hour = 0;
    if (!ymd || hour > 23 || p.minute > 59 || p.second > 60 || ((p.am || p.pm) && p.hour > 12)) {
        if (!p.bad && !p.month_word && p.count == 3 && order == DayOrder::unknown &&
            p.widths[2] == 4 && p.numbers[0] <= 12 && p.numbers[1] <= 12)
            return fail(fmt::format("'{}' reads as day/month and as month/day (say which with "
                                    "--date-format 'COLUMN=%d/%m/%Y' or 'COLUMN=%m/%d/%Y')",
                                    text::trim(cell)));
        return fail(fmt::format("not a date or time: '{}'", text::trim(cell)),
                    "use YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS[Z], or --date-format");
    }
    auto second = std::min(p.second, 59);
    if (p.offset_minutes) {
        auto utc = Timestamp{sys_days{*ymd}} + hours{hour} + minutes{p.minute} + seconds{second} -
                   minutes{*p.offset_minutes};
        return within_years(utc, cell);
    }
    std::tm tm{};
    tm.tm_year = static_cast<int>(ymd->year()) - 1900;
    tm.tm_mon = static_cast<int>(static_cast<unsigned>(ymd->month())) - 1;
    tm.tm_mday = static_cast<int>(static_cast<unsigned>(ymd->day()));
    tm.tm_hour = p.time ? hour : 12;
    tm.tm_min = p.time ? p.minute : 0;
    tm.tm_sec = p.time ? second : 0;
    tm.tm_isdst = -1;
    return within_years(Timestamp{seconds{std::mktime(&tm)}}, cell);
}

} // namespace crm::io::detail
