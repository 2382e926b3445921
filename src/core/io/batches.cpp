// Import batches: the list, and undo record by record (what a batch added is removed, what it
// updated is put back from the journal), leaving alone every record a later change touched.

#include "../change.hpp"
#include "../deal_rows.hpp"
#include "../row_images.hpp"
#include "../stage_exits.hpp"
#include "../trash_rows.hpp"
#include "pipe/io/import.hpp"
#include "pipe/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <set>

namespace crm::io {

namespace {

using crm::detail::from_seconds;

Batch read_batch(SQLite::Statement& st) {
    Batch b;
    b.id = st.getColumn(0).getInt64();
    b.at = from_seconds(st.getColumn(1).getInt64());
    b.source = st.getColumn(2).getString();
    b.type = st.getColumn(3).getString();
    b.added = st.getColumn(4).getInt64();
    b.updated = st.getColumn(5).getInt64();
    b.unchanged = st.getColumn(6).getInt64();
    if (!st.getColumn(7).isNull()) b.undone_at = from_seconds(st.getColumn(7).getInt64());
    b.left_alone = st.getColumn(8).getInt64();
    return b;
}

constexpr auto batch_columns =
    "id, at, source, type, added, updated, unchanged, undone_at, left_alone, change_id";

struct Record {
    std::string table; // deals, leads, persons or organizations
    std::int64_t id = 0;
    bool added = false;
};

std::string noun(const std::string& table) {
    if (table == "persons") return "person";
    if (table == "organizations") return "organization";
    return table == "deals" ? "deal" : "lead";
}

bool is_party(const std::string& table) {
    return table == "persons" || table == "organizations";
}

class BatchReverter {
  public:
    BatchReverter(Store& store, std::int64_t batch, std::int64_t change, bool legacy)
        : store_(store), batch_(batch), change_(change), legacy_(legacy) {}

    std::vector<Record> records() {
        std::vector<Record> out;
        std::set<std::pair<std::string, std::int64_t>> seen;
        // People and organizations last: the deals and leads that link to them go first.
        for (const char* table : {"deals", "leads", "persons", "organizations"}) {
            SQLite::Statement added(store_.db(),
                                    fmt::format("SELECT id FROM {} WHERE batch_id = ?", table));
            added.bind(1, batch_);
            while (added.executeStep())
                if (seen.emplace(table, added.getColumn(0).getInt64()).second)
                    out.push_back({table, added.getColumn(0).getInt64(), true});
            SQLite::Statement updated(store_.db(), "SELECT row_id FROM journal_rows WHERE "
                                                   "change_id = ? AND tbl = ?");
            updated.bind(1, change_);
            updated.bind(2, table);
            while (updated.executeStep())
                if (seen.emplace(table, updated.getColumn(0).getInt64()).second)
                    out.push_back({table, updated.getColumn(0).getInt64(), false});
        }
        return out;
    }

    // What changed the record since the batch, as typed; empty when it still holds what the
    // batch left: no history or activity of its own came after the batch, and its row is as
    // the batch left it (the first later change that touched it recorded it so) — later
    // changes that cancelled out, such as a batch undone after this one, do not count.
    std::string changed_since(const Record& r) {
        if (is_party(r.table))
            if (auto by = linked_since(r); !by.empty()) return by;
        auto column = r.table == "deals"     ? "deal_id"
                      : r.table == "leads"   ? "lead_id"
                      : r.table == "persons" ? "person_id"
                                             : "organization_id";
        for (const char* table : {"events", "activities"}) {
            if (legacy_) break;
            if (is_party(r.table) && std::string_view(table) == "events") continue;
            SQLite::Statement added(
                store_.db(),
                fmt::format(
                    "SELECT min(id) FROM {0} WHERE {1} = ?1 AND batch_id IS NOT ?2 AND id > "
                    "coalesce((SELECT json_extract(marks, '$.{0}') FROM journal WHERE id "
                    "= ?3), 0)",
                    table, column));
            added.bind(1, r.id);
            added.bind(2, batch_);
            added.bind(3, change_);
            if (!added.executeStep() || added.getColumn(0).isNull()) continue;
            // The change that wrote it: the last one begun below its id.
            SQLite::Statement by(store_.db(),
                                 fmt::format("SELECT command FROM journal WHERE id > ?1 AND state "
                                             "= 'done' AND json_extract(marks, '$.{}') < ?2 "
                                             "ORDER BY id DESC LIMIT 1",
                                             table));
            by.bind(1, change_);
            by.bind(2, added.getColumn(0).getInt64());
            return by.executeStep() ? by.getColumn(0).getString() : "a later change";
        }
        SQLite::Statement later(store_.db(),
                                "SELECT j.command, x.image FROM journal_rows x JOIN journal j ON "
                                "j.id = x.change_id WHERE x.tbl = ? AND x.row_id = ? AND "
                                "x.change_id > ? AND j.state IN ('done', 'legacy') ORDER BY "
                                "x.change_id LIMIT 1");
        later.bind(1, r.table);
        later.bind(2, r.id);
        later.bind(3, change_);
        if (later.executeStep()) {
            auto now = store_.images().image(r.table, r.id);
            if (later.getColumn(1).isNull() || !now || *now != later.getColumn(1).getString())
                return later.getColumn(0).getString();
        }
        if (!legacy_) return {};
        // Made before the journal: what changed since shows in the history (every change of a
        // record appends an event) and in activities the batch did not bring.
        // A record the batch added has nothing of its own from before it.
        auto events_after = r.added ? std::string("1")
                                    : "id > coalesce((SELECT max(id) FROM events WHERE "
                                      "batch_id = ?2), 0)";
        auto activities_after =
            r.added ? std::string("1") : "at >= (SELECT at FROM import_batches WHERE id = ?2)";
        SQLite::Statement history(
            store_.db(),
            fmt::format("SELECT (SELECT count(*) FROM events WHERE {0} = ?1 AND batch_id IS NOT ?2 "
                        "AND {1}) + (SELECT count(*) FROM activities WHERE {0} = ?1 AND batch_id "
                        "IS NOT ?2 AND {2})",
                        column, events_after, activities_after));
        history.bind(1, r.id);
        history.bind(2, batch_);
        history.executeStep();
        return history.getColumn(0).getInt64() > 0 ? "a change made before the journal" : "";
    }

