// Importing stage history (`--type events`): rows of external id, stage and time are gathered
// in a temporary table, then each deal's stage timeline is rebuilt from them in time order.

#include "../deal_rows.hpp"
#include "../stage_exits.hpp"
#include "../text.hpp"
#include "import_rows.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

namespace crm::io::detail {

namespace {

enum E { external_id, stage, at, note };

struct Step {
    std::string kind;
    Timestamp at;
    std::optional<std::string> from;
    std::string to;
    std::string note;
};

bool is_stage_kind(const std::string& kind) {
    return kind == "created" || kind == "stage" || kind == "won" || kind == "lost" ||
           kind == "reopened";
}

class EventImporter final : public RowImporter {
  public:
    explicit EventImporter(ImportContext& ctx) : ctx_(ctx) {
        ctx_.book.store.db().exec("CREATE TEMP TABLE IF NOT EXISTS import_history (deal_id "
                                  "INTEGER, stage TEXT, at INTEGER, line INTEGER, note TEXT)");
        ctx_.book.store.db().exec("DELETE FROM temp.import_history");
    }

    Outcome import(RowView& row) override {
        auto ext = row.get(external_id);
        if (!ext) {
            row.error(external_id, "a history row needs the deal's external id");
            return Outcome::invalid;
        }
        auto deal = find(std::string(*ext));
        if (!deal) {
            row.error(external_id, "no deal has this external id (import the deals first)");
            return Outcome::invalid;
        }
        const Stage* s = nullptr;
        auto pipeline = ctx_.book.stages.pipeline(deal->pipeline);
        if (auto name = row.get(stage); !name) {
            row.error(stage, "a history row needs a stage");
        } else if (!pipeline) {
            row.error(stage, pipeline.error().what);
        } else if (!(s = (*pipeline)->find(mapped_stage(ctx_, *name)))) {
            row.error(stage, fmt::format("unknown stage in pipeline {} (stages: {}; or "
                                         "--stage-map '{}=STAGE')",
                                         (*pipeline)->name, (*pipeline)->names(),
                                         mapped_stage(ctx_, *name)));
        }
        std::optional<Timestamp> when;
        if (auto v = row.get(at); !v) {
            row.error(at, "a history row needs a time");
        } else if (auto t = ctx_.dates.instant(*v, row.source(at))) {
            when = *t;
        } else {
            row.error(at, t.error().what);
        }
        if (row.failed()) return Outcome::invalid;
        auto& st = ctx_.book.store.statement(
            "INSERT INTO temp.import_history (deal_id, stage, at, line, note) VALUES (?, ?, ?, ?, "
            "?)");
        st.bind(5, std::string(row.get(note).value_or("")));
        st.bind(1, deal->id);
        st.bind(2, s->name);
        st.bind(3, static_cast<std::int64_t>(when->time_since_epoch().count()));
        st.bind(4, row.line());
        st.exec();
        return Outcome::unchanged;
    }

    Result<void> finish(ImportReport& report) override {
        report.unchanged = 0;
        std::vector<std::int64_t> deals;
        {
            SQLite::Statement st(ctx_.book.store.db(),
                                 "SELECT DISTINCT deal_id FROM temp.import_history ORDER BY 1");
            while (st.executeStep()) deals.push_back(st.getColumn(0).getInt64());
        }
        for (auto id : deals) {
            if (rebuild(id))
                ++report.updated;
            else
                ++report.unchanged;
        }
        ctx_.book.store.db().exec("DELETE FROM temp.import_history");
        return {};
    }

  private:
    std::optional<Deal> find(const std::string& ext) {
        return find_deal_by_external_id(ctx_.book.store, ext);
    }

