// The derived tables (deal_totals, stage_exits, closes, stage_reach, plan_days, stage_entries,
// step_totals) equal their rebuild from rows, events and plans after every scenario; pipe doctor
// finds each one broken and --fix repairs it; the stage-exit rule does not depend on the order
// events arrive in.

#include "doctor_findings.hpp"
#include "pipe/io/import.hpp"
#include "pipe/journal.hpp"
#include "pipe/plans.hpp"
#include "pipe/trash.hpp"
#include "scenario.hpp"
#include "stage_exits.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <doctest/doctest.h>
#include <random>
#include <sstream>

using namespace crm;
using namespace crm::test;

namespace {

void import_csv(Book& book, const std::string& text, io::RecordType type) {
    std::istringstream in(text);
    auto reader = ok(io::open_reader(in, io::Format::csv, "t.csv"));
    io::ImportOptions o;
    o.type = type;
    o.source = "t.csv";
    auto report = ok(io::import_records(book, *reader, o));
    REQUIRE(report.errors.empty());
}

} // namespace

TEST_CASE_FIXTURE(Scenario, "after the scripted history every derived table equals its rebuild") {
    CHECK(problems(book).empty());
    SUBCASE("and after a history imported out of order, edits, removals and restores") {
        import_csv(book,
                   "external_id,title,stage,value,created_at,closed_at\n"
                   "H1,History,Won,500,2026-01-01,2026-02-15\n",
                   io::RecordType::deals);
        import_csv(book,
                   "external_id,stage,at\nH1,Proposal,2026-02-01\nH1,Prospecting,2026-01-01\n"
                   "H1,Meeting,2026-01-20\nH1,Won,2026-02-15\n",
                   io::RecordType::events);
        DealFields f;
        f.set("currency", "USD").set("value", "700");
        ok(edit_deal(book, 1, f));
        ok(remove_deal(book, 4));
        ok(restore_deal(book, 4));
        ok(remove_deal(book, 6));
        CHECK(problems(book).empty());
        auto exits = book.store.db()
                         .execAndGet("SELECT group_concat(stage || '>' || to_stage, ' ') FROM "
                                     "(SELECT * FROM stage_exits WHERE deal_id = 13 ORDER BY "
                                     "left_at)")
                         .getString();
        CHECK(exits == "Prospecting>Meeting Meeting>Proposal Proposal>Won");
    }
}

TEST_CASE_FIXTURE(Scenario, "pipe doctor finds each derived table broken, and --fix repairs it") {
    auto& db = book.store.db();
    const char* damage[] = {
        "UPDATE deal_totals SET deals = deals + 1 WHERE status = 'won'",
        "DELETE FROM stage_exits WHERE deal_id = 1",
        "UPDATE closes SET value = value + 1",
        "DELETE FROM stage_reach WHERE status = 'won'",
    };
    const char* table[] = {"deal_totals", "stage_exits", "closes", "stage_reach"};
    for (int i = 0; i < 4; ++i) {
        CAPTURE(table[i]);
        db.exec(damage[i]);
        auto found = problems(book);
        REQUIRE(found.size() >= 1);
        CHECK(found.front().find(table[i]) != std::string::npos);
        auto fixed = ok(fix_book(book));
        CHECK(fixed.findings.empty());
        CHECK(fixed.repaired > 0);
    }
}

