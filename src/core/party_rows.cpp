#include "party_rows.hpp"

#include "party_names.hpp"
#include "text.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

namespace crm {

const FieldTable<Organization>& organization_fields() {
    using namespace field_use;
    using detail::get_member;
    using detail::set_member;
    constexpr unsigned io = exported | json;
    static const FieldTable<Organization> table{
        {"id",
         "id",
         FieldKind::id,
         json,
         {},
         {},
         {},
         {},
         get_member<&Organization::id>,
         set_member<&Organization::id>},
        {"external_id",
         "external_id",
         FieldKind::external_id,
         io,
         {},
         {},
         {},
         {"organizationid", "orgid", "companyid", "accountid", "recordid", "id"},
         detail::get_optional_text<&Organization::external_id>,
         set_member<&Organization::external_id>},
        {"name",
         "name",
         FieldKind::title,
         io | edit,
         {},
         "--name",
         "New name",
         {"organization", "organisation", "organizationname", "company", "companyname", "account",
          "accountname", "org"},
         get_member<&Organization::name>,
         set_member<&Organization::name>},
        {"domain",
         "domain",
         FieldKind::text,
         io | edit,
         {},
         "--domain",
         "Web domain, e.g. acme.com",
         {"website", "web", "url", "companydomainname", "domainname"},
         get_member<&Organization::domain>,
         set_member<&Organization::domain>},
        {"phone",
         "phone",
         FieldKind::text,
         io | edit,
         {},
         "--phone",
         "Main phone",
         {"phonenumber", "companyphone"},
         get_member<&Organization::phone>,
         set_member<&Organization::phone>},
        {"address",
         "address",
         FieldKind::text,
         io | edit,
         {},
         "--address",
         "Postal address",
         {"streetaddress", "fulladdress", "location", "billingaddress", "billingstreet"},
         get_member<&Organization::address>,
         set_member<&Organization::address>},
        {"tags",
         "tags",
         FieldKind::tags,
         io | edit,
         {},
         "-t,--tag",
         "Tag (repeatable; replaces the tags)",
         {"tag", "labels", "label"},
         get_member<&Organization::tags>,
         set_member<&Organization::tags>},
        {"notes",
         "notes",
         FieldKind::text,
         io | edit,
         {},
         "--note,--notes",
         "Free notes",
         {"note", "description", "comments"},
         get_member<&Organization::notes>,
         set_member<&Organization::notes>},
        {"created_at",
         "created_at",
         FieldKind::instant,
         io,
         {},
         {},
         {},
         {"created", "createddate", "createdon", "createdate", "addtime"},
         get_member<&Organization::created_at>,
         set_member<&Organization::created_at>},
        {"updated_at",
         "updated_at",
         FieldKind::instant,
         json,
         {},
         {},
         {},
         {},
         get_member<&Organization::updated_at>,
         set_member<&Organization::updated_at>},
    };
    return table;
}

const FieldTable<Person>& person_fields() {
    using namespace field_use;
    using detail::get_member;
    using detail::set_member;
    constexpr unsigned io = exported | json;
    static const FieldTable<Person> table{
        {"id",
         "id",
         FieldKind::id,
         json,
         {},
         {},
         {},
         {},
         get_member<&Person::id>,
         set_member<&Person::id>},
        {"external_id",
         "external_id",
         FieldKind::external_id,
         io,
         {},
         {},
         {},
         {"personid", "contactid", "recordid", "id"},
         detail::get_optional_text<&Person::external_id>,
         set_member<&Person::external_id>},
        {"name",
         "name",
         FieldKind::title,
         io | edit,
         {},
         "--name",
         "New name",
         {"fullname", "personname", "contactname", "contact", "person"},
         get_member<&Person::name>,
         set_member<&Person::name>},
        {"organization_id",
         "organization_id",
         FieldKind::ref,
         json,
         {},
         {},
         {},
         {},
         get_member<&Person::organization_id>,
         set_member<&Person::organization_id>},
        {"organization",
         "organization",
         FieldKind::text,
         io | edit,
         {},
         "-o,--org",
         "Organization: id, name or unique prefix; a new name creates it (none unlinks)",
         {"organisation", "organizationname", "company", "companyname", "account", "accountname",
          "org", "associatedcompany"},
         get_member<&Person::organization>,
         set_member<&Person::organization>},
        {"emails",
         "emails",
         FieldKind::tags,
         io | edit,
         {},
         "-e,--email",
         "Email (repeatable; replaces the emails)",
         {"email", "emailaddress", "email1", "workemail", "primaryemail", "emailwork", "emailhome",
          "emailother"},
         get_member<&Person::emails>,
         set_member<&Person::emails>},
        {"phones",
         "phones",
         FieldKind::tags,
         io | edit,
         {},
         "--phone",
         "Phone (repeatable; replaces the phones)",
         {"phone", "phonenumber", "mobile", "mobilephone", "workphone", "phonework", "phonemobile",
          "phonehome", "phoneother"},
         get_member<&Person::phones>,
         set_member<&Person::phones>},
        {"title",
         "title",
         FieldKind::text,
         io | edit,
         {},
         "--title",
         "Job title",
         {"jobtitle", "position", "role"},
         get_member<&Person::title>,
         set_member<&Person::title>},
        {"tags",
         "tags",
         FieldKind::tags,
         io | edit,
         {},
         "-t,--tag",
         "Tag (repeatable; replaces the tags)",
         {"tag", "labels", "label"},
         get_member<&Person::tags>,
         set_member<&Person::tags>},
        {"notes",
         "notes",
         FieldKind::text,
         io | edit,
         {},
         "--note,--notes",
         "Free notes",
         {"note", "description", "comments"},
         get_member<&Person::notes>,
         set_member<&Person::notes>},
        {"created_at",
         "created_at",
         FieldKind::instant,
         io,
         {},
         {},
         {},
         {"created", "createddate", "createdon", "createdate", "addtime"},
         get_member<&Person::created_at>,
         set_member<&Person::created_at>},
        {"updated_at",
         "updated_at",
         FieldKind::instant,
         json,
         {},
         {},
         {},
         {},
         get_member<&Person::updated_at>,
         set_member<&Person::updated_at>},
    };
    return table;
}

} // namespace crm

