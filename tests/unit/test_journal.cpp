// The journal: every kind of change taken back exactly by undo (rows, history, derived tables,
// ids as they were) and applied again by redo; the derived tables equal their rebuild after
// every step; ids are never given twice; the journal stays bounded.

#include "change.hpp"
#include "pipe/activities.hpp"
#include "pipe/doctor.hpp"
#include "pipe/io/archive.hpp"
#include "pipe/io/import.hpp"
#include "pipe/journal.hpp"
#include "pipe/trash.hpp"
#include "scenario.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>
#include <functional>
#include <sstream>

using namespace crm;
using namespace crm::test;

namespace {

// Every table of the book but the journal's own and the id counters (which undo must not
// lower), each row as text, in order. The search index is compared by its content (the table
// `search`), not by its storage (`search_data` ...: FTS5 segments, other bytes after an undo).
std::string dump(SQLite::Database& db) {
    std::string out;
    SQLite::Statement tables(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name "
                                 "NOT IN ('journal', 'journal_rows', 'journal_now', "
                                 "'id_counters') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE "
                                 "'search_%' ORDER BY name");
    while (tables.executeStep()) {
        auto name = tables.getColumn(0).getString();
        out += "== " + name + "\n";
        auto columns =
            db.execAndGet("SELECT count(*) FROM pragma_table_info('" + name + "')").getInt();
        std::string order = "1";
        for (int i = 2; i <= columns; ++i) order += ", " + std::to_string(i);
        SQLite::Statement rows(db, "SELECT * FROM \"" + name + "\" ORDER BY " + order);
        while (rows.executeStep()) {
            for (int i = 0; i < rows.getColumnCount(); ++i)
                out += (rows.getColumn(i).isNull() ? std::string("NULL")
                                                   : rows.getColumn(i).getString()) +
                       "|";
            out += "\n";
        }
    }
    return out;
}

void healthy(Book& book) {
    auto report = ok(check_book(book));
    for (const auto& f : report.findings) FAIL_CHECK(f.area << ": " << f.problem);
}

io::ImportReport import_csv(Book& book, const std::string& text, io::RecordType type) {
    std::istringstream in(text);
    auto reader = ok(io::open_reader(in, io::Format::csv, "t.csv"));
    io::ImportOptions o;
    o.type = type;
    o.source = "t.csv";
    auto report = ok(io::import_records(book, *reader, o));
    for (const auto& e : report.errors) FAIL_CHECK(e.message);
    return report;
}

struct JournalFixture : Scenario {
    // Make a change; undo brings the book back exactly, redo forward exactly, and both ends
    // are healthy (derived tables equal their rebuild).
    void undoable(const char* what, const std::function<void()>& change, bool was_healthy = true) {
        CAPTURE(what);
        auto before = dump(store.db());
        change();
        auto after = dump(store.db());
        REQUIRE_MESSAGE(after != before, what, " changed nothing");
        healthy(book);
        auto undone = ok(undo_last_change(book));
        CHECK(undone.state == JournalState::undone);
        CHECK(dump(store.db()) == before);
        if (was_healthy) healthy(book);
        ok(redo_change(book));
        CHECK(dump(store.db()) == after);
        healthy(book);
        ok(undo_last_change(book));
        CHECK(dump(store.db()) == before);
        ok(redo_change(book));
    }
};

} // namespace

TEST_CASE_FIXTURE(JournalFixture, "undo takes back every kind of deal change exactly") {
    healthy(book);
    when("2026-03-06T12:00:00Z");
    undoable("deal add", [&] { deal("New", "500"); });
    undoable("deal edit", [&] {
        DealFields f;
        f.set("value", "750").set("expected_close", "2026-04-30").set("tags", "big;q2");
        ok(edit_deal(book, 3, f));
    });
    undoable("deal move", [&] { ok(move_deal(book, 3, "Meeting", "went well")); });
    undoable("deal won", [&] { ok(win_deal(book, 3, std::string("900"), std::nullopt)); });
    undoable("deal lost", [&] { ok(lose_deal(book, 10, "timing")); });
    undoable("deal reopen", [&] { ok(reopen_deal(book, 10, std::nullopt)); });
    undoable("deal next", [&] { ok(set_next_step(book, 10, "Call", std::string("2026-03-09"))); });
    undoable("deal next --done", [&] { ok(complete_next_step(book, 10)); });
    undoable("deal log", [&] { ok(log_activity(book, {Subject::Kind::deal, 10}, "call", "Hi")); });
    undoable("deal rm", [&] { ok(remove_deal(book, 6)); });
    undoable("deal restore", [&] { ok(restore_deal(book, 6)); });
    undoable("deal rm again", [&] { ok(remove_deal(book, 6)); });
    undoable("trash empty", [&] { ok(empty_trash(book, std::nullopt)); });
}

