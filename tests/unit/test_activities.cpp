#include "fixture.hpp"

#include "pipe/activities.hpp"
#include "pipe/agenda.hpp"

using namespace crm;
using namespace crm::test;

namespace {

Lead lead_at(BookFixture& f, const char* when, const std::string& name) {
    f.clock.set(at(when));
    LeadFields fields;
    fields.set("name", name);
    return ok(add_lead(f.book, fields));
}

} // namespace

TEST_CASE_FIXTURE(BookFixture, "logging an activity resets the touch clock and rejects bad input") {
    auto d = deal("A");
    clock.set(at("2026-03-05T10:00:00Z"));
    auto a = ok(log_activity(book, {Subject::Kind::deal, d.id}, "Call", "Left a voicemail"));
    CHECK(a.kind == "call");
    CHECK(ok(get_deal(book, d.id)).last_touch_at == at("2026-03-05T10:00:00Z"));
    auto back = ok(log_activity(book, {Subject::Kind::deal, d.id}, "note", "earlier",
                                std::string("2026-03-03")));
    CHECK(back.at == at("2026-03-03T00:00:00Z"));
    CHECK(ok(get_deal(book, d.id)).last_touch_at == at("2026-03-05T10:00:00Z"));
    CHECK(log_activity(book, {Subject::Kind::deal, d.id}, "dance", "x").error().exit_code == 2);
    CHECK_FALSE(log_activity(book, {Subject::Kind::deal, d.id}, "call", " "));
    CHECK_FALSE(log_activity(book, {Subject::Kind::deal, 99}, "call", "x"));
    CHECK_FALSE(
        log_activity(book, {Subject::Kind::deal, d.id}, "call", "x", std::string("2026-04-01")));
    CHECK(ok(activities_of(book, {Subject::Kind::deal, d.id})).size() == 2);
}

TEST_CASE_FIXTURE(BookFixture, "activity figures count a period and its lead response time") {
    auto a = lead_at(*this, "2026-03-02T08:00:00Z", "A");
    auto b = lead_at(*this, "2026-03-02T09:00:00Z", "B");
    lead_at(*this, "2026-03-03T09:00:00Z", "C");
    auto d = deal("D");
    clock.set(at("2026-03-04T12:00:00Z"));
    ok(log_activity(book, {Subject::Kind::lead, a.id}, "call", "x",
                    std::string("2026-03-02T10:00:00Z")));
    ok(log_activity(book, {Subject::Kind::lead, b.id}, "email", "x",
                    std::string("2026-03-02T15:00:00Z")));
    ok(log_activity(book, {Subject::Kind::lead, b.id}, "meeting", "x",
                    std::string("2026-03-03T15:00:00Z")));
    ok(log_activity(book, {Subject::Kind::deal, d.id}, "call", "x",
                    std::string("2026-03-04T10:00:00Z")));
    ok(log_activity(book, {Subject::Kind::deal, d.id}, "note", "x",
                    std::string("2026-03-04T11:00:00Z")));
    auto f = ok(activity_figures(book, at("2026-03-02T00:00:00Z"), at("2026-03-09T00:00:00Z")));
    CHECK(f.calls == 2);
    CHECK(f.emails == 1);
    CHECK(f.meetings == 1);
    CHECK(f.new_leads == 3);
    // Responses: A after 2 h, B after 6 h, C none → median of {2, 6} = 4 h.
    REQUIRE(f.lead_response_hours.has_value());
    CHECK(*f.lead_response_hours == doctest::Approx(4.0));
    // Contacted: lead A, lead B, deal D; with a meeting: lead B → 1/3.
    REQUIRE(f.meeting_rate.has_value());
    CHECK(*f.meeting_rate == doctest::Approx(1.0 / 3));
    auto empty = ok(activity_figures(book, at("2026-01-01T00:00:00Z"), at("2026-01-08T00:00:00Z")));
    CHECK(empty.calls == 0);
    CHECK_FALSE(empty.lead_response_hours.has_value());
    CHECK_FALSE(empty.meeting_rate.has_value());
}

TEST_CASE_FIXTURE(BookFixture, "the agenda cuts long groups and counts the rest") {
    for (int i = 0; i < 5; ++i) deal("D" + std::to_string(i));
    auto agenda = ok(build_agenda(book, 7, 2));
    const auto& no_step = agenda.groups.at(7);
    CHECK(no_step.key == "no_next_step");
    CHECK(no_step.items.size() == 2);
    CHECK(no_step.total == 5);
    CHECK(build_agenda(book, -1).error().exit_code == 2);
}
