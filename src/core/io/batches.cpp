// Import batches: the list, and undo (remove what a batch added, restore what it updated).

#include "../deal_rows.hpp"
#include "import_rows.hpp"
#include "pipe/io/import.hpp"
#include "pipe/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace crm::io {

namespace {

Batch read_batch(SQLite::Statement& st) {
    using crm::detail::from_seconds;
    Batch b;
    b.id = st.getColumn(0).getInt64();
    b.at = from_seconds(st.getColumn(1).getInt64());
    b.source = st.getColumn(2).getString();
    b.type = st.getColumn(3).getString();
    b.added = st.getColumn(4).getInt64();
    b.updated = st.getColumn(5).getInt64();
    b.unchanged = st.getColumn(6).getInt64();
    if (!st.getColumn(7).isNull()) b.undone_at = from_seconds(st.getColumn(7).getInt64());
    return b;
}

constexpr auto batch_columns = "id, at, source, type, added, updated, unchanged, undone_at";

void exec(Store& store, const std::string& sql, std::int64_t id) {
    SQLite::Statement st(store.db(), sql);
    st.bind(1, id);
    st.exec();
}

void restore_events(Store& store, std::int64_t deal_id, const std::string& text) {
    exec(store, "DELETE FROM events WHERE deal_id = ?", deal_id);
    SQLite::Statement insert(store.db(),
                             "INSERT INTO events (id, at, deal_id, lead_id, kind, from_value, "
                             "to_value, detail, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const auto& row : nlohmann::json::parse(text)) {
        insert.reset();
        insert.clearBindings();
        for (int i = 0; i < 9; ++i) {
            const auto& v = row[static_cast<std::size_t>(i)];
            if (v.is_null()) continue;
            if (v.is_number_integer())
                insert.bind(i + 1, v.get<std::int64_t>());
            else
                insert.bind(i + 1, v.get<std::string>());
        }
        insert.exec();
    }
    detail::rebuild_stage_exits(store, deal_id);
}

} // namespace

Result<std::vector<Batch>> list_batches(Book& book) {
    std::vector<Batch> out;
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        SQLite::Statement st(book.store.db(), fmt::format("SELECT {} FROM import_batches ORDER BY "
                                                          "id DESC",
                                                          batch_columns));
        while (st.executeStep()) out.push_back(read_batch(st));
        return {};
    }));
    return out;
}

Result<Batch> undo_batch(Book& book, std::optional<std::int64_t> id) {
    Batch batch;
    auto& store = book.store;
    PIPE_TRY_VOID(store.write([&]() -> Result<void> {
        SQLite::Statement latest(store.db(),
                                 fmt::format("SELECT {} FROM import_batches WHERE undone_at IS "
                                             "NULL ORDER BY id DESC LIMIT 1",
                                             batch_columns));
        if (!latest.executeStep()) return fail("there is no import to undo", "pipe import list");
        auto newest = read_batch(latest);
        if (id && *id != newest.id) {
            SQLite::Statement st(store.db(), fmt::format("SELECT {} FROM import_batches WHERE id "
                                                         "= ?",
                                                         batch_columns));
            st.bind(1, *id);
            if (!st.executeStep())
                return fail(fmt::format("import batch {} not found", *id), "pipe import list");
            auto asked = read_batch(st);
            if (asked.undone_at)
                return fail(fmt::format("import batch {} is undone already", *id),
                            "pipe import list");
            return fail(fmt::format("import batch {} is not the newest; undo batch {} first", *id,
                                    newest.id),
                        fmt::format("pipe import undo {}", newest.id));
        }
        batch = newest;
        auto b = batch.id;
        SQLite::Statement saved(store.db(), "SELECT table_name, row_id, old_row FROM import_undo "
                                            "WHERE batch_id = ? ORDER BY rowid DESC");
        saved.bind(1, b);
        std::vector<std::tuple<std::string, std::int64_t, std::string>> rows;
        while (saved.executeStep())
            rows.emplace_back(saved.getColumn(0).getString(), saved.getColumn(1).getInt64(),
                              saved.getColumn(2).getString());
        for (const auto& [table, row_id, old] : rows)
            if (table == "deal_events") restore_events(store, row_id, old);
        for (const auto& [table, row_id, old] : rows)
            if (table != "deal_events") detail::restore_row(store, table, old);
        exec(store, "DELETE FROM events WHERE batch_id = ?", b);
        for (const auto& [table, row_id, old] : rows)
            if (table == "deals") detail::rebuild_stage_exits(store, row_id);
        for (const char* sql : {
                 "DELETE FROM activities WHERE batch_id = ?",
                 "DELETE FROM events WHERE deal_id IN (SELECT id FROM deals WHERE batch_id = ?1)",
                 "DELETE FROM activities WHERE deal_id IN (SELECT id FROM deals WHERE batch_id = "
                 "?1)",
                 "DELETE FROM stage_exits WHERE deal_id IN (SELECT id FROM deals WHERE batch_id "
                 "= ?1)",
                 "UPDATE leads SET deal_id = NULL WHERE deal_id IN (SELECT id FROM deals WHERE "
                 "batch_id = ?1)",
                 "DELETE FROM deals WHERE batch_id = ?",
                 "DELETE FROM events WHERE lead_id IN (SELECT id FROM leads WHERE batch_id = ?1)",
                 "DELETE FROM activities WHERE lead_id IN (SELECT id FROM leads WHERE batch_id = "
                 "?1)",
                 "DELETE FROM leads WHERE batch_id = ?",
                 "DELETE FROM import_undo WHERE batch_id = ?",
             })
            exec(store, sql, b);
        batch.undone_at = book.clock.now();
        SQLite::Statement mark(store.db(), "UPDATE import_batches SET undone_at = ? WHERE id = ?");
        mark.bind(1, crm::detail::seconds(*batch.undone_at));
        mark.bind(2, b);
        mark.exec();
        return {};
    }));
    return batch;
}

} // namespace crm::io
