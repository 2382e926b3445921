// pipe org add|list|edit|rm|restore|merge.

#include "change.hpp"
#include "party_fields.hpp"
#include "party_names.hpp"
#include "party_rows.hpp"
#include "pipe/people.hpp"
#include "text.hpp"
#include "trash_rows.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <map>

namespace crm {

using detail::named;

namespace {

// Another organization that has this name (case and spaces aside), if any.
Result<void> name_is_free(Store& store, const std::string& name, std::int64_t self) {
    for (auto id : detail::organizations_named(store, name))
        if (id != self)
            return fail(fmt::format("organization {} is already called \"{}\"", id, name),
                        act("org", "show", id));
    return {};
}

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

std::string order_by(const OrganizationQuery& q) {
    static const std::map<std::string, std::string> columns = {
        {"name", "o.name_key, o.id"},      {"id", "o.id"},
        {"created", "o.created_at, o.id"}, {"updated", "o.updated_at, o.id"},
        {"deals", "deals DESC, o.id"},     {"open", "open_deals DESC, o.id"},
    };
    auto it = columns.find(q.sort);
    std::string order = it == columns.end() ? "o.name_key, o.id" : it->second;
    if (!q.descending) return order;
    std::string out;
    for (auto& part : text::split(order, ',')) {
        auto desc = part.ends_with(" DESC");
        out +=
            (out.empty() ? "" : ", ") + (desc ? part.substr(0, part.size() - 5) : part + " DESC");
    }
    return out;
}

} // namespace

Result<Organization> add_organization(Book& book, const OrganizationFields& fields) {
    if (!fields.has("name"))
        return fail("an organization needs a name", act("org", "add").arg("Acme GmbH"), 2);
    Organization org;
    org.created_at = org.updated_at = book.clock.now();
    PIPE_TRY_VOID(detail::apply_organization_fields(org, fields, true));
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& c) -> Result<void> {
        PIPE_TRY_VOID(name_is_free(book.store, org.name, 0));
        detail::insert_organization(book.store, org);
        c.describe("added " + named(org));
        return {};
    }));
    return org;
}

Result<Organization> get_organization(Book& book, std::int64_t id) {
    Result<Organization> out = fail("unreachable");
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        out = detail::require_organization(book.store, id);
        return {};
    }));
    return out;
}

Result<std::vector<OrganizationRow>> list_organizations(Book& book, const OrganizationQuery& q) {
    std::string where = "1";
    std::string tag;
    if (q.tag) {
        where += " AND o.tags LIKE ? ESCAPE '\\'";
        tag = "%;";
        for (char c : text::trim(*q.tag)) {
            if (c == '%' || c == '_' || c == '\\') tag += '\\';
            tag += c;
        }
        tag += ";%";
    }
    std::vector<OrganizationRow> out;
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        SQLite::Statement st(
            book.store.db(),
            fmt::format("SELECT {}, (SELECT count(*) FROM persons p WHERE p.organization_id = "
                        "o.id) AS people, (SELECT count(*) FROM deals d WHERE d.organization_id "
                        "= o.id AND d.status = 'open') AS open_deals, (SELECT count(*) FROM "
                        "deals d WHERE d.organization_id = o.id) AS deals FROM organizations o "
                        "WHERE {} ORDER BY {} LIMIT {}",
                        detail::select_list(organization_fields(), "o."), where, order_by(q),
                        q.limit.value_or(-1)));
        if (q.tag) st.bind(1, tag);
        auto n = static_cast<int>(organization_fields().size());
        while (st.executeStep())
            out.push_back({detail::read_organization_row(st), st.getColumn(n).getInt64(),
                           st.getColumn(n + 1).getInt64(), st.getColumn(n + 2).getInt64()});
        return {};
    }));
    return out;
}

Result<Organization> edit_organization(Book& book, std::int64_t id,
                                       const OrganizationFields& fields) {
    if (fields.values.empty())
        return fail("nothing to change",
                    act("org", "edit", id).option("--name", "…").option("--domain", "…"), 2);
    Organization org;
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& c) -> Result<void> {
        org = PIPE_TRY(detail::require_organization(book.store, id));
        auto before = org.name;
        PIPE_TRY_VOID(detail::apply_organization_fields(org, fields, false));
        PIPE_TRY_VOID(name_is_free(book.store, org.name, id));
        org.updated_at = book.clock.now();
        detail::update_organization(book.store, org);
        if (org.name != before) detail::spread_organization_name(book.store, id, org.name);
        c.describe("edited " + named(org));
        return {};
    }));
    return org;
}

