#pragma once
/// \file people.hpp
/// People and organizations as records: a deal hangs on an organization and a primary contact
/// (and more people with a role), a lead on a person and an organization. Their fields are
/// described once (organization_fields(), person_fields()); every write is one change of the
/// book (undoable), and `rm` moves a record to the trash.

#include "pipe/activities.hpp"
#include "pipe/book.hpp"
#include "pipe/deals.hpp"
#include "pipe/fields.hpp"
#include "pipe/history.hpp"
#include "pipe/leads.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace crm {

/// An organization as stored.
struct Organization {
    std::int64_t id = 0;           ///< Short integer id.
    std::string name;              ///< Its name.
    std::string domain;            ///< Web domain (`acme.com`).
    std::string phone;             ///< Main phone.
    std::string address;           ///< Postal address.
    std::vector<std::string> tags; ///< Free tags.
    std::string notes;             ///< Free notes.
    std::string external_id;       ///< Id in the system it was imported from.
    Timestamp created_at{};        ///< Creation instant.
    Timestamp updated_at{};        ///< Last change.
};

/// A person as stored.
struct Person {
    std::int64_t id = 0;                         ///< Short integer id.
    std::string name;                            ///< Full name.
    std::optional<std::int64_t> organization_id; ///< The organization they work for.
    std::string organization;                    ///< Its name (kept with the link).
    std::vector<std::string> emails;             ///< Email addresses, the first one primary.
    std::vector<std::string> phones;             ///< Phone numbers.
    std::string title;                           ///< Job title.
    std::vector<std::string> tags;               ///< Free tags.
    std::string notes;                           ///< Free notes.
    std::string external_id;                     ///< Id in the system it was imported from.
    Timestamp created_at{};                      ///< Creation instant.
    Timestamp updated_at{};                      ///< Last change.
};

/// The fields of an organization, in export order (see fields.hpp).
[[nodiscard]] const FieldTable<Organization>& organization_fields();
/// The fields of a person, in export order. `organization` is set by name (linked, see
/// link rules on add_person); `emails`, `phones` and `tags` are `;`-separated lists.
[[nodiscard]] const FieldTable<Person>& person_fields();

/// Filters and order for listing organizations.
struct OrganizationQuery {
    std::optional<std::string> tag;    ///< Only those with this tag.
    std::string sort = "name";         ///< name, id, created, updated, deals, won.
    bool descending = false;           ///< Reverse the order.
    std::optional<std::int64_t> limit; ///< At most this many.
};

/// One row of `org list`: the organization with counts.
struct OrganizationRow {
    Organization org;            ///< The record.
    std::int64_t people = 0;     ///< People linked to it.
    std::int64_t open_deals = 0; ///< Open deals.
    std::int64_t deals = 0;      ///< All deals.
};

/// Filters for listing people.
struct PersonQuery {
    std::optional<std::string> organization; ///< Only people of this organization (a reference).
    std::optional<std::string> tag;          ///< Only those with this tag.
    std::string sort = "name";               ///< name, id, org, created, updated.
    bool descending = false;                 ///< Reverse the order.
    std::optional<std::int64_t> limit;       ///< At most this many.
};

/// Organization fields as typed (by field name): `name`, `domain`, `phone`, `address`,
/// `tags` (`;`-separated, replaces), `notes`.
using OrganizationFields = FieldInput;
/// Person fields as typed: `name`, `organization` (a reference or a new name; `none` unlinks),
/// `emails`, `phones` (`;`-separated, replace), `title`, `tags`, `notes`.
using PersonFields = FieldInput;

/// Add an organization. Errors: an empty name, a name another organization has (case and
/// spaces aside: the fix names it).
[[nodiscard]] Result<Organization> add_organization(Book& book, const OrganizationFields& fields);
/// One organization by id.
[[nodiscard]] Result<Organization> get_organization(Book& book, std::int64_t id);
/// Organizations matching a query, with counts.
[[nodiscard]] Result<std::vector<OrganizationRow>> list_organizations(Book& book,
                                                                      const OrganizationQuery& q);
/// Change fields of an organization; a new name is written onto its deals, leads and people.
[[nodiscard]] Result<Organization> edit_organization(Book& book, std::int64_t id,
                                                     const OrganizationFields& fields);
/// Move an organization to the trash. Refused while deals, leads or people link to it (the
/// error names them and the merge that moves them).
[[nodiscard]] Result<Organization> remove_organization(Book& book, std::int64_t id);
/// Bring a removed organization back exactly.
[[nodiscard]] Result<Organization> restore_organization(Book& book, std::int64_t id);

/// What a merge moved.
struct MergeReport {
    std::int64_t deals = 0;      ///< Deals relinked.
    std::int64_t leads = 0;      ///< Leads relinked.
    std::int64_t people = 0;     ///< People relinked (organization merge) or roles (person merge).
    std::int64_t activities = 0; ///< Activities moved.
};

/// Merge organization `from` into `into`: its deals, leads, people and activities move to
/// `into`, empty fields of `into` are filled from it, tags joined, notes appended; `from` is
/// deleted. One change (undoable). Error when both are the same.
[[nodiscard]] Result<MergeReport> merge_organizations(Book& book, std::int64_t from,
                                                      std::int64_t into);

