// pipe org show / pipe person show: the account page of an organization and the page of a
// person — details, people, deals, leads, won value, last touch and one timeline.

#include "deal_rows.hpp"
#include "lead_rows.hpp"
#include "party_rows.hpp"
#include "pipe/people.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <fmt/format.h>
#include <unordered_map>
#include <utility>

namespace crm {

using detail::from_seconds;

namespace {

// A timeline row: `kind` 'a' (activity) or 'e' (event), with the subject it is on.
constexpr std::string_view timeline_columns =
    "x.at, x.row_kind, x.id, x.deal_id, x.lead_id, x.person_id, x.organization_id, x.kind, "
    "x.from_value, x.to_value, x.detail, x.due, x.done";

std::string activity_rows(std::string_view where) {
    return fmt::format("SELECT at, 'a' AS row_kind, id, deal_id, lead_id, person_id, "
                       "organization_id, kind, NULL AS from_value, NULL AS to_value, text AS "
                       "detail, due, done FROM activities WHERE {}",
                       where);
}

std::string event_rows(std::string_view where) {
    return fmt::format("SELECT at, 'e', id, deal_id, lead_id, NULL, NULL, kind, from_value, "
                       "to_value, detail, NULL, NULL FROM events WHERE {}",
                       where);
}

std::optional<std::int64_t> opt_id(const SQLite::Column& c) {
    if (c.isNull()) return std::nullopt;
    return c.getInt64();
}

// The title and currency of each deal a page has already read, by id.
using KnownDeals = std::unordered_map<std::int64_t, std::pair<std::string, std::string>>;

KnownDeals known_deals(const std::vector<DealLine>& lines) {
    KnownDeals out;
    for (const auto& line : lines)
        out.emplace(line.deal.id, std::pair{line.deal.title, line.deal.value.currency});
    return out;
}

// Read timeline rows (newest first) and name what each is on. A deal of `known` is named
// without reading it again; the pages' timelines hold only their own deals' rows today, and a
// deal of another page's would still be read.
void read_timeline(Store& store, const std::string& sql, std::int64_t key, const KnownDeals& known,
                   std::vector<TimelineEntry>& out, std::int64_t& total) {
    SQLite::Statement st(store.db(), sql);
    st.bind(1, key);
    std::vector<TimelineEntry> all;
    while (st.executeStep()) {
        TimelineEntry e;
        e.at = from_seconds(st.getColumn(0).getInt64());
        auto deal = opt_id(st.getColumn(3));
        auto lead = opt_id(st.getColumn(4));
        auto person = opt_id(st.getColumn(5));
        auto org = opt_id(st.getColumn(6));
        if (st.getColumn(1).getString() == "a") {
            Activity a;
            a.id = st.getColumn(2).getInt64();
            a.deal_id = deal;
            a.lead_id = lead;
            a.person_id = person;
            a.organization_id = org;
            a.kind = st.getColumn(7).getString();
            a.at = e.at;
            a.text = st.getColumn(10).getString();
            if (!st.getColumn(11).isNull())
                if (auto due = parse_iso_date(st.getColumn(11).getString())) a.due = *due;
            a.done = st.getColumn(12).isNull() || st.getColumn(12).getInt() != 0;
            e.activity = a;
        } else {
            Event ev;
            ev.id = st.getColumn(2).getInt64();
            ev.at = e.at;
            ev.deal_id = deal;
            ev.lead_id = lead;
            ev.kind = st.getColumn(7).getString();
            if (!st.getColumn(8).isNull()) ev.from = st.getColumn(8).getString();
            if (!st.getColumn(9).isNull()) ev.to = st.getColumn(9).getString();
            ev.detail = st.getColumn(10).getString();
            e.event = ev;
        }
        if (deal) {
            e.subject = "deal";
            e.subject_id = *deal;
        } else if (lead) {
            e.subject = "lead";
            e.subject_id = *lead;
        } else if (person) {
            e.subject = "person";
            e.subject_id = *person;
        } else {
            e.subject = "organization";
            e.subject_id = org.value_or(0);
        }
        all.push_back(std::move(e));
    }
    total = static_cast<std::int64_t>(all.size());
    if (all.size() > static_cast<std::size_t>(timeline_limit))
        all.resize(static_cast<std::size_t>(timeline_limit));
    for (auto& e : all) {
        if (e.subject == "deal") {
            if (auto it = known.find(e.subject_id); it != known.end()) {
                e.subject_name = it->second.first;
                e.currency = it->second.second;
            } else if (auto d = detail::find_deal(store, e.subject_id)) {
                e.subject_name = d->title;
                e.currency = d->value.currency;
            }
        } else if (e.subject == "lead") {
            if (auto l = detail::require_lead(store, e.subject_id)) e.subject_name = l->name;
        } else if (e.subject == "person") {
            if (auto p = detail::find_person(store, e.subject_id)) e.subject_name = p->name;
        } else if (auto o = detail::find_organization(store, e.subject_id)) {
            e.subject_name = o->name;
        }
    }
    out = std::move(all);
}

std::vector<DealLine> deal_lines(Book& book, const std::string& where, std::int64_t key,
                                 const std::string& role_sql = {}) {
    SQLite::Statement st(book.store.db(),
                         fmt::format("SELECT {}{} FROM deals WHERE {} ORDER BY deals.id",
                                     deal_columns(), role_sql.empty() ? "" : ", " + role_sql,
                                     where));
    st.bind(1, key);
    std::vector<DealLine> out;
    auto n = static_cast<int>(deal_fields().size());
    while (st.executeStep()) {
        DealLine line;
        line.deal = read_deal_row(st);
        if (line.deal.status == DealStatus::open)
            line.weighted = weighted_value(line.deal.value.minor,
                                           effective_probability(line.deal, book.stages));
        if (!role_sql.empty()) line.role = st.getColumn(n).getString();
        out.push_back(std::move(line));
    }
    return out;
}

std::vector<Lead> leads_where(Store& store, const std::string& where, std::int64_t key) {
    SQLite::Statement st(store.db(), fmt::format("SELECT {} FROM leads WHERE {} ORDER BY id",
                                                 detail::lead_columns(), where));
    st.bind(1, key);
    std::vector<Lead> out;
    while (st.executeStep()) out.push_back(detail::read_lead_row(st));
    return out;
}

void latest(std::optional<Timestamp>& last, Timestamp t) {
    if (!last || t > *last) last = t;
}

// Open deals by expected close (none last), closed ones newest first.
void sort_lines(std::vector<DealLine>& lines) {
    std::ranges::stable_sort(lines, [](const DealLine& a, const DealLine& b) {
        if (a.deal.status != b.deal.status) return a.deal.status < b.deal.status;
        if (a.deal.status == DealStatus::open) {
            if (a.deal.expected_close.has_value() != b.deal.expected_close.has_value())
                return a.deal.expected_close.has_value();
            return a.deal.expected_close < b.deal.expected_close;
        }
        return a.deal.closed_at > b.deal.closed_at;
    });
}

} // namespace

Result<OrganizationPage> organization_page(Book& book, std::int64_t id) {
    OrganizationPage page;
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        auto& store = book.store;
        page.org = PIPE_TRY(detail::require_organization(store, id));
        {
            SQLite::Statement st(store.db(), "SELECT " + detail::person_columns() +
                                                 " FROM persons WHERE organization_id = ? ORDER "
                                                 "BY name_key, id");
            st.bind(1, id);
            while (st.executeStep()) page.people.push_back(detail::read_person_row(st));
        }
        auto deals = deal_lines(book, "organization_id = ?", id);
        auto known = known_deals(deals);
        sort_lines(deals);
        for (auto& line : deals) {
            latest(page.last_touch, line.deal.last_touch_at);
            const auto& currency = line.deal.value.currency;
            if (line.deal.status == DealStatus::open) {
                page.open_value[currency] += line.deal.value.minor;
                page.weighted_value[currency] += line.weighted;
                page.open_deals.push_back(std::move(line));
            } else if (line.deal.status == DealStatus::won) {
                page.won_value[currency] += line.deal.value.minor;
                page.won_deals.push_back(std::move(line));
            } else {
                page.lost_deals.push_back(std::move(line));
            }
        }
        page.leads = leads_where(store, "organization_id = ? AND status <> 'converted'", id);
        for (const auto& l : page.leads) latest(page.last_touch, l.last_touch_at);
        auto people = "(SELECT id FROM persons WHERE organization_id = ?1)";
        auto org_deals = "(SELECT id FROM deals WHERE organization_id = ?1)";
        auto sql = fmt::format(
            "SELECT {} FROM ({} UNION ALL {} UNION ALL {} UNION ALL {}) x ORDER BY x.at DESC, "
            "x.row_kind, x.id DESC",
            timeline_columns, activity_rows("organization_id = ?1"),
            activity_rows(fmt::format("person_id IN {}", people)),
            activity_rows(fmt::format("deal_id IN {}", org_deals)),
            event_rows(fmt::format("deal_id IN {}", org_deals)));
        read_timeline(store, sql, id, known, page.timeline, page.timeline_total);
        for (const auto& e : page.timeline)
            if (e.activity && e.activity->done) {
                latest(page.last_touch, e.at);
                break;
            }
        return {};
    }));
    return page;
}

