#include "pipe/forecast.hpp"

#include "amounts.hpp"
#include "deal_rows.hpp"
#include "forecast_draws.hpp"
#include "pipe/deals.hpp"
#include "scope.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <future>
#include <map>
#include <system_error>
#include <thread>

namespace crm {

using detail::from_seconds;
using detail::seconds;
using std::chrono::days;
using std::chrono::months;
using std::chrono::sys_days;
using std::chrono::year_month_day;

namespace {

std::uint64_t fnv1a(std::string_view text) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : text) h = (h ^ c) * 0x100000001b3ULL;
    return h;
}

struct Period {
    std::string key;
    Date first;
    Date last;
};

std::vector<Period> periods(Date today, const ForecastOptions& o) {
    year_month_day ymd{today};
    auto month = static_cast<unsigned>(ymd.month());
    int step = o.quarters ? 3 : 1;
    int count = o.quarters ? *o.quarters : o.months;
    if (o.quarters) month = (month - 1) / 3 * 3 + 1;
    auto start = ymd.year() / std::chrono::month{month} / 1;
    std::vector<Period> out;
    for (int i = 0; i < count; ++i) {
        auto first = start + months{i * step};
        auto next = first + months{step};
        auto y = static_cast<int>(first.year());
        auto m = static_cast<unsigned>(first.month());
        out.push_back(
            {o.quarters ? fmt::format("{}-Q{}", y, (m - 1) / 3 + 1) : fmt::format("{}-{:02}", y, m),
             sys_days{first}, sys_days{next} - days{1}});
    }
    return out;
}

struct Probabilities {
    const StageConfig& stages;
    std::map<std::pair<std::string, std::string>, double> calibrated;

    double of(const std::string& pipeline, const std::string& stage,
              std::optional<int> override_p) const {
        if (override_p) return *override_p / 100.0;
        if (auto it = calibrated.find({pipeline, stage}); it != calibrated.end()) return it->second;
        if (auto p = stages.pipeline(pipeline))
            if (const auto* s = (*p)->find(stage)) return s->probability / 100.0;
        return 0;
    }
    Category category(const std::string& pipeline, const std::string& stage) const {
        if (auto p = stages.pipeline(pipeline))
            if (const auto* s = (*p)->find(stage)) return s->category;
        return Category::pipeline;
    }
};

void add_deal(ForecastRow& row, const Probabilities& probs, const std::string& pipeline,
              const std::string& stage, std::optional<int> override_p, std::int64_t deals,
              std::int64_t value) {
    row.deals += deals;
    detail::add_to(row.open_value, value);
    detail::add_to(row.weighted, detail::share_of(value, probs.of(pipeline, stage, override_p)));
    switch (probs.category(pipeline, stage)) {
    case Category::commit:
        detail::add_to(row.commit, value);
        break;
    case Category::best_case:
        detail::add_to(row.best_case, value);
        break;
    case Category::pipeline:
        detail::add_to(row.pipeline, value);
        break;
    }
}

std::optional<int> override_of(SQLite::Statement& st, int column) {
    if (st.getColumn(column).isNull()) return std::nullopt;
    return st.getColumn(column).getInt();
}

struct Builder {
    Book& book;
    const Probabilities& probs;
    const std::vector<Period>& periods;
    std::map<std::string, ForecastBlock> blocks;
    std::map<std::pair<std::string, std::size_t>,
             std::pair<std::vector<std::int64_t>, std::vector<double>>>
        draws;

    ForecastBlock& block(const std::string& currency) {
        auto& b = blocks[currency];
        if (b.currency.empty()) {
            b.currency = currency;
            for (const auto& p : periods) {
                auto& row = b.rows.emplace_back();
                row.key = p.key;
                row.first = p.first;
                row.last = p.last;
            }
            b.undated.key = "undated";
        }
        return b;
    }

    void open_in_horizon(Date today) {
        auto& st = book.store.statement(
            "SELECT currency, value, probability, pipeline, stage, expected_close FROM deals "
            "WHERE status = 'open' AND expected_close >= ? AND expected_close <= ? ORDER BY id");
        st.bind(1, format_date(today));
        st.bind(2, format_date(periods.back().last));
        while (st.executeStep()) {
            auto currency = st.getColumn(0).getString();
            auto value = st.getColumn(1).getInt64();
            auto override_p = override_of(st, 2);
            auto pipeline = st.getColumn(3).getString();
            auto stage = st.getColumn(4).getString();
            auto close = parse_iso_date(st.getColumn(5).getString());
            if (!close) continue;
            auto it =
                std::ranges::find_if(periods, [&](const Period& p) { return *close <= p.last; });
            auto index = static_cast<std::size_t>(it - periods.begin());
            add_deal(block(currency).rows[index], probs, pipeline, stage, override_p, 1, value);
            auto& d = draws[{currency, index}];
            d.first.push_back(value);
            d.second.push_back(probs.of(pipeline, stage, override_p));
        }
    }

