#include "change.hpp"

#include "deal_rows.hpp"
#include "row_images.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace crm::detail {

namespace {

// At most this much of the journal is pruned per change, so no write pays for a big prune.
constexpr int prune_entries_per_change = 4;
constexpr int prune_rows_per_change = 20000;

std::string marks_json(const std::map<std::string, std::int64_t>& marks) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [table, hw] : marks) j[table] = hw;
    return j.dump();
}

// Delete a bounded number of rows of the entries marked `pruned`; an entry goes when its last
// row has.
void prune_rows(Store& store) {
    int budget = prune_rows_per_change;
    while (budget > 0) {
        auto& next = store.statement("SELECT id FROM journal WHERE state = 'pruned' ORDER BY id "
                                     "LIMIT 1");
        if (!next.executeStep()) return;
        auto id = next.getColumn(0).getInt64();
        next.reset();
        auto& rows = store.statement(
            "DELETE FROM journal_rows WHERE change_id = ?1 AND (tbl, row_id) IN (SELECT tbl, "
            "row_id FROM journal_rows WHERE change_id = ?1 LIMIT ?2)");
        rows.bind(1, id);
        rows.bind(2, budget);
        auto deleted = rows.exec();
        budget -= deleted;
        if (budget <= 0 && deleted > 0) return;
        for (const char* sql : {"UPDATE import_batches SET change_id = NULL WHERE change_id = ?",
                                "DELETE FROM journal WHERE id = ?"}) {
            auto& st = store.statement(sql);
            st.bind(1, id);
            st.exec();
        }
    }
}

// Entries past the bound (the newest journal_keep_changes, or those of the last
// journal_keep_days, whichever keeps more) are marked `pruned`, out of reach of undo at once;
// their rows go a bounded number per change.
void prune(Store& store, Timestamp now) {
    auto& keep = store.statement("SELECT id FROM journal WHERE state IN ('done', 'legacy') ORDER "
                                 "BY id DESC LIMIT 1 OFFSET ?");
    keep.bind(1, journal_keep_changes - 1);
    if (keep.executeStep()) {
        auto keep_from = keep.getColumn(0).getInt64();
        keep.reset();
        auto cutoff = seconds(now) - static_cast<std::int64_t>(journal_keep_days) * 86400;
        auto& mark = store.statement(
            "UPDATE journal SET state = 'pruned' WHERE id IN (SELECT id FROM journal WHERE id < ? "
            "AND at < ? AND state IN ('done', 'legacy') ORDER BY id LIMIT ?)");
        mark.bind(1, keep_from);
        mark.bind(2, cutoff);
        mark.bind(3, prune_entries_per_change * journal_prune_every);
        mark.exec();
    }
    keep.reset();
    prune_rows(store);
}

} // namespace

std::map<std::string, std::int64_t> high_water_marks(Store& store) {
    // One statement for every table: a change begins with few round trips.
    static const std::string sql = [] {
        std::string out;
        for (auto table : journaled_tables())
            out += fmt::format("{0}max(coalesce((SELECT max(rowid) FROM {1}), 0), coalesce((SELECT "
                               "last FROM id_counters WHERE name = '{1}'), 0))",
                               out.empty() ? "SELECT " : ", ", table);
        return out;
    }();
    auto& st = store.statement(sql);
    st.executeStep();
    std::map<std::string, std::int64_t> marks;
    int i = 0;
    for (auto table : journaled_tables()) marks[std::string(table)] = st.getColumn(i++).getInt64();
    st.reset();
    return marks;
}

void begin_capture(Store& store, std::int64_t change_id,
                   const std::map<std::string, std::int64_t>& marks) {
    store.db().exec("DELETE FROM journal_now");
    std::string values;
    for (std::size_t i = 0; i < marks.size(); ++i) values += i ? ", (?, ?, ?)" : "(?, ?, ?)";
    auto& st = store.statement("INSERT INTO journal_now (tbl, change_id, hw) VALUES " + values);
    int i = 1;
    for (const auto& [table, hw] : marks) {
        st.bind(i++, table);
        st.bind(i++, change_id);
        st.bind(i++, hw);
    }
    st.exec();
}

void end_capture(Store& store) {
    store.db().exec("DELETE FROM journal_now");
}

