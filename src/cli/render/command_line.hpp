#pragma once
// Actions the core names (the fix of an error, what clears an agenda line or a review flag)
// worded as the pipe command line that does them.

#include "pipe/action.hpp"
#include "pipe/error.hpp"

#include <string>

namespace crm::render {

/// `pipe deal next 57 "…" --due …`: words that need quoting for a shell are quoted.
[[nodiscard]] std::string command_line(const Action& action);

/// An error's one line: `what (hint)`, the hint being its fix as a command line when it has
/// one.
[[nodiscard]] std::string error_text(const Error& error);

} // namespace crm::render
