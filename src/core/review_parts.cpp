#include "review_parts.hpp"

#include "amounts.hpp"
#include "deal_rows.hpp"
#include "open_counts.hpp"
#include "pipe/flow.hpp"
#include "scope.hpp"
#include "stage_cutoffs.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <set>

namespace crm::review_parts {

using detail::from_seconds;
using detail::seconds;
using std::chrono::days;

std::vector<FunnelStage> funnel(Book& book, const std::vector<figures::SnapshotRow>& snapshot,
                                const std::string& currency, Timestamp from, Timestamp to) {
    std::vector<FunnelStage> out;
    std::map<std::pair<std::string, std::string>, std::vector<double>> durations;
    std::map<std::pair<std::string, std::string>, std::int64_t> forward;
    auto& exits = book.store.statement("SELECT pipeline, stage, to_stage, left_at - entered_at "
                                       "FROM stage_exits WHERE left_at >= ? AND left_at < ?");
    exits.bind(1, seconds(from));
    exits.bind(2, seconds(to));
    while (exits.executeStep()) {
        auto pipeline = book.stages.pipeline(exits.getColumn(0).getString());
        if (!pipeline) continue;
        auto left = (*pipeline)->index_of(exits.getColumn(1).getString());
        auto next = (*pipeline)->index_of(exits.getColumn(2).getString());
        if (left < 0 || (*pipeline)->stages[static_cast<std::size_t>(left)].kind != StageKind::open)
            continue;
        std::pair key{(*pipeline)->name, (*pipeline)->stages[static_cast<std::size_t>(left)].name};
        durations[key].push_back(static_cast<double>(exits.getColumn(3).getInt64()) / 86400.0);
        if (next < 0) continue;
        const auto& target = (*pipeline)->stages[static_cast<std::size_t>(next)];
        if (target.kind == StageKind::won || (target.kind == StageKind::open && next > left))
            ++forward[key];
    }
    for (const auto& pipeline : book.stages.pipelines)
        for (const auto& stage : pipeline.stages) {
            if (stage.kind != StageKind::open) continue;
            FunnelStage f;
            f.pipeline = pipeline.name;
            f.stage = stage.name;
            f.probability = stage.probability;
            for (const auto& row : snapshot)
                if (row.status == "open" && row.currency == currency &&
                    row.pipeline == pipeline.name && row.stage == stage.name) {
                    f.deals += row.deals;
                    detail::add_to(f.value, row.value);
                    detail::add_to(f.weighted, figures::weighted(row, book.stages));
                }
            std::pair key{pipeline.name, stage.name};
            const auto& d = durations[key];
            f.exits = static_cast<std::int64_t>(d.size());
            f.forward = forward[key];
            f.conversion =
                figures::ratio(static_cast<double>(f.forward), static_cast<double>(f.exits));
            f.mean_days = figures::mean(d);
            f.median_days = figures::median(d);
            out.push_back(std::move(f));
        }
    return out;
}

std::int64_t other_currency_deals(Book& book, const std::string& currency) {
    auto& st = book.store.statement(
        "SELECT coalesce(sum(deals), 0) FROM deal_totals WHERE status = 'open' AND currency <> ?");
    st.bind(1, currency);
    st.executeStep();
    return st.getColumn(0).getInt64();
}

namespace {

const std::vector<std::string> flag_keys{"no_next_step", "next_step_overdue", "close_date_passed",
                                         "close_pushed", "no_activity",       "rotting",
                                         "stuck"};

constexpr int quiet_days = 14;

struct Candidates {
    Book& book;
    std::size_t limit;
    std::set<std::int64_t> ids;
    std::map<std::string, std::int64_t> counts;

