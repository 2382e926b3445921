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

// The open deals of the stage (`in_stage` of them) in it since before `cutoff`, from the kept
// spans of entry time (stage_entries) on the side of the cutoff's span with fewer of them, and
// the deals of that span itself from the index.
std::int64_t entered_before(Store& store, const std::string& pipeline, const std::string& stage,
                            std::int64_t cutoff, std::int64_t in_stage) {
    if (in_stage == 0) return 0;
    std::int64_t span = cutoff >> entry_span_bits;
    auto first = count_of(store.statement("SELECT min(span) FROM stage_entries WHERE pipeline = ? "
                                          "AND stage = ?"),
                          pipeline, stage, std::nullopt, std::nullopt);
    auto last = count_of(store.statement("SELECT max(span) FROM stage_entries WHERE pipeline = ? "
                                         "AND stage = ?"),
                         pipeline, stage, std::nullopt, std::nullopt);
    bool from_start = span - first <= last - span;
    auto spans = count_of(store.statement(fmt::format("SELECT coalesce(sum(deals), 0) FROM "
                                                      "stage_entries WHERE pipeline = ? AND "
                                                      "stage = ? AND span {} ?",
                                                      from_start ? "<" : ">")),
                          pipeline, stage, span, std::nullopt);
    auto& st = store.statement(fmt::format(
        "SELECT count(*) FROM deals INDEXED BY deals_entered WHERE status = 'open' AND "
        "pipeline = ? AND stage = ? AND stage_entered_at >= ? AND stage_entered_at {} ?",
        from_start ? "<" : "<="));
    st.bind(1, pipeline);
    st.bind(2, stage);
    // The span's deals before the cutoff, or from the cutoff to the span's end.
    st.bind(3, from_start ? span << entry_span_bits : cutoff);
    st.bind(4, from_start ? cutoff : ((span + 1) << entry_span_bits) - 1);
    st.executeStep();
    auto in_span = st.getColumn(0).getInt64();
    st.reset();
    return from_start ? spans + in_span : in_stage - spans - in_span;
}

} // namespace

CutoffCount count_cutoff(Store& store, const std::string& pipeline, const std::string& stage,
                         CutoffColumn on, std::int64_t cutoff) {
    CutoffCount out;
    out.in_stage =
        count_of(store.statement("SELECT coalesce(sum(deals), 0) FROM deal_totals WHERE status "
                                 "= 'open' AND pipeline = ? AND stage = ?"),
                 pipeline, stage, std::nullopt, std::nullopt);
    if (on.column == entered_cutoff.column && !in_scope()) {
        out.before = entered_before(store, pipeline, stage, cutoff, out.in_stage);
        return out;
    }
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
