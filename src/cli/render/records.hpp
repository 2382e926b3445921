#pragma once
// JSON objects for deals, leads and events (the documented schema, see docs/json.md), and
// the short text cells that tables of them share.

#include "pipe/activities.hpp"
#include "pipe/deals.hpp"
#include "pipe/leads.hpp"
#include "pipe/people.hpp"

#include <nlohmann/json.hpp>

namespace crm::render {

/// A deal as JSON: snake_case keys, ISO dates, money as a decimal string plus currency.
[[nodiscard]] nlohmann::ordered_json deal_json(const Deal& deal, const StageConfig& stages);
/// A lead as JSON.
[[nodiscard]] nlohmann::ordered_json lead_json(const Lead& lead);
/// An organization as JSON.
[[nodiscard]] nlohmann::ordered_json organization_json(const Organization& org);
/// A person as JSON.
[[nodiscard]] nlohmann::ordered_json person_json(const Person& person);
/// A history event as JSON (money values as decimal strings of `currency`).
[[nodiscard]] nlohmann::ordered_json event_json(const Event& event, const std::string& currency);
/// An activity as JSON.
[[nodiscard]] nlohmann::ordered_json activity_json(const Activity& activity);
/// `12500.00` for an amount in a currency.
[[nodiscard]] std::string decimal(std::int64_t minor, const std::string& currency);

/// One line telling what an event did: `Prospecting → Meeting`, `lost: price`.
[[nodiscard]] std::string describe_event(const Event& event, const std::string& currency);
/// The next-step cell: `Send contract · in 2d`, `Demo · overdue 3d`, `— none —`.
[[nodiscard]] std::string next_step_cell(const Deal& deal, Date today);
/// `in 3d`, `today`, `overdue 2d` relative to today.
[[nodiscard]] std::string relative_due(Date due, Date today);

} // namespace crm::render
