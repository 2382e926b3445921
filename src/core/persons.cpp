// pipe person add|list|edit|rm|restore|merge, and the people on a deal.

#include "change.hpp"
#include "deal_rows.hpp"
#include "party_fields.hpp"
#include "party_links.hpp"
#include "party_names.hpp"
#include "party_rows.hpp"
#include "pipe/people.hpp"
#include "pipe/refs.hpp"
#include "text.hpp"
#include "trash_rows.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <map>

namespace crm {

using detail::named;

namespace {

std::string list_ids(const std::vector<std::int64_t>& ids) {
    std::string out;
    for (std::size_t i = 0; i < ids.size() && i < 5; ++i)
        out += (i ? ", " : "") + std::to_string(ids[i]);
    if (ids.size() > 5) out += fmt::format(" and {} more", ids.size() - 5);
    return out;
}

std::vector<std::int64_t> ids(Store& store, const std::string& sql, std::int64_t key) {
    auto& st = store.statement(sql);
    st.bind(1, key);
    std::vector<std::int64_t> out;
    while (st.executeStep()) out.push_back(st.getColumn(0).getInt64());
    return out;
}

Result<void> link_org(Book& book, Person& p, const PersonFields& fields) {
    const auto* text = fields.find("organization");
    if (!text) return {};
    auto org = PIPE_TRY(detail::link_organization(book, *text, detail::LinkMatch::typed));
    p.organization_id = org ? std::optional(org->id) : std::nullopt;
    p.organization = org ? org->name : std::string();
    return {};
}

std::string order_by(const PersonQuery& q) {
    static const std::map<std::string, std::string> columns = {
        {"name", "name_key, id"},
        {"id", "id"},
        {"org", "organization COLLATE NOCASE, name_key, id"},
        {"created", "created_at, id"},
        {"updated", "updated_at, id"},
    };
    auto it = columns.find(q.sort);
    std::string order = it == columns.end() ? "name_key, id" : it->second;
    if (!q.descending) return order;
    std::string out;
    for (auto& part : text::split(order, ',')) out += (out.empty() ? "" : ", ") + part + " DESC";
    return out;
}

} // namespace

Result<Person> add_person(Book& book, const PersonFields& fields) {
    if (!fields.has("name"))
        return fail("a person needs a name", act("person", "add").arg("Ann Lee"), 2);
    Person p;
    p.created_at = p.updated_at = book.clock.now();
    PIPE_TRY_VOID(detail::apply_person_fields(p, fields, true));
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& c) -> Result<void> {
        PIPE_TRY_VOID(link_org(book, p, fields));
        detail::insert_person(book.store, p);
        c.describe("added " + named(p));
        return {};
    }));
    return p;
}

Result<Person> get_person(Book& book, std::int64_t id) {
    Result<Person> out = fail("unreachable");
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        out = detail::require_person(book.store, id);
        return {};
    }));
    return out;
}

Result<std::vector<Person>> list_persons(Book& book, const PersonQuery& q) {
    std::optional<std::int64_t> org;
    if (q.organization)
        org = PIPE_TRY(resolve_ref(book, RecordKind::organization, *q.organization));
    std::string where = "1";
    if (org) where += " AND organization_id = ?1";
    std::string tag;
    if (q.tag) {
        where += " AND tags LIKE ?2 ESCAPE '\\'";
        tag = "%;";
        for (char c : text::trim(*q.tag)) {
            if (c == '%' || c == '_' || c == '\\') tag += '\\';
            tag += c;
        }
        tag += ";%";
    }
    std::vector<Person> out;
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        if (org) PIPE_TRY_VOID(detail::require_organization(book.store, *org));
        SQLite::Statement st(book.store.db(),
                             fmt::format("SELECT {} FROM persons WHERE {} ORDER BY {} LIMIT {}",
                                         detail::person_columns(), where, order_by(q),
                                         q.limit.value_or(-1)));
        if (org) st.bind(1, *org);
        if (q.tag) st.bind(2, tag);
        while (st.executeStep()) out.push_back(detail::read_person_row(st));
        return {};
    }));
    return out;
}

Result<Person> edit_person(Book& book, std::int64_t id, const PersonFields& fields) {
    if (fields.values.empty())
        return fail("nothing to change",
                    act("person", "edit", id).option("--email", "…").option("--title", "…"), 2);
    Person p;
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& c) -> Result<void> {
        p = PIPE_TRY(detail::require_person(book.store, id));
        auto before = p.name;
        PIPE_TRY_VOID(detail::apply_person_fields(p, fields, false));
        PIPE_TRY_VOID(link_org(book, p, fields));
        p.updated_at = book.clock.now();
        detail::update_person(book.store, p);
        if (p.name != before) detail::spread_person_name(book.store, id, p.name);
        c.describe("edited " + named(p));
        return {};
    }));
    return p;
}