Result<PersonPage> person_page(Book& book, std::int64_t id) {
    PersonPage page;
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        auto& store = book.store;
        page.person = PIPE_TRY(detail::require_person(store, id));
        page.deals = deal_lines(book,
                                "contact_id = ?1 OR id IN (SELECT deal_id FROM deal_people "
                                "WHERE person_id = ?1)",
                                id,
                                "CASE WHEN contact_id = ?1 THEN 'contact' ELSE (SELECT role FROM "
                                "deal_people WHERE deal_id = deals.id AND person_id = ?1) END");
        sort_lines(page.deals);
        for (const auto& line : page.deals) latest(page.last_touch, line.deal.last_touch_at);
        page.leads = leads_where(store, "person_id = ?", id);
        for (const auto& l : page.leads) latest(page.last_touch, l.last_touch_at);
        auto their_deals = "(SELECT id FROM deals WHERE contact_id = ?1 UNION SELECT deal_id FROM "
                           "deal_people WHERE person_id = ?1)";
        auto their_leads = "(SELECT id FROM leads WHERE person_id = ?1)";
        auto sql = fmt::format(
            "SELECT {} FROM ({} UNION ALL {} UNION ALL {} UNION ALL {}) x ORDER BY x.at DESC, "
            "x.row_kind, x.id DESC",
            timeline_columns, activity_rows("person_id = ?1"),
            activity_rows(fmt::format("deal_id IN {}", their_deals)),
            activity_rows(fmt::format("lead_id IN {}", their_leads)),
            event_rows(fmt::format("deal_id IN {}", their_deals)));
        read_timeline(store, sql, id, known_deals(page.deals), page.timeline, page.timeline_total);
        for (const auto& e : page.timeline)
            if (e.activity && e.activity->done) {
                latest(page.last_touch, e.at);
                break;
            }
        return {};
    }));
    return page;
}

} // namespace crm
