// deal won --date: today or earlier, never before the deal was created or entered its stage,
// and a time pipe can write (years 0000 to 9999 in UTC).

#include "fixture.hpp"

#include <cstdlib>
#include <ctime>

using namespace crm;
using namespace crm::test;

namespace {

std::optional<std::string> on(const char* day) {
    return std::string(day);
}

} // namespace

TEST_CASE_FIXTURE(BookFixture, "a won date before the deal's creation or its stage is refused") {
    auto d = deal("A"); // created 2026-03-02 09:00
    clock.set(at("2026-03-05T09:00:00Z"));
    ok(move_deal(book, d.id, "Meeting"));
    clock.set(at("2026-03-10T09:00:00Z"));
    auto before = ok(get_deal(book, d.id));
    auto events = deal_events(store, d.id).size();
    struct Case {
        const char* date;
        const char* message;
    };
    for (const auto& c : std::vector<Case>{
             {"2026-01-01", "won date 2026-01-01 is before deal 1 was created (2026-03-02) (use a "
                            "date on or after its creation)"},
             {"2026-03-01", "won date 2026-03-01 is before deal 1 was created (2026-03-02)"},
             {"2026-03-04", "won date 2026-03-04 is before deal 1 entered Meeting (2026-03-05) "
                            "(use a date on or after it)"},
             {"2026-03-11", "won date 2026-03-11 is in the future (use today or a past date)"},
             {"tomorrow", "won date 2026-03-11 is in the future"},
         }) {
        auto r = win_deal(book, d.id, std::nullopt, on(c.date));
        REQUIRE_FALSE(r);
        CHECK_MESSAGE(r.error().message().starts_with(c.message), r.error().message());
        auto now = ok(get_deal(book, d.id));
        CHECK(now.status == DealStatus::open);
        CHECK(now.stage == before.stage);
        CHECK(deal_events(store, d.id).size() == events);
    }
    // The day it entered its stage, or later: closed at noon that day, never before the entry.
    auto won = ok(win_deal(book, d.id, std::nullopt, on("2026-03-05")));
    CHECK(won.status == DealStatus::won);
    CHECK(*won.closed_at == at("2026-03-05T12:00:00Z"));
}

TEST_CASE("a won date whose noon falls before the year 0000 in UTC is refused") {
    // Kiritimati is 14 hours ahead of UTC: local noon of 0000-01-01 is the year -1 in UTC.
    const char* saved = std::getenv("TZ");
    std::string old = saved ? saved : "";
    ::setenv("TZ", "<+14>-14", 1);
    ::tzset();
    {
        BookFixture f;
        f.clock.set(at("0000-01-01T00:00:00Z"));
        auto d = f.deal("Old");
        f.clock.set(at("0000-01-05T00:00:00Z"));
        auto r = win_deal(f.book, d.id, std::nullopt, on("0000-01-01"));
        REQUIRE_FALSE(r);
        CHECK_MESSAGE(r.error().message().starts_with(
                          "time out of range: '0000-01-01' is in the year -1 in UTC"),
                      r.error().message());
        CHECK(ok(get_deal(f.book, d.id)).status == DealStatus::open);
        CHECK(ok(win_deal(f.book, d.id, std::nullopt, on("0000-01-02"))).status == DealStatus::won);
    }
    if (saved)
        ::setenv("TZ", old.c_str(), 1);
    else
        ::unsetenv("TZ");
    ::tzset();
}
