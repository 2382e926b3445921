#include "search_index.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace crm::detail {

namespace {

constexpr std::string_view column_names[] = {"title", "people", "contact", "tags",
                                             "notes", "reason", "text"};

constexpr std::string_view deal_columns[] = {"{0}title",
                                             "{0}organization || ' ' || {0}contact",
                                             "{0}email || ' ' || {0}phone",
                                             "{0}tags",
                                             "{0}notes",
                                             "{0}lost_reason",
                                             "{0}next_step"};
constexpr std::string_view lead_columns[] = {
    "{0}name", "{0}organization", "{0}email || ' ' || {0}phone", "''", "{0}notes", "{0}drop_reason",
    "''"};
constexpr std::string_view person_columns[] = {
    "{0}name", "{0}organization", "{0}emails || ' ' || {0}phones", "{0}tags", "{0}notes",
    "''",      "{0}title"};
constexpr std::string_view organization_columns[] = {
    "{0}name", "''", "{0}domain || ' ' || {0}phone || ' ' || {0}address", "{0}tags", "{0}notes",
    "''",      "''"};
constexpr std::string_view activity_columns[] = {"''", "''", "''", "''", "''", "''", "{0}text"};

constexpr IndexedKind kinds[] = {
    {"deal", 1, "deals", deal_columns},
    {"lead", 2, "leads", lead_columns},
    {"person", 3, "persons", person_columns},
    {"organization", 4, "organizations", organization_columns},
    {"activity", 5, "activities", activity_columns},
};

std::string column_list() {
    std::string out = "kind";
    for (auto c : column_names) out += fmt::format(", {}", c);
    return out;
}

std::string values_of(const IndexedKind& k, std::string_view row) {
    std::string out = fmt::format("{0}id * 8 + {1}, '{2}'", row, k.code, k.kind);
    for (auto expr : k.columns) out += ", " + fmt::format(fmt::runtime(expr), row);
    return out;
}

// The columns an expression reads (`{0}name` reads name), for the update trigger's WHEN.
std::vector<std::string> watched(const IndexedKind& k) {
    std::vector<std::string> out{"id"};
    for (auto expr : k.columns) {
        std::string_view rest = expr;
        for (auto at = rest.find("{0}"); at != std::string_view::npos; at = rest.find("{0}")) {
            rest.remove_prefix(at + 3);
            auto end = rest.find_first_not_of("abcdefghijklmnopqrstuvwxyz_");
            auto name = std::string(rest.substr(0, end));
            if (std::ranges::find(out, name) == out.end()) out.push_back(name);
        }
    }
    return out;
}

std::string rebuild_select(const IndexedKind& k) {
    return fmt::format("SELECT {} FROM {} t", values_of(k, "t."), k.table);
}

} // namespace

std::span<const std::string_view> search_columns() {
    return column_names;
}

std::span<const IndexedKind> indexed_kinds() {
    return kinds;
}

const IndexedKind* indexed_kind(int code) {
    for (const auto& k : kinds)
        if (k.code == code) return &k;
    return nullptr;
}

const IndexedKind* indexed_kind(std::string_view kind) {
    for (const auto& k : kinds)
        if (k.kind == kind) return &k;
    return nullptr;
}

void create_search_table(SQLite::Database& db) {
    // unicode61 with remove_diacritics 2: `muller` finds Müller; prefix indexes of one and two
    // characters keep short prefix queries (`ac*`) fast.
    db.exec(fmt::format("CREATE VIRTUAL TABLE search USING fts5({}, tokenize = 'unicode61 "
                        "remove_diacritics 2', prefix = '1 2')",
                        column_list()));
}

void create_search_triggers(SQLite::Database& db) {
    auto columns = column_list();
    for (const auto& k : kinds) {
        for (const char* what : {"insert", "delete", "update"})
            db.exec(fmt::format("DROP TRIGGER IF EXISTS search_{}_{}", k.kind, what));
        auto insert = fmt::format("INSERT INTO search (rowid, {}) VALUES ({});", columns,
                                  values_of(k, "NEW."));
        auto remove = fmt::format("DELETE FROM search WHERE rowid = OLD.id * 8 + {};", k.code);
        std::string changed;
        for (const auto& c : watched(k))
            changed += fmt::format("{0}OLD.{1} IS NOT NEW.{1}", changed.empty() ? "" : " OR ", c);
        db.exec(fmt::format("CREATE TRIGGER search_{0}_insert AFTER INSERT ON {1} BEGIN {2} END",
                            k.kind, k.table, insert));
        db.exec(fmt::format("CREATE TRIGGER search_{0}_delete AFTER DELETE ON {1} BEGIN {2} END",
                            k.kind, k.table, remove));
        db.exec(fmt::format("CREATE TRIGGER search_{0}_update AFTER UPDATE ON {1} WHEN {2} BEGIN "
                            "{3} {4} END",
                            k.kind, k.table, changed, remove, insert));
    }
}

