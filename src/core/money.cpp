#include "pipe/money.hpp"

#include "text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <fmt/format.h>
#include <optional>
#include <string>

namespace crm {

namespace {

constexpr std::array zero_digit_currencies{"JPY", "KRW", "CLP", "VND", "ISK", "UGX", "XAF", "XOF",
                                           "PYG", "RWF", "KMF", "DJF", "GNF", "VUV", "XPF"};
constexpr std::array three_digit_currencies{"BHD", "KWD", "OMR", "JOD", "TND", "LYD", "IQD"};

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

std::string upper(std::string_view s) {
    std::string out(s);
    std::ranges::transform(out, out.begin(), [](unsigned char c) { return std::toupper(c); });
    return out;
}

// 10^n, or nothing when it does not fit in an int64.
std::optional<std::int64_t> pow10(int n) {
    std::int64_t p = 1;
    for (int i = 0; i < n; ++i)
        if (__builtin_mul_overflow(p, 10, &p)) return std::nullopt;
    return p;
}

std::uint64_t magnitude(std::int64_t v) {
    return v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
}

std::uint64_t unit_of(int digits) {
    std::uint64_t unit = 1;
    for (int i = 0; i < digits; ++i) unit *= 10;
    return unit;
}

std::string grouped(std::uint64_t v) {
    auto plain = fmt::format("{}", v);
    std::string out;
    for (std::size_t i = 0; i < plain.size(); ++i) {
        if (i > 0 && (plain.size() - i) % 3 == 0) out += ',';
        out += plain[i];
    }
    return out;
}

// The integer digits of `12,500` / `12_500` / `12500`: separators only between groups of three.
std::optional<std::string> integer_digits(std::string_view s) {
    std::string out;
    std::size_t group = 0;
    bool separated = false;
    for (char c : s) {
        if (is_digit(c)) {
            out += c;
            ++group;
            if (separated && group > 3) return std::nullopt;
        } else if (c == ',' || c == '_') {
            if (group == 0 || (separated && group != 3) || (!separated && group > 3))
                return std::nullopt;
            separated = true;
            group = 0;
        } else {
            return std::nullopt;
        }
    }
    if (separated && group != 3) return std::nullopt;
    return out;
}

std::string prefix_of(std::string_view currency) {
    auto code = upper(currency);
    if (code == "EUR") return "€";
    if (code == "USD") return "$";
    if (code == "GBP") return "£";
    if (code == "JPY") return "¥";
    if (code == "INR") return "₹";
    return code.empty() ? code : code + " ";
}

} // namespace

int currency_digits(std::string_view code) {
    auto key = upper(code);
    if (std::ranges::find(zero_digit_currencies, key) != zero_digit_currencies.end()) return 0;
    if (std::ranges::find(three_digit_currencies, key) != three_digit_currencies.end()) return 3;
    return 2;
}

Result<std::string> parse_currency(std::string_view text) {
    auto code = text::trim(text);
    if (code.size() != 3 || !std::ranges::all_of(code, [](unsigned char c) {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        }))
        return fail(fmt::format("not a currency: '{}'", code),
                    "use a three-letter ISO 4217 code, e.g. EUR");
    return upper(code);
}

Result<std::int64_t> parse_amount(std::string_view text, int digits, bool settled) {
    auto input = text::trim(text);
    auto bad = [&] {
        return fail(fmt::format("not an amount: '{}'", input), "e.g. 12500, 12,500.50, 12.5k");
    };
    auto s = input;
    bool negative = false;
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
        negative = s.front() == '-';
        s.remove_prefix(1);
    }
    int scale = 0;
    if (!s.empty() && (s.back() == 'k' || s.back() == 'K')) scale = 3;
    if (!s.empty() && (s.back() == 'm' || s.back() == 'M')) scale = 6;
    if (scale) s.remove_suffix(1);

