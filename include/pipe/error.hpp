#pragma once
/// \file error.hpp
/// Errors that the core returns instead of printing or throwing.

#include <expected>
#include <string>
#include <utility>

namespace crm {

/// A failure the user can act on: what went wrong, how to fix it, and the exit code.
struct Error {
    /// What went wrong, naming the thing: `deal 42 not found`.
    std::string what;
    /// How to fix it, shown in parentheses after `what`; may be empty.
    std::string hint;
    /// Process exit code: 1 for bad data / not found / conflict, 2 for usage.
    int exit_code = 1;

    /// The one-line message: `what (hint)`.
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