Result<Person> remove_person(Book& book, std::int64_t id) {
    Person p;
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& c) -> Result<void> {
        p = PIPE_TRY(detail::require_person(book.store, id));
        auto deals = ids(book.store,
                         "SELECT id FROM deals WHERE contact_id = ?1 UNION SELECT deal_id FROM "
                         "deal_people WHERE person_id = ?1 AND deal_id IN (SELECT id FROM deals) "
                         "ORDER BY 1",
                         id);
        auto leads = ids(book.store, "SELECT id FROM leads WHERE person_id = ? ORDER BY id", id);
        std::vector<std::string> held;
        if (!deals.empty())
            held.push_back(fmt::format("deal{} {}", deals.size() == 1 ? "" : "s", list_ids(deals)));
        if (!leads.empty())
            held.push_back(fmt::format("lead{} {}", leads.size() == 1 ? "" : "s", list_ids(leads)));
        if (!held.empty())
            return fail(fmt::format("{} is still on {}", named(p), text::join(held, ", ")),
                        act("person", "merge", id).arg("INTO"));
        detail::trash_record(c, detail::TrashKind::person, id, p.name);
        c.describe("moved " + named(p) + " to the trash");
        return {};
    }));
    return p;
}

Result<Person> restore_person(Book& book, std::int64_t id) {
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& c) -> Result<void> {
        if (!detail::restore_record(c, detail::TrashKind::person, id))
            return fail(fmt::format("person {} is not in the trash", id), act("trash", ""));
        auto p = PIPE_TRY(detail::require_person(book.store, id));
        // Their organization may have been merged or removed since.
        if (p.organization_id && !detail::find_organization(book.store, *p.organization_id)) {
            p.organization_id.reset();
            detail::update_person(book.store, p);
        }
        c.describe("restored " + named(p) + " from the trash");
        return {};
    }));
    return get_person(book, id);
}

Result<MergeReport> merge_persons(Book& book, std::int64_t from, std::int64_t into) {
    if (from == into)
        return fail(fmt::format("person {} cannot be merged into themselves", from),
                    act("person", "merge", from).arg("OTHER"), 2);
    MergeReport r;
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& c) -> Result<void> {
        auto source = PIPE_TRY(detail::require_person(book.store, from));
        auto target = PIPE_TRY(detail::require_person(book.store, into));
        auto run = [&](const char* sql) {
            auto& st = book.store.statement(sql);
            st.bind(1, into);
            st.bind(2, from);
            st.bind(3, target.name);
            return st.exec();
        };
        r.deals = run("UPDATE deals SET contact_id = ?1, contact = ?3 WHERE contact_id = ?2");
        r.leads = run("UPDATE leads SET person_id = ?1 WHERE person_id = ?2 AND ?3 IS NOT NULL");
        // Roles: the target keeps its own on a deal both are on; a role on a deal the target
        // is the contact of is dropped.
        run("DELETE FROM deal_people WHERE person_id = ?2 AND (deal_id IN (SELECT deal_id FROM "
            "deal_people WHERE person_id = ?1) OR deal_id IN (SELECT id FROM deals WHERE "
            "contact_id = ?1)) AND ?3 IS NOT NULL");
        run("DELETE FROM deal_people WHERE person_id = ?1 AND deal_id IN (SELECT id FROM deals "
            "WHERE contact_id = ?1) AND ?3 IS NOT NULL");
        r.people = run("UPDATE deal_people SET person_id = ?1 WHERE person_id = ?2 AND ?3 IS NOT "
                       "NULL");
        r.activities = run("UPDATE activities SET person_id = ?1 WHERE person_id = ?2 AND ?3 IS "
                           "NOT NULL");
        target.emails = detail::joined(target.emails, source.emails);
        target.phones = detail::joined(target.phones, source.phones);
        target.tags = detail::joined(target.tags, source.tags);
        target.notes = detail::joined_notes(target.notes, source.notes);
        if (target.title.empty()) target.title = source.title;
        if (!target.organization_id && source.organization_id) {
            target.organization_id = source.organization_id;
            target.organization = source.organization;
        }
        if (target.external_id.empty()) target.external_id = source.external_id;
        auto& drop = book.store.statement("DELETE FROM persons WHERE id = ?");
        drop.bind(1, from);
        drop.exec();
        target.updated_at = book.clock.now();
        detail::update_person(book.store, target);
        c.describe(fmt::format("merged {} into {}", named(source), named(target)));
        return {};
    }));
    return r;
}