    auto dot = s.find('.');
    // `12.500` is 12.50 or, written with a dot for thousands, 12,500: never guess.
    if (!settled && !scale && digits < 3 && dot != std::string_view::npos &&
        s.find_first_of(",_") == std::string_view::npos && s.size() - dot - 1 == 3 && dot > 0 &&
        dot <= 3 && s.substr(0, dot) != "0" && std::ranges::all_of(s.substr(0, dot), is_digit) &&
        std::ranges::all_of(s.substr(dot + 1), is_digit)) {
        auto frac = s.substr(dot + 1);
        while (!frac.empty() && frac.back() == '0') frac.remove_suffix(1);
        auto as_decimal = frac.empty() ? std::string(s.substr(0, dot))
                                       : fmt::format("{}.{}", s.substr(0, dot), frac);
        auto as_thousands = fmt::format("{}{}", s.substr(0, dot), s.substr(dot + 1));
        return fail(fmt::format("'{}' reads two ways: {} or {}", input, as_decimal, as_thousands),
                    frac.size() <= static_cast<std::size_t>(digits)
                        ? fmt::format("write {} or {}", as_decimal, as_thousands)
                        : fmt::format("write {} for the thousands; at most {} decimals",
                                      as_thousands, digits));
    }
    auto whole = integer_digits(s.substr(0, dot));
    std::string_view fraction = dot == std::string_view::npos ? "" : s.substr(dot + 1);
    if (!whole || !std::ranges::all_of(fraction, is_digit)) return bad();
    if (whole->empty() && fraction.empty()) return bad();
    while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);

    int exponent = digits + scale - static_cast<int>(fraction.size());
    if (exponent < 0)
        return fail(fmt::format("too many decimals: '{}'", input),
                    digits == 0   ? "whole units only"
                    : digits == 1 ? "at most 1 decimal"
                                  : fmt::format("at most {} decimals", digits));
    auto factor = pow10(exponent);
    std::int64_t minor = 0;
    bool overflow = !factor;
    for (char c : *whole + std::string(fraction)) {
        overflow = overflow || __builtin_mul_overflow(minor, 10, &minor) ||
                   __builtin_add_overflow(minor, c - '0', &minor);
    }
    if (overflow || __builtin_mul_overflow(minor, *factor, &minor) || minor > max_amount)
        return fail(fmt::format("amount out of range: '{}'", input),
                    "at most " + format_max_amount(digits));
    return negative ? -minor : minor;
}

std::string format_max_amount(int digits) {
    auto unit = unit_of(digits);
    auto whole = grouped(static_cast<std::uint64_t>(max_amount) / unit);
    return digits > 0 ? whole + "." + std::string(static_cast<std::size_t>(digits), '0') : whole;
}

std::string format_decimal(std::int64_t minor, int digits) {
    auto mag = magnitude(minor);
    auto unit = unit_of(digits);
    auto sign = minor < 0 ? "-" : "";
    if (digits <= 0) return fmt::format("{}{}", sign, mag);
    return fmt::format("{}{}.{:0{}}", sign, mag / unit, mag % unit, digits);
}

std::string format_money(std::int64_t minor, std::string_view currency) {
    int digits = currency_digits(currency);
    auto mag = magnitude(minor);
    auto unit = unit_of(digits);
    auto out =
        fmt::format("{}{}{}", minor < 0 ? "-" : "", prefix_of(currency), grouped(mag / unit));
    if (mag % unit != 0) out += fmt::format(".{:0{}}", mag % unit, digits);
    return out;
}

std::string format_money_short(std::int64_t minor, std::string_view currency) {
    auto mag = magnitude(minor);
    auto unit = unit_of(currency_digits(currency));
    auto units = mag / unit + (mag % unit >= unit - mag % unit ? 1 : 0);
    return fmt::format("{}{}{}", minor < 0 && units ? "-" : "", prefix_of(currency),
                       grouped(units));
}

} // namespace crm
