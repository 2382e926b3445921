#include "pipe/journal.hpp"

#include "change.hpp"
#include "deal_rows.hpp"
#include "row_images.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace crm {

using detail::from_seconds;
using detail::seconds;

std::string_view to_string(JournalState state) {
    switch (state) {
    case JournalState::undone:
        return "undone";
    case JournalState::legacy:
        return "legacy";
    default:
        return "done";
    }
}

namespace {

constexpr auto entry_columns =
    "j.id, j.at, j.command, j.summary, j.state, j.undone_at, j.pid, j.user, j.batch_id, "
    "(SELECT count(*) FROM journal_rows r WHERE r.change_id = j.id)";

JournalEntry read_entry(SQLite::Statement& st) {
    JournalEntry e;
    e.id = st.getColumn(0).getInt64();
    e.at = from_seconds(st.getColumn(1).getInt64());
    e.command = st.getColumn(2).getString();
    e.summary = st.getColumn(3).getString();
    auto state = st.getColumn(4).getString();
    e.state = state == "done"     ? JournalState::done
              : state == "undone" ? JournalState::undone
                                  : JournalState::legacy;
    if (!st.getColumn(5).isNull()) e.undone_at = from_seconds(st.getColumn(5).getInt64());
    e.pid = st.getColumn(6).getInt64();
    e.user = st.getColumn(7).getString();
    if (!st.getColumn(8).isNull()) e.batch = st.getColumn(8).getInt64();
    e.rows = st.getColumn(9).getInt64();
    return e;
}

std::optional<JournalEntry> find_entry(Store& store, const std::string& where) {
    SQLite::Statement st(
        store.db(), fmt::format("SELECT {} FROM journal j WHERE {} LIMIT 1", entry_columns, where));
    if (!st.executeStep()) return std::nullopt;
    return read_entry(st);
}

std::map<std::string, std::int64_t> marks_of(Store& store, std::int64_t change) {
    std::map<std::string, std::int64_t> marks;
    SQLite::Statement st(
        store.db(), "SELECT key, value FROM json_each((SELECT marks FROM journal WHERE id = ?))");
    st.bind(1, change);
    while (st.executeStep()) marks[st.getColumn(0).getString()] = st.getColumn(1).getInt64();
    return marks;
}

// Put back what `change` changed, recording what is overwritten as the change's new records,
// so that doing it again puts the change back: undo and redo are the same step.
void reverse(Store& store, std::int64_t change) {
    auto marks = marks_of(store, change);
    auto now = detail::high_water_marks(store);
    auto& images = store.images();
    auto scratch = -change;
    store.db().exec(fmt::format("DELETE FROM journal_rows WHERE change_id = {}", scratch));
    // A derived table the change replaced whole is kept whole as it is now, for the redo.
    std::vector<std::string> replaced;
    for (auto derived : detail::derived_tables()) {
        SQLite::Statement has(store.db(), "SELECT 1 FROM journal_rows WHERE change_id = ? AND "
                                          "tbl = ? LIMIT 1");
        has.bind(1, change);
        has.bind(2, "=" + std::string(derived));
        if (!has.executeStep()) continue;
        replaced.emplace_back(derived);
        detail::save_snapshot(store, scratch, derived);
    }
    detail::begin_capture(store, scratch, now);
    for (auto table : detail::journaled_tables()) {
        auto mark = marks.find(std::string(table));
        if (mark == marks.end()) continue;
        SQLite::Statement drop(store.db(), fmt::format("DELETE FROM {} WHERE rowid > ?", table));
        drop.bind(1, mark->second);
        drop.exec();
    }
    // Keyset pages, so a change of many rows is never read into memory at once.
    std::string tbl;
    std::int64_t row_id = std::numeric_limits<std::int64_t>::min();
    while (true) {
        std::vector<std::tuple<std::string, std::int64_t, std::optional<std::string>>> page;
        SQLite::Statement st(store.db(),
                             "SELECT tbl, row_id, image FROM journal_rows WHERE change_id = ? AND "
                             "(tbl, row_id) > (?, ?) ORDER BY tbl, row_id LIMIT 1000");
        st.bind(1, change);
        st.bind(2, tbl);
        st.bind(3, row_id);
        while (st.executeStep()) {
            std::optional<std::string> image;
            if (!st.getColumn(2).isNull()) image = st.getColumn(2).getString();
            page.emplace_back(st.getColumn(0).getString(), st.getColumn(1).getInt64(), image);
        }
        if (page.empty()) break;
        for (const auto& [t, id, image] : page)
            if (detail::is_journaled(t)) images.apply(t, id, image);
        tbl = std::get<0>(page.back());
        row_id = std::get<1>(page.back());
    }
    // Derived tables a repair replaced whole: put back whole, after the rows above (whose
    // triggers touched them).
    for (const auto& derived : replaced) {
        SQLite::Statement saved(store.db(), "SELECT image FROM journal_rows WHERE change_id = ? "
                                            "AND tbl = ? ORDER BY row_id");
        saved.bind(1, change);
        saved.bind(2, "=" + derived);
        std::vector<std::string> rows;
        while (saved.executeStep()) rows.push_back(saved.getColumn(0).getString());
        store.db().exec(fmt::format("DELETE FROM {}", derived));
        for (const auto& row : rows) images.insert_image(derived, row);
    }
    store.forget_book_id();
    detail::end_capture(store);
    SQLite::Statement clear(store.db(), "DELETE FROM journal_rows WHERE change_id = ?");
    clear.bind(1, change);
    clear.exec();
    SQLite::Statement keep(store.db(), "UPDATE journal_rows SET change_id = ? WHERE change_id = ?");
    keep.bind(1, change);
    keep.bind(2, scratch);
    keep.exec();
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [table, hw] : now) j[table] = hw;
    SQLite::Statement mark(store.db(), "UPDATE journal SET marks = ? WHERE id = ?");
    mark.bind(1, j.dump());
    mark.bind(2, change);
    mark.exec();
}

} // namespace