/// Add a person. `organization` links an existing organization (by id, name, unique prefix or
/// an email's domain) or creates one (listed in `book.created`). Errors: an empty name, an email
/// without `@`.
[[nodiscard]] Result<Person> add_person(Book& book, const PersonFields& fields);
/// One person by id.
[[nodiscard]] Result<Person> get_person(Book& book, std::int64_t id);
/// People matching a query.
[[nodiscard]] Result<std::vector<Person>> list_persons(Book& book, const PersonQuery& q);
/// Change fields of a person; a new name is written onto the deals and leads that name them.
[[nodiscard]] Result<Person> edit_person(Book& book, std::int64_t id, const PersonFields& fields);
/// Move a person to the trash, with their activities. Refused while deals or leads link to
/// them (the error names them and the merge that moves them).
[[nodiscard]] Result<Person> remove_person(Book& book, std::int64_t id);
/// Bring a removed person back exactly.
[[nodiscard]] Result<Person> restore_person(Book& book, std::int64_t id);
/// Merge person `from` into `into`: deals (as contact and with a role), leads and activities
/// move; emails, phones and tags are joined, empty fields filled, notes appended; `from` is
/// deleted. One change. Error when both are the same.
[[nodiscard]] Result<MergeReport> merge_persons(Book& book, std::int64_t from, std::int64_t into);

/// Log an activity on a person or an organization (as log_activity does on a deal).
[[nodiscard]] Result<Activity> log_party_activity(Book& book, Subject subject,
                                                  const std::string& kind, const std::string& text,
                                                  std::optional<std::string> at = {});

/// A deal as an account page lists it (its next step is the deal's own).
struct DealLine {
    Deal deal;                 ///< The deal.
    std::int64_t weighted = 0; ///< Weighted value (open deals; 0 for closed ones).
    std::string role;          ///< The person's role on it (person page): `contact`, or the
                               ///< role given with --add-person.
};

/// One line of a timeline: an activity or a change (event), on what.
struct TimelineEntry {
    Timestamp at{};                   ///< When.
    std::string subject;              ///< `deal`, `lead`, `person` or `organization`.
    std::int64_t subject_id = 0;      ///< Its id.
    std::string subject_name;         ///< Its title or name.
    std::optional<Activity> activity; ///< The activity, or
    std::optional<Event> event;       ///< the change.
    std::string currency;             ///< The deal's currency (for value events).
};

/// Won value per currency.
using ValueByCurrency = std::map<std::string, std::int64_t>;

/// The account page of an organization (`org show`).
struct OrganizationPage {
    Organization org;                    ///< Its details.
    std::vector<Person> people;          ///< Its people, by name.
    std::vector<DealLine> open_deals;    ///< Open deals, by expected close.
    std::vector<DealLine> won_deals;     ///< Won deals, newest first.
    std::vector<DealLine> lost_deals;    ///< Lost deals, newest first.
    std::vector<Lead> leads;             ///< Its leads not converted.
    ValueByCurrency won_value;           ///< Lifetime won value per currency.
    ValueByCurrency open_value;          ///< Open value per currency.
    ValueByCurrency weighted_value;      ///< Weighted open value per currency.
    std::optional<Timestamp> last_touch; ///< Latest activity or change on it, its deals
                                         ///< or people.
    std::vector<TimelineEntry> timeline; ///< Newest first, at most `timeline_limit`.
    std::int64_t timeline_total = 0;     ///< Entries in all.
};

/// The page of a person (`person show`).
struct PersonPage {
    Person person;                       ///< Their details.
    std::vector<DealLine> deals;         ///< Deals they are on (contact or a role).
    std::vector<Lead> leads;             ///< Leads that are them.
    std::optional<Timestamp> last_touch; ///< Latest activity on them or their deals.
    std::vector<TimelineEntry> timeline; ///< Newest first, at most `timeline_limit`.
    std::int64_t timeline_total = 0;     ///< Entries in all.
};

/// How many timeline entries a page holds.
inline constexpr std::int64_t timeline_limit = 30;

/// The account page of an organization.
[[nodiscard]] Result<OrganizationPage> organization_page(Book& book, std::int64_t id);
/// The page of a person.
[[nodiscard]] Result<PersonPage> person_page(Book& book, std::int64_t id);

/// A person on a deal with a role, besides its contact.
struct DealPerson {
    std::int64_t person_id = 0; ///< The person.
    std::string name;           ///< Their name.
    std::string role;           ///< Their role (`champion`), may be empty.
};

/// The people on a deal besides its primary contact.
[[nodiscard]] Result<std::vector<DealPerson>> deal_people(Book& book, std::int64_t deal_id);
/// Add a person (a reference; a new name creates them) to a deal with a role, or change their
/// role; listed in `book.created` when made.
[[nodiscard]] Result<DealPerson> add_deal_person(Book& book, std::int64_t deal_id,
                                                 const std::string& person,
                                                 const std::string& role);
/// Take a person off a deal. Error when they are not on it.
[[nodiscard]] Result<DealPerson> remove_deal_person(Book& book, std::int64_t deal_id,
                                                    const std::string& person);

/// The people to put on a deal or take off it with an edit (`deal edit --add-person`).
struct DealPeopleEdit {
    std::vector<std::string> add;    ///< People to add (references; a new name creates them).
    std::string role;                ///< Their role on the deal (`champion`), may be empty.
    std::vector<std::string> remove; ///< People to take off (references).
    /// Whether anything is asked.
    [[nodiscard]] bool empty() const { return add.empty() && remove.empty(); }
};

/// Change a deal's fields (as edit_deal, when any are given) and the people on it, as one
/// change (one `undo`). Errors as edit_deal, add_deal_person and remove_deal_person.
[[nodiscard]] Result<Deal> edit_deal_and_people(Book& book, std::int64_t id,
                                                const DealFields& fields,
                                                const DealPeopleEdit& people);

} // namespace crm