namespace crm::detail {

namespace {

// INSERT of every field column plus name_key and batch_id.
template <class R>
std::int64_t insert_row(Store& store, const FieldTable<R>& fields, std::string_view table,
                        const R& r, const std::string& name, std::optional<std::int64_t> batch) {
    auto sql = insert_sql(fields, table, "name_key, batch_id");
    sql.insert(sql.size() - 1, ", ?");
    auto& st = store.statement(sql);
    auto next = bind_all(fields, st, r);
    st.bind(next, party_key(name));
    if (batch)
        st.bind(next + 1, *batch);
    else
        st.bind(next + 1);
    st.exec();
    return 0;
}

template <class R>
void update_row(Store& store, const FieldTable<R>& fields, std::string_view table, const R& r,
                const std::string& name) {
    auto sql = update_sql(fields, table);
    sql.insert(sql.find(" WHERE id = ?"), ", name_key = ?");
    auto& st = store.statement(sql);
    int i = 1;
    FieldValue id;
    for (const auto& f : fields) {
        if (f.kind == FieldKind::id) {
            id = f.get(r);
            continue;
        }
        bind_value(st, i++, f.get(r));
    }
    st.bind(i++, party_key(name));
    bind_value(st, i, id);
    st.exec();
}

std::vector<std::int64_t> ids_of(SQLite::Statement& st) {
    std::vector<std::int64_t> out;
    while (st.executeStep()) out.push_back(st.getColumn(0).getInt64());
    return out;
}

} // namespace

const std::string& organization_columns() {
    static const std::string columns = select_list(organization_fields(), "organizations.");
    return columns;
}

Organization read_organization_row(SQLite::Statement& st) {
    return read_fields(organization_fields(), st);
}

const std::string& person_columns() {
    static const std::string columns = select_list(person_fields(), "persons.");
    return columns;
}

Person read_person_row(SQLite::Statement& st) {
    return read_fields(person_fields(), st);
}

std::optional<Organization> find_organization(Store& store, std::int64_t id) {
    auto& st =
        store.statement("SELECT " + organization_columns() + " FROM organizations WHERE id = ?");
    st.bind(1, id);
    if (!st.executeStep()) return std::nullopt;
    return read_organization_row(st);
}

Result<Organization> require_organization(Store& store, std::int64_t id) {
    if (auto org = find_organization(store, id)) return *org;
    return fail(fmt::format("organization {} not found", id), act("org", "list"));
}

std::int64_t insert_organization(Store& store, Organization& org,
                                 std::optional<std::int64_t> batch) {
    org.id = require_change(store).next_id("organizations");
    insert_row(store, organization_fields(), "organizations", org, org.name, batch);
    return org.id;
}

void update_organization(Store& store, const Organization& org) {
    update_row(store, organization_fields(), "organizations", org, org.name);
}

std::optional<Person> find_person(Store& store, std::int64_t id) {
    auto& st = store.statement("SELECT " + person_columns() + " FROM persons WHERE id = ?");
    st.bind(1, id);
    if (!st.executeStep()) return std::nullopt;
    return read_person_row(st);
}

Result<Person> require_person(Store& store, std::int64_t id) {
    if (auto p = find_person(store, id)) return *p;
    return fail(fmt::format("person {} not found", id), act("person", "list"));
}

std::int64_t insert_person(Store& store, Person& person, std::optional<std::int64_t> batch) {
    person.id = require_change(store).next_id("persons");
    insert_row(store, person_fields(), "persons", person, person.name, batch);
    return person.id;
}

void update_person(Store& store, const Person& person) {
    update_row(store, person_fields(), "persons", person, person.name);
}

std::vector<std::int64_t> organizations_named(Store& store, std::string_view name) {
    auto& st = store.statement("SELECT id FROM organizations WHERE name_key = ? ORDER BY id");
    st.bind(1, party_key(name));
    return ids_of(st);
}

std::vector<std::int64_t> persons_named(Store& store, std::string_view name) {
    auto& st = store.statement("SELECT id FROM persons WHERE name_key = ? ORDER BY id");
    st.bind(1, party_key(name));
    return ids_of(st);
}

std::vector<std::int64_t> persons_with_email(Store& store, std::string_view email) {
    // The search index finds the few people whose emails hold the address's words; the list
    // itself decides.
    auto key = email_key(email);
    std::string phrase = "\"";
    for (char c : key) phrase += c == '"' ? std::string("\"\"") : std::string(1, c);
    phrase += "\"";
    auto& st = store.statement("SELECT p.id, p.emails FROM search JOIN persons p ON p.id = "
                               "search.rowid >> 3 WHERE search MATCH ? AND search.rowid & 7 = 3 "
                               "ORDER BY p.id");
    st.bind(1, "kind : person AND contact : " + phrase);
    std::vector<std::int64_t> out;
    while (st.executeStep()) {
        for (const auto& e : decode_tags(st.getColumn(1).getString()))
            if (email_key(e) == key) {
                out.push_back(st.getColumn(0).getInt64());
                break;
            }
    }
    return out;
}

Result<std::string> checked_email(std::string_view email) {
    auto tidy = std::string(text::trim(email));
    auto at = tidy.find('@');
    if (at == std::string::npos || at == 0 || at + 1 == tidy.size() ||
        tidy.find_first_of(" \t;,<>") != std::string::npos)
        return fail(fmt::format("'{}' is not an email address", tidy),
                    "an email is name@domain, e.g. ann@acme.com");
    return tidy;
}

void spread_organization_name(Store& store, std::int64_t id, const std::string& name) {
    for (const char* sql : {"UPDATE deals SET organization = ?1 WHERE organization_id = ?2 AND "
                            "organization IS NOT ?1",
                            "UPDATE leads SET organization = ?1 WHERE organization_id = ?2 AND "
                            "organization IS NOT ?1",
                            "UPDATE persons SET organization = ?1 WHERE organization_id = ?2 AND "
                            "organization IS NOT ?1"}) {
        auto& st = store.statement(sql);
        st.bind(1, name);
        st.bind(2, id);
        st.exec();
    }
}

void spread_person_name(Store& store, std::int64_t id, const std::string& name) {
    for (const char* sql : {"UPDATE deals SET contact = ?1 WHERE contact_id = ?2 AND contact IS "
                            "NOT ?1",
                            "UPDATE leads SET name = ?1 WHERE person_id = ?2 AND name IS NOT ?1"}) {
        auto& st = store.statement(sql);
        st.bind(1, name);
        st.bind(2, id);
        st.exec();
    }
}

} // namespace crm::detail
