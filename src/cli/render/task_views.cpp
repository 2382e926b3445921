#include "render/task_views.hpp"

#include "render/records.hpp"
#include "render/table.hpp"
#include "render/visible.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace crm::render {

std::string when_text(const Activity& a, Date today) {
    if (!a.due) return "no date";
    auto days = (*a.due - today).count();
    std::string out = days == 0 ? "today" : days == 1 ? "tomorrow" : format_short_date(*a.due);
    if (days < -1 || days > 1) {
        auto year = std::chrono::year_month_day{*a.due}.year();
        if (year != std::chrono::year_month_day{today}.year())
            out += fmt::format(" {}", static_cast<int>(year));
    }
    if (a.time) out += " " + format_time_of_day(*a.time);
    if (a.duration) out += " (" + format_duration(*a.duration) + ")";
    return out;
}

std::string task_line(const Task& t, Date today) {
    const auto& a = t.activity;
    auto s = a.subject();
    return visible(fmt::format("{} {} on {} {} · {} · {}: {}", a.kind, a.id, to_string(s.kind),
                               s.id, t.subject_title, when_text(a, today), a.text));
}

std::string task_table(const TaskList& list, Date today, const Style& style, std::size_t width) {
    Table table({{"ID", Align::right},
                 {"Due", Align::left},
                 {"Kind", Align::left},
                 {"On", Align::left, true},
                 {"What", Align::left, true}});
    for (const auto& t : list.tasks) {
        const auto& a = t.activity;
        auto due = when_text(a, today);
        if (a.due && *a.due < today) due = style.red(due + " · " + relative_due(*a.due, today));
        auto s = a.subject();
        table.add_row({std::to_string(a.id), due, visible(a.kind),
                       visible(fmt::format("{} {} · {}", to_string(s.kind), s.id, t.subject_title)),
                       visible(a.text)});
    }
    std::string out = list.tasks.empty() ? "" : table.render(width);
    auto all = counted(list.total, "planned activity", "planned activities");
    if (static_cast<std::int64_t>(list.tasks.size()) < list.total)
        return out +
               style.dim(
                   fmt::format("showing {} of {} (--limit N, or --all)", list.tasks.size(), all)) +
               "\n";
    return out + style.dim(all) + "\n";
}

std::string task_details(const Task& t, Date today, const Style& style) {
    const auto& a = t.activity;
    auto s = a.subject();
    auto state = std::string(to_string(a.state()));
    if (a.state() == ActivityState::planned && a.due && *a.due < today)
        state = style.red("overdue");
    std::string out = fmt::format("{} · {}  {}\n", style.bold(fmt::format("Task {}", a.id)),
                                  style.bold(visible(a.kind)), state);
    auto line = [&](std::string_view label, const std::string& value) {
        if (!value.empty())
            out += fmt::format("  {}{}\n", style.dim(fmt::format("{:<14}", label)), value);
    };
    line("On", visible(fmt::format("{} {} · {}", to_string(s.kind), s.id, t.subject_title)));
    line("What", visible_lines(a.text, 16));
    if (a.planned_at) {
        auto due = when_text(a, today);
        if (a.due && a.state() == ActivityState::planned)
            due += " · " + relative_due(*a.due, today);
        line("Due", due);
        line("Planned", format_local_datetime(*a.planned_at));
    }
    if (a.snoozes) line("Snoozed", fmt::format("{}×", a.snoozes));
    if (a.done) line("Done", format_local_datetime(a.at));
    if (a.cancelled_at) line("Cancelled", format_local_datetime(*a.cancelled_at));
    line("Outcome", visible_lines(a.outcome, 16));
    return out;
}

std::string plans_section(const std::vector<Activity>& activities, Date today, const Style& style) {
    std::vector<const Activity*> open;
    for (const auto& a : activities)
        if (a.state() == ActivityState::planned) open.push_back(&a);
    if (open.empty()) return {};
    std::ranges::stable_sort(open, [](const Activity* x, const Activity* y) {
        auto key = [](const Activity* a) {
            return std::tuple(!a->due, a->due.value_or(Date{}), !a->time,
                              a->time.value_or(TimeOfDay{}), a->id);
        };
        return key(x) < key(y);
    });
    Table table(
        {{"", Align::right}, {"", Align::left}, {"", Align::left}, {"", Align::left, true}});
    for (const auto* a : open) {
        auto due = when_text(*a, today);
        if (a->due && *a->due < today) due = style.red(due + " · " + relative_due(*a->due, today));
        table.add_row(
            {style.dim(fmt::format("task {}", a->id)), due, visible(a->kind), visible(a->text)});
    }
    return "\n" + style.bold("Planned") + "\n" + table.render(1000);
}

nlohmann::ordered_json task_json(const Task& t) {
    auto j = activity_json(t.activity);
    auto s = t.activity.subject();
    j["subject"] = {
        {"kind", std::string(to_string(s.kind))}, {"id", s.id}, {"title", t.subject_title}};
    return j;
}

} // namespace crm::render
