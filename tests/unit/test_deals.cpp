#include "fixture.hpp"

#include "pipe/flow.hpp"
#include "render/command_line.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

using namespace crm;
using namespace crm::test;

TEST_CASE_FIXTURE(BookFixture, "a new deal starts in the first open stage with an exact value") {
    auto d = deal("Acme rollout", "12,500.50");
    CHECK(d.id == 1);
    CHECK(d.stage == "Prospecting");
    CHECK(d.status == DealStatus::open);
    CHECK(d.value.minor == 1250050);
    CHECK(d.value.currency == "EUR");
    auto events = deal_events(store, d.id);
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == "created");
    CHECK(events[0].to == "Prospecting");
    CHECK(events[0].at == clock.now());
}

TEST_CASE_FIXTURE(BookFixture, "a stage is matched case-insensitively and by unique prefix") {
    auto d = deal("A");
    CHECK(ok(move_deal(book, d.id, "nego")).stage == "Negotiation");
    CHECK(ok(move_deal(book, d.id, "MEETING")).stage == "Meeting");
    auto unknown = move_deal(book, d.id, "Nowhere");
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().what == "no stage \"Nowhere\" in pipeline \"sales\"");
    CHECK(unknown.error().hint.find("Prospecting, Qualification") != std::string::npos);
}

TEST_CASE_FIXTURE(BookFixture, "an ambiguous prefix is refused and names the candidates") {
    stages.pipelines[0].stages[2].name = "Proof";
    auto d = deal("A");
    auto r = move_deal(book, d.id, "pro");
    REQUIRE_FALSE(r);
    CHECK(r.error().hint.find("Prospecting, Proof, Proposal") != std::string::npos);
}

TEST_CASE_FIXTURE(BookFixture, "moving into the won stage closes the deal") {
    auto d = deal("A");
    clock.set(at("2026-03-05T10:00:00Z"));
    auto won = ok(move_deal(book, d.id, "Won"));
    CHECK(won.status == DealStatus::won);
    REQUIRE(won.closed_at.has_value());
    CHECK(*won.closed_at == at("2026-03-05T10:00:00Z"));
    auto events = deal_events(store, d.id);
    CHECK(events.back().kind == "won");
    CHECK(events.back().from == "Prospecting");
}

TEST_CASE_FIXTURE(BookFixture, "losing a deal needs a reason and records it") {
    auto d = deal("A");
    CHECK_FALSE(lose_deal(book, d.id, "  "));
    CHECK_FALSE(move_deal(book, d.id, "Lost"));
    CHECK(ok(get_deal(book, d.id)).status == DealStatus::open);
    auto lost = ok(lose_deal(book, d.id, "price"));
    CHECK(lost.status == DealStatus::lost);
    CHECK(lost.lost_reason == "price");
    CHECK(deal_events(store, d.id).back().detail == "price");
}

TEST_CASE_FIXTURE(BookFixture, "reopening returns a deal to the stage it closed from") {
    auto d = deal("A");
    ok(move_deal(book, d.id, "Proposal"));
    ok(lose_deal(book, d.id, "timing"));
    auto reopened = ok(reopen_deal(book, d.id, std::nullopt));
    CHECK(reopened.stage == "Proposal");
    CHECK(reopened.status == DealStatus::open);
    CHECK_FALSE(reopened.closed_at.has_value());
    CHECK(reopened.lost_reason.empty());
    CHECK(deal_events(store, d.id).back().kind == "reopened");
}

TEST_CASE_FIXTURE(BookFixture, "winning with a final value records the value change") {
    clock.set(at("2026-02-20T09:00:00Z"));
    auto d = deal("A", "1000");
    clock.set(at("2026-03-02T09:00:00Z"));
    auto won = ok(win_deal(book, d.id, std::string("1.5k"), std::string("2026-02-27")));
    CHECK(won.value.minor == 150000);
    CHECK(*won.closed_at == at("2026-02-27T12:00:00Z"));
    auto events = deal_events(store, d.id);
    CHECK(events[1].kind == "value");
    CHECK(events[1].from == "100000");
    CHECK(events[1].to == "150000");
    CHECK_FALSE(win_deal(book, d.id, std::nullopt, std::nullopt));
    auto future = win_deal(book, deal("B").id, std::nullopt, std::string("2026-04-01"));
    CHECK_FALSE(future);
}

TEST_CASE_FIXTURE(BookFixture, "editing the close date later counts a push") {
    DealFields f;
    f.set("title", "A");
    f.set("expected_close", "2026-03-10");
    auto d = ok(add_deal(book, f));
    DealFields later;
    later.set("expected_close", "2026-03-20");
    CHECK(ok(edit_deal(book, d.id, later)).close_pushes == 1);
    later.set("expected_close", "2026-03-15");
    CHECK(ok(edit_deal(book, d.id, later)).close_pushes == 1);
    later.set("expected_close", "eom");
    CHECK(ok(edit_deal(book, d.id, later)).close_pushes == 2);
    CHECK(deal_events(store, d.id).back().kind == "close_date");
}

