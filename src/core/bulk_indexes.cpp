#include "bulk_indexes.hpp"

#include "derived_tables.hpp"

#include <fmt/format.h>
#include <sqlite3.h>
#include <string_view>

namespace crm::detail {

namespace {

// Not dropped: the unique index of external ids (a constraint, and how an import finds the
// deals it updates), and the indexes an import reads as it goes: a deal's events and stage
// exits (its history), closes by deal, and every index of the organizations and people it
// links and of the journal.
constexpr std::string_view bulk_tables[] = {"deals", "events", "stage_exits"};
constexpr std::string_view kept_indexes[] = {"events_deal", "events_lead", "stage_exits_deal"};

bool has_deals(SQLite::Database& db) {
    return db.execAndGet("SELECT EXISTS (SELECT 1 FROM deals)").getInt() != 0;
}

// A statement of the change that stepped and was not reset yet (an id read) would make a drop
// fail as if the table were locked: nothing reads at the points of an import that drop.
void reset_busy_statements(SQLite::Database& db) {
    for (auto* st = sqlite3_next_stmt(db.getHandle(), nullptr); st;
         st = sqlite3_next_stmt(db.getHandle(), st))
        if (sqlite3_stmt_busy(st)) sqlite3_reset(st);
}

// Drops the objects of KIND (INDEX or TRIGGER) on the bulk tables that match WHERE, and returns
// the SQL that makes each again, in the order they were made.
std::vector<std::string> drop_objects(SQLite::Database& db, std::string_view kind,
                                      const std::string& where) {
    std::string tables;
    for (auto t : bulk_tables) tables += fmt::format("{}'{}'", tables.empty() ? "" : ", ", t);
    std::vector<std::string> names, made_by;
    {
        SQLite::Statement st(db, fmt::format("SELECT name, sql FROM sqlite_master WHERE type = "
                                             "lower('{}') AND tbl_name IN ({}) AND ({}) ORDER BY "
                                             "rowid",
                                             kind, tables, where));
        while (st.executeStep()) {
            names.push_back(st.getColumn(0).getString());
            made_by.push_back(st.getColumn(1).getString());
        }
    }
    reset_busy_statements(db);
    for (const auto& name : names) db.exec(fmt::format("DROP {} \"{}\"", kind, name));
    return made_by;
}

} // namespace

BulkObjects drop_bulk_objects(SQLite::Database& db) {
    BulkObjects dropped;
    if (has_deals(db)) return dropped;
    std::string kept, names;
    for (auto i : kept_indexes) kept += fmt::format("{}'{}'", kept.empty() ? "" : ", ", i);
    for (const auto& d : derived_definitions)
        names +=
            fmt::format("{}name LIKE '{}\\_%' ESCAPE '\\'", names.empty() ? "" : " OR ", d.table);
    dropped.indexes =
        drop_objects(db, "INDEX", fmt::format("sql IS NOT NULL AND name NOT IN ({})", kept));
    dropped.triggers = drop_objects(db, "TRIGGER", names);
    return dropped;
}

void make_bulk_objects(SQLite::Database& db, const BulkObjects& dropped) {
    for (const auto& sql : dropped.indexes) db.exec(sql);
    if (dropped.triggers.empty()) return;
    for (const auto& d : derived_definitions) {
        db.exec(fmt::format("DELETE FROM {}", d.table));
        db.exec(fmt::format("INSERT INTO {} ({}) {}", d.table, d.columns, d.rebuild));
    }
    for (const auto& sql : dropped.triggers) db.exec(sql);
}

} // namespace crm::detail