void save_snapshot(Store& store, std::int64_t change_id, std::string_view table) {
    auto rows = store.images().all_images(table);
    auto key = "=" + std::string(table);
    auto& clear = store.statement("DELETE FROM journal_rows WHERE change_id = ? AND tbl = ?");
    clear.bind(1, change_id);
    clear.bind(2, key);
    clear.exec();
    auto& st = store.statement(
        "INSERT INTO journal_rows (change_id, tbl, row_id, image) VALUES (?, ?, ?, ?)");
    std::int64_t n = 0;
    for (const auto& row : rows) {
        st.reset();
        st.bind(1, change_id);
        st.bind(2, key);
        st.bind(3, ++n);
        st.bind(4, row);
        st.exec();
    }
}

Change::Change(Book& book) : book_(book) {
    auto& store = book.store;
    auto marks = high_water_marks(store);
    auto& st = store.statement(
        "INSERT INTO journal (at, command, pid, user, marks) VALUES (?, ?, ?, ?, ?)");
    st.bind(1, seconds(book.clock.now()));
    st.bind(2, book.origin && !book.origin->command.empty() ? book.origin->command : "pipe");
    st.bind(3, book.origin ? book.origin->pid : 0);
    st.bind(4, book.origin ? book.origin->user : "");
    st.bind(5, marks_json(marks));
    st.exec();
    id_ = store.db().getLastInsertRowid();
    begin_capture(store, id_, marks);
}

std::int64_t Change::next_id(std::string_view table) {
    auto it = last_ids_.find(table);
    if (it == last_ids_.end()) {
        auto& st = book_.store.statement(
            fmt::format("SELECT max(coalesce((SELECT max(rowid) FROM {0}), 0), (SELECT last FROM "
                        "id_counters WHERE name = '{0}'))",
                        table));
        st.executeStep();
        if (st.getColumn(0).isNull())
            throw std::logic_error(fmt::format("no id counter for {}", table));
        it = last_ids_.emplace(std::string(table), st.getColumn(0).getInt64()).first;
    }
    return ++it->second;
}

void Change::set_batch(std::int64_t batch) {
    auto& st = book_.store.statement("UPDATE journal SET batch_id = ? WHERE id = ?");
    st.bind(1, batch);
    st.bind(2, id_);
    st.exec();
}

void Change::finish() {
    auto& store = book_.store;
    end_capture(store);
    auto& counter = store.statement("UPDATE id_counters SET last = max(last, ?) WHERE name = ?");
    for (const auto& [table, last] : last_ids_) {
        counter.reset();
        counter.bind(1, last);
        counter.bind(2, table);
        counter.exec();
    }
    auto& st = store.statement("UPDATE journal SET summary = ? WHERE id = ?");
    st.bind(1, summary_);
    st.bind(2, id_);
    st.exec();
    // A new change ends what could be redone: the undone changes' records no longer fit.
    auto& undone = store.statement("SELECT 1 FROM journal WHERE state = 'undone' LIMIT 1");
    bool any_undone = undone.executeStep();
    undone.reset();
    if (any_undone) {
        store.db().exec("DELETE FROM journal_rows WHERE change_id IN (SELECT id FROM journal "
                        "WHERE state = 'undone')");
        store.db().exec("DELETE FROM journal WHERE state = 'undone'");
    }
    // The bound is checked every few changes (finding the 1,000th newest entry walks an
    // index); a prune in progress goes on at every change until done.
    if (id_ % journal_prune_every == 0)
        prune(store, book_.clock.now());
    else
        prune_rows(store);
}

const std::string& book_id(Store& store) {
    return store.book_id();
}

Change& require_change(Store& store) {
    if (auto* change = store.current_change()) return *change;
    throw std::logic_error("a write outside a change (every write goes through write_change)");
}

Result<void> write_change(Book& book, const std::function<Result<void>(Change&)>& work) {
    auto& store = book.store;
    if (auto* open = store.current_change()) return store.write([&] { return work(*open); });
    return store.write([&]() -> Result<void> {
        Change change(book);
        store.set_current_change(&change);
        struct Clear {
            Store& store;
            ~Clear() { store.set_current_change(nullptr); }
        } clear{store};
        PIPE_TRY_VOID(work(change));
        change.finish();
        return {};
    });
}

} // namespace crm::detail
