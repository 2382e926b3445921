#pragma once
// The ordered list of schema migrations. Migration i (1-based) brings user_version i-1 to i.

#include <cstdint>
#include <functional>
#include <span>
#include <string_view>

namespace SQLite {
class Database;
} // namespace SQLite

namespace crm::schema {

/// SQL scripts, one per version; never edit a released one, append a new one. The store
/// migrates to version `migrations().size()`, which equals `crm::schema_version`.
std::span<const std::string_view> migrations();

/// Tests only: while alive, migrations() returns `steps` instead (to exercise an upgrade from
/// an older version and its backup before the real schema has one).
class MigrationsOverride {
  public:
    explicit MigrationsOverride(std::span<const std::string_view> steps);
    ~MigrationsOverride();
    MigrationsOverride(const MigrationsOverride&) = delete;
    MigrationsOverride& operator=(const MigrationsOverride&) = delete;
};

/// Version 4 (src/core/schema_v4.cpp): the journal, the trash, id counters, the book's id.
std::string_view v4();

/// Version 5 (src/core/schema_v5_totals.cpp): a running total past 64 bits is refused.
std::string_view v5_totals();

/// Version 6 (src/core/schema_v6_owner.cpp): a deal's owner.
std::string_view v6_owner();

/// Version 7 (src/core/schema_v7_people.cpp): organizations, people, the search index.
std::string_view v7_people();

/// Reports how far a long migration step is: what it does, rows done of total.
using MigrationProgress =
    std::function<void(std::string_view step, std::int64_t done, std::int64_t total)>;
/// Work of a migration that SQL alone cannot do, run in its transaction right after its SQL.
using MigrationCode = void (*)(SQLite::Database&, const MigrationProgress&);
/// The work of version 7 after its SQL: records from the free-text organizations and
/// contacts, and the search index.
MigrationCode v7_people_code();

/// Version 8 (src/core/schema_v8_day.cpp): planned activities (due date, time, duration,
/// cancelled, snoozes, outcome note); a deal's next step as a copy of its earliest plan.
std::string_view v8_day();
/// Version 9 (src/core/schema_v9_cutoffs.cpp): the rotting and stuck indexes cover the counts
/// and sums taken from them.
std::string_view v9_cutoffs();
/// Version 10 (src/core/schema_v10_plan_days.cpp): the open plans counted per due date.
std::string_view v10_plan_days();
/// Version 11 (src/core/schema_v11_entries.cpp): the open deals per stage counted by when they
/// entered it, and the deals with a next step per status.
std::string_view v11_entries();
/// The code to run after the SQL of migration `version` (1-based), or nullptr.
MigrationCode code_after(std::size_t version);

/// `PRAGMA application_id` stamped on every pipe database ("PIPE").
inline constexpr int application_id = 0x50495045;

} // namespace crm::schema
