#pragma once
/// \file action.hpp
/// Something the user can do next — the fix of an error, the step that clears an agenda item
/// or a review flag — named by the core as a command of pipe's vocabulary (noun, verb, id,
/// arguments, options) and worded by each client: the CLI as a command line
/// (`pipe deal next 57 "…" --due …`), another client in its own terms.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace crm {

/// What a user can do, as a command of pipe's vocabulary. `…` marks what the user fills in.
struct Action {
    /// What it acts on: `deal`, `lead`, `stages`, `import`, `trash`, `undo`, ...
    std::string noun;
    /// What it does to it: `next`, `log`, `edit`, `list`, ...; empty for a noun alone.
    std::string verb;
    /// The record it acts on, if one.
    std::optional<std::int64_t> id;
    /// Further words, in order.
    std::vector<std::string> args;
    /// Options and their values (an empty value: a flag).
    std::vector<std::pair<std::string, std::string>> options;

    /// Add a word.
    Action& arg(std::string word) {
        args.push_back(std::move(word));
        return *this;
    }
    /// Add an option with a value (empty: a flag).
    Action& option(std::string name, std::string value = {}) {
        options.emplace_back(std::move(name), std::move(value));
        return *this;
    }
};

/// An action on a record: `act("deal", "next", 57)`.
[[nodiscard]] inline Action act(std::string noun, std::string verb,
                                std::optional<std::int64_t> id = std::nullopt) {
    return Action{std::move(noun), std::move(verb), id, {}, {}};
}

} // namespace crm
