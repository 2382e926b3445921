// The forecast on the scripted book of scenario.hpp: expected values worked out by hand.

#include "pipe/forecast.hpp"
#include "scenario.hpp"

#include <algorithm>
#include <doctest/doctest.h>

using namespace crm;
using namespace crm::test;
using doctest::Approx;

TEST_CASE("forecast by month with stage probabilities") {
    Scenario s;
    s.stages.monthly_goal = 1000000;
    auto f = ok(build_forecast(s.book, {}));
    REQUIRE(f.blocks.size() == 2);
    const auto& eur = f.blocks[0];
    CHECK(eur.currency == "EUR");
    REQUIRE(eur.rows.size() == 3);
    const auto& mar = eur.rows[0];
    CHECK(mar.key == "2026-03");
    CHECK(mar.deals == 1); // D5, Negotiation, closes 31 March
    CHECK(mar.open_value == 500000);
    CHECK(mar.weighted == 400000);
    CHECK(mar.commit == 500000);
    CHECK(mar.won == 100000); // D1, won 3 March
    // 20% of draws lose D5: P10 is what is won already, P50 and P90 add D5.
    CHECK(*mar.p10 == 100000);
    CHECK(*mar.p50 == 600000);
    CHECK(*mar.p90 == 600000);
    CHECK(*mar.coverage == Approx(5000.0 / 9000));
    const auto& apr = eur.rows[1];
    CHECK(apr.open_value == 400000); // D4, Meeting 40%
    CHECK(apr.weighted == 160000);
    CHECK(apr.pipeline == 400000);
    CHECK(apr.won == 0);
    CHECK(*apr.p10 == 0);
    CHECK(*apr.p50 == 0);
    CHECK(*apr.p90 == 400000);
    CHECK(*apr.coverage == Approx(0.4));
    const auto& may = eur.rows[2];
    CHECK(may.best_case == 800000); // D8, Proposal, override 50%
    CHECK(may.weighted == 400000);
    CHECK(*may.p10 == 0);
    CHECK(*may.p90 == 800000);
    // No close date (D11) or one in the past (D3).
    CHECK(eur.undated.deals == 2);
    CHECK(eur.undated.open_value == 450000);
    CHECK(eur.undated.weighted == 45000);
    CHECK_FALSE(eur.undated.p50.has_value());
    const auto& usd = f.blocks[1];
    CHECK(usd.currency == "USD");
    CHECK(usd.rows[0].open_value == 120000);
    CHECK(usd.rows[0].weighted == 12000);
    CHECK_FALSE(usd.rows[0].coverage.has_value()); // the goal is in EUR
}

TEST_CASE("forecast --method history: calibrated probability per stage") {
    Scenario s;
    ForecastOptions o;
    o.method = "history";
    auto f = ok(build_forecast(s.book, o));
    REQUIRE(f.calibration.size() == 5);
    // Closed deals ever in Prospecting: D1 D2 D6 D7 D9 D10 (D4 is open again), 3 won:
    // (3 + 10·0.10) ÷ (6 + 10) = 0.25.
    CHECK(f.calibration[0].stage == "Prospecting");
    CHECK(f.calibration[0].n == 6);
    CHECK(f.calibration[0].won == 3);
    CHECK(f.calibration[0].probability == Approx(0.25));
    CHECK(f.calibration[1].n == 2); // D1 won, D10 lost: (1 + 2) ÷ 12
    CHECK(f.calibration[1].probability == Approx(0.25));
    CHECK(f.calibration[2].probability == Approx(5.0 / 11)); // D1: (1 + 4) ÷ 11
    CHECK(f.calibration[3].probability == Approx(6.0 / 11)); // D2 lost: (0 + 6) ÷ 11
    CHECK(f.calibration[4].probability == Approx(9.0 / 11)); // D7: (1 + 8) ÷ 11
    CHECK(f.calibration[4].configured == 80);
    const auto& eur = f.blocks[0];
    CHECK(eur.rows[0].weighted == 409091); // 5,000 × 9/11
    CHECK(eur.rows[1].weighted == 181818); // 4,000 × 5/11
    CHECK(eur.rows[2].weighted == 400000); // the override wins
    CHECK(eur.undated.weighted == 112500); // 4,500 × 0.25
}

