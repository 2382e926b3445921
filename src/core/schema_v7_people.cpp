// Schema version 7: people and organizations as records that deals and leads link to, the
// roles of more people on a deal, activities on a person or an organization, and the search
// index. The upgrade turns the free-text organization and contact of every deal and lead into
// records (see upgrade_people below).

#include "party_names.hpp"
#include "schema.hpp"
#include "search_index.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <map>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace crm::schema {

namespace {

constexpr std::string_view v7_tables = R"sql(
CREATE TABLE organizations (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL,
  name_key     TEXT NOT NULL,
  domain       TEXT NOT NULL DEFAULT '',
  phone        TEXT NOT NULL DEFAULT '',
  address      TEXT NOT NULL DEFAULT '',
  tags         TEXT NOT NULL DEFAULT '',
  notes        TEXT NOT NULL DEFAULT '',
  external_id  TEXT UNIQUE,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  batch_id     INTEGER
);
CREATE INDEX organizations_key ON organizations(name_key);
CREATE INDEX organizations_domain ON organizations(domain) WHERE domain <> '';
CREATE INDEX organizations_batch ON organizations(batch_id) WHERE batch_id IS NOT NULL;

-- `organization` is the linked organization's name, kept with it (as on deals and leads).
-- Emails and phones are lists stored as `;a;b;`.
CREATE TABLE persons (
  id               INTEGER PRIMARY KEY,
  name             TEXT NOT NULL,
  name_key         TEXT NOT NULL,
  organization_id  INTEGER,
  organization     TEXT NOT NULL DEFAULT '',
  emails           TEXT NOT NULL DEFAULT '',
  phones           TEXT NOT NULL DEFAULT '',
  title            TEXT NOT NULL DEFAULT '',
  tags             TEXT NOT NULL DEFAULT '',
  notes            TEXT NOT NULL DEFAULT '',
  external_id      TEXT UNIQUE,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  batch_id         INTEGER
);
CREATE INDEX persons_key ON persons(name_key);
CREATE INDEX persons_organization ON persons(organization_id) WHERE organization_id IS NOT NULL;
CREATE INDEX persons_batch ON persons(batch_id) WHERE batch_id IS NOT NULL;

-- More people on a deal than its primary contact, each with a role (champion, buyer, ...).
CREATE TABLE deal_people (
  deal_id    INTEGER NOT NULL,
  person_id  INTEGER NOT NULL,
  role       TEXT NOT NULL DEFAULT '',
  UNIQUE (deal_id, person_id)
);
CREATE INDEX deal_people_person ON deal_people(person_id);

-- The text columns `organization` and `contact` of deals (and `organization` of leads) stay:
-- the linked record's name, kept with the link, for the lists, the agenda and exports.
ALTER TABLE deals ADD COLUMN organization_id INTEGER;
ALTER TABLE deals ADD COLUMN contact_id INTEGER;
ALTER TABLE leads ADD COLUMN person_id INTEGER;
ALTER TABLE leads ADD COLUMN organization_id INTEGER;
ALTER TABLE activities ADD COLUMN person_id INTEGER;
ALTER TABLE activities ADD COLUMN organization_id INTEGER;
CREATE INDEX activities_person ON activities(person_id, at) WHERE person_id IS NOT NULL;
CREATE INDEX activities_organization ON activities(organization_id, at)
  WHERE organization_id IS NOT NULL;

INSERT INTO id_counters VALUES ('organizations', 0), ('persons', 0);

-- The trash holds people and organizations too (a CHECK cannot be changed: the small table
-- is made anew).
CREATE TABLE trash_v7 (
  id         INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('deal', 'lead', 'person', 'organization')),
  record_id  INTEGER NOT NULL,
  title      TEXT NOT NULL,
  removed_at INTEGER NOT NULL,
  payload    TEXT NOT NULL,
  UNIQUE (kind, record_id)
);
INSERT INTO trash_v7 SELECT id, kind, record_id, title, removed_at, payload FROM trash;
DROP TABLE trash;
ALTER TABLE trash_v7 RENAME TO trash;
CREATE INDEX trash_removed ON trash(removed_at);
)sql";

using Progress = std::function<void(std::string_view, std::int64_t, std::int64_t)>;

// An activity is on exactly one deal, lead, person or organization. The table of a million
// rows is not made anew for that: its CHECK is rewritten in the schema (SQLite's documented
// way to change a constraint that existing rows satisfy), which changes no row.
void relax_activity_check(SQLite::Database& db) {
    constexpr std::string_view old_check = "CHECK ((deal_id IS NULL) <> (lead_id IS NULL))";
    constexpr std::string_view new_check =
        "CHECK ((deal_id IS NOT NULL) + (lead_id IS NOT NULL) + (person_id IS NOT NULL) + "
        "(organization_id IS NOT NULL) = 1)";
    auto version = db.execAndGet("PRAGMA schema_version").getInt64();
    db.exec("PRAGMA writable_schema = ON");
    SQLite::Statement rewrite(db, "UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE type = "
                                  "'table' AND name = 'activities'");
    rewrite.bind(1, std::string(old_check));
    rewrite.bind(2, std::string(new_check));
    rewrite.exec();
    db.exec(fmt::format("PRAGMA schema_version = {}", version + 1));
    db.exec("PRAGMA writable_schema = OFF");
}

