// Reading organizations and people from other CRMs' exports: the --type names, the column
// names of Pipedrive, HubSpot and Salesforce, the type from the headers, the needed columns.

#include "pipe/io/mapping.hpp"

#include <doctest/doctest.h>
#include <string>
#include <vector>

using namespace crm;
using namespace crm::io;

namespace {

using V = std::vector<std::string>;

// The field each column fills ("-" for none, first_name/last_name for the name's parts).
V fields_of(RecordType type, const V& columns) {
    auto m = map_columns(type, columns, {}, true);
    REQUIRE(m);
    V out;
    const auto& names = field_names(type);
    for (std::size_t c = 0; c < columns.size(); ++c) {
        std::string field = "-";
        for (std::size_t f = 0; f < names.size(); ++f)
            if (m->column_of[f] == static_cast<int>(c)) field = names[f];
        if (m->close_date == static_cast<int>(c)) field = "first_name";
        if (m->last_name == static_cast<int>(c)) field = "last_name";
        out.push_back(field);
    }
    return out;
}

std::string type_of(const V& columns) {
    auto t = type_of_columns(columns);
    return t ? std::string(to_string(*t)) : "error: " + t.error().what;
}

} // namespace

TEST_CASE("--type takes orgs and persons and their synonyms") {
    for (auto name : {"org", "orgs", "organization", "organizations", "ORGS"})
        CHECK(parse_record_type(name) == RecordType::organizations);
    for (auto name : {"person", "persons", "people"})
        CHECK(parse_record_type(name) == RecordType::persons);
    auto bad = parse_record_type("companies");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().exit_code == 2);
    CHECK(bad.error().hint.find("orgs or persons") != std::string::npos);
    CHECK(to_string(RecordType::organizations) == "organizations");
    CHECK(to_string(RecordType::persons) == "persons");
}

TEST_CASE("the fields of organizations and people come from their field tables") {
    CHECK(field_names(RecordType::organizations) ==
          V{"external_id", "name", "domain", "phone", "address", "tags", "notes", "created_at"});
    CHECK(field_names(RecordType::persons) == V{"external_id", "name", "organization", "emails",
                                                "phones", "title", "tags", "notes", "created_at"});
    CHECK(pseudo_fields(RecordType::persons) == V{"first_name", "last_name"});
    CHECK(pseudo_fields(RecordType::organizations).empty());
}

TEST_CASE("each CRM's organization columns map without --map") {
    // Pipedrive: Organizations > Export.
    CHECK(fields_of(RecordType::organizations,
                    {"Organization - ID", "Organization - Name", "Organization - Address",
                     "Organization - Labels", "Organization - Owner"}) ==
          V{"external_id", "name", "address", "tags", "-"});
    // HubSpot: Companies > Export.
    CHECK(fields_of(RecordType::organizations, {"Record ID", "Company Name", "Company Domain Name",
                                                "Phone Number", "Street Address", "Create Date"}) ==
          V{"external_id", "name", "domain", "phone", "address", "created_at"});
    // Salesforce: Account (Data Loader).
    CHECK(fields_of(RecordType::organizations,
                    {"Id", "Name", "Website", "Phone", "BillingStreet", "CreatedDate"}) ==
          V{"external_id", "name", "domain", "phone", "address", "created_at"});
}

TEST_CASE("each CRM's person columns map without --map") {
    // Pipedrive: People > Export.
    CHECK(fields_of(RecordType::persons,
                    {"Person - ID", "Person - Name", "Person - Email", "Person - Phone",
                     "Person - Organization", "Person - Labels"}) ==
          V{"external_id", "name", "emails", "phones", "organization", "tags"});
    CHECK(fields_of(RecordType::persons,
                    {"Person - Name", "Person - Email - Work", "Person - Phone - Mobile"}) ==
          V{"name", "emails", "phones"});
    // HubSpot: Contacts > Export.
    CHECK(fields_of(RecordType::persons, {"Record ID", "First Name", "Last Name", "Email",
                                          "Phone Number", "Company Name", "Job Title"}) ==
          V{"external_id", "first_name", "last_name", "emails", "phones", "organization", "title"});
    // Salesforce: Contact (Data Loader).
    CHECK(fields_of(RecordType::persons,
                    {"Id", "FirstName", "LastName", "Email", "Title", "Account Name"}) ==
          V{"external_id", "first_name", "last_name", "emails", "title", "organization"});
}

TEST_CASE("prefixes are taken off by the file's type") {
    CHECK(match_name(RecordType::organizations, "Organization - Address") == "address");
    CHECK(match_name(RecordType::organizations, "Organization - Name") == "name");
    // In a deals or people file the organization's name is the record's organization.
    CHECK(match_name(RecordType::deals, "Organization - Name") == "organization");
    CHECK(match_name(RecordType::persons, "Organization - Name") == "organization");
    CHECK(match_name(RecordType::deals, "Organization - Address") == "organizationaddress");
    CHECK(match_name(RecordType::persons, "Person - Name") == "name");
    CHECK(match_name(RecordType::deals, "Person - Name") == "contactname");
}

TEST_CASE("organizations are told from the headers where clear, people never") {
    CHECK(type_of({"Organization - Name", "Organization - Address", "Organization - ID"}) ==
          "organizations");
    CHECK(type_of({"Record ID", "Company Name", "Company Domain Name", "Phone Number"}) ==
          "organizations");
    CHECK(type_of({"Id", "Name", "Website", "Phone", "BillingStreet"}) == "organizations");
    // A deal's or a person's columns say otherwise, as before.
    CHECK(type_of({"Deal - Title", "Organization - Name", "Organization - Address"}) == "deals");
    CHECK(type_of({"Person - Name", "Person - Email", "Organization - Name"}) == "leads");
    CHECK(type_of({"Name", "Website", "Amount", "StageName"}) == "deals");
    CHECK(type_of({"First Name", "Last Name", "Email", "Company Name", "Website"}) == "leads");
    CHECK(type_of({"Id", "FirstName", "LastName", "Email", "Title", "Account Name"}) == "leads");
    CHECK(type_of({"Foo", "Bar"}).starts_with("error: "));
}

TEST_CASE("an organization or person file needs a name column") {
    auto need = [](RecordType type, const V& columns) {
        auto m = map_columns(type, columns, {}, true);
        REQUIRE(m);
        auto r = require_columns(type, *m, columns, {}, "f.csv");
        return r ? std::string("ok") : r.error().what + " | " + r.error().hint;
    };
    CHECK(need(RecordType::organizations, {"Company Name", "Website"}) == "ok");
    CHECK(need(RecordType::organizations, {"Website", "Phone"}) ==
          "f.csv: no column has an organization's name (organizations columns: Website, Phone) | "
          "name the column with --map name=COLUMN");
    CHECK(need(RecordType::persons, {"First Name", "Email"}) == "ok");
    CHECK(need(RecordType::persons, {"Email", "Title"})
              .starts_with("f.csv: no column has a person's name"));
}
