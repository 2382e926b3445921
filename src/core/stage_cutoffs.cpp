#include "stage_cutoffs.hpp"

#include "scope.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

namespace crm::detail {

CutoffCount count_cutoff(Store& store, const std::string& pipeline, const std::string& stage,
                         CutoffColumn on, std::int64_t cutoff) {
    CutoffCount out;
    auto& kept = store.statement("SELECT coalesce(sum(deals), 0) FROM deal_totals WHERE status = "
                                 "'open' AND pipeline = ? AND stage = ?");
    kept.bind(1, pipeline);
    kept.bind(2, stage);
    kept.executeStep();
    out.in_stage = kept.getColumn(0).getInt64();
    kept.reset();
    auto half = out.in_stage / 2;
    // The deals past the cutoff, counted up to one more than half the stage (by the column's
    // index, unless in a scope, where `deals` is a view: scope.hpp).
    auto& after = store.statement(
        fmt::format("SELECT count(*) FROM (SELECT 1 FROM deals {} WHERE status = 'open' AND "
                    "pipeline = ? AND stage = ? AND {} >= ? LIMIT ?)",
                    indexed_by(on.index), on.column));
    after.bind(1, pipeline);
    after.bind(2, stage);
    after.bind(3, cutoff);
    after.bind(4, half + 1);
    after.executeStep();
    auto later = after.getColumn(0).getInt64();
    after.reset();
    if (later <= half) {
        out.before = out.in_stage - later;
        return out;
    }
    auto& before = store.statement(
        fmt::format("SELECT count(*) FROM deals {} WHERE status = 'open' AND pipeline = ? AND "
                    "stage = ? AND {} < ?",
                    indexed_by(on.index), on.column));
    before.bind(1, pipeline);
    before.bind(2, stage);
    before.bind(3, cutoff);
    before.executeStep();
    out.before = before.getColumn(0).getInt64();
    before.reset();
    return out;
}

} // namespace crm::detail
