#pragma once
// Text screens for leads: the list table and the detail view.

#include "pipe/activities.hpp"
#include "pipe/leads.hpp"
#include "render/style.hpp"

#include <string>
#include <vector>

namespace crm::render {

/// The `pipe lead list` table with a count line.
[[nodiscard]] std::string lead_table(const std::vector<Lead>& leads, Date today, const Style& style,
                                     std::size_t width);
/// The `pipe lead show` screen: details, BANT and history.
[[nodiscard]] std::string lead_details(const Lead& lead, const std::vector<Event>& history,
                                       const std::vector<Activity>& activities, Date today,
                                       const Style& style);
/// `B3 A2 N4 T1 = 10 qualified`, or `—` when unscored.
[[nodiscard]] std::string bant_cell(const Lead& lead);
/// One line confirming a change: `lead 7 · Ada Lovelace · Acme · new`.
[[nodiscard]] std::string lead_summary(const Lead& lead);

} // namespace crm::render