struct Spelling {
    std::map<std::string, std::int64_t> counts;
    std::vector<std::string> order;
    void add(const std::string& s) {
        if (counts[s]++ == 0) order.push_back(s);
    }
    // The most frequent spelling; the first seen among equals.
    [[nodiscard]] std::string best() const {
        std::string out;
        std::int64_t most = 0;
        for (const auto& s : order)
            if (counts.at(s) > most) {
                most = counts.at(s);
                out = s;
            }
        return out;
    }
};

struct NewOrg {
    Spelling names;
    std::int64_t created_at = 0;
};

struct NewPerson {
    Spelling names;
    std::vector<std::string> emails, phones;
    // What the lists hold already (emails by their key): one look-up each, however many deals
    // name the person with another phone.
    std::unordered_set<std::string> seen_emails, seen_phones;
    std::optional<std::int64_t> organization;
    std::int64_t created_at = 0;
};

// One deal's or lead's organization and contact as written.
struct Source {
    bool is_deal = true;
    std::int64_t id = 0;
    std::string organization, person, email, phone;
    std::int64_t created_at = 0;
    std::optional<std::int64_t> org_id, person_id;
};

class PeopleBuilder {
  public:
    std::int64_t organization_of(const std::string& text, std::int64_t at) {
        auto name = crm::detail::tidy_name(text);
        if (name.empty()) return 0;
        auto key = crm::detail::party_key(name);
        auto [it, added] = org_ids_.try_emplace(key, static_cast<std::int64_t>(orgs.size() + 1));
        if (added) orgs.push_back({{}, at});
        auto& org = orgs[static_cast<std::size_t>(it->second - 1)];
        org.names.add(name);
        org.created_at = std::min(org.created_at, at);
        return it->second;
    }

    // First pass: people with an email, one per name and email.
    void person_with_email(Source& s) {
        auto name = crm::detail::tidy_name(s.person);
        auto email = crm::detail::email_key(s.email);
        if (name.empty() || email.empty()) return;
        auto& by_email = by_name_[crm::detail::party_key(name)];
        auto [it, added] = by_email.try_emplace(email, 0);
        if (added) {
            persons.push_back({});
            persons.back().created_at = s.created_at;
            it->second = static_cast<std::int64_t>(persons.size());
        }
        s.person_id = it->second;
        note(s, name);
    }

    // Second pass: people without an email join the one person of that name who has one, else
    // the person of that name without one.
    void person_without_email(Source& s) {
        auto name = crm::detail::tidy_name(s.person);
        if (name.empty() || s.person_id) return;
        auto key = crm::detail::party_key(name);
        auto found = by_name_.find(key);
        if (found != by_name_.end() && found->second.size() == 1) {
            s.person_id = found->second.begin()->second;
        } else {
            auto [it, added] = no_email_.try_emplace(key, 0);
            if (added) {
                persons.push_back({});
                persons.back().created_at = s.created_at;
                it->second = static_cast<std::int64_t>(persons.size());
            }
            s.person_id = it->second;
        }
        note(s, name);
    }

    std::vector<NewOrg> orgs;
    std::vector<NewPerson> persons;

  private:
    void note(const Source& s, const std::string& name) {
        auto& p = persons[static_cast<std::size_t>(*s.person_id - 1)];
        p.names.add(name);
        p.created_at = std::min(p.created_at, s.created_at);
        // Each email once, as first written (`Jane@x.org` and `jane@x.org ` are one email).
        auto add = [](std::vector<std::string>& list, std::unordered_set<std::string>& seen,
                      std::string value, std::string key) {
            if (!value.empty() && seen.insert(std::move(key)).second)
                list.push_back(std::move(value));
        };
        auto email = crm::detail::tidy_name(s.email);
        add(p.emails, p.seen_emails, email, crm::detail::email_key(email));
        auto phone = crm::detail::tidy_name(s.phone);
        add(p.phones, p.seen_phones, phone, phone);
        if (!p.organization && s.org_id) p.organization = s.org_id;
    }
    std::unordered_map<std::string, std::int64_t> org_ids_;
    std::unordered_map<std::string, std::map<std::string, std::int64_t>> by_name_;
    std::unordered_map<std::string, std::int64_t> no_email_;
};

std::string encode_list(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += ";" + i;
    return out.empty() ? out : out + ";";
}

