// `closes` and `stage_reach` (schema v3) stand for joins the review and the forecast would
// otherwise run over the whole history; triggers keep them. After any mix of changes, in any
// order, each must equal the query it replaces.

#include "pipe/deals.hpp"
#include "scenario.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>
#include <string>
#include <vector>

using namespace crm;
using namespace crm::test;

namespace {

std::vector<std::string> rows(SQLite::Database& db, const char* sql) {
    std::vector<std::string> out;
    SQLite::Statement st(db, sql);
    while (st.executeStep()) {
        std::string row;
        for (int i = 0; i < st.getColumnCount(); ++i)
            row += (st.getColumn(i).isNull() ? std::string("NULL") : st.getColumn(i).getString()) +
                   "|";
        out.push_back(row);
    }
    return out;
}

constexpr auto from_closes = "SELECT event_id, at, deal_id, kind, reason, currency, created_at, "
                             "value FROM closes WHERE currency IS NOT NULL ORDER BY at, event_id";
constexpr auto from_join =
    "SELECT e.id, e.at, e.deal_id, e.kind, e.detail, d.currency, d.created_at, d.value "
    "FROM events e JOIN deals d ON d.id = e.deal_id "
    "WHERE e.kind IN ('won', 'lost', 'reopened') ORDER BY e.at, e.id";

} // namespace

TEST_CASE_FIXTURE(Scenario, "closes equals the close events joined with their deals") {
    auto& db = book.store.db();
    auto join = rows(db, from_join);
    REQUIRE(join.size() >= 5); // the scenario's wins, losses and reopening
    CHECK(rows(db, from_closes) == join);

    SUBCASE("a closed deal's value and currency edited, a deal removed") {
        revalue("2026-03-06T10:00:00Z", 1, "1500");
        DealFields f;
        f.set("currency", "USD");
        ok(edit_deal(book, 2, f));
        ok(remove_deal(book, 4));
        auto after = rows(db, from_join);
        CHECK(after != join);
        CHECK(rows(db, from_closes) == after);
        CHECK(db.execAndGet("SELECT count(*) FROM closes WHERE deal_id = 4").getInt() == 0);
    }

    SUBCASE("an event written before its deal row, then moved in place") {
        db.exec("INSERT INTO events (at, deal_id, kind, detail) VALUES (100, 999, 'lost', 'late')");
        CHECK(rows(db, from_closes) == rows(db, from_join));
        db.exec("INSERT INTO deals (id, title, currency, pipeline, stage, status, created_at, "
                "stage_entered_at, last_touch_at, value) VALUES (999, 'Late', 'EUR', 'sales', "
                "'Lost', 'lost', 50, 50, 50, 7)");
        auto after = rows(db, from_join);
        CHECK(after.size() == join.size() + 1);
        CHECK(rows(db, from_closes) == after);
        db.exec("UPDATE events SET at = 200, detail = 'moved' WHERE deal_id = 999");
        CHECK(rows(db, from_closes) == rows(db, from_join));
        db.exec("DELETE FROM events WHERE deal_id = 999");
        CHECK(rows(db, from_closes) == join);
    }
}

namespace {

constexpr auto from_reach = "SELECT pipeline, stage, status, deals FROM stage_reach WHERE deals "
                            "<> 0 ORDER BY 1, 2, 3";
constexpr auto from_exits =
    "SELECT x.pipeline, x.stage, d.status, count(DISTINCT x.deal_id) FROM stage_exits x "
    "JOIN deals d ON d.id = x.deal_id GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";

} // namespace

TEST_CASE_FIXTURE(Scenario, "stage_reach counts the deals of each status that left each stage") {
    auto& db = book.store.db();
    auto exits = rows(db, from_exits);
    REQUIRE(exits.size() >= 4);
    CHECK(rows(db, from_reach) == exits);

    SUBCASE("deals won, lost, reopened, moved back and forth, removed") {
        move("2026-03-06T10:00:00Z", 3, "Meeting");
        move("2026-03-06T10:01:00Z", 3, "Qualification"); // leaves Meeting a second time later
        move("2026-03-06T10:02:00Z", 3, "Meeting");
        win("2026-03-06T10:03:00Z", 3);
        reopen("2026-03-06T10:04:00Z", 3);
        lose("2026-03-06T10:05:00Z", 3, "timing");
        ok(remove_deal(book, 1));
        auto after = rows(db, from_exits);
        CHECK(after != exits);
        CHECK(rows(db, from_reach) == after);
    }

    SUBCASE("exits renamed in place, even to a name that differs only in case") {
        db.exec("UPDATE stage_exits SET stage = 'Discovery' WHERE stage = 'Qualification'");
        CHECK(rows(db, from_reach) == rows(db, from_exits));
        db.exec("UPDATE stage_exits SET stage = 'discovery' WHERE stage = 'Discovery'");
        CHECK(rows(db, from_reach) == rows(db, from_exits));
        db.exec("UPDATE stage_exits SET stage = stage"); // no change at all
        CHECK(rows(db, from_reach) == rows(db, from_exits));
    }
}
