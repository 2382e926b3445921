// Lost reasons: one reason however it was typed (case, spaces, Unicode forms), shown in its most
// used spelling; the stage file's list of reasons, whose spelling a reason typed otherwise takes.

#include "pipe/review.hpp"
#include "scenario.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

using namespace crm;
using namespace crm::test;

namespace {

// A book of only the deals a test adds, with the scenario's helpers.
struct Week : BookFixture {
    void when(const std::string& t) { clock.set(at(t.c_str())); }

    // Deals lost this week (ISO week 10, from Monday 2 March 2026) with these reasons, in the
    // order of time `order` gives (reason indexes), each worth €1.
    Review lost_with(const std::vector<std::string>& reasons, const std::vector<int>& order = {}) {
        std::vector<std::int64_t> ids;
        when("2026-03-02T10:00:00Z");
        for (std::size_t i = 0; i < reasons.size(); ++i) ids.push_back(deal("Lost deal", "1").id);
        for (std::size_t k = 0; k < reasons.size(); ++k) {
            auto i = order.empty() ? k : static_cast<std::size_t>(order[k]);
            when(fmt::format("2026-03-03T{:02}:00:00Z", k));
            ok(lose_deal(book, ids[i], reasons[i]));
        }
        when("2026-03-06T12:00:00Z");
        return ok(build_review(book, {}));
    }
};

struct Shown {
    std::string reason;
    std::int64_t deals;
    bool operator==(const Shown&) const = default;
};

std::vector<Shown> shown(const Review& r) {
    std::vector<Shown> out;
    for (const auto& l : r.current.lost_reasons) out.push_back({l.reason, l.deals});
    return out;
}

} // namespace

TEST_CASE("lost reasons that differ in case or spaces are one, in their most used spelling") {
    Week s;
    auto r = s.lost_with(
        {"price", "Price", "Price", "PRICE", "no  budget", "No budget", "No budget", "Timing"});
    CHECK(shown(r) == std::vector<Shown>{{"Price", 4}, {"No budget", 3}, {"Timing", 1}});
    CHECK(r.current.lost_reasons[0].value == 400);
    CHECK(r.current.lost == 8);
}

TEST_CASE("lost reasons in other scripts group by Unicode case folding and normalization") {
    Week s;
    auto r = s.lost_with({"Pr\xC3\xA9is", "PR\xC3\x89IS", "pre\xCC\x81is", "PR\xC3\x89IS",
                          "Stra\xC3\x9F"
                          "e",
                          "STRASSE"});
    CHECK(shown(r) == std::vector<Shown>{{"PR\xC3\x89IS", 4},
                                         {"Stra\xC3\x9F"
                                          "e",
                                          2}});
}

TEST_CASE("of spellings used as often, the reason shows the one used first") {
    Week s;
    // Deal 2 is lost first ("Timing"), deal 1 after it ("timing"): the earliest in time wins,
    // not the lowest deal id.
    auto r = s.lost_with({"timing", "Timing", "Price"}, {1, 0, 2});
    CHECK(shown(r) == std::vector<Shown>{{"Timing", 2}, {"Price", 1}});
    Week t;
    auto again = t.lost_with({"timing", "Timing"}, {0, 1});
    CHECK(shown(again) == std::vector<Shown>{{"timing", 2}});
}

TEST_CASE("the scripted review still counts price and timing apart") {
    Scenario s;
    auto r = ok(build_review(s.book, {}));
    REQUIRE(r.current.lost_reasons.size() == 2);
    CHECK(r.current.lost_reasons[0].reason == "price");
    CHECK(r.current.lost_reasons[0].deals == 2);
}

TEST_CASE_FIXTURE(BookFixture, "a lost reason the stage file lists is stored in its spelling") {
    stages.lost_reasons = {"Price", "Timing", "No budget"};
    auto a = deal("A");
    CHECK(ok(lose_deal(book, a.id, "  PRICE ")).lost_reason == "Price");
    auto b = deal("B");
    CHECK(ok(move_deal(book, b.id, "Lost", "no   budget")).lost_reason == "No budget");
    auto c = deal("C");
    CHECK(ok(lose_deal(book, c.id, " Prize ")).lost_reason == "Prize"); // not listed: as typed
    CHECK(deal_events(store, a.id).back().detail == "Price");
    // Without a list, as typed (trimmed).
    stages.lost_reasons.clear();
    auto d = deal("D");
    CHECK(ok(lose_deal(book, d.id, " PRICE")).lost_reason == "PRICE");
}
