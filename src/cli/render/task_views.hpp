#pragma once
// Text for planned activities: when they are due, the task list, the Planned section of a
// deal or lead, one-line confirmations, and their JSON.

#include "pipe/plans.hpp"
#include "render/style.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace crm::render {

/// When a plan is due, for people: `Fri 6 Mar 14:30 (30m)`, `today`, `no date`.
[[nodiscard]] std::string when_text(const Activity& a, Date today);

/// `call 12 on deal 4 · Acme rollout · Fri 6 Mar 14:30 (30m): Ask about the budget`.
[[nodiscard]] std::string task_line(const Task& task, Date today);

/// The `pipe task list` table and its count line (`3 planned activities`, or `showing 100 of
/// 6,612 planned activities` with how to see them all).
[[nodiscard]] std::string task_table(const TaskList& list, Date today, const Style& style,
                                     std::size_t width);

/// The `pipe task show` screen.
[[nodiscard]] std::string task_details(const Task& task, Date today, const Style& style);

/// The Planned section of `deal show` / `lead show`: the open plans with their ids; empty
/// when there are none.
[[nodiscard]] std::string plans_section(const std::vector<Activity>& activities, Date today,
                                        const Style& style);

/// A task as JSON: the activity's keys plus `subject` {kind, id, title}.
[[nodiscard]] nlohmann::ordered_json task_json(const Task& task);

} // namespace crm::render
