#pragma once
// A dozen deals with scripted histories (created, moved, moved back, skipped stages, won, lost,
// reopened, value changed, another currency) on the built-in stages, for the review and
// forecast tests. The expected figures are worked out by hand in the tests, from this script.

#include "fixture.hpp"

namespace crm::test {

/// The scripted book; `now` is Friday 2026-03-06 12:00 UTC (ISO week 10).
struct Scenario : BookFixture {
    void when(const char* t) { clock.set(at(t)); }
    std::int64_t add(const char* t, const char* title, const char* value,
                     std::optional<const char*> close = {}, const char* stage = nullptr,
                     const char* prob = nullptr, const char* currency = nullptr) {
        when(t);
        DealFields f;
        f.set("title", title);
        f.set("value", value);
        if (close) f.set("expected_close", *close);
        if (stage) f.set("stage", stage);
        if (prob) f.set("probability", prob);
        if (currency) f.set("currency", currency);
        return ok(add_deal(book, f)).id;
    }
    void move(const char* t, std::int64_t id, const char* stage) {
        when(t);
        ok(move_deal(book, id, stage));
    }
    void win(const char* t, std::int64_t id) {
        when(t);
        ok(win_deal(book, id, std::nullopt, std::nullopt));
    }
    void lose(const char* t, std::int64_t id, const char* reason) {
        when(t);
        ok(lose_deal(book, id, reason));
    }
    void reopen(const char* t, std::int64_t id) {
        when(t);
        ok(reopen_deal(book, id, std::nullopt));
    }
    void revalue(const char* t, std::int64_t id, const char* value) {
        when(t);
        DealFields f;
        f.set("value", value);
        ok(edit_deal(book, id, f));
    }

    Scenario() {
        // D1: Prospecting → Qualification → Meeting → won this week (cycle 57 days).
        add("2026-01-05T09:00:00Z", "D1", "1000");
        move("2026-01-15T09:00:00Z", 1, "Qualification");
        move("2026-02-04T09:00:00Z", 1, "Meeting");
        // D2: skips to Proposal, lost this week (price).
        add("2026-02-02T09:00:00Z", "D2", "2000");
        move("2026-02-12T09:00:00Z", 2, "Proposal");
        // D3: Qualification, moved back to Prospecting this week; close date in the past.
        add("2026-02-09T09:00:00Z", "D3", "3000", "2026-02-27");
        move("2026-02-16T09:00:00Z", 3, "Qualification");
        // D4: skips to Meeting, won last week, reopened this week (back into Meeting).
        add("2026-02-16T09:00:00Z", "D4", "4000", "2026-04-10");
        move("2026-02-26T09:00:00Z", 4, "Meeting");
        win("2026-02-27T09:00:00Z", 4);
        // D6 .. D7 .. D9 .. D10 .. D12 are created out of id order below; ids follow creation.
        add("2026-01-12T09:00:00Z", "D6", "6000"); // id 5: lost this week (timing)
        add("2026-02-23T09:00:00Z", "D7", "7000"); // id 6: Negotiation, won last week
        move("2026-02-25T09:00:00Z", 6, "Negotiation");
        win("2026-02-28T09:00:00Z", 6);
        add("2025-12-01T09:00:00Z", "D9", "9000"); // id 7: won in January (cycle 50 days)
        win("2026-01-20T09:00:00Z", 7);
        add("2026-02-20T09:00:00Z", "D10", "10000"); // id 8: Qualification, then lost (price)
        add("2026-02-10T09:00:00Z", "D12", "1200", "2026-03-15", nullptr, nullptr, "USD"); // id 9
        // This week.
        move("2026-03-02T09:00:00Z", 3, "Prospecting");
        add("2026-03-02T10:00:00Z", "D5", "5000", "2026-03-31"); // id 10
        win("2026-03-03T09:00:00Z", 1);
        reopen("2026-03-03T12:00:00Z", 4);
        add("2026-03-03T09:00:00Z", "D8", "8000", "2026-05-15", "Proposal", "50"); // id 11
        lose("2026-03-04T09:00:00Z", 2, "price");
        move("2026-03-04T09:00:00Z", 8, "Qualification");
        add("2026-03-04T09:00:00Z", "D11", "1100"); // id 12
        lose("2026-03-05T09:00:00Z", 5, "timing");
        revalue("2026-03-05T09:00:00Z", 12, "1500");
        move("2026-03-05T10:00:00Z", 10, "Negotiation"); // skips three stages
        lose("2026-03-05T12:00:00Z", 8, "price");
        when("2026-03-06T12:00:00Z");
    }
};

} // namespace crm::test
