#pragma once
// The ordered list of schema migrations. Migration i (1-based) brings user_version i-1 to i.

#include <span>
#include <string_view>

namespace crm::schema {

/// SQL scripts, one per version; never edit a released one, append a new one.
std::span<const std::string_view> migrations();

/// `PRAGMA application_id` stamped on every pipe database ("PIPE").
inline constexpr int application_id = 0x50495045;

} // namespace crm::schema
