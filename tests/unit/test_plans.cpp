// Planned activities in the core: a deal's next step is its earliest open plan; done, snoozed,
// edited and dropped plans move it on; closing cancels them; a contact clears a due lead
// follow-up; the agenda by time; bad input refused with nothing written.

#include "fixture.hpp"
#include "pipe/activities.hpp"
#include "pipe/agenda.hpp"
#include "pipe/plans.hpp"

#include <doctest/doctest.h>

using namespace crm;
using namespace crm::test;

namespace {

Subject on_deal(std::int64_t id) {
    return {Subject::Kind::deal, id};
}

PlanInput plan(std::string kind, std::string text, std::string due,
               std::optional<std::string> time = {}) {
    return PlanInput{std::move(kind), std::move(text), std::move(due), std::move(time), {}};
}

const AgendaGroup& group(const Agenda& a, std::string_view key) {
    for (const auto& g : a.groups)
        if (g.key == key) return g;
    FAIL("no group " << key);
    return a.groups.front();
}

} // namespace

TEST_CASE_FIXTURE(BookFixture, "a deal's next step is its earliest open plan, and moves on") {
    auto d = deal("Acme");
    auto later = ok(plan_activity(book, on_deal(d.id), plan("call", "Call", "2026-03-06")));
    auto sooner = ok(plan_activity(book, on_deal(d.id), plan("email", "Mail", "2026-03-03")));
    CHECK(ok(get_deal(book, d.id)).next_step == "Mail");
    ok(complete_task(book, sooner.id, DoneOptions{std::string("sent"), false}));
    auto next = ok(next_step_of(book, d.id));
    REQUIRE(next);
    CHECK(next->id == later.id);
    CHECK(ok(get_deal(book, d.id)).next_step == "Call");
    auto done = ok(get_task(book, sooner.id));
    CHECK(done.activity.state() == ActivityState::done);
    CHECK(done.activity.outcome == "sent");
    ok(drop_next_step(book, d.id));
    CHECK(ok(get_deal(book, d.id)).next_step.empty());
    CHECK(ok(get_task(book, later.id)).activity.state() == ActivityState::cancelled);
}

TEST_CASE_FIXTURE(BookFixture,
                  "snooze moves a plan and counts it; done or cancelled plans refuse") {
    auto d = deal("Acme");
    auto p = ok(plan_activity(book, on_deal(d.id), plan("call", "Call", "today", "9am")));
    auto snoozed = ok(snooze_task(book, p.id, "tomorrow 10am"));
    CHECK(format_date(*snoozed.due) == "2026-03-03");
    CHECK(format_time_of_day(*snoozed.time) == "10:00");
    CHECK(snoozed.snoozes == 1);
    CHECK_FALSE(snooze_task(book, p.id, "yesterday"));
    ok(complete_task(book, p.id));
    auto again = snooze_task(book, p.id, "fri");
    REQUIRE_FALSE(again);
    CHECK(again.error().what == "task 1 is done already: nothing to snooze");
    CHECK_FALSE(edit_task(book, p.id, TaskEdit{{}, std::string("x"), {}, {}, {}}));
    CHECK(snooze_task(book, 99, "fri").error().what == "task 99 not found");
}

TEST_CASE_FIXTURE(BookFixture, "closing a deal cancels its plans; planning on it is refused") {
    auto d = deal("Acme");
    ok(plan_activity(book, on_deal(d.id), plan("call", "Call", "2026-03-03")));
    ok(win_deal(book, d.id, std::nullopt, std::nullopt));
    CHECK(ok(list_tasks(book, TaskQuery{})).total == 0);
    auto refused = plan_activity(book, on_deal(d.id), plan("call", "x", "fri"));
    REQUIRE_FALSE(refused);
    CHECK(refused.error().what == "deal 1 is won: a closed deal keeps no plans");
    clock.set(at("2026-03-10T09:00:00Z"));
    ok(reopen_deal(book, d.id, std::nullopt));
    CHECK(group(ok(build_agenda(book)), "overdue").total == 0);
}

TEST_CASE_FIXTURE(BookFixture, "bad plans are refused with nothing written") {
    auto d = deal("Acme");
    auto bad = [&](PlanInput in, std::string_view what) {
        auto r = plan_activity(book, on_deal(d.id), in);
        REQUIRE_FALSE(r);
        CHECK(r.error().what.find(what) != std::string::npos);
    };
    bad(plan("call", "x", "someday"), "not a date: 'someday'");
    bad(plan("call", "x", "fri", "25:00"), "not a time of day: '25:00'");
    bad(plan("call", "x", "tomorrow 9am", "10am"), "the time is given twice");
    bad(plan("note", "x", "fri"), "a note is logged, not planned");
    bad(plan("call", "  ", "fri"), "the plan's text is empty");
    auto negative = plan("call", "x", "fri");
    negative.duration = "-5m";
    bad(negative, "a duration cannot be negative");
    CHECK(ok(activities_of(book, on_deal(d.id))).empty());
}

TEST_CASE_FIXTURE(BookFixture,
                  "a contact clears a due lead follow-up, unless kept; a later one stays") {
    LeadFields due;
    due.set("name", "Ada");
    due.set("follow_up", "today");
    auto ada = ok(add_lead(book, due));
    LeadFields later;
    later.set("name", "Bob");
    later.set("follow_up", "2026-03-05");
    auto bob = ok(add_lead(book, later));
    auto agenda = ok(build_agenda(book));
    bool bob_upcoming = false;
    for (const auto& item : group(agenda, "upcoming").items)
        bob_upcoming |= item.subject == "lead" && item.id == bob.id;
    CHECK(bob_upcoming);
    for (const auto& item : group(agenda, "uncontacted_leads").items) CHECK(item.id != bob.id);
    Subject a{Subject::Kind::lead, ada.id};
    auto kept = ok(log(book, a, "call", "hi", LogOptions{{}, true}));
    CHECK_FALSE(kept.cleared_follow_up);
    auto note = ok(log(book, a, "note", "thought", LogOptions{}));
    CHECK_FALSE(note.cleared_follow_up);
    auto cleared = ok(log(book, a, "email", "hi", LogOptions{}));
    REQUIRE(cleared.cleared_follow_up);
    CHECK(format_date(*cleared.cleared_follow_up) == "2026-03-02");
    auto b = ok(log(book, {Subject::Kind::lead, bob.id}, "call", "hi", LogOptions{}));
    CHECK_FALSE(b.cleared_follow_up);
}

TEST_CASE_FIXTURE(BookFixture, "the agenda lists today's plans by time, untimed last") {
    auto d = deal("Acme");
    ok(plan_activity(book, on_deal(d.id), plan("task", "Untimed", "today")));
    ok(plan_activity(book, on_deal(d.id), plan("meeting", "Afternoon", "today", "14:00")));
    ok(plan_activity(book, on_deal(d.id), plan("call", "Morning", "today", "9:30")));
    auto agenda = ok(build_agenda(book));
    const auto& today = group(agenda, "today");
    REQUIRE(today.items.size() == 3);
    CHECK(today.items[0].detail.find("Morning") != std::string::npos);
    CHECK(today.items[1].detail.find("Afternoon") != std::string::npos);
    CHECK(today.items[2].detail.find("Untimed") != std::string::npos);
}
