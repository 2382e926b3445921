#include "bulk_indexes.hpp"

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

} // namespace

std::vector<std::string> drop_bulk_indexes(SQLite::Database& db) {
    std::vector<std::string> made_by;
    if (db.execAndGet("SELECT EXISTS (SELECT 1 FROM deals)").getInt() != 0) return made_by;
    std::string tables, kept;
    for (auto t : bulk_tables) tables += fmt::format("{}'{}'", tables.empty() ? "" : ", ", t);
    for (auto i : kept_indexes) kept += fmt::format("{}'{}'", kept.empty() ? "" : ", ", i);
    std::vector<std::string> names;
    {
        SQLite::Statement st(db, fmt::format("SELECT name, sql FROM sqlite_master WHERE type = "
                                             "'index' AND sql IS NOT NULL AND tbl_name IN ({}) "
                                             "AND name NOT IN ({}) ORDER BY rowid",
                                             tables, kept));
        while (st.executeStep()) {
            names.push_back(st.getColumn(0).getString());
            made_by.push_back(st.getColumn(1).getString());
        }
    }
    // A statement of the change that stepped and was not reset yet (an id read) would make the
    // drop fail as if the table were locked: nothing reads at this point of the import.
    for (auto* st = sqlite3_next_stmt(db.getHandle(), nullptr); st;
         st = sqlite3_next_stmt(db.getHandle(), st))
        if (sqlite3_stmt_busy(st)) sqlite3_reset(st);
    for (const auto& name : names) db.exec(fmt::format("DROP INDEX \"{}\"", name));
    return made_by;
}

void make_bulk_indexes(SQLite::Database& db, const std::vector<std::string>& made_by) {
    for (const auto& sql : made_by) db.exec(sql);
}

} // namespace crm::detail