    void undated(Date today) {
        for (const char* where : {"expected_close IS NULL", "expected_close < ?"}) {
            auto& st = book.store.statement(
                // deals_close covers the query; the planner takes deals_status instead (its
                // order saves the GROUP BY a sort) and reads every open deal's row: 3x slower.
                "SELECT currency, pipeline, stage, probability, count(*), sum(value) FROM deals " +
                detail::indexed_by("deals_close") + " WHERE status = 'open' AND " + where +
                " GROUP BY currency, pipeline, stage, probability");
            if (std::string_view(where).find('?') != std::string_view::npos)
                st.bind(1, format_date(today));
            while (st.executeStep())
                add_deal(block(st.getColumn(0).getString()).undated, probs,
                         st.getColumn(1).getString(), st.getColumn(2).getString(),
                         override_of(st, 3), st.getColumn(4).getInt64(),
                         st.getColumn(5).getInt64());
        }
    }

    void won() {
        auto& st =
            book.store.statement("SELECT currency, closed_at, value FROM deals " +
                                 detail::indexed_by("deals_closed_at") +
                                 " WHERE status = 'won' AND closed_at >= ? AND closed_at < ?");
        st.bind(1, seconds(local_midnight(periods.front().first)));
        st.bind(2, seconds(local_midnight(periods.back().last + days{1})));
        while (st.executeStep()) {
            auto day = local_date(from_seconds(st.getColumn(1).getInt64()));
            auto it = std::ranges::find_if(periods, [&](const Period& p) { return day <= p.last; });
            if (it == periods.end()) continue;
            detail::add_to(block(st.getColumn(0).getString())
                               .rows[static_cast<std::size_t>(it - periods.begin())]
                               .won,
                           st.getColumn(2).getInt64());
        }
    }
};

} // namespace

Result<std::array<std::int64_t, 3>> won_value_range(const std::vector<std::int64_t>& values,
                                                    const std::vector<double>& probabilities,
                                                    std::uint64_t seed, int draws) {
    std::int64_t certain = 0;
    std::int64_t most = 0; // the sum of the magnitudes: once it fits, no draw's sum can overflow
    std::vector<std::int64_t> v;
    std::vector<std::uint64_t> threshold;
    for (std::size_t i = 0; i < values.size(); ++i) {
        auto p = std::clamp(probabilities[i], 0.0, 1.0);
        std::int64_t magnitude = 0;
        if (__builtin_sub_overflow(0, values[i], &magnitude) ||
            (p > 0.0 && __builtin_add_overflow(most, std::max(values[i], magnitude), &most)))
            return std::unexpected(detail::total_too_large());
        if (p >= 1.0) {
            certain += values[i];
        } else if (p > 0.0) {
            v.push_back(values[i]);
            threshold.push_back(static_cast<std::uint64_t>(p * 4294967296.0));
        }
    }
    if (draws <= 0) return std::array{certain, certain, certain};
    std::vector<std::int64_t> sums(static_cast<std::size_t>(draws));
    auto n = v.size();
    // Deal 2k on the low half of a draw's k-th number, deal 2k + 1 on its high half
    // (forecast_draws.hpp).
    std::vector<std::int64_t> low_values, high_values;
    std::vector<std::uint64_t> low_thresholds, high_thresholds;
    for (std::size_t i = 0; i < n; ++i) {
        (i % 2 ? high_values : low_values).push_back(v[i]);
        (i % 2 ? high_thresholds : low_thresholds).push_back(threshold[i]);
    }
    detail::DrawDeals deals{
        low_values.data(), low_thresholds.data(), high_values.data(), high_thresholds.data(), n / 2,
        n % 2 == 1};
    auto run = [&](std::size_t first, std::size_t last) {
        detail::draw_sums(deals, seed, certain, first, last, sums.data() + first);
    };
    // A big book's draws are shared by the machine's cores (at most 8); a small one's are not
    // worth a thread.
    auto total = sums.size();
    std::size_t workers = n * total < 4'000'000
                              ? 1
                              : std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8);
    std::vector<std::thread> threads;
    for (std::size_t w = 1; w < workers; ++w) {
        auto first = total * w / workers, last = total * (w + 1) / workers;
        try {
            threads.emplace_back(run, first, last);
        } catch (const std::system_error&) { // no thread to be had: the same draws, here
            run(first, last);
        }
    }
    run(0, total / workers);
    for (auto& t : threads) t.join();
    std::ranges::sort(sums);
    auto at = [&](int percent) {
        auto rank = (static_cast<std::int64_t>(draws) * percent + 99) / 100;
        return sums[static_cast<std::size_t>(std::max<std::int64_t>(rank, 1) - 1)];
    };
    return std::array{at(10), at(50), at(90)};
}

