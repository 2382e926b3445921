// The agenda's groups of planned activities: overdue, today (by time), the days ahead (with
// the lead follow-ups of those days), and what is due in the next minutes.

#include "agenda_plans.hpp"

#include "task_rows.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

namespace crm::detail {

namespace {

AgendaItem item_of(const Task& t) {
    const auto& a = t.activity;
    auto subject = a.subject();
    AgendaItem item;
    item.subject = std::string(to_string(subject.kind));
    item.id = subject.id;
    item.title = t.subject_title;
    item.detail = a.text;
    item.date = a.due;
    item.action = act("task", "done", a.id);
    item.task = a.id;
    item.kind = a.kind;
    item.time = a.time;
    item.duration = a.duration;
    return item;
}

AgendaGroup plans(Store& store, std::string key, std::string title, const std::string& where,
                  const std::vector<std::string>& binds, std::size_t limit) {
    AgendaGroup g{std::move(key), std::move(title), {}, 0};
    for (const auto& t : open_tasks(store, where, binds, static_cast<std::int64_t>(limit)))
        g.items.push_back(item_of(t));
    g.total = count_open_on_days(store, where, binds); // `where` is on a.due alone
    return g;
}

// Leads whose follow-up date falls in (from, to], soonest first.
std::vector<AgendaItem> follow_ups(Store& store, const std::string& from, const std::string& to,
                                   std::size_t limit, std::int64_t& total) {
    std::vector<AgendaItem> out;
    auto& rows = store.statement(
        "SELECT id, name, organization, follow_up FROM leads INDEXED BY leads_follow_up WHERE "
        "follow_up > ? AND follow_up <= ? AND status IN ('new', 'qualified') ORDER BY follow_up, "
        "id LIMIT ?");
    rows.bind(1, from);
    rows.bind(2, to);
    rows.bind(3, static_cast<std::int64_t>(limit));
    while (rows.executeStep()) {
        AgendaItem item;
        item.subject = "lead";
        item.id = rows.getColumn(0).getInt64();
        item.title = rows.getColumn(1).getString();
        auto org = rows.getColumn(2).getString();
        item.detail = org.empty() ? "follow up" : "follow up · " + org;
        if (auto d = parse_iso_date(rows.getColumn(3).getString())) item.date = *d;
        item.action = act("lead", "log", item.id).arg("call").arg("…");
        out.push_back(std::move(item));
    }
    auto& count = store.statement(
        "SELECT count(*) FROM leads INDEXED BY leads_follow_up WHERE follow_up > ? AND "
        "follow_up <= ? AND status IN ('new', 'qualified')");
    count.bind(1, from);
    count.bind(2, to);
    count.executeStep();
    total += count.getColumn(0).getInt64();
    return out;
}

} // namespace

std::vector<AgendaGroup> plan_groups(Book& book, Date today, int days, std::size_t limit) {
    auto& store = book.store;
    auto day = format_date(today);
    auto horizon = format_date(today + std::chrono::days{days});
    std::vector<AgendaGroup> out;
    out.push_back(plans(store, "overdue", "Overdue", "a.due < ?", {day}, limit));
    out.push_back(plans(store, "today", "Due today", "a.due = ?", {day}, limit));
    auto upcoming =
        plans(store, "upcoming", days == 1 ? "Tomorrow" : fmt::format("Next {} days", days),
              "a.due > ? AND a.due <= ?", {day, horizon}, limit);
    // Lead follow-ups of those days, merged in by date (plans first on a day).
    auto leads = follow_ups(store, day, horizon, limit, upcoming.total);
    std::vector<AgendaItem> merged;
    std::size_t i = 0, j = 0;
    while (merged.size() < limit && (i < upcoming.items.size() || j < leads.size())) {
        bool plan_first = j == leads.size() ||
                          (i < upcoming.items.size() && upcoming.items[i].date <= leads[j].date);
        merged.push_back(std::move(plan_first ? upcoming.items[i++] : leads[j++]));
    }
    upcoming.items = std::move(merged);
    out.push_back(std::move(upcoming));
    return out;
}

AgendaGroup due_now_group(Book& book, std::chrono::minutes window, std::size_t limit) {
    auto now = book.clock.now();
    auto today = local_date(now);
    auto from = local_time_of_day(now);
    auto to = from + window;
    AgendaGroup g{"due_now", fmt::format("Due in the next {}", format_duration(window)), {}, 0};
    auto add = [&](Date day, TimeOfDay start, TimeOfDay end) {
        std::vector<std::string> binds{format_date(day), format_time_of_day(start),
                                       format_time_of_day(end)};
        std::string where = "a.due = ? AND a.time >= ? AND a.time < ?";
        for (const auto& t : open_tasks(book.store, where, binds, static_cast<std::int64_t>(limit)))
            if (g.items.size() < limit) g.items.push_back(item_of(t));
        g.total += count_open(book.store, where, binds);
    };
    constexpr std::chrono::minutes day_length{24 * 60};
    add(today, from, std::min(to, day_length)); // "24:00" sorts after every time of the day

    if (to > day_length) add(today + std::chrono::days{1}, TimeOfDay{0}, to - day_length);
    return g;
}

} // namespace crm::detail
