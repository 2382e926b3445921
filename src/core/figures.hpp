#pragma once
// Building blocks that the review and the forecast share: medians, the open book replayed to
// an instant, and closes read from events.

#include "pipe/book.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace crm::figures {

/// Median of values; none when empty.
std::optional<double> median(std::vector<double> values);

/// Mean of values; none when empty.
std::optional<double> mean(const std::vector<double>& values);

/// a ÷ b; none when b is zero.
std::optional<double> ratio(double a, double b);

/// Deals of one (pipeline, stage, status, currency, probability override) at an instant.
struct SnapshotRow {
    std::string pipeline;           ///< Pipeline.
    std::string stage;              ///< Stage.
    std::string status;             ///< open, won or lost.
    std::string currency;           ///< Currency.
    std::optional<int> probability; ///< Override, if any.
    std::int64_t deals = 0;         ///< How many.
    std::int64_t value = 0;         ///< Their value.
};

/// The book as it was just before `at` (events at or after it undone): the running totals,
/// corrected for the deals changed since. Reads only the deals changed since `at`; an instant
/// after now is the book as it is (the running totals alone).
std::vector<SnapshotRow> snapshot_at(Book& book, Timestamp at);

/// Weighted value of a snapshot row (override, else its stage's probability).
std::int64_t weighted(const SnapshotRow& row, const StageConfig& stages);

/// A deal's close (won or lost) or reopening, as read from the events.
struct Close {
    std::int64_t deal_id = 0;  ///< Deal.
    std::int64_t event_id = 0; ///< Event row id (orders events at the same instant).
    Timestamp at{};            ///< When.
    std::string kind;          ///< won, lost or reopened.
    std::string reason;        ///< Lost reason.
    Timestamp created_at{};    ///< The deal's creation.
    std::int64_t value = 0;    ///< The deal's value at that moment.
    std::string currency;      ///< The deal's currency.
};

/// Closes and reopenings in [from, to) of deals in every currency, ordered by deal, then time.
std::vector<Close> closes_between(Book& book, Timestamp from, Timestamp to);

/// Of `closes`, the deals closed in [from, to) and still closed at `to`: each deal's last close
/// or reopening in the window, when it is a close.
/// (Pointers into `closes`.)
std::vector<const Close*> closed_in(const std::vector<Close>& closes, Timestamp from, Timestamp to);

} // namespace crm::figures
