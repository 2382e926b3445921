#pragma once
// Builds the command tree and runs one invocation.

#include "context.hpp"

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace crm::cli {

/// Build the whole command tree on `app`, its callbacks working on `ctx`.
void add_commands(CLI::App& app, Context& ctx);

/// Run pipe with these arguments (without the program name); returns the exit code.
/// Errors are printed to `err` as `pipe: <message>`.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace crm::cli