TEST_CASE("forecast by quarter") {
    Scenario s;
    ForecastOptions o;
    o.quarters = 2;
    auto f = ok(build_forecast(s.book, o));
    const auto& eur = f.blocks[0];
    REQUIRE(eur.rows.size() == 2);
    CHECK(eur.rows[0].key == "2026-Q1");
    CHECK(eur.rows[0].open_value == 500000);
    CHECK(eur.rows[1].key == "2026-Q2");
    CHECK(eur.rows[1].open_value == 1200000);
    CHECK(eur.rows[0].won == 1700000); // D9 9,000 (Jan), D7 7,000 (Feb), D1 1,000 (Mar)
}

TEST_CASE("the Monte-Carlo range is the same for the same data") {
    Scenario s;
    auto a = ok(build_forecast(s.book, {}));
    auto b = ok(build_forecast(s.book, {}));
    for (std::size_t i = 0; i < a.blocks[0].rows.size(); ++i) {
        CHECK(*a.blocks[0].rows[i].p10 == *b.blocks[0].rows[i].p10);
        CHECK(*a.blocks[0].rows[i].p50 == *b.blocks[0].rows[i].p50);
        CHECK(*a.blocks[0].rows[i].p90 == *b.blocks[0].rows[i].p90);
    }
    std::vector<std::int64_t> values(200, 100);
    std::vector<double> p(200, 0.3);
    auto r1 = won_value_range(values, p);
    auto r2 = won_value_range(values, p);
    CHECK(*r1 == *r2);
    // Binomial(200, 0.3) × 100: mean 6,000, sd 648; P10 ≈ 5,170, P90 ≈ 6,830.
    REQUIRE(r1.has_value());
    CHECK((*r1)[1] == doctest::Approx(6000).epsilon(0.03));
    CHECK((*r1)[0] == doctest::Approx(5170).epsilon(0.03));
    CHECK((*r1)[2] == doctest::Approx(6830).epsilon(0.03));
    CHECK(won_value_range({}, {}) == std::array<std::int64_t, 3>{0, 0, 0});
}

// The draws as docs/figures.md defines them, one after another from one splitmix64 stream
// (written out here, independent of the code under test, which shares big books' draws
// between threads).
namespace {
std::array<std::int64_t, 3> sequential_range(const std::vector<std::int64_t>& values,
                                             const std::vector<double>& p, std::uint64_t seed,
                                             int draws) {
    auto next = [&seed] {
        auto z = (seed += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    };
    std::vector<std::int64_t> sums;
    for (int d = 0; d < draws; ++d) {
        std::int64_t sum = 0;
        std::uint64_t r = 0;
        for (std::size_t i = 0; i < values.size(); ++i) {
            std::uint64_t uniform = 0;
            if (i % 2 == 0) {
                r = next();
                uniform = i + 1 < values.size() ? (r & 0xffffffffULL) : (r >> 32);
            } else {
                uniform = r >> 32;
            }
            if (uniform < static_cast<std::uint64_t>(p[i] * 4294967296.0)) sum += values[i];
        }
        sums.push_back(sum);
    }
    std::ranges::sort(sums);
    auto rank = [&](int percent) {
        return sums[static_cast<std::size_t>(draws * percent / 100 - 1)];
    };
    return {rank(10), rank(50), rank(90)};
}
} // namespace

TEST_CASE("a big book's draws shared between threads give the draws of one stream") {
    std::vector<std::int64_t> values;
    std::vector<double> p;
    for (int i = 0; i < 1001; ++i) { // odd: the last deal takes a number of its own
        values.push_back(100 + i * 7);
        p.push_back(0.05 + (i % 90) / 100.0);
    }
    auto seed = 0x1234abcdULL;
    CHECK(won_value_range(values, p, seed, 10000) == sequential_range(values, p, seed, 10000));
    CHECK(won_value_range(values, p, seed, 100) == sequential_range(values, p, seed, 100));
}

TEST_CASE("forecast of an empty book and bad options") {
    BookFixture f;
    auto fc = ok(build_forecast(f.book, {}));
    REQUIRE(fc.blocks.size() == 1);
    CHECK(fc.blocks[0].rows.size() == 3);
    CHECK(fc.blocks[0].rows[0].deals == 0);
    CHECK(*fc.blocks[0].rows[0].p50 == 0);
    CHECK_FALSE(fc.blocks[0].rows[0].coverage.has_value());
    ForecastOptions bad;
    bad.method = "magic";
    CHECK(build_forecast(f.book, bad).error().exit_code == 2);
    bad.method = "stage";
    bad.months = 0;
    CHECK(build_forecast(f.book, bad).error().exit_code == 2);
}
