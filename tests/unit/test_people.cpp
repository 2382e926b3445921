// People and organizations: the upgrade of free-text organizations and contacts (on a book
// made with the version-4 schema), links by name, prefix and email, names where ids are asked,
// merges, and the search index kept by every change.

#include "fixture.hpp"
#include "pipe/people.hpp"
#include "pipe/refs.hpp"
#include "pipe/search.hpp"
#include "pipe/store.hpp"
#include "schema.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>
#include <filesystem>
#include <sqlite3.h>
#include <unistd.h>

using namespace crm;
using namespace crm::test;
namespace fs = std::filesystem;

namespace {

std::string text(SQLite::Database& db, const std::string& sql) {
    return db.execAndGet(sql).getString();
}

std::int64_t number(SQLite::Database& db, const std::string& sql) {
    return db.execAndGet(sql).getInt64();
}

DealFields deal_of(const char* title, const char* org, const char* contact = nullptr) {
    DealFields f;
    f.set("title", title);
    f.set("value", "1000");
    if (org) f.set("organization", org);
    if (contact) f.set("contact", contact);
    return f;
}

} // namespace

TEST_CASE("the upgrade makes records of free-text organizations and contacts, deduplicated") {
    auto dir = fs::temp_directory_path() / ("pipe-people-test-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    auto path = (dir / "pipe.db").string();
    {
        schema::MigrationsOverride v4(schema::migrations().first(4));
        auto store = Store::open(path, Access::write);
        REQUIRE_MESSAGE(store.has_value(), (store ? std::string() : store.error().message()));
        auto& db = store->db();
        auto deal = [&](int id, const char* org, const char* contact, const char* email) {
            SQLite::Statement st(db, "INSERT INTO deals (id, title, organization, contact, email, "
                                     "currency, pipeline, stage, status, created_at, "
                                     "stage_entered_at, last_touch_at, value) VALUES (?, 'D', ?, "
                                     "?, ?, 'EUR', 'sales', 'Proposal', 'open', ?, 1, 1, 100)");
            st.bind(1, id);
            st.bind(2, org);
            st.bind(3, contact);
            st.bind(4, email);
            st.bind(5, id);
            st.exec();
        };
        deal(1, "Acme GmbH", "Ann Lee", "ann@acme.com");
        deal(2, "  acme gmbh ", "ann lee", "");
        deal(3, "ACME GMBH", "Ann Lee", "ann@other.com");
        deal(4, "Globex", "", "");
        deal(5, "", "Solo", "");
        db.exec("INSERT INTO leads (id, name, organization, email, status, created_at, "
                "updated_at, last_touch_at) VALUES (1, 'Ann Lee', 'Acme GmbH', 'ann@acme.com', "
                "'new', 9, 9, 9)");
    }
    std::vector<std::string> steps;
    auto store = Store::open(
        path, Access::write, default_busy_timeout, std::nullopt,
        [&](std::string_view step, std::int64_t, std::int64_t) { steps.emplace_back(step); });
    REQUIRE(store.has_value());
    auto& db = store->db();
    CHECK(number(db, "PRAGMA user_version") == schema_version);
    CHECK_FALSE(steps.empty());
    // One organization per name, case and spaces aside, named by its most frequent spelling.
    CHECK(text(db, "SELECT group_concat(name, '|') FROM (SELECT name FROM organizations ORDER "
                   "BY id)") == "Acme GmbH|Globex");
    // One person per name and email; the one without an email joins the only one of that
    // name... here there are two (two emails), so a third person is made for it.
    CHECK(number(db, "SELECT count(*) FROM persons WHERE name_key = (SELECT name_key FROM "
                     "persons WHERE name = 'Ann Lee' LIMIT 1)") == 3);
    CHECK(number(db, "SELECT count(*) FROM persons WHERE name = 'Solo'") == 1);
    // The lead with the deal's name and email is the same person.
    CHECK(number(db, "SELECT (SELECT person_id FROM leads WHERE id = 1) = (SELECT contact_id "
                     "FROM deals WHERE id = 1)") == 1);
    CHECK(number(db, "SELECT count(*) FROM deals WHERE organization_id = 1") == 3);
    CHECK(number(db, "SELECT organization_id FROM leads WHERE id = 1") == 1);
    // The deals' own text is kept as it was written.
    CHECK(text(db, "SELECT organization FROM deals WHERE id = 2") == "  acme gmbh ");
    CHECK(number(db, "SELECT last FROM id_counters WHERE name = 'organizations'") == 2);
    // The search index holds the new records.
    CHECK(number(db, "SELECT count(*) FROM search WHERE search MATCH 'globex'") >= 2);
    fs::remove_all(dir);
}

TEST_CASE_FIXTURE(BookFixture, "links by name in any case, prefix and email; new names create") {
    std::vector<CreatedRecord> created;
    book.created = &created;
    auto d1 = ok(add_deal(book, deal_of("One", "Müller Bau GmbH", "Ann Lee")));
    CHECK(created.size() == 2);
    REQUIRE(d1.organization_id);
    auto d2 = ok(add_deal(book, deal_of("Two", "  müller bau gmbh ", "ann")));
    CHECK(d2.organization_id == d1.organization_id);
    CHECK(d2.contact_id == d1.contact_id);
    CHECK(d2.organization == "Müller Bau GmbH");
    auto d3 = ok(add_deal(book, deal_of("Three", "müll", nullptr)));
    CHECK(d3.organization_id == d1.organization_id);
    PersonFields p;
    p.set("name", "Bob Roe");
    p.set("emails", "bob@roe.com");
    auto bob = ok(add_person(book, p));
    auto d4 = ok(add_deal(book, deal_of("Four", nullptr, "bob@roe.com")));
    CHECK(d4.contact_id == bob.id);
    OrganizationFields o;
    o.set("name", "Müller Dach");
    ok(add_organization(book, o));
    auto ambiguous = add_deal(book, deal_of("Five", "müller", nullptr));
    REQUIRE_FALSE(ambiguous.has_value());
    CHECK(ambiguous.error().message().find("matches 2 organizations") != std::string::npos);
    book.created = nullptr;
}

TEST_CASE_FIXTURE(BookFixture, "a name works where an id is asked") {
    deal("Acme rollout");
    deal("Acme renewal");
    deal("Globex pilot");
    CHECK(ok(resolve_ref(book, RecordKind::deal, "acme roll")) == 1);
    CHECK(ok(resolve_ref(book, RecordKind::deal, "GLOBEX")) == 3);
    CHECK(ok(resolve_ref(book, RecordKind::deal, "#2")) == 2);
    auto both = resolve_ref(book, RecordKind::deal, "acme");
    REQUIRE_FALSE(both.has_value());
    CHECK(both.error().message().find("1 Acme rollout") != std::string::npos);
    CHECK_FALSE(resolve_ref(book, RecordKind::deal, "nothing").has_value());
}

TEST_CASE_FIXTURE(BookFixture, "a name is resolved by reading each match's row by its id") {
    // The index's hits were once joined to their table on an expression of its id, which
    // SQLite can only answer by scanning the table for every hit: 50,000 organizations named
    // "Org …" took two minutes for `org show Org`. Each hit must be one lookup by id.
    constexpr int many = 300;
    for (int i = 1; i <= many; ++i) {
        OrganizationFields o;
        o.set("name", "Org " + std::to_string(i));
        ok(add_organization(book, o));
        PersonFields p;
        p.set("name", "Person " + std::to_string(i));
        p.set("emails", "p" + std::to_string(i) + "@org.example");
        ok(add_person(book, p));
        deal("Deal " + std::to_string(i));
    }
    CHECK_FALSE(resolve_ref(book, RecordKind::organization, "org").has_value());
    CHECK_FALSE(resolve_ref(book, RecordKind::deal, "deal").has_value());
    CHECK(ok(resolve_ref(book, RecordKind::organization, "Org 7")) == 7);
    CHECK(ok(resolve_ref(book, RecordKind::person, "p7@org.example")) == 7);
    int joins = 0;
    auto* db = store.db().getHandle();
    for (auto* st = sqlite3_next_stmt(db, nullptr); st; st = sqlite3_next_stmt(db, st)) {
        std::string sql = sqlite3_sql(st);
        if (sql.find("FROM search JOIN") == std::string::npos) continue;
        ++joins;
        INFO(sql);
        CHECK(sqlite3_stmt_status(st, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0) == 0);
        CHECK(sqlite3_stmt_status(st, SQLITE_STMTSTATUS_VM_STEP, 0) < 100 * many);
    }
    CHECK(joins >= 2);
}

TEST_CASE_FIXTURE(BookFixture, "bad input is refused and changes nothing") {
    OrganizationFields empty;
    empty.set("name", "   ");
    CHECK_FALSE(add_organization(book, empty).has_value());
    PersonFields bad;
    bad.set("name", "Bo");
    bad.set("emails", "bo.example.com");
    CHECK_FALSE(add_person(book, bad).has_value());
    OrganizationFields acme;
    acme.set("name", "Acme");
    auto a = ok(add_organization(book, acme));
    CHECK_FALSE(merge_organizations(book, a.id, a.id).has_value());
    ok(add_deal(book, deal_of("On it", "Acme")));
    CHECK_FALSE(remove_organization(book, a.id).has_value());
    CHECK(number(store.db(), "SELECT count(*) FROM persons") == 0);
    CHECK(number(store.db(), "SELECT count(*) FROM trash") == 0);
}

TEST_CASE_FIXTURE(BookFixture, "a merge moves deals, people and activities") {
    OrganizationFields o;
    o.set("name", "Acme GmbH");
    auto into = ok(add_organization(book, o));
    o.set("name", "ACME Inc");
    auto from = ok(add_organization(book, o));
    ok(add_deal(book, deal_of("Moved", "acme inc", "Zed")));
    ok(log_party_activity(book, {Subject::Kind::organization, from.id}, "call", "hello"));
    auto r = ok(merge_organizations(book, from.id, into.id));
    CHECK(r.deals == 1);
    CHECK(r.people == 1);
    CHECK(r.activities == 1);
    CHECK(number(store.db(), "SELECT organization_id FROM deals WHERE title = 'Moved'") == into.id);
    CHECK(text(store.db(), "SELECT organization FROM deals WHERE title = 'Moved'") == "Acme GmbH");
    CHECK_FALSE(get_organization(book, from.id).has_value());
}

TEST_CASE_FIXTURE(BookFixture, "search finds words across the book, accents and case aside") {
    OrganizationFields o;
    o.set("name", "Müller Bau GmbH");
    ok(add_organization(book, o));
    auto d = ok(add_deal(book, deal_of("Roof repair", "Müller Bau GmbH")));
    ok(log_activity(book, {Subject::Kind::deal, d.id}, "call", "Talked about the crane"));
    SearchQuery q;
    q.text = "muller";
    auto r = ok(search_book(book, q));
    CHECK(r.total >= 2);
    CHECK(r.hits.front().kind == "organization");
    q.text = "cran";
    r = ok(search_book(book, q));
    REQUIRE(r.hits.size() == 1);
    CHECK(r.hits.front().kind == "activity");
    q.text = "roof";
    q.type = "org";
    CHECK(ok(search_book(book, q)).hits.empty());
    q.type = "planet";
    CHECK_FALSE(search_book(book, q).has_value());
    q.type.reset();
    q.text = "  ";
    CHECK_FALSE(search_book(book, q).has_value());
}