    void revert(const Record& r) {
        auto column = r.table == "deals" ? "deal_id" : "lead_id";
        if (r.added) {
            crm::detail::delete_record(store_,
                                       r.table == "deals"   ? crm::detail::TrashKind::deal
                                       : r.table == "leads" ? crm::detail::TrashKind::lead
                                       : r.table == "persons"
                                           ? crm::detail::TrashKind::person
                                           : crm::detail::TrashKind::organization,
                                       r.id);
            return;
        }
        auto& images = store_.images();
        SQLite::Statement row(store_.db(), "SELECT image FROM journal_rows WHERE change_id = ? "
                                           "AND tbl = ? AND row_id = ?");
        row.bind(1, change_);
        row.bind(2, r.table);
        row.bind(3, r.id);
        if (row.executeStep() && !row.getColumn(0).isNull())
            images.apply(r.table, r.id, row.getColumn(0).getString());
        if (is_party(r.table)) return;
        for (const char* table : {"events", "activities"}) {
            auto& st = store_.statement(
                fmt::format("DELETE FROM {} WHERE {} = ? AND batch_id = ?", table, column));
            st.bind(1, r.id);
            st.bind(2, batch_);
            st.exec();
        }
        SQLite::Statement events(store_.db(),
                                 fmt::format("SELECT row_id, image FROM journal_rows WHERE "
                                             "change_id = ? AND tbl = 'events' AND "
                                             "json_extract(image, '$.{}') = ?",
                                             column));
        events.bind(1, change_);
        events.bind(2, r.id);
        std::vector<std::pair<std::int64_t, std::string>> lost;
        while (events.executeStep())
            if (!events.getColumn(1).isNull())
                lost.emplace_back(events.getColumn(0).getInt64(), events.getColumn(1).getString());
        for (const auto& [event_id, image] : lost) {
            auto& exists = store_.statement("SELECT 1 FROM events WHERE id = ?");
            exists.bind(1, event_id);
            bool there = exists.executeStep();
            exists.reset();
            if (!there) images.apply("events", event_id, image);
        }
        if (r.table == "deals") crm::detail::refresh_stage_exits(store_, r.id);
    }

    std::string title(const Record& r) {
        auto& st = store_.statement(fmt::format("SELECT {} FROM {} WHERE id = ?",
                                                r.table == "deals" ? "title" : "name", r.table));
        st.bind(1, r.id);
        auto out = st.executeStep() ? st.getColumn(0).getString() : std::string("(removed)");
        st.reset();
        return out;
    }

