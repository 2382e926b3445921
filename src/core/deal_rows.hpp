#pragma once
// Reading and writing whole deal rows; shared by the deal operations and the importer.

#include "field_rows.hpp"
#include "pipe/deals.hpp"

namespace crm::detail {

/// The deal with this id, or nullopt.
std::optional<Deal> find_deal(Store& store, std::int64_t id);
/// The deal with this id, or a "not found" Error with the command that lists deals.
Result<Deal> require_deal(Store& store, std::int64_t id);
/// Insert a new deal row with the next deal id (set in `deal`, and returned), inside the
/// change being written.
std::int64_t insert_deal(Store& store, Deal& deal, std::optional<std::int64_t> batch = {});
/// Write every mutable column of an existing deal.
void update_deal(Store& store, const Deal& deal);
/// Seconds since the epoch.
inline std::int64_t seconds(Timestamp t) {
    return t.time_since_epoch().count();
}
/// A Timestamp from seconds since the epoch.
inline Timestamp from_seconds(std::int64_t s) {
    return Timestamp{std::chrono::seconds{s}};
}
/// Parse a probability override: 0–100, or `none` / empty (clears).
Result<std::optional<int>> parse_probability(const std::string& text);
/// Parse a user date field: `none` / empty clears; otherwise parse_date relative to the book's
/// today, in its date order.
Result<std::optional<Date>> parse_optional_date(const std::string& text, const Book& book,
                                                std::string_view what);
/// An event about a deal, stamped `at`.
Event deal_event(const Deal& deal, Timestamp at, std::string kind,
                 std::optional<std::string> from = {}, std::optional<std::string> to = {},
                 std::string detail = {});

} // namespace crm::detail
