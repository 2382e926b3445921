#include "pipe/io/export.hpp"

#include "../deal_rows.hpp"
#include "../lead_rows.hpp"
#include "../party_rows.hpp"
#include "import_rows.hpp"
#include "pipe/deals.hpp"
#include "pipe/leads.hpp"
#include "pipe/people.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

namespace crm::io {

namespace {

using Kind = Cell::Kind;

Cell text(std::string value) {
    return {std::move(value), Kind::text};
}

Cell date(const std::optional<Date>& d) {
    return d ? Cell{format_date(*d), Kind::text} : Cell{{}, Kind::null};
}

Cell instant(const std::optional<Timestamp>& t) {
    return t ? Cell{format_timestamp(*t), Kind::text} : Cell{{}, Kind::null};
}

Cell number(const std::optional<int>& n) {
    return n ? Cell{std::to_string(*n), Kind::number} : Cell{{}, Kind::null};
}

std::vector<Cell> deal_cells(Store& store, const Deal& d) {
    std::string tags;
    for (const auto& t : d.tags) tags += (tags.empty() ? "" : ";") + t;
    return {text(d.external_id.empty() ? detail::synthetic_id(store, "deal", d.id) : d.external_id),
            text(d.title),
            text(d.organization),
            text(d.contact),
            text(d.email),
            text(d.phone),
            text(format_decimal(d.value.minor, currency_digits(d.value.currency))),
            text(d.value.currency),
            text(d.pipeline),
            text(d.stage),
            number(d.probability),
            date(d.expected_close),
            instant(d.created_at),
            instant(d.closed_at),
            text(d.lost_reason),
            text(d.source),
            text(d.owner),
            {tags, Kind::list},
            text(d.next_step),
            date(d.next_step_due),
            text(d.notes)};
}

// The external id of a deal (its own, else this book's synthetic one), or null.
Cell deal_ref(Store& store, const std::optional<std::int64_t>& id) {
    if (!id) return {{}, Kind::null};
    auto& st = store.statement("SELECT external_id FROM deals WHERE id = ?");
    st.bind(1, *id);
    if (!st.executeStep()) return {{}, Kind::null};
    auto out = st.getColumn(0).isNull() ? detail::synthetic_id(store, "deal", *id)
                                        : st.getColumn(0).getString();
    st.reset();
    return text(out);
}

std::vector<Cell> lead_cells(Store& store, const Lead& l) {
    return {text(l.external_id.empty() ? detail::synthetic_id(store, "lead", l.id) : l.external_id),
            text(l.name),
            text(l.organization),
            text(l.email),
            text(l.phone),
            text(l.source),
            text(l.status),
            instant(l.created_at),
            date(l.follow_up),
            number(l.budget),
            number(l.authority),
            number(l.need),
            number(l.timeline),
            text(l.notes),
            deal_ref(store, l.deal_id)};
}

Cell list(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& t : items) out += (out.empty() ? "" : ";") + t;
    return {out, Kind::list};
}

std::vector<Cell> organization_cells(Store& store, const Organization& o) {
    return {text(o.external_id.empty() ? detail::synthetic_id(store, "organization", o.id)
                                       : o.external_id),
            text(o.name),
            text(o.domain),
            text(o.phone),
            text(o.address),
            list(o.tags),
            text(o.notes),
            instant(o.created_at)};
}

std::vector<Cell> person_cells(Store& store, const Person& p) {
    return {
        text(p.external_id.empty() ? detail::synthetic_id(store, "person", p.id) : p.external_id),
        text(p.name),
        text(p.organization),
        list(p.emails),
        list(p.phones),
        text(p.title),
        list(p.tags),
        text(p.notes),
        instant(p.created_at)};
}

// The external id of the deal or lead in columns `id` and `ext`, or null.
Cell subject(Store& store, SQLite::Statement& st, int id, int ext, std::string_view kind) {
    if (st.getColumn(id).isNull()) return {{}, Kind::null};
    if (!st.getColumn(ext).isNull()) return text(st.getColumn(ext).getString());
    return text(detail::synthetic_id(store, kind, st.getColumn(id).getInt64()));
}

} // namespace