    std::vector<Step> timeline(Deal& deal, const Pipeline& p) {
        struct Row {
            std::string stage;
            Timestamp at;
            std::string note;
        };
        std::vector<Row> rows;
        SQLite::Statement st(ctx_.book.store.db(), "SELECT stage, at, note FROM "
                                                   "temp.import_history WHERE deal_id = ? ORDER "
                                                   "BY at, line");
        st.bind(1, deal.id);
        while (st.executeStep()) {
            auto name = st.getColumn(0).getString();
            if (rows.empty() || rows.back().stage != name)
                rows.push_back({name, Timestamp{std::chrono::seconds{st.getColumn(1).getInt64()}},
                                st.getColumn(2).getString()});
        }
        auto kind_of = [&](const std::string& name) { return p.find(name)->kind; };
        std::vector<Step> steps;
        auto start = std::min(deal.created_at, rows.front().at);
        std::string current = rows.front().stage;
        if (kind_of(current) != StageKind::open) {
            steps.push_back({"created", start, std::nullopt, p.first_open().name, ""});
            current = p.first_open().name;
        } else {
            steps.push_back({"created", start, std::nullopt, current, ""});
            rows.erase(rows.begin());
        }
        auto move = [&](const std::string& to, Timestamp when, const std::string& why) {
            bool closed = kind_of(current) != StageKind::open;
            auto k = kind_of(to);
            std::string kind = k == StageKind::won    ? "won"
                               : k == StageKind::lost ? "lost"
                               : closed               ? "reopened"
                                                      : "stage";
            steps.push_back({kind, std::max(when, steps.back().at), current, to, why});
            current = to;
        };
        for (const auto& r : rows) move(r.stage, r.at, r.note);
        if (current != deal.stage && p.find(deal.stage))
            move(deal.stage, deal.closed_at.value_or(steps.back().at), "");
        // The deal's own lost reason where the history gives none for its last loss.
        if (steps.back().kind == "lost" && steps.back().note.empty())
            steps.back().note = deal.lost_reason;
        if (deal.status != DealStatus::open && deal.closed_at && steps.size() > 1 &&
            steps.back().kind != "reopened" && steps.back().kind != "stage" &&
            *deal.closed_at >= steps[steps.size() - 2].at)
            steps.back().at = *deal.closed_at;
        return steps;
    }

    bool rebuild(std::int64_t id) {
        auto& store = ctx_.book.store;
        auto deal = *crm::detail::find_deal(store, id);
        auto pipeline = ctx_.book.stages.pipeline(deal.pipeline);
        if (!pipeline) return false;
        auto steps = timeline(deal, **pipeline);
        std::vector<Step> old;
        {
            SQLite::Statement st(store.db(), "SELECT kind, at, from_value, to_value, detail FROM "
                                             "events WHERE deal_id = ? ORDER BY at, id");
            st.bind(1, id);
            while (st.executeStep()) {
                auto kind = st.getColumn(0).getString();
                if (!is_stage_kind(kind)) continue;
                Step s{kind, Timestamp{std::chrono::seconds{st.getColumn(1).getInt64()}},
                       std::nullopt, st.getColumn(3).getString(),
                       kind == "created" ? std::string() : st.getColumn(4).getString()};
                if (!st.getColumn(2).isNull()) s.from = st.getColumn(2).getString();
                old.push_back(std::move(s));
            }
        }
        auto equal = [](const Step& a, const Step& b) {
            return a.kind == b.kind && a.at == b.at && a.from == b.from && a.to == b.to &&
                   a.note == b.note;
        };
        if (std::ranges::equal(old, steps, equal)) return false;
        auto& drop = store.statement("DELETE FROM events WHERE deal_id = ? AND kind IN "
                                     "('created','stage','won','lost','reopened')");
        drop.bind(1, id);
        drop.exec();
        for (const auto& s : steps) {
            auto e = crm::detail::deal_event(deal, s.at, s.kind, s.from, s.to,
                                             s.kind == "created" ? std::to_string(deal.value.minor)
                                                                 : s.note);
            append_event(store, e, ctx_.batch);
        }
        deal.created_at = steps.front().at;
        deal.stage_entered_at = steps.back().at;
        if (deal.status != DealStatus::open) deal.closed_at = steps.back().at;
        deal.last_touch_at = std::max(deal.last_touch_at, deal.stage_entered_at);
        crm::detail::update_deal(store, deal);
        crm::detail::refresh_stage_exits(store, id);
        return true;
    }

    ImportContext& ctx_;
};

} // namespace

std::unique_ptr<RowImporter> event_importer(ImportContext& ctx) {
    return std::make_unique<EventImporter>(ctx);
}

} // namespace crm::io::detail
