// The kept counts of schema 11: stage_entries (a stage's open deals per span of entry time) and
// step_totals (the deals with a next step per status) equal their rebuild through a deal's life,
// and the stuck count taken from them equals a count of the deals at every cutoff, on either
// side of a span's edge and before 1970.

#include "doctor_findings.hpp"
#include "fixture.hpp"
#include "open_counts.hpp"
#include "pipe/journal.hpp"
#include "pipe/plans.hpp"
#include "pipe/trash.hpp"
#include "scope.hpp"
#include "stage_cutoffs.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>
#include <limits>

using namespace crm;
using namespace crm::test;

namespace {

std::int64_t counted(SQLite::Database& db, const std::string& sql) {
    return db.execAndGet(sql).getInt64();
}

// The open deals of `stage` in it since before `cutoff`, read from the deals themselves.
std::int64_t stuck_by_rows(SQLite::Database& db, const std::string& stage, std::int64_t cutoff) {
    SQLite::Statement st(db, "SELECT count(*) FROM main.deals WHERE status = 'open' AND pipeline "
                             "= 'sales' AND stage = ? AND stage_entered_at < ?");
    st.bind(1, stage);
    st.bind(2, cutoff);
    st.executeStep();
    return st.getColumn(0).getInt64();
}

} // namespace

TEST_CASE_FIXTURE(BookFixture, "the stuck count from kept spans equals a count of the deals") {
    constexpr std::int64_t span = std::int64_t{1} << detail::entry_span_bits;
    // Entry times on and either side of span edges, at 0, before 1970, and on the edges of a
    // recent span (whose cutoffs are counted from the later side).
    constexpr std::int64_t recent = (1'700'000'000 / span) * span;
    const std::int64_t times[] = {
        -3 * span - 5, -span - 1, -span,    -1,       0,      1,          span - 1,         span,
        span + 1,      5 * span,  5 * span, 5 * span, recent, recent + 1, recent + span - 1};
    auto& db = book.store.db();
    std::vector<std::int64_t> ids;
    for (auto t : times) {
        auto id = deal("At " + std::to_string(t)).id;
        db.exec("UPDATE deals SET stage_entered_at = " + std::to_string(t) +
                " WHERE id = " + std::to_string(id));
        ids.push_back(id);
    }
    // One closed deal and one in another stage, neither counted in Prospecting.
    ok(lose_deal(book, ids[4], "price"));
    ok(move_deal(book, ids[9], "Meeting"));
    db.exec("UPDATE deals SET stage_entered_at = " + std::to_string(5 * span) +
            " WHERE id = " + std::to_string(ids[9]));
    CHECK(problems(book).empty());
    REQUIRE(counted(db, "SELECT count(*) FROM stage_entries WHERE stage = 'Prospecting'") > 5);
    std::vector<std::int64_t> cutoffs = {std::numeric_limits<std::int32_t>::min(), 1'800'000'000};
    for (auto t : times)
        for (auto d : {-1, 0, 1}) cutoffs.push_back(t + d);
    for (const char* stage : {"Prospecting", "Meeting", "Proposal"})
        for (auto c : cutoffs) {
            CAPTURE(stage);
            CAPTURE(c);
            auto got = detail::count_cutoff(book.store, "sales", stage, detail::entered_cutoff, c);
            CHECK(got.before == stuck_by_rows(db, stage, c));
            CHECK(got.in_stage ==
                  stuck_by_rows(db, stage, std::numeric_limits<std::int64_t>::max()));
        }
    // In a scope the kept table is a view of the scope's deals: the same counts.
    DealFilter all_sales;
    all_sales.pipeline = "sales";
    auto scope = ok(detail::DealScope::open(book, all_sales));
    CHECK(detail::in_scope());
    for (auto c : cutoffs)
        CHECK(detail::count_cutoff(book.store, "sales", "Prospecting", detail::entered_cutoff, c)
                  .before == stuck_by_rows(db, "Prospecting", c));
}

TEST_CASE_FIXTURE(BookFixture, "stage entries and next-step totals equal their rebuild through a "
                               "deal's life") {
    auto& db = book.store.db();
    auto without_step = [&] {
        return counted(db, "SELECT count(*) FROM deals WHERE status = 'open' AND next_step = ''");
    };
    auto check_all = [&](const char* when) {
        CAPTURE(when);
        CHECK(problems(book).empty());
        CHECK(detail::open_without_next_step(book.store) == without_step());
        CHECK(counted(db, "SELECT coalesce(sum(deals), 0) FROM stage_entries") ==
              counted(db, "SELECT count(*) FROM deals WHERE status = 'open'"));
    };
    auto a = deal("Alpha").id;
    auto b = deal("Beta").id;
    auto c = deal("Gamma").id;
    check_all("three deals, no next step");
    ok(set_next_step(book, a, "Send the proposal", "2026-03-05"));
    ok(set_next_step(book, b, "Call back", std::nullopt));
    CHECK(counted(db, "SELECT deals FROM step_totals WHERE status = 'open'") == 2);
    check_all("two next steps");
    clock.set(at("2026-03-04T09:00:00Z"));
    ok(move_deal(book, a, "Proposal"));
    CHECK(counted(db, "SELECT count(*) FROM stage_entries WHERE stage = 'Proposal'") == 1);
    check_all("a move: a new stage, a new entry time");
    ok(complete_next_step(book, b));
    check_all("a next step done");
    ok(lose_deal(book, a, "price"));
    CHECK(counted(db, "SELECT count(*) FROM stage_entries WHERE stage = 'Proposal'") == 0);
    check_all("lost (its plans cancelled)");
    ok(reopen_deal(book, a, std::nullopt));
    check_all("reopened");
    ok(set_next_step(book, a, "Ask again", std::nullopt));
    ok(win_deal(book, a, std::nullopt, std::nullopt));
    check_all("won");
    ok(remove_deal(book, b));
    check_all("removed");
    ok(restore_deal(book, b));
    check_all("restored");
    ok(undo_last_change(book));
    ok(undo_last_change(book));
    check_all("two undos");
    ok(redo_change(book));
    check_all("a redo");
    ok(set_next_step(book, c, "Book the demo", "2026-03-09"));
    REQUIRE(counted(db, "SELECT deals FROM step_totals WHERE status = 'open'") == 1);
    check_all("a next step again");
    db.exec("UPDATE stage_entries SET deals = deals + 1");
    db.exec("DELETE FROM step_totals");
    auto found = problems(book);
    REQUIRE(found.size() == 2);
    CHECK(found[0].find("stage_entries") != std::string::npos);
    CHECK(found[1].find("step_totals") != std::string::npos);
    ok(fix_book(book));
    check_all("damaged and fixed");
}