void fill_search_index(SQLite::Database& db,
                       const std::function<void(std::int64_t done, std::int64_t total)>& progress) {
    std::int64_t total = 0;
    for (const auto& k : kinds)
        total += db.execAndGet(fmt::format("SELECT count(*) FROM {}", k.table)).getInt64();
    std::int64_t done = 0;
    constexpr std::int64_t chunk = 50000;
    auto columns = column_list();
    for (const auto& k : kinds) {
        auto last =
            db.execAndGet(fmt::format("SELECT coalesce(max(id), 0) FROM {}", k.table)).getInt64();
        SQLite::Statement fill(db, fmt::format("INSERT INTO search (rowid, {}) {} WHERE t.id > ? "
                                               "AND t.id <= ?",
                                               columns, rebuild_select(k)));
        for (std::int64_t from = 0; from < last; from += chunk) {
            fill.bind(1, from);
            fill.bind(2, from + chunk);
            done += fill.exec();
            fill.reset();
            if (progress) progress(done, total);
        }
    }
}

bool pause_search_triggers(SQLite::Database& db) {
    std::string tables;
    for (const auto& k : kinds)
        tables += fmt::format("{}'{}'", tables.empty() ? "" : ", ", k.table);
    auto kept =
        db.execAndGet(fmt::format("SELECT count(*) FROM journal_now WHERE tbl IN ({})", tables))
            .getInt64();
    if (kept != static_cast<std::int64_t>(std::size(kinds))) return false;
    for (const auto& k : kinds)
        for (const char* what : {"insert", "delete", "update"})
            db.exec(fmt::format("DROP TRIGGER IF EXISTS search_{}_{}", k.kind, what));
    return true;
}

void catch_up_search_index(SQLite::Database& db) {
    auto columns = column_list();
    for (const auto& k : kinds) {
        auto touched = fmt::format("SELECT r.row_id FROM journal_rows r JOIN journal_now n ON "
                                   "n.tbl = r.tbl AND n.change_id = r.change_id WHERE r.tbl = '{}'",
                                   k.table);
        db.exec(fmt::format("DELETE FROM search WHERE rowid IN (SELECT row_id * 8 + {} FROM ({}))",
                            k.code, touched));
        db.exec(fmt::format("INSERT INTO search (rowid, {}) {} WHERE t.id IN ({})", columns,
                            rebuild_select(k), touched));
        db.exec(fmt::format("INSERT INTO search (rowid, {}) {} WHERE t.id > (SELECT hw FROM "
                            "journal_now WHERE tbl = '{}')",
                            columns, rebuild_select(k), k.table));
    }
    create_search_triggers(db);
}

std::int64_t search_differences(SQLite::Database& db) {
    std::string rebuild;
    for (const auto& k : kinds)
        rebuild += (rebuild.empty() ? "" : " UNION ALL ") + rebuild_select(k);
    auto kept = fmt::format("SELECT rowid, {} FROM search", column_list());
    return db
        // Each side in its own subquery: a compound SELECT runs left to right, so `A EXCEPT B
        // UNION ALL C` would add C back instead of taking it out.
        .execAndGet(fmt::format("SELECT (SELECT count(*) FROM (SELECT * FROM ({0}) EXCEPT "
                                "SELECT * FROM ({1}))) + (SELECT count(*) FROM (SELECT * FROM "
                                "({1}) EXCEPT SELECT * FROM ({0})))",
                                kept, rebuild))
        .getInt64();
}

bool search_index_sound(SQLite::Database& db) {
    try {
        db.exec("INSERT INTO search (search) VALUES ('integrity-check')");
        return true;
    } catch (const SQLite::Exception&) {
        return false;
    }
}

std::int64_t rebuild_search_index(SQLite::Database& db) {
    // Dropping the table is much faster than deleting a million rows from it.
    db.exec("DROP TABLE IF EXISTS search");
    create_search_table(db);
    std::int64_t rows = 0;
    fill_search_index(db, [&](std::int64_t done, std::int64_t) { rows = done; });
    optimize_search_index(db);
    return rows;
}

void optimize_search_index(SQLite::Database& db) {
    db.exec("INSERT INTO search (search) VALUES ('optimize')");
}

} // namespace crm::detail
