#include "party_links.hpp"

#include "change.hpp"
#include "party_names.hpp"
#include "party_rows.hpp"
#include "refs_match.hpp"
#include "text.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

namespace crm::detail {

namespace {

std::string domain_of(std::string_view text) {
    auto at = text.rfind('@');
    return text::lower(text::trim(at == std::string_view::npos ? text : text.substr(at + 1)));
}

// Ids whose name key starts with `name`'s (the name_key index, a range).
template <class F>
std::vector<Candidate> by_prefix(Store& store, std::string_view table, std::string_view name,
                                 F&& keep) {
    auto key = party_key(name);
    auto& st = store.statement(fmt::format("SELECT id, name FROM {} WHERE name_key >= ? AND "
                                           "name_key < ? ORDER BY name_key, id LIMIT ?",
                                           table));
    st.bind(1, key);
    st.bind(2, key + "\xF4\x8F\xBF\xBF");
    st.bind(3, static_cast<int>(max_candidates) + 1);
    std::vector<Candidate> out;
    while (st.executeStep())
        if (keep(st.getColumn(0).getInt64()))
            out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getString()});
    return out;
}

std::vector<Candidate> named(Store& store, RecordKind kind, const std::vector<std::int64_t>& ids) {
    std::vector<Candidate> out;
    for (auto id : ids) {
        if (kind == RecordKind::organization) {
            if (auto o = find_organization(store, id)) out.push_back({id, o->name});
        } else if (auto p = find_person(store, id)) {
            out.push_back(
                {id, p->name + (p->organization.empty() ? "" : " (" + p->organization + ")")});
        }
    }
    return out;
}

Error not_found(RecordKind kind, std::int64_t id) {
    return kind == RecordKind::organization
               ? Error{fmt::format("organization {} not found", id), act("org", "list")}
               : Error{fmt::format("person {} not found", id), act("person", "list")};
}

std::string make_hint(RecordKind kind, const std::string& name) {
    return fmt::format("pipe {} add \"{}\" makes a new one",
                       kind == RecordKind::organization ? "org" : "person", name);
}

} // namespace

bool unlinks(std::string_view text) {
    auto t = text::trim(text);
    return t.empty() || text::iequals(t, "none");
}

std::vector<Candidate> organizations_with_domain(Store& store, std::string_view text) {
    auto& st = store.statement("SELECT id, name FROM organizations WHERE domain = ? ORDER BY id");
    st.bind(1, domain_of(text));
    std::vector<Candidate> out;
    while (st.executeStep())
        out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getString()});
    return out;
}

Result<std::optional<Organization>> link_organization(Book& book, std::string_view text,
                                                      LinkMatch how) {
    auto& store = book.store;
    if (unlinks(text)) return std::optional<Organization>{};
    auto name = tidy_name(text);
    if (auto id = plain_id(name); id && (how == LinkMatch::typed || name.front() == '#')) {
        auto org = find_organization(store, *id);
        if (!org) return std::unexpected(not_found(RecordKind::organization, *id));
        return org;
    }
    std::vector<Candidate> found;
    if (checked_email(name)) {
        found = organizations_with_domain(store, name);
        if (found.empty())
            return fail(fmt::format("no organization has the domain of '{}'", name),
                        "set one with pipe org edit ORG --domain DOMAIN, or give the name");
    } else {
        found = named(store, RecordKind::organization, organizations_named(store, name));
        if (found.empty() && how == LinkMatch::typed)
            found = by_prefix(store, "organizations", name, [](std::int64_t) { return true; });
    }
    if (found.size() > 1)
        return std::unexpected(ambiguous(RecordKind::organization, name, found,
                                         make_hint(RecordKind::organization, name)));
    if (found.size() == 1) return find_organization(store, found.front().id);
    Organization org;
    org.name = name;
    org.created_at = org.updated_at = book.clock.now();
    insert_organization(store, org);
    if (book.created) book.created->push_back({"organization", org.id, org.name});
    return std::optional<Organization>{org};
}