TEST_CASE("the stage-exit rule gives the same exits whatever order the events come in") {
    auto ev = [](std::int64_t id, const char* t, const char* kind, std::optional<std::string> from,
                 std::string to) {
        Event e;
        e.id = id;
        e.deal_id = 1;
        e.at = at(t);
        e.kind = kind;
        e.from = std::move(from);
        e.to = std::move(to);
        return e;
    };
    std::vector<Event> events = {
        ev(1, "2026-01-01T09:00:00Z", "created", std::nullopt, "Prospecting"),
        ev(2, "2026-01-05T09:00:00Z", "stage", "Prospecting", "Meeting"),
        ev(3, "2026-01-05T09:00:00Z", "stage", "Meeting", "Proposal"), // same instant: id order
        ev(4, "2026-01-10T09:00:00Z", "lost", "Proposal", "Lost"),
        ev(5, "2026-01-12T09:00:00Z", "reopened", "Lost", "Proposal"),
        ev(6, "2026-01-20T09:00:00Z", "won", "Proposal", "Won"),
        ev(7, "2026-01-21T09:00:00Z", "value", "1", "2"), // not a stage event
    };
    auto expected = detail::exits_of(1, "sales", events);
    REQUIRE(expected.size() == 4);
    CHECK(expected[0].stage == "Prospecting");
    CHECK(expected[1].stage == "Meeting");
    CHECK(expected[2].stage == "Proposal");
    CHECK(expected[3].to_stage == "Won");
    std::mt19937 shuffle(7);
    for (int round = 0; round < 20; ++round) {
        std::ranges::shuffle(events, shuffle);
        auto got = detail::exits_of(1, "sales", events);
        REQUIRE(got.size() == expected.size());
        for (std::size_t i = 0; i < got.size(); ++i) {
            CHECK(got[i].stage == expected[i].stage);
            CHECK(got[i].to_stage == expected[i].to_stage);
            CHECK(got[i].entered_at == expected[i].entered_at);
            CHECK(got[i].left_at == expected[i].left_at);
        }
    }
}

TEST_CASE_FIXTURE(Scenario, "the open plans per day equal their rebuild through a plan's life") {
    auto& db = book.store.db();
    auto counted = [&] {
        return db.execAndGet("SELECT coalesce(sum(plans), 0) FROM plan_days").getInt64();
    };
    auto open_dated = [&] {
        return db
            .execAndGet("SELECT count(*) FROM activities WHERE done = 0 AND cancelled_at IS NULL "
                        "AND due IS NOT NULL")
            .getInt64();
    };
    DealFields f;
    f.set("title", "Plans").set("value", "100");
    auto deal = ok(add_deal(book, f)).id;
    Subject on{Subject::Kind::deal, deal};
    auto call = ok(plan_activity(book, on, PlanInput{"call", "Call", "2026-03-10", {}, {}})).id;
    auto mail = ok(plan_activity(book, on, PlanInput{"email", "Mail", "2026-03-10", {}, {}})).id;
    ok(plan_activity(book, on, PlanInput{"task", "Undated", std::nullopt, {}, {}}));
    auto meet = ok(plan_activity(book, on, PlanInput{"meeting", "Meet", "2026-03-12", {}, {}})).id;
    auto before = open_dated();
    CHECK(counted() == before);
    CHECK(problems(book).empty());
    ok(snooze_task(book, call, "2026-03-12")); // onto a day that has a plan already
    CHECK(db.execAndGet("SELECT plans FROM plan_days WHERE due = '2026-03-10'").getInt64() == 1);
    CHECK(db.execAndGet("SELECT plans FROM plan_days WHERE due = '2026-03-12'").getInt64() == 2);
    CHECK(problems(book).empty());
    ok(complete_task(book, mail));
    CHECK(db.execAndGet("SELECT count(*) FROM plan_days WHERE due = '2026-03-10'").getInt() == 0);
    ok(remove_task(book, meet));
    CHECK(counted() == open_dated());
    CHECK(problems(book).empty());
    ok(undo_last_change(book));
    ok(undo_last_change(book));
    CHECK(counted() == open_dated());
    ok(redo_change(book));
    CHECK(counted() == open_dated());
    ok(remove_deal(book, deal));
    CHECK(counted() == open_dated());
    ok(restore_deal(book, deal));
    CHECK(counted() == open_dated());
    db.exec("INSERT INTO plan_days VALUES ('2030-01-01', 1)");
    auto found = problems(book);
    REQUIRE(found.size() == 1);
    CHECK(found.front().find("plan_days") != std::string::npos);
    ok(fix_book(book));
    CHECK(problems(book).empty());
    auto open = open_dated();
    ok(lose_deal(book, deal, "price")); // a lost deal's plans are cancelled
    CHECK(open_dated() < open);
    CHECK(counted() == open_dated());
    CHECK(problems(book).empty());
}
