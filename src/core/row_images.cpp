#include "row_images.hpp"

#include "derived_tables.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <set>
#include <stdexcept>
#include <vector>

namespace crm::detail {

std::span<const std::string_view> journaled_tables() {
    static constexpr std::string_view tables[] = {
        "deals",          "leads", "events",        "activities", "stage_exits",
        "import_batches", "trash", "organizations", "persons",    "deal_people"};
    return tables;
}

std::span<const std::string_view> counted_tables() {
    static constexpr std::string_view tables[] = {"deals",         "leads",          "events",
                                                  "activities",    "import_batches", "trash",
                                                  "organizations", "persons"};
    return tables;
}

bool is_journaled(std::string_view table) {
    auto all = journaled_tables();
    return std::ranges::find(all, table) != all.end();
}

std::span<const std::string_view> derived_tables() {
    static const std::vector<std::string_view> tables = [] {
        std::vector<std::string_view> out;
        for (const auto& d : derived_definitions) out.push_back(d.table);
        out.push_back("meta");
        return out;
    }();
    return tables;
}

namespace {

bool is_derived(std::string_view table) {
    auto all = derived_tables();
    return std::ranges::find(all, table) != all.end();
}

std::string ident(std::string_view name) {
    return "\"" + std::string(name) + "\"";
}

constexpr auto trigger_sql = R"sql(
CREATE TRIGGER journal_{0}_update BEFORE UPDATE ON {0}
WHEN OLD.rowid <= (SELECT hw FROM journal_now WHERE tbl = '{0}')
BEGIN
  INSERT OR IGNORE INTO journal_rows (change_id, tbl, row_id, image)
  SELECT change_id, '{0}', OLD.rowid, {1} FROM journal_now n
  WHERE tbl = '{0}' AND NOT EXISTS (SELECT 1 FROM journal_rows r WHERE r.change_id = n.change_id
                                     AND r.tbl = '{0}' AND r.row_id = OLD.rowid);
END;
CREATE TRIGGER journal_{0}_delete BEFORE DELETE ON {0}
WHEN OLD.rowid <= (SELECT hw FROM journal_now WHERE tbl = '{0}')
BEGIN
  INSERT OR IGNORE INTO journal_rows (change_id, tbl, row_id, image)
  SELECT change_id, '{0}', OLD.rowid, {1} FROM journal_now n
  WHERE tbl = '{0}' AND NOT EXISTS (SELECT 1 FROM journal_rows r WHERE r.change_id = n.change_id
                                     AND r.tbl = '{0}' AND r.row_id = OLD.rowid);
END;
CREATE TRIGGER journal_{0}_insert AFTER INSERT ON {0}
WHEN NEW.rowid <= (SELECT hw FROM journal_now WHERE tbl = '{0}')
BEGIN
  INSERT OR IGNORE INTO journal_rows (change_id, tbl, row_id, image)
  SELECT change_id, '{0}', NEW.rowid, NULL FROM journal_now WHERE tbl = '{0}';
END;
)sql";

} // namespace

void refresh_journal_triggers(SQLite::Database& db) {
    RowImages images(db);
    for (auto table : journaled_tables()) {
        // A book made at an older schema by the tests (a migrations override) lacks the
        // newer tables.
        if (!db.tableExists(std::string(table))) continue;
        for (const char* what : {"update", "delete", "insert"})
            db.exec(fmt::format("DROP TRIGGER IF EXISTS journal_{}_{}", table, what));
        // A row that existed when the change began (rowid not above the table's high-water
        // mark) is recorded as it was, once per change, before its first update or its
        // deletion; re-inserting an old rowid (a restore) is recorded without an image. Rows
        // new in the change are not recorded: undo removes every row above the mark.
        db.exec(fmt::format(trigger_sql, table, images.image_expr(table, "OLD.")));
    }
}

RowImages::RowImages(SQLite::Database& db) : db_(db) {}

const RowImages::Shape& RowImages::shape(std::string_view table) {
    if (auto it = shapes_.find(table); it != shapes_.end()) return it->second;
    if (!is_journaled(table) && !is_derived(table))
        throw std::invalid_argument(fmt::format("not a table of the book: {}", table));
    Shape s;
    SQLite::Statement info(db_, fmt::format("PRAGMA table_info({})", ident(table)));
    while (info.executeStep()) {
        s.columns.push_back(info.getColumn(1).getString());
        if (info.getColumn(5).getInt() == 1 && info.getColumn(2).getString() == "INTEGER")
            s.rowid_alias = true;
    }
    return shapes_.emplace(std::string(table), std::move(s)).first->second;
}

const std::vector<std::string>& RowImages::columns(std::string_view table) {
    return shape(table).columns;
}

