// Linking imported deals and leads to organizations and people by the rule `deal add
// --org/--contact` uses (link_organization and link_person, src/core/party_links.cpp), never a
// second one; with a cache of the links earlier rows made.

#include "../party_links.hpp"
#include "../party_names.hpp"
#include "import_rows.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

namespace crm::io::detail {

namespace {

// Whether a linked record was in the book before the import: ids are handed out in order and
// never twice, so everything this import made has an id from its first one on.
bool there_before(std::optional<std::int64_t> id, std::optional<std::int64_t> first_made) {
    return id && (!first_made || *id < *first_made);
}

void count_existing(ImportContext& ctx, std::optional<std::int64_t> org,
                    std::optional<std::int64_t> person) {
    if (!ctx.report) return;
    if (there_before(org, ctx.first_organization) || there_before(person, ctx.first_person))
        ++ctx.report->linked_existing;
}

} // namespace

std::optional<LinkProblem> linked_records(ImportContext& ctx,
                                          const std::function<std::optional<LinkProblem>()>& link,
                                          bool guarded) {
    auto& store = ctx.book.store;
    auto before = ctx.created.size();
    auto* saved = ctx.book.created;
    ctx.book.created = &ctx.created;
    if (guarded) store.statement("SAVEPOINT import_link").exec();
    std::optional<LinkProblem> problem = link();
    ctx.book.created = saved;
    if (problem) {
        if (guarded) {
            store.statement("ROLLBACK TO import_link").exec();
            store.statement("RELEASE import_link").exec();
        }
        ctx.created.resize(before);
        return problem;
    }
    if (guarded) store.statement("RELEASE import_link").exec();
    for (auto i = before; i < ctx.created.size(); ++i) {
        const auto& made = ctx.created[i];
        bool org = made.kind == "organization";
        auto& st = store.statement(org ? "UPDATE organizations SET batch_id = ? WHERE id = ?"
                                       : "UPDATE persons SET batch_id = ? WHERE id = ?");
        st.bind(1, ctx.batch);
        st.bind(2, made.id);
        st.exec();
        if (ctx.report) ++(org ? ctx.report->organizations_created : ctx.report->persons_created);
        auto& first = org ? ctx.first_organization : ctx.first_person;
        if (!first) first = made.id;
    }
    // Memory stays flat however many the file makes.
    ctx.created.resize(before);
    return std::nullopt;
}

namespace {

// A link already made in this import, by the key of what was linked: the same text (and, for a
// person, email and organization) links to the same record again, so a file naming one
// organization on 10,000 rows looks it up once. Only links that held are kept (a row rolled
// back keeps none), and the cache is emptied now and then so memory stays bounded.
constexpr std::size_t max_cached_links = 100000;

std::string organization_key(std::string_view text) {
    return "o\x1f" + crm::detail::party_key(text);
}

std::string person_key(std::string_view text, std::optional<std::int64_t> org,
                       std::string_view email) {
    return fmt::format("p\x1f{}\x1f{}\x1f{}", crm::detail::party_key(text),
                       crm::detail::email_key(email), org ? *org : 0);
}

const LinkedParty* cached(const ImportContext& ctx, const std::string& key) {
    auto it = ctx.links.find(key);
    return it == ctx.links.end() ? nullptr : &it->second;
}

void remember(ImportContext& ctx, std::string key, LinkedParty party) {
    if (ctx.links.size() >= max_cached_links) ctx.links.clear();
    ctx.links.emplace(std::move(key), std::move(party));
}

// One row's organization and person links, by link_organization and link_person (the rule of
// `deal add --org/--contact` and `lead add`, with imported names matched whole).
struct RowLinks {
    ImportContext& ctx;
    std::optional<LinkedParty> org, person;
    std::vector<std::pair<std::string, LinkedParty>> learned;

    // Whether the organization named `text` is to be looked up (not known from an earlier
    // row, and not an unlink).
    bool org_unknown(const std::string& text) {
        if (crm::detail::unlinks(text)) return true;
        if (const auto* hit = cached(ctx, organization_key(text))) {
            org = *hit;
            return false;
        }
        return true;
    }

    std::optional<std::string> link_org(const std::string& text) {
        auto found = crm::detail::link_organization(ctx.book, text, crm::detail::LinkMatch::whole);
        if (!found) return found.error().what;
        org.reset();
        if (*found) {
            org = LinkedParty{(*found)->id, (*found)->name, {}, {}};
            learned.emplace_back(organization_key(text), *org);
        }
        return std::nullopt;
    }

