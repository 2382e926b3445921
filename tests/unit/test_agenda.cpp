#include "fixture.hpp"

#include "pipe/activities.hpp"
#include "pipe/agenda.hpp"
#include "pipe/flow.hpp"
#include "render/command_line.hpp"

#include <algorithm>
#include <fmt/format.h>

using namespace crm;
using namespace crm::test;

namespace {

const AgendaGroup& group(const Agenda& agenda, const std::string& key) {
    auto it = std::ranges::find(agenda.groups, key, &AgendaGroup::key);
    REQUIRE_MESSAGE(it != agenda.groups.end(), key);
    return *it;
}

std::vector<std::int64_t> ids(const Agenda& agenda, const std::string& key) {
    std::vector<std::int64_t> out;
    for (const auto& item : group(agenda, key).items) out.push_back(item.id);
    return out;
}

using Ids = std::vector<std::int64_t>;

struct AgendaFixture : BookFixture {
    AgendaFixture() { stages.pipelines.at(0).stages.at(0).rot_days = 5; }

    Deal with_step(const std::string& title, const char* due) {
        auto d = deal(title);
        return ok(set_next_step(book, d.id, "Step " + title, std::string(due)));
    }

    Lead lead(const std::string& name, std::optional<std::string> follow_up = {}) {
        LeadFields f;
        f.set("name", name);
        if (follow_up) f.set("follow_up", *follow_up);
        return ok(add_lead(book, f));
    }
};

} // namespace

TEST_CASE_FIXTURE(AgendaFixture, "next steps are grouped overdue, today and upcoming") {
    auto overdue = with_step("Overdue", "2026-03-01");
    auto today = with_step("Today", "2026-03-02");
    auto soon = with_step("Soon", "2026-03-09");
    with_step("Later", "2026-03-10");
    auto closed = with_step("Closed", "2026-02-20");
    ok(win_deal(book, closed.id, std::nullopt, std::nullopt));
    auto agenda = ok(build_agenda(book));
    CHECK(agenda.today == *parse_iso_date("2026-03-02"));
    CHECK(ids(agenda, "overdue") == Ids{overdue.id});
    CHECK(ids(agenda, "today") == Ids{today.id});
    CHECK(ids(agenda, "upcoming") == Ids{soon.id});
    const auto& item = group(agenda, "overdue").items.at(0);
    CHECK(item.subject == "deal");
    CHECK(item.detail == "Step Overdue");
    CHECK(item.date == *parse_iso_date("2026-03-01"));
    CHECK(render::command_line(item.action) == fmt::format("pipe deal next {} --done", overdue.id));
    CHECK(ids(ok(build_agenda(book, 8)), "upcoming").size() == 2);
    CHECK(ids(ok(build_agenda(book, 0)), "upcoming").empty());
}

TEST_CASE_FIXTURE(AgendaFixture, "lead follow-ups, nurture returns and uncontacted leads") {
    auto late = lead("Late", "2026-02-27");
    auto due = lead("Due", "2026-03-02");
    auto later = lead("Later", "2026-03-05");
    auto fresh = lead("Fresh");
    auto nurtured = lead("Nurtured");
    ok(drop_lead(book, nurtured.id, "no budget", std::string("2026-03-04")));
    for (auto id : {late.id, due.id, later.id})
        ok(log_activity(book, {Subject::Kind::lead, id}, "email", "hello"));
    auto agenda = ok(build_agenda(book));
    CHECK(ids(agenda, "follow_ups") == Ids{late.id, due.id});
    CHECK(ids(agenda, "nurture_returns").empty());
    CHECK(ids(agenda, "uncontacted_leads") == Ids{fresh.id});
    CHECK(render::command_line(group(agenda, "follow_ups").items.at(0).action) ==
          fmt::format("pipe lead log {} call \"…\"", late.id));

    clock.set(at("2026-03-04T08:00:00Z"));
    agenda = ok(build_agenda(book));
    CHECK(ids(agenda, "nurture_returns") == Ids{nurtured.id});
    CHECK(group(agenda, "nurture_returns").items.at(0).detail == "nurtured: no budget");
    CHECK(ids(agenda, "follow_ups") == Ids{late.id, due.id});
    ok(log_activity(book, {Subject::Kind::lead, fresh.id}, "call", "hi"));
    CHECK(ids(ok(build_agenda(book)), "uncontacted_leads").empty());
}

TEST_CASE_FIXTURE(AgendaFixture, "rotting follows the last touch; a logged activity resets it") {
    auto quiet = deal("Quiet");
    auto busy = deal("Busy");
    clock.set(at("2026-03-06T09:00:00Z"));
    ok(log_activity(book, {Subject::Kind::deal, busy.id}, "call", "hi"));
    clock.set(at("2026-03-07T09:00:01Z"));
    auto agenda = ok(build_agenda(book));
    CHECK(ids(agenda, "rotting") == Ids{quiet.id});
    CHECK(group(agenda, "rotting").items.at(0).detail == "Prospecting · 5 days, limit 5");
    DealQuery rotting;
    rotting.rotting = true;
    CHECK(ok(list_deals(book, rotting)).deals.size() == 1);

    ok(log_activity(book, {Subject::Kind::deal, quiet.id}, "note", "still there"));
    CHECK(ids(ok(build_agenda(book)), "rotting").empty());
    CHECK(ok(list_deals(book, rotting)).deals.empty());
    ok(move_deal(book, busy.id, "Qualification"));
    clock.set(at("2026-03-20T09:00:00Z"));
    CHECK(ids(ok(build_agenda(book)), "rotting") == Ids{quiet.id});
}

TEST_CASE_FIXTURE(AgendaFixture, "stuck deals need five past exits and twice the median") {
    for (int i = 0; i < 4; ++i) {
        clock.set(at("2026-03-02T09:00:00Z"));
        auto d = deal("Past");
        clock.set(at("2026-03-04T09:00:00Z"));
        ok(move_deal(book, d.id, "Qualification"));
    }
    clock.set(at("2026-03-02T09:00:00Z"));
    auto slow = deal("Slow");
    auto last = deal("Past");
    clock.set(at("2026-03-04T09:00:00Z"));
    ok(move_deal(book, last.id, "Qualification"));
    clock.set(at("2026-03-06T09:00:00Z"));
    CHECK(ids(ok(build_agenda(book)), "stuck").empty());
    CHECK(ok(typical_stage_days(book)).at({"sales", "Prospecting"}) == doctest::Approx(2.0));
    clock.set(at("2026-03-06T09:00:01Z"));
    auto agenda = ok(build_agenda(book));
    CHECK(ids(agenda, "stuck") == Ids{slow.id});
    CHECK(group(agenda, "stuck").items.at(0).detail == "Prospecting · 4 days, usually 2.0");
    CHECK(ok(stuck_deal_ids(book)) == Ids{slow.id});
}

TEST_CASE_FIXTURE(AgendaFixture, "open deals with no next step") {
    auto bare = deal("Bare");
    with_step("Planned", "2026-03-20");
    auto won = deal("Won");
    ok(win_deal(book, won.id, std::nullopt, std::nullopt));
    auto agenda = ok(build_agenda(book));
    CHECK(ids(agenda, "no_next_step") == Ids{bare.id});
    CHECK(render::command_line(group(agenda, "no_next_step").items.at(0).action) ==
          fmt::format("pipe deal next {} \"…\" --due …", bare.id));
}
