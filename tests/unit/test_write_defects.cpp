// Defects of the write side, each with the test that failed before its fix.

#include "pipe/activities.hpp"
#include "pipe/agenda.hpp"
#include "pipe/io/import.hpp"
#include "pipe/review.hpp"
#include "render/records.hpp"
#include "scenario.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>
#include <sstream>

using namespace crm;
using namespace crm::test;

namespace {

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

} // namespace

TEST_CASE_FIXTURE(BookFixture, "a re-import adds unknown columns to the notes, never replacing "
                               "what the user wrote") {
    import_csv(book, "external_id,title,Region\nR1,Acme,North\n", io::RecordType::deals);
    auto id = ok(get_deal(book, 1)).id;
    DealFields f;
    f.set("notes", "Region: North\nCall the CFO first");
    ok(edit_deal(book, id, f));
    auto again =
        import_csv(book, "external_id,title,Region\nR1,Acme,North\n", io::RecordType::deals);
    CHECK(again.unchanged == 1);
    CHECK(ok(get_deal(book, id)).notes == "Region: North\nCall the CFO first");
    import_csv(book, "external_id,title,Region\nR1,Acme,South\n", io::RecordType::deals);
    CHECK(ok(get_deal(book, id)).notes == "Region: North\nCall the CFO first\nRegion: South");
}

TEST_CASE_FIXTURE(BookFixture, "undoing a leads import never leaves a deal linked to a reused id") {
    import_csv(book, "external_id,name\nL1,Ada\nL2,Bob\n", io::RecordType::leads);
    DealFields d;
    d.set("value", "1k");
    auto converted = ok(convert_lead(book, 2, d));
    auto undone = ok(io::undo_batch(book, std::nullopt));
    CHECK(undone.removed == 1); // Ada
    REQUIRE(undone.left.size() == 1);
    CHECK(undone.left[0].id == 2); // Bob was converted since: left as he is
    auto next = ok(add_lead(book, LeadFields{}.set("name", "Cy")));
    CHECK(next.id == 3);
    CHECK(ok(get_deal(book, converted.deal.id)).lead_id == 2);
    CHECK(ok(get_lead(book, 2)).deal_id == converted.deal.id);
}

TEST_CASE_FIXTURE(Scenario, "the review counts won and lost deals of every currency") {
    // D12 (USD, deal 9) won this week beside the EUR deals.
    when("2026-03-05T09:00:00Z");
    ok(win_deal(book, 9, std::nullopt, std::nullopt));
    when("2026-03-06T12:00:00Z");
    auto r = ok(build_review(book, ReviewOptions{}));
    CHECK(r.current.won == 2);  // D1 (EUR) and D12 (USD)
    CHECK(r.current.lost == 3); // D2, D6, D10
    CHECK(*r.current.win_rate == doctest::Approx(2.0 / 5.0));
    CHECK(r.current.won_value == 100000); // EUR only
    REQUIRE(r.current.other_currencies.size() == 1);
    CHECK(r.current.other_currencies[0].currency == "USD");
    CHECK(r.current.other_currencies[0].won == 1);
    CHECK(r.current.other_currencies[0].won_value == 120000);
}

TEST_CASE_FIXTURE(BookFixture, "a move's note is kept and shown in the history") {
    auto d = deal("Noted");
    ok(move_deal(book, d.id, "Meeting", "demo went well"));
    auto last = deal_events(store, d.id).back();
    CHECK(last.detail == "demo went well");
    CHECK(render::describe_event(last, "EUR") == "Prospecting → Meeting · demo went well");
}

TEST_CASE_FIXTURE(BookFixture, "a closed deal keeps no next step, and reopening brings none back") {
    auto d = deal("Closing");
    ok(set_next_step(book, d.id, "Send contract", std::string("2026-03-01")));
    auto won = ok(win_deal(book, d.id, std::nullopt, std::nullopt));
    CHECK(won.next_step.empty());
    CHECK_FALSE(won.next_step_due);
    CHECK(deal_events(store, d.id).at(2).kind == "next_step_cleared");
    auto reopened = ok(reopen_deal(book, d.id, std::nullopt));
    CHECK(reopened.next_step.empty());
    auto agenda = ok(build_agenda(book));
    for (const auto& g : agenda.groups)
        if (g.key == "overdue") CHECK(g.total == 0);
}
