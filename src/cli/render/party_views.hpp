#pragma once
// Text screens of organizations and people: lists, the account page (`org show`), a person's
// page, and the hits of `pipe search`.

#include "pipe/people.hpp"
#include "pipe/search.hpp"
#include "render/style.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace crm::render {

/// `org list`: ID, name, people, open deals, deals, domain, tags.
[[nodiscard]] std::string organization_table(const std::vector<OrganizationRow>& rows,
                                             const Style& style, std::size_t width);
/// `person list`: ID, name, organization, title, email, phone.
[[nodiscard]] std::string person_table(const std::vector<Person>& people, const Style& style,
                                       std::size_t width);
/// `organization 7 · Acme GmbH`.
[[nodiscard]] std::string organization_summary(const Organization& org);
/// `person 3 · Ann Lee · Acme GmbH`.
[[nodiscard]] std::string person_summary(const Person& person);

/// The account page of an organization.
[[nodiscard]] std::string organization_page_text(const OrganizationPage& page,
                                                 const StageConfig& stages, Timestamp now,
                                                 const Style& style, std::size_t width);
/// The page of a person.
[[nodiscard]] std::string person_page_text(const PersonPage& page, const StageConfig& stages,
                                           Timestamp now, const Style& style, std::size_t width);

/// The account page as JSON (documented in docs/json.md).
[[nodiscard]] nlohmann::ordered_json organization_page_json(const OrganizationPage& page,
                                                            const StageConfig& stages);
/// A person's page as JSON.
[[nodiscard]] nlohmann::ordered_json person_page_json(const PersonPage& page,
                                                      const StageConfig& stages);

/// The hits of a search, one block each: what it is, where the words were, the text around
/// them, and the command that opens it.
[[nodiscard]] std::string search_text(const SearchResult& result, const std::string& query,
                                      const Style& style, std::size_t width);
/// The hits as JSON.
[[nodiscard]] nlohmann::ordered_json search_json(const SearchResult& result);

/// The people on a deal besides its contact, for `deal show`: a `People` line each
/// (`Ann Lee (champion) · person 1`); nothing when there are none.
[[nodiscard]] std::string deal_people_text(const std::vector<DealPerson>& people);
/// The people on a deal as JSON: `[{"person_id", "name", "role"}]`.
[[nodiscard]] nlohmann::ordered_json deal_people_json(const std::vector<DealPerson>& people);

} // namespace crm::render
