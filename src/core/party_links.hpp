#pragma once
// Linking deals and leads to organizations and people from what was typed or imported: an
// existing record is found (by id, name, unique prefix or email); a new name creates one.

#include "pipe/deals.hpp"
#include "pipe/leads.hpp"
#include "pipe/people.hpp"

#include <optional>
#include <string_view>

namespace crm::detail {

/// How names are matched when linking.
enum class LinkMatch {
    /// As typed on the command line: an id, an email, the whole name, else a unique prefix.
    typed,
    /// As imported: an id-like `#N`, an email, or the whole name only (dedupe by name).
    whole,
};

/// Whether text asks to unlink (empty or `none`).
[[nodiscard]] bool unlinks(std::string_view text);

/// The organization `text` names, made when it is new (listed in book.created). Nullopt for
/// text that unlinks.
Result<std::optional<Organization>> link_organization(Book& book, std::string_view text,
                                                      LinkMatch how);

/// The person `text` names, made when new with `email`, `phone` and organization `org`;
/// among several of one name, the one of organization `org` is taken.
Result<std::optional<Person>> link_person(Book& book, std::string_view text, LinkMatch how,
                                          std::optional<std::int64_t> org, std::string_view email,
                                          std::string_view phone);

/// Link a deal's organization (when `organization` was given) and contact (when `contact`
/// was) from its text fields, writing the records' names back into them, inside the change.
Result<void> link_deal_parties(Book& book, Deal& deal, bool organization, bool contact,
                               LinkMatch how = LinkMatch::typed);

/// Link a lead's organization and person likewise (the lead's name is the person).
Result<void> link_lead_parties(Book& book, Lead& lead, bool organization, bool person,
                               LinkMatch how = LinkMatch::typed);

} // namespace crm::detail
