#pragma once
// Builds the command tree and runs one invocation.

#include "context.hpp"

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace crm::cli {

/// Build the command tree on `app`, its callbacks working on `ctx`: the whole tree, or with
/// `only` the name of a top-level command, just the part that parsing a call of it needs
/// (that command with all its verbs, and the top-level options). A name that is not one of the
/// commands built alone (help and completion read the whole tree) builds the whole tree.
void add_commands(CLI::App& app, Context& ctx, std::string_view only = {});

/// The top-level command that `args` (without the program name) call, when only its part of
/// the tree is needed: the first word after the top-level options; empty when another option
/// comes first (--help, --version, a typo), so that the whole tree is built.
[[nodiscard]] std::string invoked_command(const std::vector<std::string>& args);

/// Run pipe with these arguments (without the program name); returns the exit code.
/// Errors are printed to `err` as `pipe: <message>`.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace crm::cli
