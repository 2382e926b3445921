#pragma once
// Counts of the open deals with a flag, from kept totals or from the smaller side: the open
// deals are kept in deal_totals, so when most of them have the flag, those that do not are
// counted and taken from the total. A big book whose open deals mostly lack a next step, or are
// past their expected close, counted every one of them for each agenda and review.

#include "pipe/store.hpp"

#include <cstdint>
#include <string>

namespace crm::detail {

/// The open deals whose next step is empty: the open deals less those with one (step_totals).
[[nodiscard]] std::int64_t open_without_next_step(Store& store);

/// The open deals whose expected close is before `today` (an ISO date), counting at most half
/// of the open deals.
[[nodiscard]] std::int64_t open_past_close(Store& store, const std::string& today);

} // namespace crm::detail
