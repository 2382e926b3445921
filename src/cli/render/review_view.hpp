#pragma once
// The `pipe review` screen, in text, Markdown (a self-contained weekly note) and JSON.

#include "pipe/review.hpp"
#include "render/style.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace crm::render {

/// Text: heading, headline figures with changes, funnel with bars, lost reasons, activity,
/// the hygiene list with the command that fixes each flag, goal coverage.
[[nodiscard]] std::string review_text(const Review& review, const Style& style, std::size_t width);
/// Markdown: the same sections as headings and tables.
[[nodiscard]] std::string review_markdown(const Review& review);
/// JSON: the schema in docs/json.md.
[[nodiscard]] nlohmann::ordered_json review_json(const Review& review);

} // namespace crm::render