TEST_CASE_FIXTURE(JournalFixture, "undo takes back every kind of lead change exactly") {
    when("2026-03-06T12:00:00Z");
    LeadFields f;
    f.set("name", "Ada").set("organization", "AE").set("follow_up", "2026-03-10");
    undoable("lead add", [&] { ok(add_lead(book, f)); });
    undoable("lead edit", [&] {
        LeadFields e;
        e.set("email", "ada@ae.example").set("status", "nurturing");
        ok(edit_lead(book, 1, e));
    });
    undoable("lead qualify", [&] {
        BantFields b;
        b.budget = "3";
        b.authority = "3";
        b.need = "3";
        ok(qualify_lead(book, 1, b));
    });
    undoable("lead log", [&] { ok(log_activity(book, {Subject::Kind::lead, 1}, "email", "Hi")); });
    undoable("lead convert", [&] {
        DealFields d;
        d.set("value", "12k");
        ok(convert_lead(book, 1, d));
    });
    ok(add_lead(book, LeadFields{}.set("name", "Bob")));
    undoable("lead drop", [&] { ok(drop_lead(book, 2, "no budget", std::string("+3m"))); });
    undoable("lead rm", [&] { ok(remove_lead(book, 2)); });
    undoable("lead restore", [&] { ok(restore_lead(book, 2)); });
}

TEST_CASE_FIXTURE(JournalFixture, "undo takes back imports, their undo, a rename, a repair") {
    when("2026-03-06T12:00:00Z");
    const std::string deals = "external_id,title,stage,value,created_at,closed_at\n"
                              "X1,Imported one,Meeting,100,2026-02-01,\n"
                              "X2,Imported two,Won,200,2026-02-02,2026-02-20\n";
    undoable("import deals", [&] { import_csv(book, deals, io::RecordType::deals); });
    undoable("re-import with a change", [&] {
        import_csv(book, "external_id,title,stage,value\nX1,Imported one,Proposal,150\n",
                   io::RecordType::deals);
    });
    undoable("import history", [&] {
        import_csv(book,
                   "external_id,stage,at,note\nX1,Prospecting,2026-02-01,\n"
                   "X1,Meeting,2026-02-10,demo\nX1,Proposal,2026-02-20,sent\n",
                   io::RecordType::events);
    });
    undoable("import activities", [&] {
        import_csv(book, "deal_external_id,kind,at,text\nX1,call,2026-02-11,Called\n",
                   io::RecordType::activities);
    });
    undoable("import leads", [&] {
        import_csv(book, "external_id,name,status\nL1,Lea,new\n", io::RecordType::leads);
    });
    undoable("import undo of an older batch", [&] { ok(io::undo_batch(book, 1)); });
    // A stage the file no longer defines (renamed outside pipe), then renamed back by pipe.
    store.db().exec("UPDATE deals SET stage = 'Demo' WHERE stage = 'Meeting'");
    store.db().exec("UPDATE events SET to_value = 'Demo' WHERE to_value = 'Meeting'");
    store.db().exec("UPDATE events SET from_value = 'Demo' WHERE from_value = 'Meeting'");
    store.db().exec("UPDATE stage_exits SET stage = 'Demo' WHERE stage = 'Meeting'");
    store.db().exec("UPDATE stage_exits SET to_stage = 'Demo' WHERE to_stage = 'Meeting'");
    ok(fix_book(book));
    undoable(
        "stages rename", [&] { ok(rename_stage(book, "Demo", "Meeting")); }, false);
    // Derived tables damaged outside pipe, repaired; undo puts the damage back exactly.
    store.db().exec("UPDATE deal_totals SET value = value + 1");
    store.db().exec("DELETE FROM stage_exits WHERE deal_id = 1");
    undoable(
        "doctor --fix", [&] { ok(fix_book(book)); }, false);
}

