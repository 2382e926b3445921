#pragma once
// The `pipe forecast` screen, in text (with a bar chart), Markdown, JSON and CSV.

#include "pipe/forecast.hpp"
#include "render/style.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace crm::render {

/// Text: one table per currency, a bar chart of weighted value, the calibration table.
[[nodiscard]] std::string forecast_text(const Forecast& forecast, const Style& style,
                                        std::size_t width);
/// Markdown: the same as headings and tables.
[[nodiscard]] std::string forecast_markdown(const Forecast& forecast);
/// JSON: the schema in docs/json.md.
[[nodiscard]] nlohmann::ordered_json forecast_json(const Forecast& forecast);
/// CSV (sep ',') or TSV (sep '\t'): a header and one row per currency and period.
[[nodiscard]] std::string forecast_csv(const Forecast& forecast, char sep = ',');

} // namespace crm::render
