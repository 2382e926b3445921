#include "figures.hpp"

#include "amounts.hpp"
#include "deal_rows.hpp"
#include "pipe/deals.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <limits>
#include <numeric>
#include <tuple>

namespace crm::figures {

using detail::from_seconds;
using detail::seconds;

std::optional<double> median(std::vector<double> values) {
    if (values.empty()) return std::nullopt;
    std::ranges::sort(values);
    auto n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

std::optional<double> mean(const std::vector<double>& values) {
    if (values.empty()) return std::nullopt;
    return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

std::optional<double> ratio(double a, double b) {
    if (b == 0) return std::nullopt;
    return a / b;
}

namespace {

using Key = std::tuple<std::string, std::string, std::string, std::string, int>;

// The status a deal had in `stage` before the change `kind` took it out of it.
std::string status_before(const std::string& kind, const std::string& pipeline,
                          const std::string& stage, const StageConfig& stages) {
    if (kind != "reopened") return "open";
    if (auto p = stages.pipeline(pipeline))
        if (const auto* s = (*p)->find(stage)) return std::string(to_string(s->kind));
    return "lost";
}

constexpr auto never = std::numeric_limits<std::int64_t>::max();

std::vector<SnapshotRow> collect(std::map<Key, SnapshotRow>& rows) {
    std::vector<SnapshotRow> out;
    for (auto& [key, row] : rows)
        if (row.deals != 0) out.push_back(std::move(row));
    return out;
}

} // namespace

std::vector<SnapshotRow> snapshot_at(Book& book, Timestamp at) {
    std::map<Key, SnapshotRow> rows;
    auto add = [&](const std::string& pipeline, const std::string& stage, const std::string& status,
                   const std::string& currency, int probability, std::int64_t deals,
                   std::int64_t value) {
        auto& row = rows[{pipeline, stage, status, currency, probability}];
        if (row.pipeline.empty()) {
            row = {pipeline, stage, status, currency, std::nullopt, 0, 0};
            if (probability >= 0) row.probability = probability;
        }
        row.deals += deals;
        detail::add_to(row.value, value);
    };
    SQLite::Statement totals(book.store.db(), "SELECT pipeline, stage, status, currency, "
                                              "probability, deals, value FROM deal_totals");
    while (totals.executeStep())
        add(totals.getColumn(0).getString(), totals.getColumn(1).getString(),
            totals.getColumn(2).getString(), totals.getColumn(3).getString(),
            totals.getColumn(4).getInt(), totals.getColumn(5).getInt64(),
            totals.getColumn(6).getInt64());
    // Nothing can have happened after now: the running totals are the book as it is.
    if (at > book.clock.now()) return collect(rows);
    // The first change since `at` of each deal changed since: the one that tells its stage and
    // status before, and the first value change, which tells its value before. One range read
    // of the events, then one lookup per changed deal.
    struct Change {
        std::optional<std::pair<std::string, std::string>> move; // kind, stage before
        std::optional<std::string> old_value;
        std::pair<std::int64_t, std::int64_t> move_at{never, 0}; // (at, id) of `move`
        std::pair<std::int64_t, std::int64_t> value_at{never, 0};
    };
    std::map<std::int64_t, Change> changes;
    SQLite::Statement events(book.store.db(),
                             "SELECT deal_id, kind, from_value, at, id FROM events WHERE kind IN "
                             "('created','stage','won','lost','reopened','value') AND at >= ? "
                             "AND deal_id IS NOT NULL");
    events.bind(1, seconds(at));
    while (events.executeStep()) {
        auto& c = changes[events.getColumn(0).getInt64()];
        auto kind = events.getColumn(1).getString();
        std::pair when{events.getColumn(3).getInt64(), events.getColumn(4).getInt64()};
        auto from = events.getColumn(2);
        if (kind == "value") {
            if (when < c.value_at) {
                c.value_at = when;
                c.old_value = from.isNull() ? std::nullopt : std::optional(from.getString());
            }
        } else if (when < c.move_at) {
            c.move_at = when;
            c.move = std::pair{kind, from.isNull() ? std::string() : from.getString()};
        }
    }
    auto& deal = book.store.statement(
        "SELECT pipeline, stage, status, currency, coalesce(probability, -1), value, created_at "
        "FROM deals WHERE id = ?");
    for (const auto& [id, c] : changes) {
        deal.reset();
        deal.bind(1, id);
        if (!deal.executeStep()) continue;
        auto pipeline = deal.getColumn(0).getString();
        auto stage = deal.getColumn(1).getString();
        auto status = deal.getColumn(2).getString();
        auto currency = deal.getColumn(3).getString();
        auto probability = deal.getColumn(4).getInt();
        auto value = deal.getColumn(5).getInt64();
        add(pipeline, stage, status, currency, probability, -1, -value);
        if (deal.getColumn(6).getInt64() >= seconds(at)) continue;
        if (c.move) {
            if (c.move->first == "created") continue;
            if (!c.move->second.empty()) stage = c.move->second;
            status = status_before(c.move->first, pipeline, stage, book.stages);
        }
        if (c.old_value) value = std::stoll(*c.old_value);
        add(pipeline, stage, status, currency, probability, 1, value);
    }
    return collect(rows);
}

std::int64_t weighted(const SnapshotRow& row, const StageConfig& stages) {
    int p = 0;
    if (row.probability) {
        p = *row.probability;
    } else if (auto pipeline = stages.pipeline(row.pipeline)) {
        if (const auto* s = (*pipeline)->find(row.stage)) p = s->probability;
    }
    return weighted_value(row.value, p);
}

std::vector<Close> closes_between(Book& book, Timestamp from, Timestamp to) {
    std::vector<Close> out;
    if (to <= from) return out;
    // `closes` is the events joined with their deals, kept by triggers (schema v3).
    SQLite::Statement st(
        book.store.db(),
        "SELECT deal_id, event_id, at, kind, reason, created_at, value, currency FROM closes "
        "WHERE at >= ? AND at < ? AND currency IS NOT NULL");
    st.bind(1, seconds(from));
    st.bind(2, seconds(to));
    while (st.executeStep())
        out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getInt64(),
                       from_seconds(st.getColumn(2).getInt64()), st.getColumn(3).getString(),
                       st.getColumn(4).getString(), from_seconds(st.getColumn(5).getInt64()),
                       st.getColumn(6).getInt64(), st.getColumn(7).getString()});
    std::ranges::sort(out, [](const Close& a, const Close& b) {
        return std::tie(a.deal_id, a.at, a.event_id) < std::tie(b.deal_id, b.at, b.event_id);
    });
    // A value changed after the close: the deal was worth the old value when it closed.
    SQLite::Statement values(book.store.db(),
                             "SELECT deal_id, at, id, from_value FROM events WHERE kind = 'value' "
                             "AND at >= ? ORDER BY at DESC, id DESC");
    values.bind(1, seconds(from));
    while (values.executeStep()) {
        auto deal = values.getColumn(0).getInt64();
        auto at = from_seconds(values.getColumn(1).getInt64());
        auto id = values.getColumn(2).getInt64();
        if (values.getColumn(3).isNull()) continue;
        auto old = std::stoll(values.getColumn(3).getString());
        auto it = std::ranges::lower_bound(out, deal, {}, &Close::deal_id);
        for (; it != out.end() && it->deal_id == deal; ++it)
            if (std::tie(it->at, it->event_id) < std::tie(at, id)) it->value = old;
    }
    return out;
}

std::vector<const Close*> closed_in(const std::vector<Close>& closes, Timestamp from,
                                    Timestamp to) {
    std::vector<const Close*> out;
    const Close* last = nullptr;
    auto flush = [&]() {
        if (last && last->kind != "reopened") out.push_back(last);
        last = nullptr;
    };
    for (const auto& c : closes) {
        if (last && last->deal_id != c.deal_id) flush();
        if (c.at >= from && c.at < to) last = &c;
    }
    flush();
    return out;
}

} // namespace crm::figures
