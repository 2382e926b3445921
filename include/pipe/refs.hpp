#pragma once
/// \file refs.hpp
/// What a user types for a record wherever an id is asked: a plain number (or `#42`) is an id;
/// anything else is a name (a deal's title), matched like stages — case- and accent-
/// insensitively, first whole, then by unique prefix, then by its words (`acme roll` finds
/// "Acme rollout"); a person also by email, an organization by an email's domain.

#include "pipe/book.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace crm {

/// The records a reference can name.
enum class RecordKind { deal, lead, person, organization };

/// `deal`, `lead`, `person`, `organization`.
[[nodiscard]] std::string_view to_string(RecordKind kind);

/// The id `text` names. A plain number is returned as it is (whether the record exists is the
/// command's to say); a name that matches nothing is an Error naming the list command; one
/// that matches several is an Error listing the candidates with their ids.
[[nodiscard]] Result<std::int64_t> resolve_ref(Book& book, RecordKind kind, std::string_view text);

/// The id in `text` when it is a plain number (`42`, `#42`).
[[nodiscard]] std::optional<std::int64_t> plain_id(std::string_view text);

} // namespace crm
