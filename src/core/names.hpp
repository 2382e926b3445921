#pragma once
// How names that people type and read are compared (stages, pipelines, lost reasons).

#include <string>
#include <string_view>

namespace crm::detail {

/// The form in which two names that look the same are equal: Unicode NFC (so `é` written as
/// one code point or as `e` and a combining accent is one name), case-folded (`É` and `é`,
/// `Straße` and `STRASSE`), without default-ignorable code points such as zero-width spaces.
/// Text that is not valid UTF-8 is returned as it is.
[[nodiscard]] std::string name_key(std::string_view name);

/// Whether two names are the same up to case and Unicode normalization (their name_key):
/// `négociation` and `NÉGOCIATION`. Fast when they are equal byte for byte or both ASCII.
[[nodiscard]] bool same_name(std::string_view a, std::string_view b);

/// Whether `name` begins with `prefix` up to case and Unicode normalization: `Négociation`
/// begins with `néGO`.
[[nodiscard]] bool name_starts_with(std::string_view name, std::string_view prefix);

/// The form in which two lost reasons are one: trimmed, each run of spaces (any Unicode space,
/// tabs, line breaks) one space, then name_key: `Price`, ` price ` and `PRICE` are one reason,
/// and so are `Préis` and `PRÉIS`.
[[nodiscard]] std::string reason_key(std::string_view reason);

} // namespace crm::detail
