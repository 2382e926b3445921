#pragma once
// "Did you mean ...?" for mistyped commands and options, like git and ninja.

#include <string>
#include <string_view>
#include <vector>

namespace crm::cli {

/// Edits between two words, case-insensitively: insertions, deletions, substitutions and
/// swaps of two neighbouring characters (`lsit` → `list` is one) each count one.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidates closest to `word`: those at the smallest distance, if it is small for the
/// word's length (1 for words up to 4 characters, 2 up to 8, else 3), plus those that `word`
/// is the start of when nothing is that close. In the candidates' order, without repeats;
/// none when `word` is one of the candidates.
[[nodiscard]] std::vector<std::string> closest(std::string_view word,
                                               const std::vector<std::string>& candidates);

/// `did you mean list?`, `did you mean list or lost?` for these suggestions; empty when there
/// are none, or too many (over 3) to help.
[[nodiscard]] std::string did_you_mean(const std::vector<std::string>& suggestions);

/// did_you_mean of the candidates closest to `word`.
[[nodiscard]] std::string did_you_mean(std::string_view word,
                                       const std::vector<std::string>& candidates);

} // namespace crm::cli
