#pragma once
// Reading and writing whole organization and person rows through their field tables; shared
// by their operations, the links of deals and leads, and the importer.

#include "change.hpp"
#include "field_rows.hpp"
#include "pipe/people.hpp"

#include <optional>
#include <string>

namespace crm::detail {

/// The organization with this id, or nullopt.
std::optional<Organization> find_organization(Store& store, std::int64_t id);
/// The organization with this id, or a "not found" Error naming `org list`.
Result<Organization> require_organization(Store& store, std::int64_t id);
/// Insert a new organization with the next id (set in `org` and returned).
std::int64_t insert_organization(Store& store, Organization& org,
                                 std::optional<std::int64_t> batch = {});
/// Write every column of an existing organization.
void update_organization(Store& store, const Organization& org);

/// The person with this id, or nullopt.
std::optional<Person> find_person(Store& store, std::int64_t id);
/// The person with this id, or a "not found" Error naming `person list`.
Result<Person> require_person(Store& store, std::int64_t id);
/// Insert a new person with the next id.
std::int64_t insert_person(Store& store, Person& person, std::optional<std::int64_t> batch = {});
/// Write every column of an existing person.
void update_person(Store& store, const Person& person);

/// The column list read_organization_row expects, prefixed `organizations.`.
const std::string& organization_columns();
/// Read an organization from the current row (organization_columns() first).
Organization read_organization_row(SQLite::Statement& st);
/// The column list read_person_row expects, prefixed `persons.`.
const std::string& person_columns();
/// Read a person from the current row (person_columns() first).
Person read_person_row(SQLite::Statement& st);

/// Organizations whose name is `name` (party_key), by id.
std::vector<std::int64_t> organizations_named(Store& store, std::string_view name);
/// People whose name is `name` (party_key), by id.
std::vector<std::int64_t> persons_named(Store& store, std::string_view name);
/// People one of whose emails is `email` (email_key), by id.
std::vector<std::int64_t> persons_with_email(Store& store, std::string_view email);

/// Check and tidy an email address: error unless it has an `@` with text on both sides.
Result<std::string> checked_email(std::string_view email);

/// Write `name` as the organization name kept on the deals, leads and people linked to
/// organization `id`.
void spread_organization_name(Store& store, std::int64_t id, const std::string& name);
/// Write `name` as the contact name kept on the deals and the name of the leads linked to
/// person `id`.
void spread_person_name(Store& store, std::int64_t id, const std::string& name);

} // namespace crm::detail
