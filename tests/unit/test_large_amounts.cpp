// Amounts are at most 10^15 minor units; sums of many are checked: lists, reviews and forecasts
// of thousands of maximal deals are exact, and a sum past 64 bits is an error, never a wrong or
// negative figure.

#include "fixture.hpp"

#include "pipe/forecast.hpp"
#include "pipe/review.hpp"
#include "render/command_line.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <limits>

using namespace crm;
using namespace crm::test;

namespace {

constexpr auto int64_max = std::numeric_limits<std::int64_t>::max();

const std::string too_large = "the deals' values add up to more than pipe can total "
                              "(9,223,372,036,854,775,807 minor units): look for wrong values "
                              "(pipe export --type deals)";

struct Big : BookFixture {
    std::int64_t next_id = 1;

    // `n` open deals of the largest amount in `stage`, closing on 2026-03-20, straight into the
    // table (as fast as an import, without one).
    void add(int n, const std::string& stage, std::int64_t value = max_amount) {
        SQLite::Statement st(
            store.db(), "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE "
                        "i + 1 < ?1) INSERT INTO deals (id, title, value, currency, pipeline, "
                        "stage, status, expected_close, created_at, stage_entered_at, "
                        "last_touch_at) SELECT ?2 + i, 'Big ' || (?2 + i), ?3, 'EUR', 'sales', "
                        "?4, 'open', '2026-03-20', ?5, ?5, ?5 FROM n");
        st.bind(1, n);
        st.bind(2, next_id);
        st.bind(3, value);
        st.bind(4, stage);
        st.bind(5, static_cast<std::int64_t>(clock.now().time_since_epoch().count()));
        st.exec();
        next_id += n;
    }
};

template <class T> std::string error_of(const Result<T>& r) {
    REQUIRE_FALSE(r.has_value());
    return render::error_text(r.error());
}

} // namespace

