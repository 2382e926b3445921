#pragma once
// The `log` verbs that deals and leads share.

#include "context.hpp"
#include "pipe/activities.hpp"

#include <CLI/CLI.hpp>

namespace crm::cli {

/// pipe deal log and pipe lead log, on those of the two groups that were built (not null).
void add_activity_commands(CLI::App* deal, CLI::App* lead, Context& ctx);

/// pipe NOUN log ID KIND [TEXT] [--at T] for deals, leads, people (`person log`) and
/// organizations (`org log`).
void add_log_command(CLI::App* group, Context& ctx, Subject::Kind kind);

} // namespace crm::cli
