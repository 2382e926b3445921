#pragma once
// What is typed to log an activity, checked once for every kind of record it is logged on.

#include "pipe/activities.hpp"
#include "pipe/store.hpp"

#include <optional>
#include <string>

namespace crm::detail {

/// An activity from its typed kind, text and optional `--at` (now when absent), not yet tied
/// to a record. Errors: an unknown kind (exit 2), an empty text, an unreadable or future time.
[[nodiscard]] Result<Activity> activity_from_input(Book& book, const std::string& kind,
                                                   const std::string& input,
                                                   const std::optional<std::string>& at_text);

} // namespace crm::detail
