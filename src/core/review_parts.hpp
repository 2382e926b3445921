#pragma once
// The parts of the review that do not depend on the period's closes: the funnel, the hygiene
// list and the goal coverage.

#include "figures.hpp"
#include "pipe/review.hpp"

namespace crm::review_parts {

/// Open stages of every pipeline with their deals in `currency` (from `snapshot`) and their
/// exits in [from, to).
std::vector<FunnelStage> funnel(Book& book, const std::vector<figures::SnapshotRow>& snapshot,
                                const std::string& currency, Timestamp from, Timestamp to);

/// Open deals in currencies other than `currency`.
std::int64_t other_currency_deals(Book& book, const std::string& currency);

/// Flagged open deals now, at most `limit`, most flags first, and a count per flag.
Result<Hygiene> hygiene(Book& book, std::size_t limit);

/// Coverage of the monthly goal for the month of `today`, if a goal is set.
std::optional<GoalCoverage> goal(Book& book, Date today);

} // namespace crm::review_parts
