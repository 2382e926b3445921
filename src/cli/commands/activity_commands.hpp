#pragma once
// The `log` verbs that deals and leads share.

#include "context.hpp"
#include "pipe/activities.hpp"

#include <CLI/CLI.hpp>

namespace crm::cli {

/// pipe deal log and pipe lead log.
void add_activity_commands(CLI::App* deal, CLI::App* lead, Context& ctx);

} // namespace crm::cli
