#pragma once
/// \file flow.hpp
/// How deals flow through stages: time in stage, and stuck deals. Built on the stage exits
/// that a trigger records as stage events are appended.

#include "pipe/book.hpp"

#include <cstdint>
#include <map>
#include <optional>
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

/// Time-in-stage samples per (pipeline, stage) over exits in [from, to) — every exit when
/// both are unset.
[[nodiscard]] Result<std::map<std::pair<std::string, std::string>, StageTimes>>
stage_times(Book& book, std::optional<Timestamp> from = {}, std::optional<Timestamp> to = {});

/// Fewest past exits of a stage before its deals can be called stuck.
inline constexpr std::size_t stuck_min_samples = 5;
/// How many of a stage's most recent exits its typical time is taken from (a bound that keeps
/// `pipe agenda` fast on large books; recent exits also follow changes in how deals are sold).
inline constexpr std::size_t stuck_sample_size = 200;

/// The median days in each stage over its most recent `stuck_sample_size` exits, for
/// stages with at least `stuck_min_samples` exits.
[[nodiscard]] Result<std::map<std::pair<std::string, std::string>, double>>
typical_stage_days(Book& book);

/// Ids of open deals whose time in their current stage exceeds 2 × the stage's median time
/// (typical_stage_days).
[[nodiscard]] Result<std::vector<std::int64_t>> stuck_deal_ids(Book& book);

/// A deal is stuck at `now` in a stage whose median time is `typical_days` when it entered
/// the stage before the instant this returns (now − 2 × the median).
[[nodiscard]] Timestamp stuck_cutoff(Timestamp now, double typical_days);

} // namespace crm
