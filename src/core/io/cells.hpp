#pragma once
// Reading cells as other CRMs export them: amounts with currency symbols and either decimal
// separator, dates in the common layouts with the day/month order settled per column,
// probabilities as percents or fractions, yes/no and won/lost/open words.

#include "pipe/dates.hpp"
#include "pipe/error.hpp"
#include "pipe/io/import.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crm::io::detail {

/// What one amount cell says about its column's decimal separator.
struct AmountShape {
    /// The separator the cell settles (`12.5`, `1,200.50`, `1.200,50`), or unknown.
    Decimal settles = Decimal::unknown;
    /// Whether the cell reads two ways (`12.500`, `1,200`) while the column is unsettled.
    bool ambiguous = false;
};

/// An amount cell taken apart: the number, and the currency a symbol or code beside it names.
struct AmountText {
    std::string number;   ///< The number without symbol, code or spaces.
    std::string currency; ///< `USD` for `$`, `EUR` for `€`, a code as written; empty: none.
    std::string written;  ///< The symbol or code as written (`$`, `€`, `EUR`).
};

/// Split `$22,700.00`, `€1.200,50`, `1 200,50 €`, `EUR 1200`, `1200 EUR`.
[[nodiscard]] AmountText split_amount(std::string_view cell);

/// What `number` (from split_amount) says about the decimal separator.
[[nodiscard]] AmountShape shape_of_amount(std::string_view number);

/// The amount in minor units (`digits` decimals), read with `decimal` (unknown: a cell that
/// reads two ways is an error showing both readings, naming `--decimal-comma`).
[[nodiscard]] Result<std::int64_t> read_amount(std::string_view number, Decimal decimal,
                                               int digits);

/// Whether the currency named beside an amount contradicts `currency`: a code or symbol of
/// another currency (`$` fits any dollar currency).
[[nodiscard]] bool contradicts(const AmountText& amount, std::string_view currency);

/// How a probability column writes its values.
enum class ProbabilityScale { unknown, percent, fraction };

/// What a probability cell says about its column: `0.655` fraction, `65.5` or `40` percent.
[[nodiscard]] ProbabilityScale scale_of_probability(std::string_view cell);

/// A probability 0-100, rounded to a whole percent (`65.5` → 66; `0.655` → 66 with fraction).
[[nodiscard]] Result<int> read_probability(std::string_view cell, ProbabilityScale scale);

/// How a date column writes its dates, as detected from its values.
enum class DayOrder { unknown, day_first, month_first };

/// The day/month order a date cell settles: `15/04/2021` day first, `04/15/2021` month
/// first; unknown when both read (`04/05/2021`) or the layout has no such question.
[[nodiscard]] DayOrder order_of_date(std::string_view cell);

/// Whether a date cell has a day/month question at all (`04/05/2021`, `04-05-2021`).
[[nodiscard]] bool has_day_month_question(std::string_view cell);

/// A date or time as exported: ISO 8601 with fractional seconds and `Z`, `+hh:mm` or `+hhmm`
/// offsets, `2021-04-15 00:02:00`, `15 Apr, 2021 00:02:00`, `Apr 15, 2021 12:02 AM`,
/// `04/15/2021` (with `order`), `15.04.2021` (day first). A date without a time is local noon.
/// Without an offset the time is local.
[[nodiscard]] Result<Timestamp> read_exported_time(std::string_view cell, DayOrder order);

/// Whether the cell has a time of day (not a date alone).
[[nodiscard]] bool has_time_of_day(std::string_view cell);

/// `yes`/`no`, `true`/`false`, `1`/`0`, `y`/`n`; nullopt otherwise.
[[nodiscard]] std::optional<bool> read_yes_no(std::string_view cell);

/// A status word: `won`, `closed won`, `lost`, `closed lost`, `open`, `active`; nullopt
/// otherwise. Returned as `won`, `lost` or `open`.
[[nodiscard]] std::optional<std::string_view> read_status_word(std::string_view cell);

} // namespace crm::io::detail
