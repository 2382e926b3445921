#include "pipe/flow.hpp"

#include "deal_rows.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <limits>

namespace crm {

using detail::seconds;

double StageTimes::median() const {
    if (days.empty()) return 0;
    auto sorted = days;
    std::ranges::sort(sorted);
    auto n = sorted.size();
    return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

Result<std::map<std::pair<std::string, std::string>, StageTimes>>
stage_times(Book& book, std::optional<Timestamp> from, std::optional<Timestamp> to) {
    std::map<std::pair<std::string, std::string>, StageTimes> out;
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        auto& st =
            book.store.statement("SELECT pipeline, stage, left_at - entered_at FROM stage_exits "
                                 "WHERE left_at >= ? AND left_at < ?");
        st.bind(1, from ? seconds(*from) : std::numeric_limits<std::int64_t>::min());
        st.bind(2, to ? seconds(*to) : std::numeric_limits<std::int64_t>::max());
        while (st.executeStep())
            out[{st.getColumn(0).getString(), st.getColumn(1).getString()}].days.push_back(
                static_cast<double>(st.getColumn(2).getInt64()) / 86400.0);
        return {};
    }));
    return out;
}

Result<std::map<std::pair<std::string, std::string>, double>> typical_stage_days(Book& book) {
    std::map<std::pair<std::string, std::string>, double> out;
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        for (const auto& pipeline : book.stages.pipelines)
            for (const auto& stage : pipeline.stages) {
                if (stage.kind != StageKind::open) continue;
                auto& st = book.store.statement(
                    "SELECT left_at - entered_at FROM stage_exits WHERE pipeline = ? "
                    "AND stage = ? ORDER BY left_at DESC LIMIT ?");
                st.bind(1, pipeline.name);
                st.bind(2, stage.name);
                st.bind(3, static_cast<std::int64_t>(stuck_sample_size));
                StageTimes times;
                while (st.executeStep())
                    times.days.push_back(static_cast<double>(st.getColumn(0).getInt64()) / 86400.0);
                if (times.days.size() >= stuck_min_samples)
                    out[{pipeline.name, stage.name}] = times.median();
            }
        return {};
    }));
    return out;
}

Timestamp stuck_cutoff(Timestamp now, double typical_days) {
    return now - std::chrono::seconds(static_cast<std::int64_t>(2 * typical_days * 86400.0));
}

Result<std::vector<std::int64_t>> stuck_deal_ids(Book& book) {
    auto typical = PIPE_TRY(typical_stage_days(book));
    std::vector<std::int64_t> ids;
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        for (const auto& [key, median_days] : typical) {
            auto& st =
                book.store.statement("SELECT id FROM deals WHERE status = 'open' AND pipeline = ? "
                                     "AND stage = ? AND stage_entered_at < ?");
            st.bind(1, key.first);
            st.bind(2, key.second);
            st.bind(3, seconds(stuck_cutoff(book.clock.now(), median_days)));
            while (st.executeStep()) ids.push_back(st.getColumn(0).getInt64());
        }
        return {};
    }));
    std::ranges::sort(ids);
    return ids;
}

} // namespace crm
