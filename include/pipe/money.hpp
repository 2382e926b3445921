#pragma once
/// \file money.hpp
/// Exact money: integer minor units plus an ISO 4217 currency. Never floating point.

#include "pipe/error.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace crm {

/// An amount in minor units (cents) of a currency.
struct Money {
    /// Amount in minor units, e.g. 1250050 for 12,500.50 EUR.
    std::int64_t minor = 0;
    /// ISO 4217 code, upper case, e.g. "EUR".
    std::string currency;
};

/// The largest amount pipe accepts, in minor units: 10^15, so 10,000,000,000,000.00 EUR,
/// 1,000,000,000,000,000 JPY, 1,000,000,000,000.000 KWD. Every amount typed or imported is at
/// most this (in magnitude), which keeps it exact in a double (below 2^53) and lets 9,223 such
/// amounts add up in 64 bits; sums of more are checked, and an error when they do not fit.
inline constexpr std::int64_t max_amount = 1'000'000'000'000'000;

/// Digits after the decimal point of an ISO 4217 currency: 0 for JPY/KRW/..., 3 for
/// BHD/KWD/..., else 2.
[[nodiscard]] int currency_digits(std::string_view code);

/// Normalise a currency code to upper case; an error unless it is three ASCII letters.
[[nodiscard]] Result<std::string> parse_currency(std::string_view text);

/// Parse an amount into minor units with `digits` decimals. Accepts `12500`, `12,500.50`,
/// `12_500`, `12.5k`, `1.2m`, an optional leading `-` or `+`, and surrounding spaces.
/// Errors: not an amount, more decimals than the currency has, or larger than max_amount.
/// Unless `settled` (the caller knows `.` is the decimal separator), an amount that reads two
/// ways (`12.500`: 12.50, or 12,500 written with a dot for thousands) is an error showing both.
[[nodiscard]] Result<std::int64_t> parse_amount(std::string_view text, int digits,
                                                bool settled = false);

/// A plain decimal string for scripts: `12500.50`, `-3.00`, `500` (digits = 0).
[[nodiscard]] std::string format_decimal(std::int64_t minor, int digits);

/// Human display with grouping and the currency symbol: `€12,500`, `€12,500.50`,
/// `$900`, `£3.20`, `CHF 1,200`. Cents are shown only when not zero.
[[nodiscard]] std::string format_money(std::int64_t minor, std::string_view currency);

/// max_amount in whole units of a currency with `digits` decimals, grouped:
/// `10,000,000,000,000.00` (2 digits), `1,000,000,000,000,000` (0).
[[nodiscard]] std::string format_max_amount(int digits);

/// Like format_money but rounded to whole units and without cents (for dense reports).
[[nodiscard]] std::string format_money_short(std::int64_t minor, std::string_view currency);

} // namespace crm
