// The weekly review on a scripted book: every expected figure is worked out by hand from the
// script in scenario.hpp (the arithmetic is in the comments).

#include "pipe/review.hpp"
#include "render/command_line.hpp"
#include "scenario.hpp"

#include <doctest/doctest.h>

using namespace crm;
using namespace crm::test;
using doctest::Approx;

namespace {

const FunnelStage& stage(const Review& r, const std::string& name) {
    for (const auto& f : r.funnel)
        if (f.stage == name) return f;
    FAIL("no stage " << name);
    return r.funnel.front();
}

} // namespace

TEST_CASE("ISO weeks start on Monday and are numbered by their Thursday") {
    CHECK(iso_week(*parse_iso_date("2026-03-02")) == 10);
    CHECK(iso_week(*parse_iso_date("2026-03-08")) == 10);
    CHECK(iso_week(*parse_iso_date("2026-01-01")) == 1);
    CHECK(iso_week(*parse_iso_date("2021-01-03")) == 53);
    CHECK(week_start(*parse_iso_date("2026-03-06")) == *parse_iso_date("2026-03-02"));
}

TEST_CASE("review of the current week: closes, win rate, cycle, new deals, open value") {
    Scenario s;
    auto r = ok(build_review(s.book, {}));
    CHECK(r.kind == "week");
    CHECK(*r.week == 10);
    CHECK(*r.previous_week == 9);
    const auto& c = r.current;
    // Won: D1 (1,000). D4 was reopened this week, so its win last week does not count here.
    CHECK(c.won == 1);
    CHECK(c.won_value == 100000);
    // Lost: D2 2,000 (price), D6 6,000 (timing), D10 10,000 (price).
    CHECK(c.lost == 3);
    CHECK(c.lost_value == 1800000);
    CHECK(*c.win_rate == Approx(0.25));                 // 1 ÷ 4
    CHECK(*c.win_rate_value == Approx(1000.0 / 19000)); // 1,000 ÷ 19,000
    CHECK(*c.cycle_mean_days == Approx(57));            // 5 Jan 09:00 → 3 Mar 09:00
    CHECK(*c.cycle_median_days == Approx(57));
    // New: D5 5,000, D8 8,000, D11 1,100 when created (raised to 1,500 later).
    CHECK(c.new_deals == 3);
    CHECK(c.new_value == 1410000);
    // Open now: D3 3,000 P, D4 4,000 M, D5 5,000 N, D8 8,000 Pr (50%), D11 1,500 P.
    CHECK(c.open_deals == 5);
    CHECK(c.open_value == 2150000);
    CHECK(c.weighted == 45000 + 160000 + 400000 + 400000); // 10% · 40% · 80% · override 50%
    REQUIRE(c.lost_reasons.size() == 2);
    CHECK(c.lost_reasons[0].reason == "price");
    CHECK(c.lost_reasons[0].deals == 2);
    CHECK(c.lost_reasons[0].value == 1200000);
    CHECK(c.lost_reasons[1].reason == "timing");
    // Velocity, trailing 90 days: won D9 9,000 (50 d), D7 7,000 (5 d), D1 1,000 (57 d); lost 3
    // → 5 open × 17,000/3 × 0.5 ÷ (112/3) = 379.46 €/day.
    CHECK(*c.velocity == Approx(5.0 * 1700000 * 0.5 / 112));
    CHECK(r.other_currency_deals == 1); // D12 in USD
    CHECK(c.activity.calls == 0);
    CHECK_FALSE(c.activity.lead_response_hours.has_value());
}

TEST_CASE("review: the previous week, with a win that was reopened later") {
    Scenario s;
    const auto& p = ok(build_review(s.book, {})).previous;
    // Won last week: D4 4,000 (11 days) and D7 7,000 (5 days); nothing lost.
    CHECK(p.won == 2);
    CHECK(p.won_value == 1100000);
    CHECK(p.lost == 0);
    CHECK(*p.win_rate == Approx(1));
    CHECK(*p.cycle_mean_days == Approx(8));
    CHECK(*p.cycle_median_days == Approx(8));
    CHECK(p.new_deals == 1); // D7
    // Open at the end of Sunday 1 March: D1 M, D2 Pr, D3 Q, D6 P, D10 P.
    CHECK(p.open_deals == 5);
    CHECK(p.open_value == 2200000);
    CHECK(p.weighted == 40000 + 120000 + 60000 + 60000 + 100000);
    // Velocity: won D9, D4, D7 (20,000 / 3 on average, 22 days), no losses:
    // 5 × 20,000/3 × 1 ÷ 22 = 1,515.15 €/day.
    CHECK(*p.velocity == Approx(5.0 * 2000000 / 3 / 22));
}

