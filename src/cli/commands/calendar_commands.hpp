#pragma once
// pipe calendar, and the feed that pipe agenda --format ics writes too.

#include "context.hpp"
#include "pipe/deals.hpp"

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

namespace crm::cli {

/// pipe calendar [-o FILE] [--days N] [--pipeline P] [--owner NAME] [--org ORG].
void add_calendar_command(CLI::App& app, Context& ctx);

/// Write the iCalendar feed of the next `days` days (see calendar.hpp) of `deals` to `path`,
/// replaced whole, or to stdout.
void write_calendar(Context& ctx, Book& book, int days, const std::optional<std::string>& path,
                    const DealFilter& deals);

} // namespace crm::cli
