#include "lead_rows.hpp"

#include "deal_rows.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

namespace crm::detail {

namespace {

std::optional<int> optional_int(const SQLite::Column& c) {
    return c.isNull() ? std::nullopt : std::optional<int>(c.getInt());
}

std::optional<Date> optional_date(const SQLite::Column& c) {
    if (c.isNull()) return std::nullopt;
    auto parsed = parse_iso_date(c.getString());
    return parsed ? std::optional<Date>(*parsed) : std::nullopt;
}

void bind_int(SQLite::Statement& st, int i, const std::optional<int>& v) {
    if (v)
        st.bind(i, *v);
    else
        st.bind(i);
}

void bind_date(SQLite::Statement& st, int i, const std::optional<Date>& v) {
    if (v)
        st.bind(i, format_date(*v));
    else
        st.bind(i);
}

void bind_lead(SQLite::Statement& st, const Lead& l) {
    st.bind(1, l.name);
    st.bind(2, l.organization);
    st.bind(3, l.email);
    st.bind(4, l.phone);
    st.bind(5, l.source);
    st.bind(6, l.status);
    bind_int(st, 7, l.budget);
    bind_int(st, 8, l.authority);
    bind_int(st, 9, l.need);
    bind_int(st, 10, l.timeline);
    bind_date(st, 11, l.follow_up);
    bind_date(st, 12, l.nurture_until);
    st.bind(13, l.drop_reason);
    st.bind(14, l.notes);
    if (l.external_id.empty())
        st.bind(15);
    else
        st.bind(15, l.external_id);
    if (l.deal_id)
        st.bind(16, *l.deal_id);
    else
        st.bind(16);
    st.bind(17, seconds(l.created_at));
    st.bind(18, seconds(l.updated_at));
    st.bind(19, seconds(l.last_touch_at));
}

} // namespace

const std::string& lead_columns() {
    static const std::string columns =
        "leads.id, name, organization, email, phone, source, status, budget, authority, need, "
        "timeline, follow_up, nurture_until, drop_reason, notes, external_id, deal_id, "
        "created_at, updated_at, last_touch_at";
    return columns;
}

Lead read_lead_row(SQLite::Statement& st) {
    Lead l;
    l.id = st.getColumn(0).getInt64();
    l.name = st.getColumn(1).getString();
    l.organization = st.getColumn(2).getString();
    l.email = st.getColumn(3).getString();
    l.phone = st.getColumn(4).getString();
    l.source = st.getColumn(5).getString();
    l.status = st.getColumn(6).getString();
    l.budget = optional_int(st.getColumn(7));
    l.authority = optional_int(st.getColumn(8));
    l.need = optional_int(st.getColumn(9));
    l.timeline = optional_int(st.getColumn(10));
    l.follow_up = optional_date(st.getColumn(11));
    l.nurture_until = optional_date(st.getColumn(12));
    l.drop_reason = st.getColumn(13).getString();
    l.notes = st.getColumn(14).getString();
    l.external_id = st.getColumn(15).getString();
    if (!st.getColumn(16).isNull()) l.deal_id = st.getColumn(16).getInt64();
    l.created_at = from_seconds(st.getColumn(17).getInt64());
    l.updated_at = from_seconds(st.getColumn(18).getInt64());
    l.last_touch_at = from_seconds(st.getColumn(19).getInt64());
    return l;
}

Result<Lead> require_lead(Store& store, std::int64_t id) {
    auto& st = store.statement("SELECT " + lead_columns() + " FROM leads WHERE id = ?");
    st.bind(1, id);
    if (st.executeStep()) return read_lead_row(st);
    return fail(fmt::format("lead {} not found", id), "pipe lead list --status all");
}

std::int64_t insert_lead(Store& store, const Lead& lead, std::optional<std::int64_t> batch) {
    auto& st = store.statement(
        "INSERT INTO leads (name, organization, email, phone, source, status, budget, authority, "
        "need, "
        "timeline, follow_up, nurture_until, drop_reason, notes, external_id, deal_id, created_at, "
        "updated_at, last_touch_at, batch_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    bind_lead(st, lead);
    if (batch)
        st.bind(20, *batch);
    else
        st.bind(20);
    st.exec();
    return store.db().getLastInsertRowid();
}

void update_lead(Store& store, const Lead& lead) {
    auto& st = store.statement(
        "UPDATE leads SET name=?, organization=?, email=?, phone=?, source=?, status=?, budget=?, "
        "authority=?, need=?, timeline=?, follow_up=?, nurture_until=?, drop_reason=?, notes=?, "
        "external_id=?, deal_id=?, created_at=?, updated_at=?, last_touch_at=? WHERE id=?");
    bind_lead(st, lead);
    st.bind(20, lead.id);
    st.exec();
}

} // namespace crm::detail
