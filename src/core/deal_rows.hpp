#pragma once
// Reading and writing whole deal rows; shared by the deal operations and the importer.

#include "pipe/deals.hpp"

namespace crm::detail {

/// The deal with this id, or nullopt.
std::optional<Deal> find_deal(Store& store, std::int64_t id);
/// The deal with this id, or a "not found" Error with the command that lists deals.
Result<Deal> require_deal(Store& store, std::int64_t id);
/// Insert a new deal row; returns its id.
std::int64_t insert_deal(Store& store, const Deal& deal, std::optional<std::int64_t> batch = {});
/// Write every mutable column of an existing deal.
void update_deal(Store& store, const Deal& deal);
/// Tags as stored: `;a;b;` (so `LIKE '%;a;%'` finds one), or empty.
std::string encode_tags(const std::vector<std::string>& tags);
/// Tags from their stored form.
std::vector<std::string> decode_tags(const std::string& stored);
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
/// Parse a user date field: `none` / empty clears; otherwise parse_date relative to today.
Result<std::optional<Date>> parse_optional_date(const std::string& text, Date today,
                                                std::string_view what);
/// An event about a deal, stamped `at`.
Event deal_event(const Deal& deal, Timestamp at, std::string kind,
                 std::optional<std::string> from = {}, std::optional<std::string> to = {},
                 std::string detail = {});

} // namespace crm::detail
