#pragma once
// How the names of people and organizations are compared: for deduplication (an upgrade, an
// import, `--org NAME` on a deal) and for matching what a user typed to a record.

#include <string>
#include <string_view>

namespace crm::detail {

/// `text` without spaces at its ends, with each inner run of white space one space.
[[nodiscard]] std::string tidy_name(std::string_view text);

/// The key under which two names are the same record: tidy_name, then name_key (NFC,
/// case-folded). `Müller Bau GmbH`, ` müller  bau gmbh ` share one; `Muller` is another.
[[nodiscard]] std::string party_key(std::string_view name);

/// The key under which two email addresses are the same: trimmed, ASCII lower case.
[[nodiscard]] std::string email_key(std::string_view email);

/// The key under which a typed reference matches a name: party_key without diacritics
/// (`muller` matches Müller).
[[nodiscard]] std::string match_key(std::string_view name);

} // namespace crm::detail