Result<std::vector<JournalEntry>> journal_entries(Book& book, std::optional<std::int64_t> limit) {
    std::vector<JournalEntry> out;
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        SQLite::Statement st(book.store.db(),
                             fmt::format("SELECT {} FROM journal j WHERE j.state <> 'pruned' ORDER "
                                         "BY j.id DESC LIMIT {}",
                                         entry_columns, limit.value_or(-1)));
        while (st.executeStep()) out.push_back(read_entry(st));
        return {};
    }));
    return out;
}

Result<JournalEntry> undo_last_change(Book& book) {
    JournalEntry entry;
    auto& store = book.store;
    PIPE_TRY_VOID(store.write([&]() -> Result<void> {
        auto last = find_entry(store, "j.state <> 'undone' ORDER BY j.id DESC");
        if (!last || last->state != JournalState::done) {
            auto redo = find_entry(store, "j.state = 'undone'");
            if (redo) return fail("nothing to undo", act("redo", ""));
            return fail("nothing to undo", "the journal holds no change to take back");
        }
        reverse(store, last->id);
        SQLite::Statement st(store.db(),
                             "UPDATE journal SET state = 'undone', undone_at = ? WHERE id = ?");
        st.bind(1, seconds(book.clock.now()));
        st.bind(2, last->id);
        st.exec();
        entry = *find_entry(store, fmt::format("j.id = {}", last->id));
        return {};
    }));
    return entry;
}

Result<JournalEntry> redo_change(Book& book) {
    JournalEntry entry;
    auto& store = book.store;
    PIPE_TRY_VOID(store.write([&]() -> Result<void> {
        auto next = find_entry(store, "j.state = 'undone' ORDER BY j.id");
        if (!next) return fail("nothing to redo", act("undo", "").option("--list"));
        reverse(store, next->id);
        SQLite::Statement st(store.db(),
                             "UPDATE journal SET state = 'done', undone_at = NULL WHERE id = ?");
        st.bind(1, next->id);
        st.exec();
        entry = *find_entry(store, fmt::format("j.id = {}", next->id));
        return {};
    }));
    return entry;
}

Result<JournalStats> journal_stats(Book& book) {
    JournalStats s;
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        auto& db = book.store.db();
        SQLite::Statement st(db,
                             "SELECT count(*), count(*) FILTER (WHERE state = 'done'), count(*) "
                             "FILTER (WHERE state = 'undone'), min(at) FROM journal");
        st.executeStep();
        s.entries = st.getColumn(0).getInt64();
        s.undoable = st.getColumn(1).getInt64();
        s.redoable = st.getColumn(2).getInt64();
        if (!st.getColumn(3).isNull()) s.oldest = from_seconds(st.getColumn(3).getInt64());
        SQLite::Statement rows(db, "SELECT count(*), coalesce(sum(length(image)), 0) FROM "
                                   "journal_rows");
        rows.executeStep();
        s.rows = rows.getColumn(0).getInt64();
        s.bytes = rows.getColumn(1).getInt64();
        s.writing = db.execAndGet("SELECT count(*) FROM journal_now").getInt() > 0;
        return {};
    }));
    return s;
}

} // namespace crm
