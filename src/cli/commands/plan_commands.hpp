#pragma once
// The `plan` verbs that deals, leads, people and organizations share, and the task commands.

#include "context.hpp"
#include "pipe/plans.hpp"

#include <CLI/CLI.hpp>

namespace crm::cli {

/// pipe deal plan, lead plan, person plan and org plan, on those of the four groups that were
/// built already.
void add_plan_commands(CLI::App& app, Context& ctx);

/// pipe task list|show|done|snooze|edit|rm.
void add_task_commands(CLI::App& app, Context& ctx);

/// Warn (stderr) when a plan is due before today: it is overdue from the start.
void warn_if_past(Context& ctx, const Activity& activity, Date today);

} // namespace crm::cli