SQLite::Statement& RowImages::cached(const std::string& sql) {
    auto& slot = statements_[sql];
    if (!slot) {
        slot = std::make_unique<SQLite::Statement>(db_, sql);
    } else {
        slot->reset();
        slot->clearBindings();
    }
    return *slot;
}

std::string RowImages::image_expr(std::string_view table, std::string_view prefix) {
    const auto& s = shape(table);
    std::string out = "json_object(";
    bool first = true;
    if (!s.rowid_alias && !is_derived(table)) {
        out += fmt::format("'rowid', {}rowid", prefix);
        first = false;
    }
    for (const auto& c : s.columns) {
        out += fmt::format("{}'{}', {}{}", first ? "" : ", ", c, prefix, ident(c));
        first = false;
    }
    return out + ")";
}

std::optional<std::string> RowImages::image(std::string_view table, std::int64_t rowid) {
    auto& st = cached(
        fmt::format("SELECT {} FROM {} WHERE rowid = ?", image_expr(table, ""), ident(table)));
    st.bind(1, rowid);
    if (!st.executeStep()) return std::nullopt;
    return st.getColumn(0).getString();
}

std::vector<std::string> RowImages::images(std::string_view table, std::string_view where,
                                           std::int64_t key) {
    auto& st = cached(fmt::format("SELECT {} FROM {} WHERE {} ORDER BY rowid",
                                  image_expr(table, ""), ident(table), where));
    st.bind(1, key);
    std::vector<std::string> out;
    while (st.executeStep()) out.push_back(st.getColumn(0).getString());
    return out;
}

std::vector<std::string> RowImages::all_images(std::string_view table) {
    auto& st = cached(fmt::format("SELECT {} FROM {}", image_expr(table, ""), ident(table)));
    std::vector<std::string> out;
    while (st.executeStep()) out.push_back(st.getColumn(0).getString());
    return out;
}

void RowImages::insert_image(std::string_view table, const std::string& image) {
    const auto& s = shape(table);
    std::string names, values;
    for (const auto& c : s.columns) {
        names += (names.empty() ? "" : ", ") + ident(c);
        values += (values.empty() ? "" : ", ") + fmt::format("json_extract(?1, '$.\"{}\"')", c);
    }
    auto& insert =
        cached(fmt::format("INSERT INTO {} ({}) VALUES ({})", ident(table), names, values));
    insert.bind(1, image);
    insert.exec();
}

std::int64_t RowImages::rowid_of(std::string_view table, const std::string& image) {
    auto& st = cached("SELECT coalesce(json_extract(?1, '$.rowid'), json_extract(?1, '$.id'))");
    st.bind(1, image);
    st.executeStep();
    if (st.getColumn(0).isNull())
        throw std::invalid_argument(fmt::format("a row of {} without an id", table));
    return st.getColumn(0).getInt64();
}

void RowImages::apply(std::string_view table, std::int64_t rowid,
                      const std::optional<std::string>& image) {
    const auto& s = shape(table);
    if (!image) {
        auto& drop = cached(fmt::format("DELETE FROM {} WHERE rowid = ?", ident(table)));
        drop.bind(1, rowid);
        drop.exec();
        return;
    }
    std::set<std::string> keys;
    {
        auto& st = cached("SELECT key FROM json_each(?)");
        st.bind(1, *image);
        while (st.executeStep()) keys.insert(st.getColumn(0).getString());
    }
    std::vector<std::string> present;
    for (const auto& c : s.columns)
        if (keys.contains(c)) present.push_back(c);
    auto value = [](const std::string& c) {
        return fmt::format("json_extract(?1, '$.\"{}\"')", c);
    };
    auto& exists = cached(fmt::format("SELECT 1 FROM {} WHERE rowid = ?", ident(table)));
    exists.bind(1, rowid);
    if (exists.executeStep()) {
        if (present.empty()) return;
        std::string sets;
        for (const auto& c : present)
            sets += (sets.empty() ? "" : ", ") + ident(c) + " = " + value(c);
        auto& update = cached(fmt::format("UPDATE {} SET {} WHERE rowid = ?2", ident(table), sets));
        update.bind(1, *image);
        update.bind(2, rowid);
        update.exec();
        return;
    }
    std::string names = "rowid", values = "?2";
    for (const auto& c : present) {
        if (s.rowid_alias && c == "id") continue;
        names += ", " + ident(c);
        values += ", " + value(c);
    }
    auto& insert =
        cached(fmt::format("INSERT INTO {} ({}) VALUES ({})", ident(table), names, values));
    insert.bind(1, *image);
    insert.bind(2, rowid);
    insert.exec();
}

} // namespace crm::detail
