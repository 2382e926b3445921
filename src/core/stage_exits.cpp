#include "stage_exits.hpp"

#include "pipe/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>

namespace crm::detail {

namespace {

bool enters(const std::string& kind) {
    return kind == "created" || kind == "stage" || kind == "won" || kind == "lost" ||
           kind == "reopened";
}

bool leaves(const Event& e) {
    return (e.kind == "stage" || e.kind == "won" || e.kind == "lost") && e.from.has_value();
}

std::int64_t secs(Timestamp t) {
    return t.time_since_epoch().count();
}

} // namespace

std::vector<StageExit> exits_of(std::int64_t deal_id, const std::string& pipeline,
                                std::vector<Event> events) {
    std::erase_if(events, [](const Event& e) { return !enters(e.kind); });
    std::ranges::sort(events, [](const Event& a, const Event& b) {
        return std::pair(a.at, a.id) < std::pair(b.at, b.id);
    });
    std::vector<StageExit> out;
    for (std::size_t i = 1; i < events.size(); ++i) {
        const auto& e = events[i];
        const auto& before = events[i - 1];
        if (leaves(e) && before.to == e.from)
            out.push_back(
                {deal_id, pipeline, *e.from, e.to.value_or(""), secs(before.at), secs(e.at)});
    }
    return out;
}

void insert_stage_exits(Store& store, const std::vector<StageExit>& exits) {
    auto& st = store.statement("INSERT INTO stage_exits (deal_id, pipeline, stage, to_stage, "
                               "entered_at, left_at) VALUES (?, ?, ?, ?, ?, ?)");
    for (const auto& x : exits) {
        st.reset();
        st.bind(1, x.deal_id);
        st.bind(2, x.pipeline);
        st.bind(3, x.stage);
        st.bind(4, x.to_stage);
        st.bind(5, x.entered_at);
        st.bind(6, x.left_at);
        st.exec();
    }
}

void refresh_stage_exits(Store& store, std::int64_t deal_id) {
    auto& pipeline = store.statement("SELECT pipeline FROM deals WHERE id = ?");
    pipeline.bind(1, deal_id);
    std::string name = pipeline.executeStep() ? pipeline.getColumn(0).getString() : "";
    pipeline.reset();
    auto& drop = store.statement("DELETE FROM stage_exits WHERE deal_id = ?");
    drop.bind(1, deal_id);
    drop.exec();
    if (name.empty()) return;
    insert_stage_exits(store, exits_of(deal_id, name, deal_events(store, deal_id)));
}

void record_stage_exit(Store& store, const Event& e) {
    if (!e.deal_id || !enters(e.kind)) return;
    auto& later = store.statement(
        "SELECT 1 FROM events WHERE deal_id = ?1 AND kind IN ('created', 'stage', 'won', 'lost', "
        "'reopened') AND (at > ?2 OR (at = ?2 AND id > ?3)) LIMIT 1");
    later.bind(1, *e.deal_id);
    later.bind(2, secs(e.at));
    later.bind(3, e.id);
    bool backdated = later.executeStep();
    later.reset();
    if (backdated) return refresh_stage_exits(store, *e.deal_id);
    if (!leaves(e)) return;
    auto& before = store.statement(
        "SELECT e.at, e.to_value, d.pipeline FROM events e JOIN deals d ON d.id = e.deal_id "
        "WHERE e.deal_id = ?1 AND e.id <> ?3 AND e.kind IN ('created', 'stage', 'won', 'lost', "
        "'reopened') AND (e.at < ?2 OR (e.at = ?2 AND e.id < ?3)) ORDER BY e.at DESC, e.id DESC "
        "LIMIT 1");
    before.bind(1, *e.deal_id);
    before.bind(2, secs(e.at));
    before.bind(3, e.id);
    if (!before.executeStep()) return;
    if (before.getColumn(1).isNull() || before.getColumn(1).getString() != *e.from) return;
    StageExit x{*e.deal_id,        before.getColumn(2).getString(), *e.from,
                e.to.value_or(""), before.getColumn(0).getInt64(),  secs(e.at)};
    before.reset();
    insert_stage_exits(store, {x});
}

} // namespace crm::detail
