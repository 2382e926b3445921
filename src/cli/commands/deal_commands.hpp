#pragma once
// Parts of the `deal` command group that live in their own files.

#include "context.hpp"

#include <CLI/CLI.hpp>

namespace crm::cli {

/// pipe deal move|won|lost|reopen|next.
void add_deal_move_commands(CLI::App* deal, Context& ctx);

} // namespace crm::cli