  private:
    // A person or organization the batch made that a record links to once the batch's own
    // records are taken back (a later `deal add --org`, another import, a deal of the batch
    // left alone): the command that linked it.
    std::string linked_since(const Record& r) {
        if (!r.added) return {};
        const char* sql =
            r.table == "organizations"
                ? "SELECT 'deals', id FROM deals WHERE organization_id = ?1 UNION ALL SELECT "
                  "'leads', id FROM leads WHERE organization_id = ?1 UNION ALL SELECT 'persons', "
                  "id FROM persons WHERE organization_id = ?1 LIMIT 1"
                : "SELECT 'deals', id FROM deals WHERE contact_id = ?1 UNION ALL SELECT 'leads', "
                  "id FROM leads WHERE person_id = ?1 UNION ALL SELECT 'deals', deal_id FROM "
                  "deal_people WHERE person_id = ?1 LIMIT 1";
        SQLite::Statement st(store_.db(), sql);
        st.bind(1, r.id);
        if (!st.executeStep()) return {};
        auto table = st.getColumn(0).getString();
        auto id = st.getColumn(1).getInt64();
        // The change that linked it: the first after the batch that recorded that row, else
        // the one that made it.
        SQLite::Statement by(store_.db(),
                             "SELECT j.command FROM journal_rows x JOIN journal j ON j.id = "
                             "x.change_id WHERE x.tbl = ? AND x.row_id = ? AND x.change_id > ? "
                             "AND j.state = 'done' ORDER BY x.change_id LIMIT 1");
        by.bind(1, table);
        by.bind(2, id);
        by.bind(3, change_);
        if (by.executeStep()) return by.getColumn(0).getString();
        SQLite::Statement made(store_.db(),
                               fmt::format("SELECT command FROM journal WHERE id > ?1 AND state "
                                           "= 'done' AND json_extract(marks, '$.{}') < ?2 "
                                           "ORDER BY id DESC LIMIT 1",
                                           table));
        made.bind(1, change_);
        made.bind(2, id);
        return made.executeStep() ? made.getColumn(0).getString() : "a later change";
    }

    Store& store_;
    std::int64_t batch_, change_;
    bool legacy_;
};

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

Result<BatchUndo> undo_batch(Book& book, std::optional<std::int64_t> id) {
    BatchUndo out;
    auto& store = book.store;
    PIPE_TRY_VOID(crm::detail::write_change(book, [&](crm::detail::Change& change) -> Result<void> {
        SQLite::Statement st(
            store.db(),
            id ? fmt::format("SELECT {} FROM import_batches WHERE id = ?", batch_columns)
               : fmt::format("SELECT {} FROM import_batches WHERE undone_at IS "
                             "NULL ORDER BY id DESC LIMIT 1",
                             batch_columns));
        if (id) st.bind(1, *id);
        if (!st.executeStep())
            return id ? fail(fmt::format("import batch {} not found", *id), act("import", "list"))
                      : fail("there is no import to undo", act("import", "list"));
        out.batch = read_batch(st);
        auto b = out.batch.id;
        if (out.batch.undone_at)
            return fail(fmt::format("import batch {} is undone already", b), act("import", "list"));
        if (st.getColumn(9).isNull())
            return fail(fmt::format("import batch {} is older than the journal (the last {} "
                                    "changes or {} days), so its undo is gone",
                                    b, crm::detail::journal_keep_changes,
                                    crm::detail::journal_keep_days),
                        "remove its records one by one with pipe deal rm / pipe lead rm");
        auto change_id = st.getColumn(9).getInt64();
        auto& state = store.statement("SELECT state FROM journal WHERE id = ?");
        state.bind(1, change_id);
        bool legacy = state.executeStep() && state.getColumn(0).getString() == "legacy";
        state.reset();
        BatchReverter reverter(store, b, change_id, legacy);
        for (const auto& r : reverter.records()) {
            // Organizations and people a deals or leads batch made on the way: removed with
            // it, kept without a word while a record that stays links to them.
            bool on_the_way = is_party(r.table) && r.table != out.batch.type;
            if (auto by = reverter.changed_since(r); !by.empty()) {
                if (!on_the_way) out.left.push_back({noun(r.table), r.id, reverter.title(r), by});
                continue;
            }
            reverter.revert(r);
            ++(on_the_way ? out.made_removed : r.added ? out.removed : out.restored);
        }
        auto& mark =
            store.statement("UPDATE import_batches SET undone_at = ?, left_alone = ? WHERE id = ?");
        out.batch.undone_at = book.clock.now();
        out.batch.left_alone = static_cast<std::int64_t>(out.left.size());
        mark.bind(1, crm::detail::seconds(*out.batch.undone_at));
        mark.bind(2, out.batch.left_alone);
        mark.bind(3, b);
        mark.exec();
        change.describe(fmt::format("undid import batch {} ({}): {} removed, {} restored, {} left "
                                    "as they were",
                                    b, out.batch.source, out.removed + out.made_removed,
                                    out.restored, out.left.size()));
        return {};
    }));
    return out;
}

} // namespace crm::io
