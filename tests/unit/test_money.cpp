#include "pipe/money.hpp"

#include <cstdint>
#include <doctest/doctest.h>
#include <limits>
#include <string>

using namespace crm;

namespace {

constexpr auto max_minor = std::numeric_limits<std::int64_t>::max();
constexpr auto min_minor = std::numeric_limits<std::int64_t>::min();

// The parsed minor units, or the error message so a failure shows what went wrong.
std::string parsed(std::string_view text, int digits = 2) {
    auto r = parse_amount(text, digits);
    return r ? std::to_string(*r) : "error: " + r.error().message();
}

Error error_of(std::string_view text, int digits = 2) {
    auto r = parse_amount(text, digits);
    REQUIRE_MESSAGE(!r.has_value(), text);
    return r.error();
}

} // namespace

TEST_CASE("currencies without minor units have zero digits") {
    for (auto code : {"JPY", "KRW", "CLP", "VND", "ISK", "UGX", "XAF", "XOF", "PYG", "RWF", "KMF",
                      "DJF", "GNF", "VUV", "XPF"})
        CHECK_MESSAGE(currency_digits(code) == 0, code);
}

TEST_CASE("dinar-like currencies have three digits") {
    for (auto code : {"BHD", "KWD", "OMR", "JOD", "TND", "LYD", "IQD"})
        CHECK_MESSAGE(currency_digits(code) == 3, code);
}

TEST_CASE("every other currency has two digits, whatever its case") {
    CHECK(currency_digits("EUR") == 2);
    CHECK(currency_digits("USD") == 2);
    CHECK(currency_digits("CHF") == 2);
    CHECK(currency_digits("XYZ") == 2);
    CHECK(currency_digits("jpy") == 0);
    CHECK(currency_digits("kwd") == 3);
}

TEST_CASE("a currency code is normalised to upper case") {
    CHECK(parse_currency("EUR").value() == "EUR");
    CHECK(parse_currency("eur").value() == "EUR");
    CHECK(parse_currency(" uSd ").value() == "USD");
}

TEST_CASE("a currency code must be three ASCII letters") {
    for (auto bad : {"EURO", "EU", "", "   ", "E1R", "€", "EU R", "E-U"}) {
        auto r = parse_currency(bad);
        REQUIRE_MESSAGE(!r.has_value(), bad);
        CHECK(r.error().what.starts_with("not a currency"));
        CHECK(r.error().hint == "use a three-letter ISO 4217 code, e.g. EUR");
    }
    CHECK(parse_currency("EURO").error().what == "not a currency: 'EURO'");
}

TEST_CASE("a whole number is whole units of the currency") {
    CHECK(parsed("12500") == "1250000");
    CHECK(parsed("0") == "0");
    CHECK(parsed("007") == "700");
    CHECK(parsed("500", 0) == "500");
    CHECK(parsed("1", 3) == "1000");
}

TEST_CASE("decimals become exact minor units") {
    CHECK(parsed("12500.50") == "1250050");
    CHECK(parsed("0.05") == "5");
    CHECK(parsed("3.2") == "320");
    CHECK(parsed(".5") == "50");
    CHECK(parsed("7.") == "700");
    CHECK(parsed("1.234", 3) == "1234");
    CHECK(parsed("0.29") == "29");
    CHECK(parsed("1.15") == "115");
}

TEST_CASE("commas and underscores group thousands") {
    CHECK(parsed("12,500.50") == "1250050");
    CHECK(parsed("12_500") == "1250000");
    CHECK(parsed("1,234,567") == "123456700");
    CHECK(parsed("1_000_000.25") == "100000025");
    CHECK(parsed("999,999") == "99999900");
}

TEST_CASE("separators must split the digits into groups of three") {
    for (auto bad : {"1,2,3.4.5", "1,2,3", "12,5", "1,0000", ",500", "500,", "1,,000", "1__000",
                     "12,500,", "1234,567", "1,000.000,5", "1,000.5_0"})
        CHECK_MESSAGE(error_of(bad).what == std::string("not an amount: '") + bad + "'", bad);
}

TEST_CASE("a k suffix multiplies by a thousand") {
    CHECK(parsed("12k") == "1200000");
    CHECK(parsed("12.5k") == "1250000");
    CHECK(parsed("12.5K") == "1250000");
    CHECK(parsed("1,500k") == "150000000");
    CHECK(parsed(".5k") == "50000");
    CHECK(parsed("1.2345k") == "123450");
    CHECK(parsed("1.23456k") == "123456");
    CHECK(parsed("1.5k", 0) == "1500");
}

