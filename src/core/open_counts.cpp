#include "open_counts.hpp"

#include "scope.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <optional>

namespace crm::detail {

namespace {

// The one number `sql` returns, with `text` bound first and `limit` after it when given.
std::int64_t count_of(Store& store, const std::string& sql, std::optional<std::string> text,
                      std::optional<std::int64_t> limit) {
    auto& st = store.statement(sql);
    int i = 1;
    if (text) st.bind(i++, *text);
    if (limit) st.bind(i++, *limit);
    st.executeStep();
    auto n = st.getColumn(0).getInt64();
    st.reset();
    return n;
}

std::int64_t open_deals(Store& store) {
    return count_of(store, "SELECT coalesce(sum(deals), 0) FROM deal_totals WHERE status = 'open'",
                    std::nullopt, std::nullopt);
}

} // namespace

std::int64_t open_without_next_step(Store& store) {
    // Both totals are kept (deal_totals, step_totals), in a scope as views over its deals.
    return open_deals(store) - count_of(store,
                                        "SELECT coalesce(sum(deals), 0) FROM step_totals WHERE "
                                        "status = 'open'",
                                        std::nullopt, std::nullopt);
}

std::int64_t open_past_close(Store& store, const std::string& today) {
    auto total = open_deals(store);
    auto half = total / 2;
    // Not past: closing today or later, or with no expected close at all.
    auto later = count_of(store,
                          fmt::format("SELECT count(*) FROM (SELECT 1 FROM deals {} WHERE status "
                                      "= 'open' AND expected_close >= ? LIMIT ?)",
                                      indexed_by("deals_close")),
                          today, half + 1);
    if (later <= half) {
        auto undated = count_of(store,
                                fmt::format("SELECT count(*) FROM (SELECT 1 FROM deals {} WHERE "
                                            "status = 'open' AND expected_close IS NULL LIMIT ?)",
                                            indexed_by("deals_close")),
                                std::nullopt, half + 1 - later);
        if (later + undated <= half) return total - later - undated;
    }
    return count_of(store,
                    "SELECT count(*) FROM deals WHERE status = 'open' AND expected_close < ?",
                    today, std::nullopt);
}

} // namespace crm::detail
