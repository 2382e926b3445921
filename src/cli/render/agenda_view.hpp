#pragma once
// The `pipe agenda` screen, in text, Markdown and JSON.

#include "pipe/agenda.hpp"
#include "render/style.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace crm::render {

/// Text: a date heading, then each non-empty group with one line per item ending in its command.
[[nodiscard]] std::string agenda_text(const Agenda& agenda, const Style& style, std::size_t width);
/// Markdown: the same groups as headings and lists.
[[nodiscard]] std::string agenda_markdown(const Agenda& agenda);
/// JSON: {"date", "days", "groups": [{"key", "title", "total", "items": [...]}]}.
[[nodiscard]] nlohmann::ordered_json agenda_json(const Agenda& agenda);

} // namespace crm::render
