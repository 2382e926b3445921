#pragma once
// Counting the open deals of a stage on one side of a cutoff in time (rotting: last touched
// before it; stuck: in the stage since before it) from the smaller side: a stage's open deals
// are kept in deal_totals, so when most of them are past the cutoff, those that are not are
// counted and taken from the total. A book whose old open deals all rot counted every one of
// them for each agenda and list. The stuck clock has kept counts per span of entry time.

#include "pipe/store.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace crm::detail {

/// The column of a cutoff, with its index on (status, pipeline, stage, column): SQLite's planner
/// takes deals_status (which covers value and currency) instead and reads the whole stage.
struct CutoffColumn {
    std::string_view column; ///< `last_touch_at` or `stage_entered_at`.
    std::string_view index;  ///< `deals_touch` or `deals_entered`.
};
/// The rotting clock: the last touch.
inline constexpr CutoffColumn touch_cutoff{"last_touch_at", "deals_touch"};
/// The stuck clock: when the deal entered its stage.
inline constexpr CutoffColumn entered_cutoff{"stage_entered_at", "deals_entered"};

/// The width of the spans of time by which stage_entries counts a stage's open deals: a span is
/// `stage_entered_at >> entry_span_bits` (65,536 seconds). The SQL that keeps and rebuilds the
/// table writes the 16 out (schema_v11_entries.cpp, derived_tables.hpp, scope.cpp);
/// tests/unit/test_kept_counts.cpp fails when the two disagree.
inline constexpr int entry_span_bits = 16;

/// A stage's open deals either side of a cutoff.
struct CutoffCount {
    std::int64_t before = 0;   ///< With the column before the cutoff (those that match).
    std::int64_t in_stage = 0; ///< All open deals of the stage.
    /// Whether the deals that match are the more (the others are then the cheaper to read).
    [[nodiscard]] bool most_match() const { return 2 * before > in_stage; }
};

/// Counts the open deals of `pipeline`/`stage` whose `on.column` is before `cutoff`: for the
/// stuck clock from the kept spans (stage_entries) and one span of the index, otherwise (and in
/// a DealScope) reading at most half the stage's deals from the index.
[[nodiscard]] CutoffCount count_cutoff(Store& store, const std::string& pipeline,
                                       const std::string& stage, CutoffColumn on,
                                       std::int64_t cutoff);

} // namespace crm::detail