// The free-text organization and contact of every deal and lead become records: one
// organization per case-insensitive, space-trimmed name; one person per such name and email
// (a deal's contact with the deal's email, a lead's name with its email). The deal's and lead's
// own text is left as it was written (so nothing is lost where spellings differed); each
// record is named by its most frequent spelling.
void upgrade_people(SQLite::Database& db, const Progress& progress) {
    relax_activity_check(db);
    auto report = [&](std::string_view step, std::int64_t done, std::int64_t total) {
        if (progress) progress(step, done, total);
    };
    report("reading deals and leads", 0, 0);
    std::vector<Source> sources;
    auto total = db.execAndGet("SELECT (SELECT count(*) FROM deals) + (SELECT count(*) FROM leads)")
                     .getInt64();
    PeopleBuilder build;
    {
        SQLite::Statement deals(db, "SELECT id, organization, contact, email, phone, created_at "
                                    "FROM deals ORDER BY id");
        while (deals.executeStep()) {
            Source s{true,
                     deals.getColumn(0).getInt64(),
                     deals.getColumn(1).getString(),
                     deals.getColumn(2).getString(),
                     deals.getColumn(3).getString(),
                     deals.getColumn(4).getString(),
                     deals.getColumn(5).getInt64(),
                     {},
                     {}};
            sources.push_back(std::move(s));
        }
        SQLite::Statement leads(db, "SELECT id, organization, name, email, phone, created_at "
                                    "FROM leads ORDER BY id");
        while (leads.executeStep())
            sources.push_back({false,
                               leads.getColumn(0).getInt64(),
                               leads.getColumn(1).getString(),
                               leads.getColumn(2).getString(),
                               leads.getColumn(3).getString(),
                               leads.getColumn(4).getString(),
                               leads.getColumn(5).getInt64(),
                               {},
                               {}});
    }
    for (auto& s : sources)
        if (auto id = build.organization_of(s.organization, s.created_at)) s.org_id = id;
    for (auto& s : sources) build.person_with_email(s);
    for (auto& s : sources) build.person_without_email(s);
    report("organizations and people", 0, 0);

    SQLite::Statement add_org(db, "INSERT INTO organizations (id, name, name_key, created_at, "
                                  "updated_at) VALUES (?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < build.orgs.size(); ++i) {
        auto name = build.orgs[i].names.best();
        add_org.bind(1, static_cast<std::int64_t>(i + 1));
        add_org.bind(2, name);
        add_org.bind(3, crm::detail::party_key(name));
        add_org.bind(4, build.orgs[i].created_at);
        add_org.bind(5, build.orgs[i].created_at);
        add_org.exec();
        add_org.reset();
    }
    SQLite::Statement add_person(db, "INSERT INTO persons (id, name, name_key, organization_id, "
                                     "organization, emails, phones, created_at, updated_at) "
                                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < build.persons.size(); ++i) {
        const auto& p = build.persons[i];
        auto name = p.names.best();
        add_person.bind(1, static_cast<std::int64_t>(i + 1));
        add_person.bind(2, name);
        add_person.bind(3, crm::detail::party_key(name));
        if (p.organization) {
            add_person.bind(4, *p.organization);
            add_person.bind(5,
                            build.orgs[static_cast<std::size_t>(*p.organization - 1)].names.best());
        } else {
            add_person.bind(4);
            add_person.bind(5, "");
        }
        add_person.bind(6, encode_list(p.emails));
        add_person.bind(7, encode_list(p.phones));
        add_person.bind(8, p.created_at);
        add_person.bind(9, p.created_at);
        add_person.exec();
        add_person.reset();
    }
    report("linking deals and leads", 0, total);
    SQLite::Statement link_deal(db, "UPDATE deals SET organization_id = ?, contact_id = ? "
                                    "WHERE id = ?");
    SQLite::Statement link_lead(db, "UPDATE leads SET organization_id = ?, person_id = ? "
                                    "WHERE id = ?");
    std::int64_t done = 0;
    for (const auto& s : sources) {
        ++done;
        if (!s.org_id && !s.person_id) continue;
        auto& st = s.is_deal ? link_deal : link_lead;
        if (s.org_id)
            st.bind(1, *s.org_id);
        else
            st.bind(1);
        if (s.person_id)
            st.bind(2, *s.person_id);
        else
            st.bind(2);
        st.bind(3, s.id);
        st.exec();
        st.reset();
        if (done % 20000 == 0) report("linking deals and leads", done, total);
    }
    report("linking deals and leads", total, total);
    db.exec(fmt::format("UPDATE id_counters SET last = {} WHERE name = 'organizations'",
                        build.orgs.size()));
    db.exec(fmt::format("UPDATE id_counters SET last = {} WHERE name = 'persons'",
                        build.persons.size()));
    report("link indexes", 0, 0);
    db.exec("CREATE INDEX deals_organization ON deals(organization_id) WHERE organization_id IS "
            "NOT NULL");
    db.exec("CREATE INDEX deals_contact ON deals(contact_id) WHERE contact_id IS NOT NULL");
    db.exec("CREATE INDEX leads_organization ON leads(organization_id) WHERE organization_id IS "
            "NOT NULL");
    db.exec("CREATE INDEX leads_person ON leads(person_id) WHERE person_id IS NOT NULL");

    crm::detail::create_search_table(db);
    crm::detail::fill_search_index(
        db, [&](std::int64_t rows, std::int64_t all) { report("search index", rows, all); });
    crm::detail::create_search_triggers(db);
}

} // namespace

std::string_view v7_people() {
    return v7_tables;
}

MigrationCode v7_people_code() {
    return upgrade_people;
}

} // namespace crm::schema