Result<std::vector<DealPerson>> deal_people(Book& book, std::int64_t deal_id) {
    std::vector<DealPerson> out;
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        auto& st = book.store.statement("SELECT dp.person_id, p.name, dp.role FROM deal_people dp "
                                        "JOIN persons p ON p.id = dp.person_id WHERE dp.deal_id = "
                                        "? ORDER BY dp.rowid");
        st.bind(1, deal_id);
        while (st.executeStep())
            out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getString(),
                           st.getColumn(2).getString()});
        return {};
    }));
    return out;
}

Result<DealPerson> add_deal_person(Book& book, std::int64_t deal_id, const std::string& person,
                                   const std::string& role) {
    DealPerson out;
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& c) -> Result<void> {
        auto deal = PIPE_TRY(detail::require_deal(book.store, deal_id));
        if (detail::unlinks(person))
            return fail("--add-person needs a person", "give their id, name or email", 2);
        auto p = PIPE_TRY(detail::link_person(book, person, detail::LinkMatch::typed,
                                              deal.organization_id, "", ""));
        out = {p->id, p->name, detail::tidy_name(role)};
        auto& st = book.store.statement("INSERT INTO deal_people (deal_id, person_id, role) VALUES "
                                        "(?, ?, ?) ON CONFLICT DO UPDATE SET role = excluded.role "
                                        "WHERE role IS NOT excluded.role");
        st.bind(1, deal_id);
        st.bind(2, p->id);
        st.bind(3, out.role);
        st.exec();
        c.describe(fmt::format("added {} to deal {} · {}{}", named(*p), deal_id, deal.title,
                               out.role.empty() ? "" : " as " + out.role));
        return {};
    }));
    return out;
}

Result<DealPerson> remove_deal_person(Book& book, std::int64_t deal_id, const std::string& person) {
    DealPerson out;
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& c) -> Result<void> {
        auto deal = PIPE_TRY(detail::require_deal(book.store, deal_id));
        auto id = PIPE_TRY(resolve_ref(book, RecordKind::person, person));
        auto& find = book.store.statement("SELECT p.name, dp.role FROM deal_people dp JOIN persons "
                                          "p ON p.id = dp.person_id WHERE dp.deal_id = ? AND "
                                          "dp.person_id = ?");
        find.bind(1, deal_id);
        find.bind(2, id);
        if (!find.executeStep())
            return fail(fmt::format("person {} is not on deal {}", id, deal_id),
                        act("deal", "show", deal_id));
        out = {id, find.getColumn(0).getString(), find.getColumn(1).getString()};
        find.reset();
        auto& drop = book.store.statement("DELETE FROM deal_people WHERE deal_id = ? AND person_id "
                                          "= ?");
        drop.bind(1, deal_id);
        drop.bind(2, id);
        drop.exec();
        c.describe(
            fmt::format("took person {} · {} off deal {} · {}", id, out.name, deal_id, deal.title));
        return {};
    }));
    return out;
}

Result<Deal> edit_deal_and_people(Book& book, std::int64_t id, const DealFields& fields,
                                  const DealPeopleEdit& people) {
    if (!people.role.empty() && people.add.empty())
        return fail("--role goes with --add-person", "give the person the role is for", 2);
    if (people.empty()) return edit_deal(book, id, fields);
    Deal deal;
    std::vector<std::string> done;
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& c) -> Result<void> {
        if (!fields.values.empty()) {
            PIPE_TRY_VOID(edit_deal(book, id, fields));
            done.emplace_back("edited");
        }
        for (const auto& p : people.remove) {
            auto removed = PIPE_TRY(remove_deal_person(book, id, p));
            done.push_back(fmt::format("took {} off", removed.name));
        }
        for (const auto& p : people.add) {
            auto added = PIPE_TRY(add_deal_person(book, id, p, people.role));
            done.push_back(fmt::format("added {}{}", added.name,
                                       added.role.empty() ? "" : " as " + added.role));
        }
        deal = PIPE_TRY(detail::require_deal(book.store, id));
        c.describe(fmt::format("deal {} · {}: {}", deal.id, deal.title, text::join(done, ", ")));
        return {};
    }));
    return deal;
}

} // namespace crm
