#pragma once
// Text screens for deals: the list table and the detail view with its history.

#include "pipe/activities.hpp"
#include "pipe/deals.hpp"
#include "render/style.hpp"

#include <string>
#include <vector>

namespace crm::render {

/// The `pipe deal list` table with its summary line (`3 open deals · €16,600 · weighted €10,660`).
[[nodiscard]] std::string deal_table(const DealList& list, const std::string& status,
                                     const StageConfig& stages, Date today, const Style& style,
                                     std::size_t width);

/// The `pipe deal show` screen: details, then the history timeline.
[[nodiscard]] std::string deal_details(const Deal& deal, const std::vector<Event>& history,
                                       const std::vector<Activity>& activities,
                                       const StageConfig& stages, Timestamp now,
                                       const Style& style);

/// The History section: events and activities merged by time.
[[nodiscard]] std::string timeline(const std::vector<Event>& history,
                                   const std::vector<Activity>& activities,
                                   const std::string& currency, const Style& style);

/// One line confirming a change: `deal 42 · Acme rollout · Negotiation · €12,500`.
[[nodiscard]] std::string deal_summary(const Deal& deal);

} // namespace crm::render
