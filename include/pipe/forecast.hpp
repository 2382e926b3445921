#pragma once
/// \file forecast.hpp
/// The revenue forecast: open deals by month (or quarter) of expected close, weighted and by
/// category, won value already closed, a Monte-Carlo range of won value, and coverage of the
/// monthly goal. One block per currency.

#include "pipe/book.hpp"
#include "pipe/deals.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace crm {

/// What to forecast and how.
struct ForecastOptions {
    /// Months to show, starting with the current one (ignored when `quarters` is set).
    int months = 3;
    /// Quarters to show instead of months, starting with the current one.
    std::optional<int> quarters;
    /// `stage` (configured probabilities) or `history` (calibrated from closed deals).
    std::string method = "stage";
    /// Only these deals (`--pipeline`, `--owner`).
    DealFilter deals;
};

/// Draws of the Monte-Carlo range.
inline constexpr int forecast_draws = 10000;
/// The fixed seed of the Monte-Carlo range (the same data gives the same output).
inline constexpr std::uint64_t forecast_seed = 0x5eed'f0ca'57ULL;
/// The prior weight m of the calibrated probability.
inline constexpr int calibration_weight = 10;

/// One row of a currency block: a period, or the deals without a usable close date.
struct ForecastRow {
    /// `2026-03`, `2026-Q1`, or `undated` (no close date, or one before today).
    std::string key;
    /// First day of the period; none for the undated row.
    std::optional<Date> first;
    /// Last day of the period (inclusive); none for the undated row.
    std::optional<Date> last;
    std::int64_t deals = 0;      ///< Open deals expected to close in it.
    std::int64_t open_value = 0; ///< Their value.
    std::int64_t weighted = 0;   ///< Their weighted value (by the method's probabilities).
    std::int64_t commit = 0;     ///< Value in `commit` stages.
    std::int64_t best_case = 0;  ///< Value in `best_case` stages.
    std::int64_t pipeline = 0;   ///< Value in `pipeline` stages.
    std::int64_t won = 0;        ///< Value won with a close in the period (so far).
    /// P10 / P50 / P90 of won value in the period: `won` plus a Monte-Carlo draw of the open
    /// deals (each won with its probability); none for the undated row.
    std::optional<std::int64_t> p10, p50, p90;
    /// Goal for the period (monthly goal × months), when set and in the goal's currency.
    std::optional<std::int64_t> goal;
    /// open_value ÷ (goal − won); none without a goal or once the goal is met.
    std::optional<double> coverage;
};

/// The forecast of one currency.
struct ForecastBlock {
    std::string currency;          ///< ISO 4217 code.
    std::vector<ForecastRow> rows; ///< One per period, in order.
    ForecastRow undated;           ///< Open deals with no close date or one in the past.
};

/// A stage's calibrated probability (`--method history`).
struct CalibratedStage {
    std::string pipeline; ///< Pipeline name.
    std::string stage;    ///< Open stage name.
    int configured = 0;   ///< p_cfg, the configured probability.
    std::int64_t n = 0;   ///< Closed deals that were ever in the stage.
    std::int64_t won = 0; ///< Of those, the won ones.
    /// (won + m·p_cfg/100) ÷ (n + m), 0–1, with m = calibration_weight.
    double probability = 0;
};

/// The whole forecast.
struct Forecast {
    std::string method;                       ///< `stage` or `history`.
    std::string unit;                         ///< `month` or `quarter`.
    Date today{};                             ///< The day it was made.
    std::vector<ForecastBlock> blocks;        ///< Goal currency first, then by code.
    std::vector<CalibratedStage> calibration; ///< Per open stage (`history` only).
};

/// Build the forecast. Errors: a method other than stage/history, a period count outside
/// 1–36 (months) or 1–12 (quarters) (exit 2).
[[nodiscard]] Result<Forecast> build_forecast(Book& book, const ForecastOptions& options);

/// Calibrated probabilities of every open stage from the closed deals' history.
[[nodiscard]] Result<std::vector<CalibratedStage>> calibrate_stages(Book& book);

/// P10, P50 and P90 of Σ value_i·[won_i] over `draws` draws, deal i won with probability
/// p_i (0–1), from a fixed `seed`: the same inputs give the same answer on every platform.
/// An error when the values' magnitudes add up past 64 bits (a draw's sum could overflow).
[[nodiscard]] Result<std::array<std::int64_t, 3>>
won_value_range(const std::vector<std::int64_t>& values, const std::vector<double>& probabilities,
                std::uint64_t seed = forecast_seed, int draws = forecast_draws);

} // namespace crm