Result<std::vector<CalibratedStage>> calibrate_stages(Book& book) {
    std::vector<CalibratedStage> out;
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        book.store.map_for_reading();
        // stage_reach: closed deals that left the stage, by status, kept by triggers (schema v3).
        auto& st = book.store.statement(
            "SELECT coalesce(sum(deals), 0), coalesce(sum(CASE WHEN status = 'won' THEN deals "
            "END), 0) FROM stage_reach WHERE pipeline = ? AND stage = ? AND status <> 'open'");
        for (const auto& p : book.stages.pipelines)
            for (const auto& s : p.stages) {
                if (s.kind != StageKind::open) continue;
                st.reset();
                st.bind(1, p.name);
                st.bind(2, s.name);
                st.executeStep();
                CalibratedStage c{p.name,
                                  s.name,
                                  s.probability,
                                  st.getColumn(0).getInt64(),
                                  st.getColumn(1).getInt64(),
                                  0};
                c.probability =
                    (static_cast<double>(c.won) + calibration_weight * s.probability / 100.0) /
                    static_cast<double>(c.n + calibration_weight);
                out.push_back(std::move(c));
            }
        return {};
    }));
    return out;
}

Result<Forecast> build_forecast(Book& book, const ForecastOptions& options) {
    if (options.method != "stage" && options.method != "history")
        return fail(fmt::format("unknown method \"{}\"", options.method),
                    "--method stage or --method history", 2);
    if (options.quarters && (*options.quarters < 1 || *options.quarters > 12))
        return fail("--quarters must be between 1 and 12", "e.g. --quarters 2", 2);
    if (!options.quarters && (options.months < 1 || options.months > 36))
        return fail("--months must be between 1 and 36", "e.g. --months 6", 2);
    auto scope = PIPE_TRY(detail::DealScope::open(book, options.deals));
    Forecast f;
    f.method = options.method;
    f.unit = options.quarters ? "quarter" : "month";
    f.today = book.today();
    Probabilities probs{book.stages, {}};
    if (options.method == "history") {
        f.calibration = PIPE_TRY(calibrate_stages(book));
        for (const auto& c : f.calibration) probs.calibrated[{c.pipeline, c.stage}] = c.probability;
    }
    auto spans = periods(f.today, options);
    Builder b{book, probs, spans, {}, {}};
    // The draws of the periods need only the open deals in them: they run beside the queries
    // of the rest (on a million deals, each takes about as long as the other).
    using RangeKey = std::pair<std::string, std::size_t>;
    std::map<RangeKey, Result<std::array<std::int64_t, 3>>> ranges;
    auto draw_all = [&] {
        for (const auto& [key, d] : b.draws) {
            auto seed = forecast_seed ^ fnv1a(key.first + ":" + spans[key.second].key);
            ranges.emplace(key, won_value_range(d.first, d.second, seed));
        }
    };
    std::future<void> drawing;
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        book.store.map_for_reading();
        b.open_in_horizon(f.today);
        try {
            drawing = std::async(std::launch::async, draw_all);
        } catch (const std::system_error&) { // no thread to be had: the draws, here
            draw_all();
        }
        b.undated(f.today);
        b.won();
        return {};
    }));
    if (drawing.valid()) drawing.get();
    auto goal_currency = book.stages.currency;
    b.block(goal_currency);
    for (auto& [currency, block] : b.blocks) {
        for (std::size_t i = 0; i < block.rows.size(); ++i) {
            auto& row = block.rows[i];
            auto drawn = ranges.find({currency, i});
            auto range = drawn != ranges.end()
                             ? PIPE_TRY(std::move(drawn->second))
                             : std::array<std::int64_t, 3>{}; // no open deal in the period
            PIPE_TRY_VOID(detail::summing([&] {
                row.p10 = detail::plus(row.won, range[0]);
                row.p50 = detail::plus(row.won, range[1]);
                row.p90 = detail::plus(row.won, range[2]);
            }));
            if (currency == goal_currency && book.stages.monthly_goal) {
                row.goal = *book.stages.monthly_goal * (options.quarters ? 3 : 1);
                if (*row.goal > row.won)
                    row.coverage = static_cast<double>(row.open_value) /
                                   static_cast<double>(*row.goal - row.won);
            }
        }
    }
    f.blocks.push_back(std::move(b.blocks[goal_currency]));
    for (auto& [currency, block] : b.blocks)
        if (currency != goal_currency) f.blocks.push_back(std::move(block));
    return f;
}

} // namespace crm