Result<std::optional<Person>> link_person(Book& book, std::string_view text, LinkMatch how,
                                          std::optional<std::int64_t> org, std::string_view email,
                                          std::string_view phone) {
    auto& store = book.store;
    if (unlinks(text)) return std::optional<Person>{};
    auto name = tidy_name(text);
    if (auto id = plain_id(name); id && (how == LinkMatch::typed || name.front() == '#')) {
        auto p = find_person(store, *id);
        if (!p) return std::unexpected(not_found(RecordKind::person, *id));
        return p;
    }
    std::vector<std::int64_t> ids;
    bool by_email = checked_email(name).has_value();
    if (by_email) {
        ids = persons_with_email(store, name);
        if (ids.empty() && how == LinkMatch::typed)
            return fail(fmt::format("no person has the email '{}'", name),
                        "give the person's name (a new name makes the person)");
    } else {
        if (!text::trim(email).empty()) ids = persons_with_email(store, email);
        auto key = party_key(name);
        std::erase_if(ids, [&](std::int64_t id) {
            auto p = find_person(store, id);
            return !p || party_key(p->name) != key;
        });
        if (ids.empty()) ids = persons_named(store, name);
    }
    if (ids.size() > 1 && org) {
        std::vector<std::int64_t> same_org;
        for (auto id : ids)
            if (auto p = find_person(store, id); p && p->organization_id == org)
                same_org.push_back(id);
        if (same_org.size() == 1) ids = same_org;
    }
    auto found = named(store, RecordKind::person, ids);
    // A prefix: among the people of the deal's organization (or of none) first, else anyone's
    // (a prefix of a known person never makes a new one).
    if (found.empty() && how == LinkMatch::typed && !by_email) {
        found = by_prefix(store, "persons", name, [&](std::int64_t id) {
            if (!org) return true;
            auto p = find_person(store, id);
            return p && (p->organization_id == org || !p->organization_id);
        });
        if (found.empty() && org)
            found = by_prefix(store, "persons", name, [](std::int64_t) { return true; });
    }
    if (found.size() > 1)
        return std::unexpected(
            ambiguous(RecordKind::person, name, found, make_hint(RecordKind::person, name)));
    if (found.size() == 1) return find_person(store, found.front().id);
    Person p;
    p.name = name;
    p.created_at = p.updated_at = book.clock.now();
    // A deal's or lead's email is free text: the person gets it when it is an address.
    if (auto address = checked_email(email))
        p.emails.push_back(*address);
    else if (by_email)
        p.emails.push_back(name);
    if (!text::trim(phone).empty()) p.phones.emplace_back(text::trim(phone));
    if (org) {
        p.organization_id = org;
        if (auto o = find_organization(store, *org)) p.organization = o->name;
    }
    insert_person(store, p);
    if (book.created) book.created->push_back({"person", p.id, p.name});
    return std::optional<Person>{p};
}

Result<void> link_deal_parties(Book& book, Deal& deal, bool organization, bool contact,
                               LinkMatch how) {
    if (organization) {
        auto org = PIPE_TRY(link_organization(book, deal.organization, how));
        deal.organization_id = org ? std::optional(org->id) : std::nullopt;
        deal.organization = org ? org->name : std::string();
    }
    if (contact) {
        auto p = PIPE_TRY(
            link_person(book, deal.contact, how, deal.organization_id, deal.email, deal.phone));
        deal.contact_id = p ? std::optional(p->id) : std::nullopt;
        deal.contact = p ? p->name : std::string();
        if (p && deal.email.empty() && !p->emails.empty()) deal.email = p->emails.front();
        if (p && deal.phone.empty() && !p->phones.empty()) deal.phone = p->phones.front();
    }
    return {};
}

Result<void> link_lead_parties(Book& book, Lead& lead, bool organization, bool person,
                               LinkMatch how) {
    if (organization) {
        auto org = PIPE_TRY(link_organization(book, lead.organization, how));
        lead.organization_id = org ? std::optional(org->id) : std::nullopt;
        lead.organization = org ? org->name : std::string();
    }
    if (person) {
        // A lead is a person: linked by email, else by the whole name (a prefix would
        // take a new prospect for someone else).
        auto text = lead.name;
        auto p = PIPE_TRY(link_person(book, text, LinkMatch::whole, lead.organization_id,
                                      lead.email, lead.phone));
        (void)how;
        lead.person_id = p ? std::optional(p->id) : std::nullopt;
        if (p && lead.email.empty() && !p->emails.empty()) lead.email = p->emails.front();
    }
    return {};
}

} // namespace crm::detail