TEST_CASE("review funnel: conversion and time in stage over the week's exits") {
    Scenario s;
    auto r = ok(build_review(s.book, {}));
    // Prospecting: D6 lost (52 d), D10 → Qualification (12 d), D5 → Negotiation (3 d, skipping).
    const auto& pr = stage(r, "Prospecting");
    CHECK(pr.exits == 3);
    CHECK(pr.forward == 2);
    CHECK(*pr.conversion == Approx(2.0 / 3));
    CHECK(*pr.median_days == Approx(12));
    CHECK(*pr.mean_days == Approx(67.0 / 3));
    CHECK(pr.deals == 2); // D3, D11
    CHECK(pr.value == 450000);
    CHECK(pr.weighted == 45000);
    // Qualification: D3 moved back (14 d), D10 lost (1.125 d): nothing forward. D5's skip is
    // not an entry, so it is no exit either.
    const auto& q = stage(r, "Qualification");
    CHECK(q.exits == 2);
    CHECK(q.forward == 0);
    CHECK(*q.conversion == Approx(0));
    CHECK(*q.median_days == Approx((14 + 1.125) / 2));
    CHECK(q.deals == 0);
    const auto& m = stage(r, "Meeting");
    CHECK(m.exits == 1); // D1 won after 27 days
    CHECK(*m.conversion == Approx(1));
    CHECK(*m.median_days == Approx(27));
    CHECK(m.deals == 1); // D4, reopened
    const auto& p = stage(r, "Proposal");
    CHECK(*p.conversion == Approx(0)); // D2 lost
    CHECK(*p.median_days == Approx(20));
    CHECK(p.weighted == 400000); // D8's override, 50%
    const auto& n = stage(r, "Negotiation");
    CHECK(n.exits == 0);
    CHECK_FALSE(n.conversion.has_value());
    CHECK_FALSE(n.median_days.has_value());
    CHECK(n.deals == 1);
}

TEST_CASE("review --as-of replays the book to the end of that day") {
    Scenario s;
    ReviewOptions o;
    o.as_of = "2026-03-01";
    auto r = ok(build_review(s.book, o));
    CHECK(r.as_of);
    CHECK(*r.week == 9);
    CHECK(r.current.won == 2);
    CHECK(r.current.won_value == 1100000);
    CHECK(r.current.open_deals == 5);
    CHECK(r.current.open_value == 2200000);
    CHECK(r.current.weighted == 380000);
    CHECK_FALSE(r.hygiene.has_value());
    CHECK(stage(r, "Prospecting").deals == 2); // D6, D10
    CHECK(stage(r, "Prospecting").value == 1600000);
    CHECK(stage(r, "Qualification").deals == 1); // D3, before it moved back
    CHECK(stage(r, "Meeting").value == 100000);  // D1, before it was won
    CHECK(stage(r, "Proposal").value == 200000); // D2, before it was lost
    // Week 9 exits: D4 P→M (10 d), D7 P→N (2 d), D4 M→won (1 d), D7 N→won (3 d).
    CHECK(*stage(r, "Prospecting").conversion == Approx(1));
    CHECK(*stage(r, "Prospecting").median_days == Approx(6));
    CHECK_FALSE(stage(r, "Qualification").conversion.has_value()); // skipped, never entered
    CHECK(*stage(r, "Negotiation").median_days == Approx(3));

    // Wednesday 4 March: D11 still worth 1,100, D4 reopened, D2 lost, D6 and D10 still open.
    o.as_of = "2026-03-04";
    auto w = ok(build_review(s.book, o));
    CHECK(w.current.open_deals == 7);
    CHECK(w.current.open_value == 3710000);
    CHECK(w.current.weighted == 911000);
}