TEST_CASE("an m suffix multiplies by a million") {
    CHECK(parsed("1.2m") == "120000000");
    CHECK(parsed("1.25m") == "125000000");
    CHECK(parsed("2M") == "200000000");
    CHECK(parsed("1.5m", 0) == "1500000");
    CHECK(parsed("0.0000001m") == "10");
    CHECK(parsed("0.00000001m") == "1");
}

TEST_CASE("a leading sign and surrounding spaces are accepted") {
    CHECK(parsed("-3") == "-300");
    CHECK(parsed("+3") == "300");
    CHECK(parsed("-12.5k") == "-1250000");
    CHECK(parsed("-0.05") == "-5");
    CHECK(parsed("  42 ") == "4200");
    CHECK(parsed("\t7\n") == "700");
}

TEST_CASE("anything else is not an amount, with a short hint") {
    for (auto bad : {"12x", "",      ".",     "k",      "m",      "-",    "+",   "-k",   "--5",
                     "+-5", "5-",    "1e5",   "12 500", "12.5.3", "12kk", "k12", "0x10", "five",
                     "€12", "12.-5", "1.2,3", "- 5",    "12 k",   "12b",  "١٢"}) {
        auto e = error_of(bad);
        CHECK_MESSAGE(e.what == std::string("not an amount: '") + bad + "'", bad);
        CHECK(e.hint == "e.g. 12500, 12,500.50, 12.5k");
    }
    CHECK(error_of("   ").what == "not an amount: ''");
    CHECK(error_of(" 12x ").what == "not an amount: '12x'");
}

TEST_CASE("more decimals than the currency has is an error") {
    auto e = error_of("0.001");
    CHECK(e.what == "too many decimals: '0.001'");
    CHECK(e.hint == "at most 2 decimals");
    CHECK(error_of("1.5", 0).hint == "whole units only");
    CHECK(error_of("1.2345", 3).hint == "at most 3 decimals");
    CHECK(error_of("1.234567k").what == "too many decimals: '1.234567k'");
    CHECK(error_of("0.000000001m").what.starts_with("too many decimals"));
}

TEST_CASE("zeros beyond the currency's decimals are harmless") {
    CHECK(parse_amount("12.500", 2, true).value_or(-1) == 1250);
    CHECK(parsed("12.5000") == "1250");
    CHECK(parsed("500.00", 0) == "500");
    CHECK(parsed("1.000000000000000000000000000") == "100");
}