TEST_CASE_FIXTURE(BookFixture, "bad input changes nothing") {
    auto d = deal("A", "1000");
    DealFields bad;
    bad.set("value", "12x");
    auto r = edit_deal(book, d.id, bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().what.find("12x") != std::string::npos);
    bad = {};
    bad.set("probability", "140");
    CHECK_FALSE(edit_deal(book, d.id, bad));
    bad = {};
    bad.set("expected_close", "someday");
    CHECK_FALSE(edit_deal(book, d.id, bad));
    CHECK(deal_events(store, d.id).size() == 1);
    CHECK(ok(get_deal(book, d.id)).value.minor == 100000);
    auto missing = get_deal(book, 99);
    REQUIRE_FALSE(missing);
    CHECK(render::error_text(missing.error()) == "deal 99 not found (pipe deal list --status all)");
}

TEST_CASE_FIXTURE(BookFixture, "a list totals every match, not only the page") {
    deal("A", "1000");
    deal("B", "2000");
    auto c = deal("C", "3000");
    ok(move_deal(book, c.id, "Negotiation"));
    DealQuery q;
    q.limit = 1;
    auto list = ok(list_deals(book, q));
    CHECK(list.deals.size() == 1);
    CHECK(list.total_count == 3);
    REQUIRE(list.totals.size() == 1);
    CHECK(list.totals[0].value == 600000);
    CHECK(list.totals[0].weighted == 10000 + 20000 + 240000);
}

TEST_CASE_FIXTURE(BookFixture, "a list of every status totals each status apart") {
    deal("Open", "1000");
    auto won = deal("Won", "2000");
    ok(win_deal(book, won.id, std::nullopt, std::nullopt));
    auto lost = deal("Lost", "300");
    ok(lose_deal(book, lost.id, "price"));
    DealQuery q;
    q.status = "all";
    auto list = ok(list_deals(book, q));
    CHECK(list.total_count == 3);
    REQUIRE(list.totals.size() == 3);
    CHECK(list.totals[0].status == "open");
    CHECK(list.totals[0].deals == 1);
    CHECK(list.totals[0].value == 100000);
    CHECK(list.totals[0].weighted == 10000);
    CHECK(list.totals[1].status == "won");
    CHECK(list.totals[1].value == 200000);
    CHECK(list.totals[1].weighted == 0);
    CHECK(list.totals[2].status == "lost");
    CHECK(list.totals[2].deals == 1);
    CHECK(list.totals[2].value == 30000);
}

TEST_CASE_FIXTURE(BookFixture, "lists filter by stage, tag, status and close date") {
    DealFields f;
    f.set("title", "Tagged");
    f.set("tags", "big;q1");
    f.set("expected_close", "2026-03-10");
    ok(add_deal(book, f));
    auto other = deal("Other");
    ok(lose_deal(book, other.id, "price"));
    DealQuery q;
    q.tag = "q1";
    CHECK(ok(list_deals(book, q)).deals.size() == 1);
    q = {};
    q.status = "lost";
    CHECK(ok(list_deals(book, q)).deals.at(0).title == "Other");
    q = {};
    q.closing_before = "2026-03-09";
    CHECK(ok(list_deals(book, q)).deals.empty());
    q.closing_before = "eom";
    CHECK(ok(list_deals(book, q)).deals.size() == 1);
    q = {};
    q.stage = "qual";
    CHECK(ok(list_deals(book, q)).deals.empty());
}

TEST_CASE_FIXTURE(BookFixture, "a deal is rotting when untouched longer than its stage allows") {
    stages.pipelines[0].stages[0].rot_days = 5;
    auto d = deal("Quiet");
    DealQuery q;
    q.rotting = true;
    clock.set(at("2026-03-06T09:00:00Z"));
    CHECK(ok(list_deals(book, q)).deals.empty());
    clock.set(at("2026-03-08T09:00:00Z"));
    CHECK(ok(list_deals(book, q)).deals.size() == 1);
    ok(set_next_step(book, d.id, "Call", std::nullopt));
    CHECK(ok(list_deals(book, q)).deals.empty());
}

TEST_CASE_FIXTURE(BookFixture, "next steps are set and completed as a task") {
    auto d = deal("A");
    auto set = ok(set_next_step(book, d.id, "Send proposal", std::string("fri")));
    CHECK(set.next_step == "Send proposal");
    CHECK(format_date(*set.next_step_due) == "2026-03-06");
    auto done = ok(complete_next_step(book, d.id));
    CHECK(done.next_step.empty());
    CHECK(store.db()
              .execAndGet("SELECT count(*) FROM activities WHERE kind='task' AND done=1")
              .getInt() == 1);
    CHECK_FALSE(complete_next_step(book, d.id));
}

