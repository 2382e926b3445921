#pragma once
// Pieces of date parsing shared by dates.cpp (ISO forms, instants) and date_words.cpp (the
// words people type).

#include "pipe/dates.hpp"

#include <chrono>
#include <optional>
#include <string_view>

namespace crm::detail {

/// The unsigned number written with exactly the digits s[pos, pos + n), or -1.
int digits_at(std::string_view s, std::size_t pos, std::size_t n);

/// `YYYY-MM-DD` exactly, a real calendar date, or nullopt.
std::optional<Date> iso_date(std::string_view s);

/// The same day `n` months later (earlier when negative), clamped to the month's last day.
Date add_months(Date d, int n);

/// Whether a date lies in the years 0000 to 9999 (those YYYY-MM-DD writes).
bool within_iso_years(Date d);

} // namespace crm::detail
