#include "render/lead_views.hpp"

#include "render/deal_views.hpp"
#include "render/records.hpp"
#include "render/table.hpp"
#include "render/task_views.hpp"
#include "render/visible.hpp"

#include <fmt/format.h>

namespace crm::render {

std::string bant_cell(const Lead& l) {
    if (!l.scored()) return "—";
    return fmt::format("B{} A{} N{} T{} = {} {}", l.budget.value_or(0), l.authority.value_or(0),
                       l.need.value_or(0), l.timeline.value_or(0), l.bant_total(),
                       bant_tier(l.bant_total()));
}

std::string lead_summary(const Lead& l) {
    std::string out = fmt::format("lead {} · {}", l.id, l.name);
    if (!l.organization.empty()) out += " · " + l.organization;
    return visible(out + " · " + l.status);
}

std::string lead_table(const std::vector<Lead>& leads, Date today, const Style& style,
                       std::size_t width) {
    Table table({{"ID", Align::right},
                 {"Name", Align::left, true},
                 {"Organization", Align::left, true},
                 {"Status", Align::left},
                 {"BANT", Align::left},
                 {"Source", Align::left, true},
                 {"Follow-up", Align::left}});
    for (const auto& l : leads) {
        std::string follow = "—";
        if (l.follow_up) {
            follow = format_date(*l.follow_up);
            if (*l.follow_up < today)
                follow = style.red(follow + " " + relative_due(*l.follow_up, today));
            else if (*l.follow_up == today)
                follow = style.yellow(follow + " today");
        }
        if (l.status == "nurturing" && l.nurture_until)
            follow = "back " + format_date(*l.nurture_until);
        std::string score =
            l.scored() ? fmt::format("{} {}", l.bant_total(), bant_tier(l.bant_total())) : "—";
        table.add_row({std::to_string(l.id), visible(l.name),
                       l.organization.empty() ? "—" : visible(l.organization), visible(l.status),
                       score, l.source.empty() ? "—" : visible(l.source), follow});
    }
    std::string out = leads.empty() ? "" : table.render(width);
    return out + style.dim(counted(static_cast<std::int64_t>(leads.size()), "lead")) + "\n";
}

std::string lead_details(const Lead& l, const std::vector<Event>& history,
                         const std::vector<Activity>& activities, Date today, const Style& style) {
    std::string out = fmt::format("{} · {}  {}\n", style.bold(fmt::format("Lead {}", l.id)),
                                  style.bold(visible(l.name)), visible(l.status));
    auto line = [&](std::string_view label, const std::string& value) {
        if (!value.empty())
            out += fmt::format("  {}{}\n", style.dim(fmt::format("{:<14}", label)), value);
    };
    line("Organization", visible(l.organization));
    line("Email", visible(l.email));
    line("Phone", visible(l.phone));
    line("Source", visible(l.source));
    line("BANT", l.scored() ? bant_cell(l) : "");
    if (l.follow_up)
        line("Follow-up",
             format_date(*l.follow_up) + " (" + relative_due(*l.follow_up, today) + ")");
    if (l.nurture_until) line("Nurture until", format_date(*l.nurture_until));
    line("Drop reason", visible(l.drop_reason));
    if (l.deal_id) line("Deal", std::to_string(*l.deal_id));
    line("External id", visible(l.external_id));
    line("Created", format_local_datetime(l.created_at));
    line("Notes", visible_lines(l.notes, 16));
    out += plans_section(activities, today, style);
    out += timeline(history, activities, "", style);
    return out;
}

} // namespace crm::render