TEST_CASE_FIXTURE(JournalFixture, "an archive restores the book exactly, and undo empties it") {
    std::string archive;
    ok(io::export_archive(book, [&](std::string_view chunk) { archive += chunk; }));
    auto original = dump(store.db());
    Store other = *Store::open_memory();
    Book copy{other, stages, clock};
    auto before = dump(other.db());
    std::istringstream in(archive);
    auto done = ok(io::import_archive(copy, in, "a.json"));
    CHECK(done.deals == 12);
    CHECK(dump(other.db()) == original);
    CHECK(other.book_id() == store.book_id());
    healthy(copy);
    ok(undo_last_change(copy));
    CHECK(dump(other.db()) == before);
    std::istringstream again(archive);
    ok(io::import_archive(copy, again, "a.json"));
    std::istringstream twice(archive);
    auto refused = io::import_archive(copy, twice, "a.json");
    REQUIRE_FALSE(refused);
    CHECK(refused.error().what.find("is not empty") != std::string::npos);
}

TEST_CASE_FIXTURE(JournalFixture, "ids are never given twice: after rm, trash empty or undo") {
    auto last = deal("Last").id;
    ok(remove_deal(book, last));
    ok(empty_trash(book, std::nullopt));
    auto next = deal("Next").id;
    CHECK(next == last + 1);
    ok(undo_last_change(book));
    CHECK(deal("After undo").id == next + 1);
    auto lead = ok(add_lead(book, LeadFields{}.set("name", "L"))).id;
    ok(undo_last_change(book));
    CHECK(ok(add_lead(book, LeadFields{}.set("name", "M"))).id == lead + 1);
    auto activity = ok(log_activity(book, {Subject::Kind::deal, 1}, "note", "a")).id;
    ok(undo_last_change(book));
    CHECK(ok(log_activity(book, {Subject::Kind::deal, 1}, "note", "b")).id == activity + 1);
}

TEST_CASE_FIXTURE(JournalFixture, "undo and redo walk the journal; a new change ends the redo") {
    auto before = dump(store.db());
    deal("A");
    deal("B");
    auto entries = ok(journal_entries(book, std::nullopt));
    CHECK(entries.front().summary == "added deal 14 · B");
    ok(undo_last_change(book));
    ok(undo_last_change(book));
    CHECK(dump(store.db()) == before);
    ok(redo_change(book));
    CHECK(ok(get_deal(book, 13)).title == "A");
    deal("C");
    auto redo = redo_change(book);
    REQUIRE_FALSE(redo);
    CHECK(redo.error().what == "nothing to redo");
    CHECK_FALSE(get_deal(book, 14));
}

TEST_CASE_FIXTURE(BookFixture, "with nothing in the journal, undo says so and changes nothing") {
    auto r = undo_last_change(book);
    REQUIRE_FALSE(r);
    CHECK(r.error().what == "nothing to undo");
}

TEST_CASE_FIXTURE(BookFixture, "a nested change that fails is taken back alone") {
    ok(detail::write_change(book, [&](detail::Change&) -> Result<void> {
        DealFields f;
        f.set("title", "Outer");
        ok(add_deal(book, f));
        auto inner = detail::write_change(book, [&](detail::Change&) -> Result<void> {
            DealFields g;
            g.set("title", "Inner");
            ok(add_deal(book, g));
            return fail("inner failure");
        });
        CHECK_FALSE(inner);
        return {};
    }));
    DealQuery all;
    all.status = "all";
    auto list = ok(list_deals(book, all));
    REQUIRE(list.deals.size() == 1);
    CHECK(list.deals[0].title == "Outer");
    CHECK(ok(journal_entries(book, std::nullopt)).size() == 1);
}

TEST_CASE_FIXTURE(BookFixture, "the journal keeps the newest 1,000 changes or 90 days") {
    // 1,100 changes over 200 days: the old ones beyond the newest 1,000 are pruned, a few per
    // change, and undo never reaches past what is kept.
    auto start = at("2026-01-01T00:00:00Z");
    for (int i = 0; i < 1100; ++i) {
        clock.set(start + std::chrono::hours(4 * i));
        deal("D" + std::to_string(i));
    }
    auto stats = ok(journal_stats(book));
    CHECK(stats.entries <= detail::journal_keep_changes + detail::journal_prune_every);
    CHECK(stats.entries >= detail::journal_keep_changes);
    auto entries = ok(journal_entries(book, std::nullopt));
    CHECK(entries.back().id > 1100 - detail::journal_keep_changes - detail::journal_prune_every);
}