    // `index`: an INDEXED BY clause naming the partial index of just the flagged deals, where
    // the planner would otherwise pick one that makes it read every open deal.
    // `counted`: the count when it was taken otherwise (from the smaller side of a cutoff).
    void add(const std::string& key, const std::string& where, const std::string& order,
             const std::vector<std::int64_t>& ints, const std::vector<std::string>& texts = {},
             const std::string& index = "", std::optional<std::int64_t> counted = std::nullopt) {
        auto bind = [&](SQLite::Statement& st) {
            int i = 1;
            for (const auto& t : texts) st.bind(i++, t);
            for (auto v : ints) st.bind(i++, v);
        };
        if (counted) {
            counts[key] += *counted;
        } else {
            auto& count = book.store.statement("SELECT count(*) FROM deals " + index +
                                               " WHERE status = 'open' AND " + where);
            bind(count);
            count.executeStep();
            counts[key] += count.getColumn(0).getInt64();
        }
        auto& rows =
            book.store.statement("SELECT id FROM deals " + index + " WHERE status = 'open' AND " +
                                 where + " ORDER BY " + order + " LIMIT " + std::to_string(limit));
        bind(rows);
        while (rows.executeStep()) ids.insert(rows.getColumn(0).getInt64());
    }
};

std::optional<int> rot_days_of(Book& book, const std::string& pipeline, const std::string& stage) {
    auto p = book.stages.pipeline(pipeline);
    if (!p) return std::nullopt;
    const auto* s = (*p)->find(stage);
    return s ? s->rot_days : std::nullopt;
}

/// The instant before which a deal entered its stage to be stuck, per (pipeline, stage).
using StuckCutoffs = std::map<std::pair<std::string, std::string>, std::int64_t>;

HygieneItem flag_deal(Book& book, const Deal& deal, const StuckCutoffs& stuck) {
    auto today = book.today();
    auto now = book.clock.now();
    auto id = deal.id;
    HygieneItem item{id, deal.title, {}};
    auto flag = [&](const char* key, std::string text, Action action) {
        item.flags.push_back({key, std::move(text), std::move(action)});
    };
    if (deal.next_step.empty())
        flag("no_next_step", "no next step", act("deal", "next", id).arg("…").option("--due", "…"));
    else if (deal.next_step_due && *deal.next_step_due < today)
        flag("next_step_overdue",
             fmt::format("next step overdue {}d", (today - *deal.next_step_due).count()),
             act("deal", "next", id).option("--done"));
    if (deal.expected_close && *deal.expected_close < today)
        flag("close_date_passed",
             fmt::format("close date passed ({})", format_date(*deal.expected_close)),
             act("deal", "edit", id).option("--close", "…"));
    if (deal.close_pushes >= 3)
        flag("close_pushed", fmt::format("close date moved {} times", deal.close_pushes),
             act("deal", "edit", id).option("--prob", "…"));
    auto idle = days_between(deal.last_touch_at, now);
    if (idle > quiet_days)
        flag("no_activity", fmt::format("no activity {} days", static_cast<long>(std::floor(idle))),
             act("deal", "log", id).arg("call").arg("…"));
    auto days = [](double d) {
        auto whole = static_cast<long>(std::floor(d));
        return fmt::format("{} {}", whole, whole == 1 ? "day" : "days");
    };
    if (auto rot = rot_days_of(book, deal.pipeline, deal.stage); rot && idle > *rot)
        flag("rotting", fmt::format("rotting ({}, limit {})", days(idle), *rot),
             act("deal", "log", id).arg("call").arg("…"));
    auto cutoff = stuck.find({deal.pipeline, deal.stage});
    if (deal.status == DealStatus::open && cutoff != stuck.end() &&
        seconds(deal.stage_entered_at) < cutoff->second)
        flag("stuck",
             fmt::format("stuck in {} {}", deal.stage,
                         days(days_between(deal.stage_entered_at, now))),
             act("deal", "move", id).arg("STAGE"));
    return item;
}

} // namespace

Result<Hygiene> hygiene(Book& book, std::size_t limit) {
    auto today = format_date(book.today());
    auto now = seconds(book.clock.now());
    // Stuck deals (flow.hpp): counted per stage from the smaller side of its cutoff, the
    // first `limit` by id read, never all of them.
    StuckCutoffs stuck;
    for (const auto& [key, median_days] : PIPE_TRY(typical_stage_days(book)))
        stuck[key] = seconds(stuck_cutoff(book.clock.now(), median_days));
    Candidates c{book, limit, {}, {}};
    c.add("no_next_step", "next_step = ''", "id", {}, {}, detail::indexed_by("deals_no_next_step"),
          detail::open_without_next_step(book.store));
    c.add("next_step_overdue", "next_step <> '' AND next_step_due < ?", "next_step_due, id", {},
          {today}, detail::indexed_by("deals_open_due"));
    c.add("close_date_passed", "expected_close < ?", "expected_close, id", {}, {today}, "",
          detail::open_past_close(book.store, today));
    c.add("close_pushed", "close_pushes >= 3", "close_pushes DESC, id", {}, {},
          detail::indexed_by("deals_close_pushed"));
    for (const auto& p : book.stages.pipelines)
        for (const auto& s : p.stages) {
            if (s.kind != StageKind::open) continue;
            // Counted from the smaller side of each cutoff (stage_cutoffs.hpp): on a big book
            // most open deals are quiet, and counting them read every one.
            auto touched_before = [&](std::int64_t cutoff) {
                return detail::count_cutoff(book.store, p.name, s.name, detail::touch_cutoff,
                                            cutoff)
                    .before;
            };
            auto quiet = now - quiet_days * 86400;
            c.add("no_activity", "pipeline = ? AND stage = ? AND last_touch_at < ?",
                  "last_touch_at, id", {quiet}, {p.name, s.name}, "", touched_before(quiet));
            if (s.rot_days) {
                auto rot = now - static_cast<std::int64_t>(*s.rot_days) * 86400;
                c.add("rotting", "pipeline = ? AND stage = ? AND last_touch_at < ?",
                      "last_touch_at, id", {rot}, {p.name, s.name}, "", touched_before(rot));
            }
        }
    std::string any = "0";
    std::vector<std::string> stuck_binds;
    for (const auto& [key, cutoff] : stuck) {
        c.counts["stuck"] +=
            detail::count_cutoff(book.store, key.first, key.second, detail::entered_cutoff, cutoff)
                .before;
        any += " OR (pipeline = ? AND stage = ? AND stage_entered_at < ?)";
        stuck_binds.insert(stuck_binds.end(), {key.first, key.second, std::to_string(cutoff)});
    }
    SQLite::Statement first_stuck(book.store.db(),
                                  "SELECT id FROM deals WHERE status = 'open' AND (" + any +
                                      ") ORDER BY id LIMIT " + std::to_string(limit));
    for (std::size_t i = 0; i < stuck_binds.size(); ++i)
        first_stuck.bind(static_cast<int>(i + 1), stuck_binds[i]);
    while (first_stuck.executeStep()) c.ids.insert(first_stuck.getColumn(0).getInt64());
    Hygiene h;
    for (auto id : c.ids) {
        auto deal = detail::find_deal(book.store, id);
        if (!deal) continue;
        auto item = flag_deal(book, *deal, stuck);
        if (!item.flags.empty()) h.items.push_back(std::move(item));
    }
    std::ranges::stable_sort(h.items, [](const HygieneItem& a, const HygieneItem& b) {
        return a.flags.size() > b.flags.size();
    });
    if (h.items.size() > limit) h.items.resize(limit);
    for (const auto& key : flag_keys) h.counts.push_back({key, c.counts[key]});
    return h;
}

std::optional<GoalCoverage> goal(Book& book, Date today) {
    if (!book.stages.monthly_goal) return std::nullopt;
    std::chrono::year_month_day ymd{today};
    Date first = std::chrono::sys_days{ymd.year() / ymd.month() / 1};
    Date last = std::chrono::sys_days{ymd.year() / ymd.month() / std::chrono::last};
    GoalCoverage g{first, *book.stages.monthly_goal, 0, 0, std::nullopt};
    auto& won = book.store.statement("SELECT coalesce(sum(value), 0) FROM deals " +
                                     detail::indexed_by("deals_closed_at") +
                                     " WHERE status = "
                                     "'won' AND currency = ? "
                                     "AND closed_at >= ? AND closed_at < ?");
    won.bind(1, book.stages.currency);
    won.bind(2, seconds(local_midnight(first)));
    won.bind(3, seconds(local_midnight(last + days{1})));
    won.executeStep();
    g.won = won.getColumn(0).getInt64();
    auto& open = book.store.statement(
        "SELECT coalesce(sum(value), 0) FROM deals WHERE status = 'open' AND currency = ? "
        "AND expected_close >= ? AND expected_close <= ?");
    open.bind(1, book.stages.currency);
    open.bind(2, format_date(today));
    open.bind(3, format_date(last));
    open.executeStep();
    g.open_value = open.getColumn(0).getInt64();
    if (g.goal > g.won)
        g.coverage = static_cast<double>(g.open_value) / static_cast<double>(g.goal - g.won);
    return g;
}

} // namespace crm::review_parts