Result<Organization> remove_organization(Book& book, std::int64_t id) {
    Organization org;
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& c) -> Result<void> {
        org = PIPE_TRY(detail::require_organization(book.store, id));
        auto deals =
            ids(book.store, "SELECT id FROM deals WHERE organization_id = ? ORDER BY id", id);
        auto leads =
            ids(book.store, "SELECT id FROM leads WHERE organization_id = ? ORDER BY id", id);
        auto people =
            ids(book.store, "SELECT id FROM persons WHERE organization_id = ? ORDER BY id", id);
        std::vector<std::string> held;
        if (!deals.empty())
            held.push_back(fmt::format("deal{} {}", deals.size() == 1 ? "" : "s", list_ids(deals)));
        if (!leads.empty())
            held.push_back(fmt::format("lead{} {}", leads.size() == 1 ? "" : "s", list_ids(leads)));
        if (!people.empty())
            held.push_back(
                fmt::format("{} {}", people.size() == 1 ? "person" : "people", list_ids(people)));
        if (!held.empty())
            return fail(fmt::format("{} still has {}", named(org), text::join(held, ", ")),
                        act("org", "merge", id).arg("INTO"));
        detail::trash_record(c, detail::TrashKind::organization, id, org.name);
        c.describe("moved " + named(org) + " to the trash");
        return {};
    }));
    return org;
}

Result<Organization> restore_organization(Book& book, std::int64_t id) {
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& c) -> Result<void> {
        if (!detail::restore_record(c, detail::TrashKind::organization, id))
            return fail(fmt::format("organization {} is not in the trash", id), act("trash", ""));
        auto org = PIPE_TRY(detail::require_organization(book.store, id));
        PIPE_TRY_VOID(name_is_free(book.store, org.name, id));
        c.describe("restored " + named(org) + " from the trash");
        return {};
    }));
    return get_organization(book, id);
}

Result<MergeReport> merge_organizations(Book& book, std::int64_t from, std::int64_t into) {
    if (from == into)
        return fail(fmt::format("organization {} cannot be merged into itself", from),
                    act("org", "merge", from).arg("OTHER"), 2);
    MergeReport r;
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& c) -> Result<void> {
        auto source = PIPE_TRY(detail::require_organization(book.store, from));
        auto target = PIPE_TRY(detail::require_organization(book.store, into));
        auto& db = book.store.db();
        auto move = [&](const char* sql) {
            auto& st = book.store.statement(sql);
            st.bind(1, into);
            st.bind(2, from);
            st.bind(3, target.name);
            return st.exec();
        };
        r.deals = move("UPDATE deals SET organization_id = ?1, organization = ?3 WHERE "
                       "organization_id = ?2");
        r.leads = move("UPDATE leads SET organization_id = ?1, organization = ?3 WHERE "
                       "organization_id = ?2");
        r.people = move("UPDATE persons SET organization_id = ?1, organization = ?3 WHERE "
                        "organization_id = ?2");
        r.activities = move("UPDATE activities SET organization_id = ?1 WHERE organization_id = "
                            "?2 AND ?3 IS NOT NULL");
        for (auto field : {&Organization::domain, &Organization::phone, &Organization::address})
            if ((target.*field).empty()) target.*field = source.*field;
        target.tags = detail::joined(target.tags, source.tags);
        target.notes = detail::joined_notes(target.notes, source.notes);
        if (target.external_id.empty()) {
            target.external_id = source.external_id;
            source.external_id.clear();
        }
        auto& drop = book.store.statement("DELETE FROM organizations WHERE id = ?");
        drop.bind(1, from);
        drop.exec();
        target.updated_at = book.clock.now();
        detail::update_organization(book.store, target);
        (void)db;
        c.describe(fmt::format("merged {} into {}", named(source), named(target)));
        return {};
    }));
    return r;
}

} // namespace crm
