#include "pipe/flow.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>

namespace crm {

double StageTimes::median() const {
    if (days.empty()) return 0;
    auto sorted = days;
    std::ranges::sort(sorted);
    auto n = sorted.size();
    return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

Result<std::map<std::pair<std::string, std::string>, StageTimes>> stage_times(Book& book) {
    std::map<std::pair<std::string, std::string>, StageTimes> out;
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        SQLite::Statement st(book.store.db(), R"sql(
            WITH moves AS (
              SELECT deal_id, at, from_value,
                     LAG(at) OVER w AS entered_at, LAG(to_value) OVER w AS entered
              FROM events
              WHERE deal_id IS NOT NULL AND kind IN ('created','stage','won','lost','reopened')
              WINDOW w AS (PARTITION BY deal_id ORDER BY at, id))
            SELECT d.pipeline, m.from_value, m.at - m.entered_at
            FROM moves m JOIN deals d ON d.id = m.deal_id
            WHERE m.from_value IS NOT NULL AND m.entered = m.from_value)sql");
        while (st.executeStep())
            out[{st.getColumn(0).getString(), st.getColumn(1).getString()}].days.push_back(
                static_cast<double>(st.getColumn(2).getInt64()) / 86400.0);
        return {};
    }));
    return out;
}

Result<std::vector<std::int64_t>> stuck_deal_ids(Book& book) {
    auto times = PIPE_TRY(stage_times(book));
    std::vector<std::int64_t> ids;
    auto now = book.clock.now().time_since_epoch().count();
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        for (const auto& [key, samples] : times) {
            if (samples.days.size() < stuck_min_samples) continue;
            auto limit = static_cast<std::int64_t>(2 * samples.median() * 86400.0);
            auto& st =
                book.store.statement("SELECT id FROM deals WHERE status = 'open' AND pipeline = ? "
                                     "AND stage = ? AND stage_entered_at < ?");
            st.bind(1, key.first);
            st.bind(2, key.second);
            st.bind(3, now - limit);
            while (st.executeStep()) ids.push_back(st.getColumn(0).getInt64());
        }
        return {};
    }));
    std::ranges::sort(ids);
    return ids;
}

} // namespace crm