TEST_CASE("amounts above 10^15 minor units are out of range, saying the most there is") {
    CHECK(max_amount == 1'000'000'000'000'000);
    CHECK(parsed("10000000000000") == std::to_string(max_amount));
    CHECK(parsed("10,000,000,000,000.00") == std::to_string(max_amount));
    CHECK(parsed("-10000000000000") == std::to_string(-max_amount));
    CHECK(parsed("10000000m") == std::to_string(max_amount));
    CHECK(parsed("1000000000000000", 0) == std::to_string(max_amount));
    CHECK(parsed("1000000000000.000", 3) == std::to_string(max_amount));
    CHECK(parsed("000000000000000000000000012") == "1200");
    for (auto big : {"10000000000000.01", "92233720368547758.07", "92233720368547758.08",
                     "99999999999999999999999", "9223372036854775808m", "10000000.001m",
                     "-10000000000000.01", "100000000000000000000k"}) {
        auto e = error_of(big);
        CHECK_MESSAGE(e.what == std::string("amount out of range: '") + big + "'", big);
        CHECK(e.hint == "at most 10,000,000,000,000.00");
    }
    CHECK(error_of("1000000000000001", 0).hint == "at most 1,000,000,000,000,000");
    CHECK(error_of("1000000000000.001", 3).hint == "at most 1,000,000,000,000.000");
    CHECK(error_of("9223372036854775808", 0).what.starts_with("amount out of range"));
    CHECK(format_max_amount(2) == "10,000,000,000,000.00");
}

TEST_CASE("format_decimal writes a plain decimal for scripts") {
    CHECK(format_decimal(1250050, 2) == "12500.50");
    CHECK(format_decimal(-300, 2) == "-3.00");
    CHECK(format_decimal(500, 0) == "500");
    CHECK(format_decimal(-500, 0) == "-500");
    CHECK(format_decimal(5, 2) == "0.05");
    CHECK(format_decimal(-5, 2) == "-0.05");
    CHECK(format_decimal(0, 2) == "0.00");
    CHECK(format_decimal(1234, 3) == "1.234");
    CHECK(format_decimal(7, 3) == "0.007");
    CHECK(format_decimal(max_minor, 2) == "92233720368547758.07");
    CHECK(format_decimal(min_minor, 2) == "-92233720368547758.08");
}

TEST_CASE("format_money groups thousands behind the currency symbol") {
    CHECK(format_money(1250000, "EUR") == "€12,500");
    CHECK(format_money(1250050, "EUR") == "€12,500.50");
    CHECK(format_money(90000, "USD") == "$900");
    CHECK(format_money(320, "GBP") == "£3.20");
    CHECK(format_money(1234567, "JPY") == "¥1,234,567");
    CHECK(format_money(1000000, "INR") == "₹10,000");
    CHECK(format_money(0, "EUR") == "€0");
    CHECK(format_money(99900, "EUR") == "€999");
    CHECK(format_money(100000, "EUR") == "€1,000");
    CHECK(format_money(123456789012, "EUR") == "€1,234,567,890.12");
    CHECK(format_money(max_minor, "EUR") == "€92,233,720,368,547,758.07");
}

TEST_CASE("currencies without a symbol are written as their code and a space") {
    CHECK(format_money(120000, "CHF") == "CHF 1,200");
    CHECK(format_money(1234567, "BHD") == "BHD 1,234.567");
    CHECK(format_money(1234000, "BHD") == "BHD 1,234");
    CHECK(format_money(5, "SEK") == "SEK 0.05");
}

TEST_CASE("cents are shown in full whenever they are not zero") {
    CHECK(format_money(1, "EUR") == "€0.01");
    CHECK(format_money(10, "EUR") == "€0.10");
    CHECK(format_money(100001, "USD") == "$1,000.01");
    CHECK(format_money(1001, "KWD") == "KWD 1.001");
}

TEST_CASE("negative money puts the sign before the symbol") {
    CHECK(format_money(-120000, "EUR") == "-€1,200");
    CHECK(format_money(-5, "EUR") == "-€0.05");
    CHECK(format_money(-120000, "CHF") == "-CHF 1,200");
    CHECK(format_money(min_minor, "USD") == "-$92,233,720,368,547,758.08");
}

TEST_CASE("format_money_short rounds half away from zero to whole units") {
    CHECK(format_money_short(1250050, "EUR") == "€12,501");
    CHECK(format_money_short(1250049, "EUR") == "€12,500");
    CHECK(format_money_short(1250000, "EUR") == "€12,500");
    CHECK(format_money_short(-150, "EUR") == "-€2");
    CHECK(format_money_short(-149, "EUR") == "-€1");
    CHECK(format_money_short(1234, "JPY") == "¥1,234");
    CHECK(format_money_short(1500, "BHD") == "BHD 2");
    CHECK(format_money_short(1499, "BHD") == "BHD 1");
    CHECK(format_money_short(max_minor, "EUR") == "€92,233,720,368,547,758");
    CHECK(format_money_short(min_minor, "EUR") == "-€92,233,720,368,547,758");
}

TEST_CASE("an amount that rounds to zero has no minus sign") {
    CHECK(format_money_short(-40, "EUR") == "€0");
    CHECK(format_money_short(0, "CHF") == "CHF 0");
}

TEST_CASE("a parsed amount formats back to the same value") {
    for (auto text : {"12500.50", "-3.00", "0.05", "1.20", "123456789.99"}) {
        auto minor = parse_amount(text, 2);
        REQUIRE(minor.has_value());
        CHECK(format_decimal(*minor, 2) == text);
    }
    CHECK(format_decimal(parse_amount("1.234", 3).value(), 3) == "1.234");
    CHECK(format_decimal(parse_amount("1.2m", 0).value(), 0) == "1200000");
}

TEST_CASE("an amount that reads two ways is an error showing both readings") {
    // `12.500` is 12.50, or 12,500 written with a dot for thousands: never guessed.
    auto e = error_of("12.500");
    CHECK(e.what == "'12.500' reads two ways: 12.5 or 12500");
    CHECK(e.hint == "write 12.5 or 12500");
    CHECK(error_of("1.250").what == "'1.250' reads two ways: 1.25 or 1250");
    CHECK(error_of("100.000").what == "'100.000' reads two ways: 100 or 100000");
    CHECK(error_of("1.234").hint == "write 1234 for the thousands; at most 2 decimals");
    // Settled: the caller knows the dot is the decimal separator.
    CHECK(parse_amount("1.250", 2, true).value_or(-1) == 125);
    // Not ambiguous: a comma or underscore groups, a leading 0, three decimals in a 3-digit
    // currency, a scale suffix, more or fewer than three decimals.
    CHECK(parsed("1,250.500") == "125050");
    CHECK(parsed("0.500") == "50");
    CHECK(parsed("1.250", 3) == "1250");
    CHECK(parsed("1.250k") == "125000");
    CHECK(parsed("12.50") == "1250");
    CHECK(parsed("1250.500") == "125050");
}
