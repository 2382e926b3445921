#pragma once
// Short text for the figures of reports: percentages, days, money, changes, period names.
// An absent figure is `—`.

#include "pipe/dates.hpp"
#include "render/style.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace crm::render {

/// `60%`, or `—`.
[[nodiscard]] std::string percent(std::optional<double> share);
/// Days rounded to `decimals`: `37`, `6.5`, or `—`.
[[nodiscard]] std::string days_text(std::optional<double> days, int decimals = 0);
/// `€12,500` in whole units, or `—` when `absent`.
[[nodiscard]] std::string money(std::int64_t minor, const std::string& currency,
                                bool absent = false);
/// A change of money: `▲ €9,000`, `▼ €2,000`, `=`; green when `good`, red when bad.
[[nodiscard]] std::string money_change(std::int64_t now, std::int64_t before,
                                       const std::string& currency, const Style& style,
                                       bool higher_is_better = true);
/// A change of a share in points: `▼ 8 pts`; `—` when either side is absent.
[[nodiscard]] std::string points_change(std::optional<double> now, std::optional<double> before,
                                        const Style& style);
/// A change of days: `▲ 3 days`; `—` when either side is absent (shorter is better).
[[nodiscard]] std::string days_change(std::optional<double> now, std::optional<double> before,
                                      const Style& style);
/// `2 – 8 Mar 2026`, `28 Feb – 6 Mar 2026`, `29 Dec 2025 – 4 Jan 2026`.
[[nodiscard]] std::string day_range(Date first, Date last);
/// `Mar 26` for a month, `Q1 26` for a quarter starting that month.
[[nodiscard]] std::string period_name(Date first, bool quarter);
/// `March`.
[[nodiscard]] std::string month_name(Date d);
/// A JSON-friendly rounding of a double to 4 decimals.
[[nodiscard]] double round4(double v);

} // namespace crm::render
