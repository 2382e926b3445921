#include "pipe/history.hpp"

#include "change.hpp"
#include "pipe/store.hpp"
#include "stage_exits.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

namespace crm {

namespace {

void bind_optional(SQLite::Statement& st, int index, const std::optional<std::string>& value) {
    if (value)
        st.bind(index, *value);
    else
        st.bind(index);
}

std::vector<Event> read_events(SQLite::Statement& st) {
    std::vector<Event> events;
    while (st.executeStep()) {
        Event e;
        e.id = st.getColumn(0).getInt64();
        e.at = Timestamp{std::chrono::seconds{st.getColumn(1).getInt64()}};
        if (!st.getColumn(2).isNull()) e.deal_id = st.getColumn(2).getInt64();
        if (!st.getColumn(3).isNull()) e.lead_id = st.getColumn(3).getInt64();
        e.kind = st.getColumn(4).getString();
        if (!st.getColumn(5).isNull()) e.from = st.getColumn(5).getString();
        if (!st.getColumn(6).isNull()) e.to = st.getColumn(6).getString();
        e.detail = st.getColumn(7).getString();
        events.push_back(std::move(e));
    }
    return events;
}

constexpr auto event_columns = "id, at, deal_id, lead_id, kind, from_value, to_value, detail";

} // namespace

std::int64_t append_event(Store& store, const Event& event, std::int64_t batch_id) {
    auto id = detail::require_change(store).next_id("events");
    auto& st =
        store.statement("INSERT INTO events (at, deal_id, lead_id, kind, from_value, "
                        "to_value, detail, batch_id, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(9, id);
    st.bind(1, static_cast<std::int64_t>(event.at.time_since_epoch().count()));
    if (event.deal_id)
        st.bind(2, *event.deal_id);
    else
        st.bind(2);
    if (event.lead_id)
        st.bind(3, *event.lead_id);
    else
        st.bind(3);
    st.bind(4, event.kind);
    bind_optional(st, 5, event.from);
    bind_optional(st, 6, event.to);
    st.bind(7, event.detail);
    if (batch_id)
        st.bind(8, batch_id);
    else
        st.bind(8);
    st.exec();
    Event stored = event;
    stored.id = id;
    detail::record_stage_exit(store, stored);
    return stored.id;
}

std::vector<Event> deal_events(Store& store, std::int64_t deal_id) {
    auto& st = store.statement(std::string("SELECT ") + event_columns +
                               " FROM events WHERE deal_id = ? ORDER BY at, id");
    st.bind(1, deal_id);
    return read_events(st);
}

Result<std::vector<Event>> history_of(Store& store, bool deal, std::int64_t id) {
    std::vector<Event> out;
    PIPE_TRY_VOID(store.read([&]() -> Result<void> {
        out = deal ? deal_events(store, id) : lead_events(store, id);
        return {};
    }));
    return out;
}

std::vector<Event> lead_events(Store& store, std::int64_t lead_id) {
    auto& st = store.statement(std::string("SELECT ") + event_columns +
                               " FROM events WHERE lead_id = ? ORDER BY at, id");
    st.bind(1, lead_id);
    return read_events(st);
}

} // namespace crm
