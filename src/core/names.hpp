#pragma once
// How names that people type and read are compared (stages, pipelines).

#include <string>
#include <string_view>

namespace crm::detail {

/// The form in which two names that look the same are equal: Unicode NFC (so `é` written as
/// one code point or as `e` and a combining accent is one name), case-folded (`É` and `é`,
/// `Straße` and `STRASSE`), without default-ignorable code points such as zero-width spaces.
/// Text that is not valid UTF-8 is returned as it is.
[[nodiscard]] std::string name_key(std::string_view name);

} // namespace crm::detail
