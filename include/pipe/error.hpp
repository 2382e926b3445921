#pragma once
/// \file error.hpp
/// Errors that the core returns instead of printing or throwing.

#include "pipe/action.hpp"

#include <expected>
#include <optional>
#include <string>
#include <utility>

namespace crm {

/// A failure the user can act on: what went wrong, how to fix it, and the exit code.
struct Error {
    /// An empty error (for containers).
    Error() = default;
    /// `what (hint)`, exiting with `exit_code`.
    Error(std::string what_, std::string hint_ = {}, int exit_code_ = 1)
        : what(std::move(what_)), hint(std::move(hint_)), exit_code(exit_code_) {}
    /// `what`, fixed by the command `fix_`, exiting with `exit_code`.
    Error(std::string what_, Action fix_, int exit_code_ = 1)
        : what(std::move(what_)), exit_code(exit_code_), fix(std::move(fix_)) {}

    /// What went wrong, naming the thing: `deal 42 not found`.
    std::string what;
    /// How to fix it, shown in parentheses after `what`; may be empty.
    std::string hint;
    /// Process exit code: 1 for bad data / not found / conflict, 2 for usage.
    int exit_code = 1;
    /// The command that fixes it, when one does; each client words it (the CLI as a command
    /// line, in place of `hint`).
    std::optional<Action> fix;

    /// The one-line message without the fix: `what (hint)`.
    [[nodiscard]] std::string message() const {
        return hint.empty() ? what : what + " (" + hint + ")";
    }
};

/// A value or an Error.
template <class T> using Result = std::expected<T, Error>;

/// Shorthand to build an unexpected Error.
inline std::unexpected<Error> fail(std::string what, std::string hint = {}, int exit_code = 1) {
    return std::unexpected<Error>(Error{std::move(what), std::move(hint), exit_code});
}

/// An unexpected Error whose fix is a command.
inline std::unexpected<Error> fail(std::string what, Action fix, int exit_code = 1) {
    return std::unexpected<Error>(Error{std::move(what), std::move(fix), exit_code});
}

} // namespace crm

/// Evaluate a Result expression; return its error from the enclosing function, else yield the
/// value.
#define PIPE_TRY(expr)                                                                             \
    __extension__({                                                                                \
        auto&& pipe_try_result_ = (expr);                                                          \
        if (!pipe_try_result_) return std::unexpected(std::move(pipe_try_result_).error());        \
        std::move(*pipe_try_result_);                                                              \
    })

/// Evaluate a Result<void> expression; return its error from the enclosing function.
#define PIPE_TRY_VOID(expr)                                                                        \
    do {                                                                                           \
        auto&& pipe_try_result_ = (expr);                                                          \
        if (!pipe_try_result_) return std::unexpected(std::move(pipe_try_result_).error());        \
    } while (false)
