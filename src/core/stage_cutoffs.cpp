#include "stage_cutoffs.hpp"

#include "scope.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <optional>

namespace crm::detail {

namespace {

// The one number a count of the stage's deals returns, with the cutoff third and `limit`
// fourth when given.
std::int64_t count_of(SQLite::Statement& st, const std::string& pipeline, const std::string& stage,
                      std::optional<std::int64_t> cutoff, std::optional<std::int64_t> limit) {
    st.bind(1, pipeline);
    st.bind(2, stage);
    if (cutoff) st.bind(3, *cutoff);
    if (limit) st.bind(4, *limit);
    st.executeStep();
    auto n = st.getColumn(0).getInt64();
    st.reset();
    return n;
}

} // namespace

CutoffCount count_cutoff(Store& store, const std::string& pipeline, const std::string& stage,
                         CutoffColumn on, std::int64_t cutoff) {
    CutoffCount out;
    out.in_stage =
        count_of(store.statement("SELECT coalesce(sum(deals), 0) FROM deal_totals WHERE status "
                                 "= 'open' AND pipeline = ? AND stage = ?"),
                 pipeline, stage, std::nullopt, std::nullopt);
    auto half = out.in_stage / 2;
    // The deals past the cutoff, counted up to one more than half the stage (by the column's
    // index, unless in a scope, where `deals` is a view: scope.hpp).
    auto later = count_of(
        store.statement(fmt::format("SELECT count(*) FROM (SELECT 1 FROM deals {} WHERE status = "
                                    "'open' AND pipeline = ? AND stage = ? AND {} >= ? LIMIT ?)",
                                    indexed_by(on.index), on.column)),
        pipeline, stage, cutoff, half + 1);
    if (later <= half) {
        out.before = out.in_stage - later;
        return out;
    }
    out.before = count_of(
        store.statement(fmt::format("SELECT count(*) FROM deals {} WHERE status = 'open' AND "
                                    "pipeline = ? AND stage = ? AND {} < ?",
                                    indexed_by(on.index), on.column)),
        pipeline, stage, cutoff, std::nullopt);
    return out;
}

} // namespace crm::detail
