#pragma once
// Matching typed names to records, shared by resolve_ref and the links of deals and leads.

#include "pipe/refs.hpp"
#include "pipe/store.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace crm::detail {

/// A record a name may mean.
struct Candidate {
    std::int64_t id = 0; ///< Its id.
    std::string name;    ///< Its title or name.
};

/// How many candidates an ambiguity lists.
inline constexpr std::size_t max_candidates = 8;

/// The records of `kind` whose title or name `text` matches at the first level that matches
/// any: whole (case and accents aside), by prefix, by words (each word a prefix of a word of
/// the name). At most max_candidates + 1 at the last two levels.
std::vector<Candidate> name_matches(Store& store, RecordKind kind, std::string_view text);

/// Organizations whose domain is the domain of an email address (or the domain itself).
std::vector<Candidate> organizations_with_domain(Store& store, std::string_view text);

/// `organization "ac" matches 3 organizations: 4 Acme GmbH, … (give more of the name, or the
/// id; EXTRA)`.
Error ambiguous(RecordKind kind, std::string_view text, const std::vector<Candidate>& found,
                std::string_view extra_hint);

/// `no organization matches "x" (pipe org list)`.
Error no_match(RecordKind kind, std::string_view text);

} // namespace crm::detail
