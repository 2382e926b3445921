#pragma once
// The agenda's groups of planned activities (see agenda.hpp).

#include "pipe/agenda.hpp"

#include <vector>

namespace crm::detail {

/// Overdue, due today and upcoming (the next `days` days, with the lead follow-ups of those
/// days): planned activities by due date and time, at most `limit` items per group.
[[nodiscard]] std::vector<AgendaGroup> plan_groups(Book& book, Date today, int days,
                                                   std::size_t limit);

/// Plans whose time of day falls in [now, now + window).
[[nodiscard]] AgendaGroup due_now_group(Book& book, std::chrono::minutes window, std::size_t limit);

} // namespace crm::detail