Result<void> export_records(Book& book, RecordType type,
                            const std::function<void(const std::vector<Cell>&)>& row) {
    return book.store.read([&]() -> Result<void> {
        auto& db = book.store.db();
        switch (type) {
        case RecordType::deals: {
            SQLite::Statement st(db, "SELECT " + deal_columns() + " FROM deals ORDER BY id");
            while (st.executeStep()) row(deal_cells(book.store, read_deal_row(st)));
            break;
        }
        case RecordType::leads: {
            SQLite::Statement st(db, "SELECT " + crm::detail::lead_columns() +
                                         " FROM leads ORDER BY id");
            while (st.executeStep()) row(lead_cells(book.store, crm::detail::read_lead_row(st)));
            break;
        }
        case RecordType::activities: {
            SQLite::Statement st(
                db, "SELECT a.deal_id, d.external_id, a.lead_id, l.external_id, a.kind, a.at, "
                    "a.due, a.done, a.text, a.time, a.duration, a.planned_at, a.cancelled_at, "
                    "a.outcome FROM activities a LEFT JOIN deals d ON d.id = a.deal_id LEFT JOIN "
                    "leads l ON l.id = a.lead_id ORDER BY a.id");
            while (st.executeStep()) {
                std::optional<Date> due;
                if (!st.getColumn(6).isNull())
                    if (auto d = parse_iso_date(st.getColumn(6).getString())) due = *d;
                auto optional_instant = [&](int column) {
                    return st.getColumn(column).isNull() ? instant(std::nullopt)
                                                         : instant(crm::detail::from_seconds(
                                                               st.getColumn(column).getInt64()));
                };
                row({subject(book.store, st, 0, 1, "deal"),
                     subject(book.store, st, 2, 3, "lead"),
                     text(st.getColumn(4).getString()),
                     instant(crm::detail::from_seconds(st.getColumn(5).getInt64())),
                     date(due),
                     {st.getColumn(7).getInt() ? "true" : "false", Kind::boolean},
                     text(st.getColumn(8).getString()),
                     st.getColumn(9).isNull() ? Cell{{}, Kind::null}
                                              : text(st.getColumn(9).getString()),
                     st.getColumn(10).isNull()
                         ? Cell{{}, Kind::null}
                         : Cell{std::to_string(st.getColumn(10).getInt64()), Kind::number},
                     optional_instant(11),
                     optional_instant(12),
                     text(st.getColumn(13).getString())});
            }
            break;
        }
        case RecordType::organizations: {
            SQLite::Statement st(db, "SELECT " + crm::detail::organization_columns() +
                                         " FROM organizations ORDER BY id");
            while (st.executeStep())
                row(organization_cells(book.store, crm::detail::read_organization_row(st)));
            break;
        }
        case RecordType::persons: {
            SQLite::Statement st(db, "SELECT " + crm::detail::person_columns() +
                                         " FROM persons ORDER BY id");
            while (st.executeStep())
                row(person_cells(book.store, crm::detail::read_person_row(st)));
            break;
        }
        case RecordType::events: {
            SQLite::Statement st(
                db, "SELECT e.deal_id, d.external_id, e.to_value, e.at, CASE WHEN e.kind = "
                    "'created' THEN '' ELSE e.detail END FROM events e JOIN deals d ON d.id = "
                    "e.deal_id WHERE e.kind IN ('created','stage','won','lost','reopened') ORDER "
                    "BY e.deal_id, e.at, e.id");
            while (st.executeStep())
                row({subject(book.store, st, 0, 1, "deal"), text(st.getColumn(2).getString()),
                     instant(crm::detail::from_seconds(st.getColumn(3).getInt64())),
                     text(st.getColumn(4).getString())});
            break;
        }
        }
        return {};
    });
}

} // namespace crm::io
