#pragma once
// Rules every argument of the command tree follows, applied once the tree is built: text is
// UTF-8, whole numbers are plain decimal. Files are exempt from the first (a Linux path may be
// any bytes) and are marked as such where they are declared.

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>

namespace crm::cli {

/// Mark an option or positional as naming a file: exempt from the UTF-8 rule, completed as a
/// path by the shell scripts (its type shows as FILE in --help).
CLI::Option* file_option(CLI::Option* option);

/// Whether an option or positional names a file (see file_option).
[[nodiscard]] bool names_a_file(const CLI::Option* option);

/// On every option and positional of `app` and its subcommands that takes a value: refuse
/// text that is not valid UTF-8 unless it names a file (usage error, exit 2, naming the
/// argument), and read whole numbers as plain decimal digits (`010` is ten; `0x10`, `+5`,
/// ` 5` and `1e3` are usage errors) instead of CLI11's C-style base detection.
void apply_argument_rules(CLI::App& app);

/// Whether `text` is valid UTF-8.
[[nodiscard]] bool is_utf8(std::string_view text);

/// `text` with each byte that is not part of valid UTF-8 written as `\xNN`: safe to print,
/// store and put in JSON (file names in messages, the source of an import batch).
[[nodiscard]] std::string printable(std::string_view text);

} // namespace crm::cli
