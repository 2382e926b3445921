#pragma once
// The stage file as text, before toml++ sees it: reading it within bounds, and the ASCII form
// toml++ can be given safely.

#include "pipe/error.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

namespace crm::detail {

/// The largest stage file read: a real one is a few kilobytes.
inline constexpr std::size_t max_stage_file_bytes = 1 << 20;

/// The text of the stage file at `path`: a regular file (not a folder, device or FIFO, which
/// would never end or never answer) of at most max_stage_file_bytes.
[[nodiscard]] Result<std::string> read_stage_file(const std::string& path);

/// A stage file that cannot be given to toml++ as it is, with where and how to fix it.
struct Refusal {
    std::string where; ///< "line:column"
    std::string what;  ///< The problem.
    std::string fix;   ///< How to fix it.
};

/// The stage file in ASCII only, for toml++ 3.3: on some characters outside ASCII it reaches
/// __builtin_unreachable() (found by tests/fuzz/fuzz_stages), wherever its parser meets them.
/// Inside strings they become \u escapes (a 'literal' string becomes a "basic" one to hold
/// them), inside comments '?'; anywhere else TOML allows none, and the file is refused. The
/// values read are the same; lines keep their numbers, columns after an escape grow.
[[nodiscard]] std::variant<std::string, Refusal> ascii_toml(std::string_view text);

} // namespace crm::detail
