#pragma once
// Reading open plans with the names of what they are on: shared by the task list, the agenda
// and the calendar feed.

#include "pipe/plans.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace SQLite {
class Statement;
} // namespace SQLite

namespace crm::detail {

/// `SELECT activity_columns("a."), subject title FROM activities a <index> LEFT JOIN ...`: an
/// activity (alias `a`) with the title of its deal or lead after its columns.
[[nodiscard]] std::string task_select(std::string_view index);

/// Read a row of task_select().
[[nodiscard]] Task read_task_row(SQLite::Statement& st);

/// Open plans matching `where` (on alias `a`, `?` bound to `binds` in order), by due date, time
/// (untimed last) and id, at most `limit`, read through the index of open plans by due date.
[[nodiscard]] std::vector<Task> open_tasks(Store& store, const std::string& where,
                                           const std::vector<std::string>& binds,
                                           std::int64_t limit);

/// How many open plans match `where`.
[[nodiscard]] std::int64_t count_open(Store& store, const std::string& where,
                                      const std::vector<std::string>& binds);

/// How many open plans are due on the days `where` picks: a condition on `a.due` alone (e.g.
/// `a.due < ?`), totalled from the kept count of each day's open plans (table plan_days).
[[nodiscard]] std::int64_t count_open_on_days(Store& store, const std::string& where,
                                              const std::vector<std::string>& binds);

} // namespace crm::detail