TEST_CASE("weighted value is exact for every value, never passing 64 bits") {
    CHECK(weighted_value(max_amount, 35) == 350'000'000'000'000);
    CHECK(weighted_value(int64_max, 100) == int64_max);
    CHECK(weighted_value(int64_max, 50) == 4'611'686'018'427'387'904);
    CHECK(weighted_value(int64_max, 1) == 92'233'720'368'547'758);
    CHECK(weighted_value(std::numeric_limits<std::int64_t>::min(), 100) ==
          std::numeric_limits<std::int64_t>::min());
    CHECK(weighted_value(150, 50) == 75);
    CHECK(weighted_value(149, 50) == 75); // 74.5: half away from zero
    CHECK(weighted_value(-149, 50) == -75);
    CHECK(weighted_value(1000, 0) == 0);
    CHECK(weighted_value(1000, 250) == 1000); // clamped to 100
    for (std::int64_t v : {0, 1, 49, 50, 99, 101, 12345, 999999})
        for (int p : {0, 1, 10, 33, 50, 67, 99, 100})
            CHECK(weighted_value(v, p) == (v * p + 50) / 100);
}

TEST_CASE_FIXTURE(Big, "lists, reviews and forecasts of 8,000 maximal deals are exact") {
    add(4000, "Prospecting");   // 10%
    add(4000, "Qualification"); // 20%
    constexpr std::int64_t total = 8000 * max_amount;
    constexpr std::int64_t weighted = 4000 * max_amount / 10 + 4000 * max_amount / 5;
    DealQuery q;
    q.limit = 1;
    auto list = ok(list_deals(book, q));
    REQUIRE(list.totals.size() == 1);
    CHECK(list.total_count == 8000);
    CHECK(list.totals[0].value == total);
    CHECK(list.totals[0].weighted == weighted);
    q.tag = "none"; // not answered by the running totals: summed by SQL
    CHECK(ok(list_deals(book, q)).totals.empty());
    q.tag.reset();
    q.closing_before = "2026-12-31";
    CHECK(ok(list_deals(book, q)).totals[0].value == total);

    auto review = ok(build_review(book, {}));
    CHECK(review.current.open_value == total);
    CHECK(review.current.weighted == weighted);
    CHECK(review.current.new_value == total);
    std::int64_t funnel = 0;
    for (const auto& f : review.funnel) funnel += f.value;
    CHECK(funnel == total);

    auto forecast = ok(build_forecast(book, {}));
    const auto& march = forecast.blocks[0].rows[0];
    CHECK(march.key == "2026-03");
    CHECK(march.open_value == total);
    CHECK(march.weighted == weighted);
    CHECK(march.pipeline == total);
    REQUIRE(march.p50.has_value());
    CHECK(*march.p10 > 0);
    CHECK(*march.p90 <= total);
    CHECK(*march.p50 == doctest::Approx(static_cast<double>(weighted)).epsilon(0.02));
}

TEST_CASE_FIXTURE(Big, "a sum past 64 bits is an error of the list, review and forecast") {
    add(5000, "Prospecting"); // each stage's total fits: 5 × 10^18
    add(5000, "Qualification");
    CHECK(error_of(list_deals(book, {})) == too_large);
    CHECK(error_of(build_review(book, {})) == too_large);
    CHECK(error_of(build_forecast(book, {})) == too_large);
    DealQuery q;
    q.closing_before = "2026-12-31"; // SQL's sum() of each stage, then ours
    CHECK(error_of(list_deals(book, q)) == too_large);
    // A stage of its own: fits again.
    q = {};
    q.stage = "Prospecting";
    CHECK(ok(list_deals(book, q)).totals[0].value == 5000 * max_amount);
}

TEST_CASE_FIXTURE(Big, "a running total that would pass 64 bits is refused, and nothing is "
                       "written") {
    add(9223, "Prospecting"); // 9.223 × 10^18: just fits
    auto totals = [&] {
        return store.db()
            .execAndGet("SELECT value || ' ' || typeof(value) FROM deal_totals")
            .getString();
    };
    CHECK(totals() == std::to_string(9223 * max_amount) + " integer");
    // One more maximal deal: the write is refused whole.
    DealFields f;
    f.set("title", "One too many");
    f.set("value", "10,000,000,000,000");
    CHECK(error_of(add_deal(book, f)) == too_large);
    CHECK(store.db().execAndGet("SELECT count(*) FROM deals").getInt() == 9223);
    CHECK(totals() == std::to_string(9223 * max_amount) + " integer");
    // Straight SQL meets the same trigger.
    try {
        add(1, "Prospecting");
        FAIL("the insert was not refused");
    } catch (const std::exception& e) {
        CHECK(render::error_text(database_error(e, "pipe.db")) == too_large);
    }
    CHECK(totals() == std::to_string(9223 * max_amount) + " integer");
    // A smaller one still fits, and moving deals elsewhere frees room.
    f.set("value", "1000");
    // (The statement the refused write failed in is used again: its old error is gone.)
    auto small = ok(add_deal(book, f));
    ok(move_deal(book, small.id, "Meeting"));
    ok(move_deal(book, 1, "Meeting"));
    f.set("value", "10,000,000,000,000");
    CHECK(ok(add_deal(book, f)).value.minor == max_amount);
}

TEST_CASE("the forecast range of values past 64 bits is an error, not an overflow") {
    CHECK_FALSE(won_value_range({int64_max, 1}, {0.5, 0.5}).has_value());
    CHECK_FALSE(won_value_range({int64_max, 1}, {1.0, 1.0}).has_value());
    CHECK_FALSE(won_value_range({std::numeric_limits<std::int64_t>::min()}, {0.5}).has_value());
    // A deal that cannot be won does not count.
    CHECK(won_value_range({int64_max, 1}, {0.0, 1.0}) == std::array<std::int64_t, 3>{1, 1, 1});
    std::vector<std::int64_t> values(9000, max_amount);
    std::vector<double> p(9000, 0.5);
    auto range = won_value_range(values, p);
    REQUIRE(range.has_value());
    CHECK((*range)[1] == doctest::Approx(4500 * static_cast<double>(max_amount)).epsilon(0.02));
    CHECK((*range)[0] <= (*range)[1]);
    CHECK((*range)[1] <= (*range)[2]);
}

TEST_CASE_FIXTURE(Big,
                  "a sales velocity past 64 bits of money a day is an error, not an overflow") {
    // One maximal deal won a minute after its creation: a cycle of 1/1440 day.
    auto fast = deal("Fast", "10,000,000,000,000");
    clock.set(at("2026-03-02T09:01:00Z"));
    ok(win_deal(book, fast.id, std::nullopt, std::nullopt));
    next_id = fast.id + 1;
    add(5, "Prospecting"); // 5 × 10^15 × 1 ÷ (1/1440) = 7.2 × 10^18 a day: fits
    auto review = ok(build_review(book, {}));
    REQUIRE(review.current.velocity.has_value());
    CHECK(*review.current.velocity == doctest::Approx(7.2e18));
    add(5, "Qualification"); // twice that: does not
    CHECK(error_of(build_review(book, {})) == too_large);
}
