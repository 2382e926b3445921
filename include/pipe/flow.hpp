#pragma once
/// \file flow.hpp
/// How deals flow through stages: time in stage, and stuck deals.

#include "pipe/book.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace crm {

/// Days spent in a stage by the deals that left it.
struct StageTimes {
    /// Durations in days (elapsed time / 24 h), one per exit.
    std::vector<double> days;
    /// Median of `days`; 0 when empty.
    [[nodiscard]] double median() const;
};

/// Time-in-stage samples per (pipeline, stage), from every exit recorded in the events.
[[nodiscard]] Result<std::map<std::pair<std::string, std::string>, StageTimes>>
stage_times(Book& book);

/// Fewest past exits of a stage before its deals can be called stuck.
inline constexpr std::size_t stuck_min_samples = 5;

/// Ids of open deals whose time in their current stage exceeds 2 × the stage's median time
/// (only stages with at least `stuck_min_samples` exits).
[[nodiscard]] Result<std::vector<std::int64_t>> stuck_deal_ids(Book& book);

} // namespace crm
