#include "pipe/agenda.hpp"

#include "agenda_plans.hpp"
#include "deal_rows.hpp"
#include "open_counts.hpp"
#include "pipe/flow.hpp"
#include "scope.hpp"
#include "stage_cutoffs.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <functional>

namespace crm {

using detail::from_seconds;
using detail::seconds;

namespace {

struct Collector {
    Book& book;
    std::size_t limit;

    // Run `sql` (which selects id, title, detail, date) and its count (unless `counted` is
    // the count, taken otherwise); fill a group.
    AgendaGroup group(std::string key, std::string title, const std::string& select,
                      const std::string& count, const std::vector<std::string>& binds,
                      const std::function<void(AgendaItem&, SQLite::Statement&)>& finish,
                      std::optional<std::int64_t> counted = std::nullopt) {
        AgendaGroup g{std::move(key), std::move(title), {}, 0};
        auto& rows = book.store.statement(select + " LIMIT " + std::to_string(limit));
        for (std::size_t i = 0; i < binds.size(); ++i) rows.bind(static_cast<int>(i + 1), binds[i]);
        while (rows.executeStep()) {
            AgendaItem item;
            item.id = rows.getColumn(0).getInt64();
            item.title = rows.getColumn(1).getString();
            item.detail = rows.getColumn(2).getString();
            if (!rows.getColumn(3).isNull())
                if (auto d = parse_iso_date(rows.getColumn(3).getString())) item.date = *d;
            finish(item, rows);
            g.items.push_back(std::move(item));
        }
        if (counted) {
            g.total = *counted;
            return g;
        }
        auto& counter = book.store.statement(count);
        for (std::size_t i = 0; i < binds.size(); ++i)
            counter.bind(static_cast<int>(i + 1), binds[i]);
        counter.executeStep();
        g.total = counter.getColumn(0).getInt64();
        return g;
    }
};

std::string days_text(double days) {
    auto whole = static_cast<long>(std::floor(days));
    return fmt::format("{} day{}", whole, whole == 1 ? "" : "s");
}

// Rotting deals of every stage with a rot_days, the longest past their limit first.
AgendaGroup rotting_group(Book& book, std::size_t limit) {
    AgendaGroup g{"rotting", "Rotting (no touch for longer than the stage allows)", {}, 0};
    auto now = seconds(book.clock.now());
    std::vector<std::pair<std::int64_t, AgendaItem>> found;
    for (const auto& p : book.stages.pipelines)
        for (const auto& s : p.stages) {
            if (s.kind != StageKind::open || !s.rot_days) continue;
            std::int64_t cutoff = now - static_cast<std::int64_t>(*s.rot_days) * 86400;
            g.total +=
                detail::count_cutoff(book.store, p.name, s.name, detail::touch_cutoff, cutoff)
                    .before;
            auto& rows = book.store.statement(
                "SELECT id, title, last_touch_at FROM deals WHERE status = 'open' "
                "AND pipeline = ? AND stage = ? AND last_touch_at < ? "
                "ORDER BY last_touch_at LIMIT ?");
            rows.bind(1, p.name);
            rows.bind(2, s.name);
            rows.bind(3, cutoff);
            rows.bind(4, static_cast<std::int64_t>(limit));
            while (rows.executeStep()) {
                auto touched = rows.getColumn(2).getInt64();
                auto idle = days_between(from_seconds(touched), book.clock.now());
                auto id = rows.getColumn(0).getInt64();
                found.emplace_back(cutoff - touched,
                                   AgendaItem{"deal", id, rows.getColumn(1).getString(),
                                              fmt::format("{} · {}, limit {}", s.name,
                                                          days_text(idle), *s.rot_days),
                                              std::nullopt,
                                              act("deal", "log", id).arg("call").arg("…")});
            }
        }
    std::ranges::stable_sort(found, [](const auto& a, const auto& b) { return a.first > b.first; });
    for (auto& [past, item] : found)
        if (g.items.size() < limit) g.items.push_back(std::move(item));
    return g;
}

// Stuck deals (flow.hpp): counted per stage, and the longest in their stage (relative to its
// median) listed, without reading every stuck deal.
Result<AgendaGroup> stuck_group(Book& book, std::size_t limit) {
    AgendaGroup g{"stuck", "Stuck (in the stage over twice its usual time)", {}, 0};
    auto typical = PIPE_TRY(typical_stage_days(book));
    auto now = book.clock.now();
    std::vector<std::pair<double, AgendaItem>> found;
    for (const auto& [key, usual] : typical) {
        auto cutoff = seconds(stuck_cutoff(now, usual));
        g.total +=
            detail::count_cutoff(book.store, key.first, key.second, detail::entered_cutoff, cutoff)
                .before;
        auto& rows = book.store.statement(
            "SELECT id, title, stage_entered_at FROM deals WHERE status = 'open' AND pipeline = ? "
            "AND stage = ? AND stage_entered_at < ? ORDER BY stage_entered_at, id LIMIT ?");
        rows.bind(1, key.first);
        rows.bind(2, key.second);
        rows.bind(3, cutoff);
        rows.bind(4, static_cast<std::int64_t>(limit));
        while (rows.executeStep()) {
            auto id = rows.getColumn(0).getInt64();
            auto in_stage = days_between(from_seconds(rows.getColumn(2).getInt64()), now);
            found.emplace_back(usual > 0 ? in_stage / usual : in_stage,
                               AgendaItem{"deal", id, rows.getColumn(1).getString(),
                                          fmt::format("{} · {}, usually {:.1f}", key.second,
                                                      days_text(in_stage), usual),
                                          std::nullopt, act("deal", "move", id).arg("STAGE")});
        }
    }
    std::ranges::stable_sort(found, [](const auto& a, const auto& b) { return a.first > b.first; });
    for (auto& [ratio, item] : found)
        if (g.items.size() < limit) g.items.push_back(std::move(item));
    return g;
}

} // namespace

Result<Agenda> build_agenda(Book& book, int days, std::size_t limit, const DealFilter& deals) {
    return build_agenda(book, AgendaOptions{days, limit, false, std::chrono::minutes{15}, deals});
}

Result<Agenda> build_agenda(Book& book, const AgendaOptions& options) {
    auto days = options.days;
    auto limit = options.limit;
    auto scope = PIPE_TRY(detail::DealScope::open(book, options.deals));
    if (days < 0 || days > 366)
        return fail("--days must be between 0 and 366", "e.g. --days 14", 2);
    if (options.window < std::chrono::minutes{1} || options.window > std::chrono::hours{24})
        return fail("the window must be between 1 minute and 24 hours", "e.g. --window 15m", 2);
    Agenda agenda;
    agenda.today = book.today();
    agenda.days = days;
    auto today = format_date(agenda.today);
    Collector c{book, limit};
    if (options.due_now) {
        PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
            agenda.groups.push_back(detail::due_now_group(book, options.window, limit));
            return {};
        }));
        return agenda;
    }
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        for (auto& g : detail::plan_groups(book, agenda.today, days, limit))
            agenda.groups.push_back(std::move(g));
        agenda.groups.push_back(c.group(
            "follow_ups", "Lead follow-ups",
            "SELECT id, name, organization, follow_up FROM leads WHERE follow_up <= ? AND status "
            "IN ('new', "
            "'qualified') ORDER BY follow_up, id",
            "SELECT count(*) FROM leads WHERE follow_up <= ? AND status IN ('new', 'qualified')",
            {today}, [](AgendaItem& i, SQLite::Statement&) {
                i.subject = "lead";
                i.detail = i.detail.empty() ? "follow up" : "follow up · " + i.detail;
                i.action = act("lead", "log", i.id).arg("call").arg("…");
            }));
        agenda.groups.push_back(
            c.group("nurture_returns", "Back from nurture",
                    "SELECT id, name, drop_reason, nurture_until FROM leads WHERE status = "
                    "'nurturing' AND nurture_until <= ? "
                    "ORDER BY nurture_until, id",
                    "SELECT count(*) FROM leads WHERE status = 'nurturing' AND nurture_until <= ?",
                    {today}, [](AgendaItem& i, SQLite::Statement&) {
                        i.subject = "lead";
                        i.detail = "nurtured: " + i.detail;
                        i.action = act("lead", "edit", i.id).option("--status", "new");
                    }));
        agenda.groups.push_back(rotting_group(book, limit));
        agenda.groups.push_back(PIPE_TRY(stuck_group(book, limit)));
        agenda.groups.push_back(c.group(
            "no_next_step", "No next step",
            "SELECT id, title, stage, NULL FROM deals " + detail::indexed_by("deals_no_next_step") +
                " WHERE status = 'open' AND next_step = '' ORDER BY id",
            "SELECT count(*) FROM deals " + detail::indexed_by("deals_no_next_step") +
                " WHERE status = 'open' AND next_step = ''",
            {},
            [](AgendaItem& i, SQLite::Statement&) {
                i.subject = "deal";
                i.action = act("deal", "next", i.id).arg("…").option("--due", "…");
            },
            detail::open_without_next_step(book.store)));
        agenda.groups.push_back(c.group(
            "uncontacted_leads", "New leads not yet contacted",
            "SELECT id, name, organization, NULL FROM leads l WHERE status = 'new' AND "
            "(follow_up IS NULL OR follow_up <= ?1) AND NOT EXISTS (SELECT 1 FROM activities a "
            "WHERE a.lead_id = l.id AND a.cancelled_at IS NULL) ORDER BY id",
            "SELECT count(*) FROM leads l WHERE status = 'new' AND (follow_up IS NULL OR "
            "follow_up <= ?1) AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.lead_id = l.id "
            "AND a.cancelled_at IS NULL)",
            {today}, [](AgendaItem& i, SQLite::Statement&) {
                i.subject = "lead";
                i.action = act("lead", "log", i.id).arg("call").arg("…");
            }));
        return {};
    }));
    return agenda;
}

} // namespace crm