    bool person_unknown(const std::string& text, std::optional<std::int64_t> org_id,
                        const std::string& email) {
        if (crm::detail::unlinks(text)) return true;
        if (const auto* hit = cached(ctx, person_key(text, org_id, email))) {
            person = *hit;
            return false;
        }
        return true;
    }

    std::optional<std::string> link_person(const std::string& text,
                                           std::optional<std::int64_t> org_id,
                                           const std::string& email, const std::string& phone) {
        auto found = crm::detail::link_person(ctx.book, text, crm::detail::LinkMatch::whole, org_id,
                                              email, phone);
        if (!found) return found.error().what;
        person.reset();
        if (*found) {
            const auto& p = **found;
            person = LinkedParty{p.id, p.name, p.emails.empty() ? std::string() : p.emails.front(),
                                 p.phones.empty() ? std::string() : p.phones.front()};
            learned.emplace_back(person_key(text, org_id, email), *person);
        }
        return std::nullopt;
    }

    void keep() {
        for (auto& [key, party] : learned) remember(ctx, std::move(key), std::move(party));
    }
};

} // namespace

bool same_party_name(std::string_view a, std::string_view b) {
    return crm::detail::party_key(a) == crm::detail::party_key(b);
}

std::vector<LinkProblem> link_imported_deal(ImportContext& ctx, Deal& deal, bool organization,
                                            bool contact) {
    std::vector<LinkProblem> problems;
    if (!organization && !contact) return problems;
    RowLinks links{ctx, {}, {}, {}};
    bool look_org = organization && links.org_unknown(deal.organization);
    auto org_id = [&]() -> std::optional<std::int64_t> {
        if (!organization) return deal.organization_id;
        return links.org ? std::optional(links.org->id) : std::nullopt;
    };
    bool look_person =
        contact && (look_org || links.person_unknown(deal.contact, org_id(), deal.email));
    bool org_failed = false, person_failed = false;
    auto work = [&]() -> std::optional<LinkProblem> {
        if (look_org)
            if (auto problem = links.link_org(deal.organization)) {
                problems.push_back({false, *problem});
                org_failed = true;
            }
        // After a looked-up organization, the person's key is known only now.
        if (contact &&
            (look_org ? links.person_unknown(deal.contact, org_id(), deal.email) : look_person))
            if (auto problem = links.link_person(deal.contact, org_id(), deal.email, deal.phone)) {
                problems.push_back({true, *problem});
                person_failed = true;
            }
        return std::nullopt;
    };
    if (look_org || look_person) (void)linked_records(ctx, work, false);
    links.keep();
    if (organization) {
        deal.organization_id = links.org ? std::optional(links.org->id) : std::nullopt;
        if (!org_failed) deal.organization = links.org ? links.org->name : std::string();
    }
    if (contact) {
        const auto& p = links.person;
        deal.contact_id = p ? std::optional(p->id) : std::nullopt;
        if (!person_failed) deal.contact = p ? p->name : std::string();
        if (p && deal.email.empty()) deal.email = p->email;
        if (p && deal.phone.empty()) deal.phone = p->phone;
    }
    count_existing(ctx, deal.organization_id, deal.contact_id);
    return problems;
}

std::vector<LinkProblem> link_imported_lead(ImportContext& ctx, Lead& lead, bool organization,
                                            bool person) {
    std::vector<LinkProblem> problems;
    if (!organization && !person) return problems;
    RowLinks links{ctx, {}, {}, {}};
    bool look_org = organization && links.org_unknown(lead.organization);
    auto org_id = [&]() -> std::optional<std::int64_t> {
        if (!organization) return lead.organization_id;
        return links.org ? std::optional(links.org->id) : std::nullopt;
    };
    bool org_failed = false;
    auto work = [&]() -> std::optional<LinkProblem> {
        if (look_org)
            if (auto problem = links.link_org(lead.organization)) {
                problems.push_back({false, *problem});
                org_failed = true;
            }
        if (person && links.person_unknown(lead.name, org_id(), lead.email))
            if (auto problem = links.link_person(lead.name, org_id(), lead.email, lead.phone))
                problems.push_back({true, *problem});
        return std::nullopt;
    };
    (void)linked_records(ctx, work, false);
    links.keep();
    if (organization) {
        lead.organization_id = links.org ? std::optional(links.org->id) : std::nullopt;
        if (!org_failed) lead.organization = links.org ? links.org->name : std::string();
    }
    if (person) {
        const auto& p = links.person;
        lead.person_id = p ? std::optional(p->id) : std::nullopt;
        if (p && lead.email.empty()) lead.email = p->email;
    }
    count_existing(ctx, lead.organization_id, lead.person_id);
    return problems;
}

} // namespace crm::io::detail