TEST_CASE("review hygiene flags open deals with the command that fixes each") {
    Scenario s;
    auto r = ok(build_review(s.book, {}));
    REQUIRE(r.hygiene.has_value());
    auto count = [&](const std::string& key) {
        for (const auto& c : r.hygiene->counts)
            if (c.key == key) return c.deals;
        return std::int64_t{-1};
    };
    CHECK(count("no_next_step") == 6); // every open deal, the USD one too
    CHECK(count("close_date_passed") == 1);
    CHECK(count("next_step_overdue") == 0);
    const HygieneItem* d3 = nullptr;
    for (const auto& item : r.hygiene->items)
        if (item.id == 3) d3 = &item;
    REQUIRE(d3 != nullptr);
    REQUIRE(d3->flags.size() == 2);
    CHECK(render::command_line(d3->flags[0].action) == "pipe deal next 3 \"…\" --due …");
    CHECK(d3->flags[1].text == "close date passed (2026-02-27)");
    CHECK(render::command_line(d3->flags[1].action) == "pipe deal edit 3 --close …");
    // The most flags first: D12 has no next step, no activity for 24 days, and is stuck:
    // Prospecting's exits took 2 3 10 10 10 12 50 52 days, median 10, and it has been there 24.
    const auto& first = r.hygiene->items.front();
    CHECK(first.id == 9);
    REQUIRE(first.flags.size() == 3);
    CHECK(first.flags[1].key == "no_activity");
    CHECK(first.flags[2].key == "stuck");
    CHECK(render::command_line(first.flags[2].action) == "pipe deal move 9 STAGE");
    CHECK(r.hygiene->items[1].id == 3);
}

TEST_CASE("review goal coverage of the month") {
    Scenario s;
    s.stages.monthly_goal = 1000000;
    auto r = ok(build_review(s.book, {}));
    REQUIRE(r.goal.has_value());
    CHECK(r.goal->won == 100000);        // D1
    CHECK(r.goal->open_value == 500000); // D5 closes 31 March
    CHECK(*r.goal->coverage == Approx(5000.0 / 9000));
}

TEST_CASE("review --since/--until: inclusive days against the period before") {
    Scenario s;
    ReviewOptions o;
    o.since = "2026-02-23";
    o.until = "2026-03-06";
    auto r = ok(build_review(s.book, o));
    CHECK(r.kind == "range");
    // 12 days (23 Feb – 6 Mar) against the 12 before.
    CHECK(r.previous.first == *parse_iso_date("2026-02-11"));
    CHECK(r.previous.last == *parse_iso_date("2026-02-22"));
    // D4 was won and reopened inside the range: not a win. D7 and D1 are.
    CHECK(r.current.won == 2);
    CHECK(r.current.lost == 3);
    o.until = "2026-02-01";
    CHECK(build_review(s.book, o).error().exit_code == 2);
    ReviewOptions bad;
    bad.until = "2026-03-01";
    CHECK(build_review(s.book, bad).error().exit_code == 2);
}

TEST_CASE("review of an empty book: every ratio is absent, nothing is NaN") {
    BookFixture f;
    auto r = ok(build_review(f.book, {}));
    CHECK(r.current.won == 0);
    CHECK_FALSE(r.current.win_rate.has_value());
    CHECK_FALSE(r.current.win_rate_value.has_value());
    CHECK_FALSE(r.current.cycle_mean_days.has_value());
    CHECK_FALSE(r.current.velocity.has_value());
    CHECK(r.current.open_deals == 0);
    for (const auto& stage : r.funnel) CHECK_FALSE(stage.conversion.has_value());
    REQUIRE(r.hygiene.has_value());
    CHECK(r.hygiene->items.empty());
}

TEST_CASE("review of a book with only closed deals") {
    BookFixture f;
    f.clock.set(at("2026-03-02T10:00:00Z"));
    auto a = f.deal("A", "1000");
    auto b = f.deal("B", "3000");
    f.clock.set(at("2026-03-04T10:00:00Z"));
    ok(win_deal(f.book, a.id, std::nullopt, std::nullopt));
    ok(lose_deal(f.book, b.id, "budget"));
    f.clock.set(at("2026-03-05T10:00:00Z"));
    auto r = ok(build_review(f.book, {}));
    CHECK(*r.current.win_rate == Approx(0.5));
    CHECK(*r.current.win_rate_value == Approx(0.25));
    CHECK(*r.current.cycle_mean_days == Approx(2));
    CHECK(r.current.open_deals == 0);
    CHECK(*r.current.velocity == Approx(0)); // no open deals: zero per day, not absent
    CHECK_FALSE(r.previous.win_rate.has_value());
    REQUIRE(r.hygiene.has_value());
    CHECK(r.hygiene->items.empty());
}
