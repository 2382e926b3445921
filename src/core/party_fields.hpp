#pragma once
// Applying typed fields to an organization or a person through their field tables, and the
// one-line descriptions the journal and messages use.

#include "pipe/people.hpp"

#include <string>

namespace crm::detail {

/// Apply typed organization fields (name required on add).
Result<void> apply_organization_fields(Organization& org, const OrganizationFields& fields,
                                       bool is_new);
/// Apply typed person fields but `organization` (linked by the caller).
Result<void> apply_person_fields(Person& person, const PersonFields& fields, bool is_new);

/// `organization 7 · Acme GmbH`.
std::string named(const Organization& org);
/// `person 3 · Ann Lee`.
std::string named(const Person& person);

/// Tags as a user typed them (`;`-separated), trimmed, empty parts dropped, duplicates once.
std::vector<std::string> typed_list(const std::string& text);

/// `a` with the items of `b` it lacks appended.
std::vector<std::string> joined(std::vector<std::string> a, const std::vector<std::string>& b);

/// Notes `a` with `b` appended on a new line (when `b` is not empty or already in `a`).
std::string joined_notes(const std::string& a, const std::string& b);

} // namespace crm::detail