TEST_CASE_FIXTURE(BookFixture,
                  "a stage the file no longer defines is reported and can be renamed") {
    auto d = deal("A");
    ok(move_deal(book, d.id, "Meeting"));
    stages.pipelines[0].stages[2].name = "Demo";
    auto orphans = ok(deals_in_undefined_stages(book));
    REQUIRE(orphans.size() == 1);
    CHECK(orphans[0].stage == "Meeting");
    CHECK(ok(rename_stage(book, "meeting", "Demo"))[0].deals == 1);
    CHECK(ok(get_deal(book, d.id)).stage == "Demo");
    CHECK(ok(deals_in_undefined_stages(book)).empty());
    CHECK(deal_events(store, d.id).back().to == "Demo");
}

TEST_CASE_FIXTURE(BookFixture, "removing a deal removes its history") {
    auto d = deal("A");
    ok(remove_deal(book, d.id));
    CHECK_FALSE(get_deal(book, d.id));
    CHECK(deal_events(store, d.id).empty());
}

TEST_CASE_FIXTURE(BookFixture, "a deal is stuck after twice the median time in its stage") {
    for (int i = 0; i < 5; ++i) {
        clock.set(at("2026-03-02T09:00:00Z"));
        auto d = deal("Past " + std::to_string(i));
        clock.set(at("2026-03-04T09:00:00Z"));
        ok(move_deal(book, d.id, "Qualification"));
    }
    clock.set(at("2026-03-02T09:00:00Z"));
    auto slow = deal("Slow");
    clock.set(at("2026-03-06T08:00:00Z"));
    CHECK(ok(stuck_deal_ids(book)).empty());
    clock.set(at("2026-03-06T10:00:00Z"));
    CHECK(ok(stuck_deal_ids(book)) == std::vector<std::int64_t>{slow.id});
}

TEST_CASE_FIXTURE(BookFixture, "running totals agree with the deals after every kind of change") {
    auto a = deal("A", "1000");
    auto b = deal("B", "2000");
    auto c = deal("C", "3000");
    ok(move_deal(book, a.id, "Proposal"));
    ok(win_deal(book, b.id, std::string("2500"), std::nullopt));
    DealFields f;
    f.set("probability", "35");
    f.set("value", "4000");
    ok(edit_deal(book, c.id, f));
    ok(lose_deal(book, a.id, "price"));
    ok(reopen_deal(book, a.id, std::nullopt));
    ok(remove_deal(book, b.id));
    auto listing = [&](const std::string& p, const std::string& n, const std::string& v,
                       const std::string& from) {
        return store.db()
            .execAndGet("SELECT group_concat(k, ' ') FROM (SELECT pipeline || '/' || stage || '/' "
                        "|| status || '/' || "
                        "currency || '/' || " +
                        p + " || '=' || " + n + " || ':' || " + v + " AS k FROM " + from +
                        " ORDER BY k)")
            .getString();
    };
    auto from_totals = listing("probability", "deals", "value", "deal_totals");
    auto from_deals = listing("coalesce(probability, -1)", "count(*)", "sum(value)",
                              "deals GROUP BY pipeline, stage, status, currency, probability");
    CHECK(from_totals == from_deals);
    CHECK(from_totals ==
          "sales/Proposal/open/EUR/-1=1:100000 sales/Prospecting/open/EUR/35=1:400000");
}

TEST_CASE_FIXTURE(BookFixture,
                  "time in stage counts each exit from when the deal entered that stage") {
    clock.set(at("2026-03-01T00:00:00Z"));
    auto d = deal("A");
    clock.set(at("2026-03-02T00:00:00Z"));
    ok(move_deal(book, d.id, "Meeting"));
    clock.set(at("2026-03-04T00:00:00Z"));
    ok(move_deal(book, d.id, "Prospecting"));
    clock.set(at("2026-03-05T00:00:00Z"));
    ok(move_deal(book, d.id, "Won"));
    clock.set(at("2026-03-06T00:00:00Z"));
    ok(reopen_deal(book, d.id, std::string("Prospecting")));
    clock.set(at("2026-03-06T12:00:00Z"));
    ok(lose_deal(book, d.id, "price"));
    auto times = ok(stage_times(book));
    CHECK(times[{"sales", "Prospecting"}].days == std::vector<double>{1.0, 1.0, 0.5});
    CHECK(times[{"sales", "Meeting"}].days == std::vector<double>{2.0});
    CHECK(times.count({"sales", "Qualification"}) == 0);
    auto window = ok(stage_times(book, at("2026-03-03T00:00:00Z"), at("2026-03-05T00:00:00Z")));
    CHECK(window[{"sales", "Meeting"}].days.size() == 1);
    CHECK(window.count({"sales", "Prospecting"}) == 0);
    ok(remove_deal(book, d.id));
    CHECK(ok(stage_times(book)).empty());
}
