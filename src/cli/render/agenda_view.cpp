#include "render/agenda_view.hpp"

#include "render/command_line.hpp"
#include "render/records.hpp"
#include "render/table.hpp"
#include "render/visible.hpp"

#include <fmt/format.h>

namespace crm::render {

namespace {

std::string item_detail(const AgendaItem& item, Date today) {
    std::string detail = item.detail;
    if (item.date) {
        auto when = format_short_date(*item.date);
        auto rel = relative_due(*item.date, today);
        detail += detail.empty() ? "" : " ";
        detail += rel == "today" ? "(today)" : fmt::format("(due {}, {})", when, rel);
    }
    return detail;
}

bool warn_group(const std::string& key) {
    return key == "overdue" || key == "rotting" || key == "stuck";
}

} // namespace

std::string agenda_text(const Agenda& agenda, const Style& style, std::size_t width) {
    std::string out = style.bold(format_long_date(agenda.today)) + "\n";
    bool any = false;
    for (const auto& group : agenda.groups) {
        if (group.items.empty()) continue;
        any = true;
        auto heading = group.title;
        heading = visible(heading);
        if (group.total > static_cast<std::int64_t>(group.items.size()))
            heading += style.dim(fmt::format(" ({} of {})", group.items.size(), group.total));
        out += "\n" + (warn_group(group.key) ? style.yellow(heading) : style.bold(heading)) + "\n";
        Table table({{"", Align::left},
                     {"", Align::left, true},
                     {"", Align::left, true},
                     {"", Align::left}});
        for (const auto& item : group.items) {
            auto detail = visible(item_detail(item, agenda.today));
            if (group.key == "overdue") detail = style.red(detail);
            table.add_row({visible(fmt::format("{} {}", item.subject, item.id)),
                           visible(item.title), detail,
                           style.dim(visible(command_line(item.action)))});
        }
        out += table.render(width);
    }
    if (!any) out += "\nNothing due. Add a next step: pipe deal next ID \"…\" --due …\n";
    return out;
}

std::string agenda_markdown(const Agenda& agenda) {
    std::string out = fmt::format("# Agenda · {}\n", format_long_date(agenda.today));
    for (const auto& group : agenda.groups) {
        if (group.items.empty()) continue;
        out += fmt::format("\n## {}", markdown_text(group.title));
        if (group.total > static_cast<std::int64_t>(group.items.size()))
            out += fmt::format(" ({} of {})", group.items.size(), group.total);
        out += "\n\n";
        for (const auto& item : group.items) {
            auto detail = item_detail(item, agenda.today);
            out += fmt::format("- **{} {}** {}{} — {}\n", markdown_text(item.subject), item.id,
                               markdown_text(item.title),
                               detail.empty() ? "" : " · " + markdown_text(detail),
                               markdown_code(command_line(item.action)));
        }
    }
    return out;
}

nlohmann::ordered_json agenda_json(const Agenda& agenda) {
    nlohmann::ordered_json j;
    j["date"] = format_date(agenda.today);
    j["days"] = agenda.days;
    j["groups"] = nlohmann::ordered_json::array();
    for (const auto& group : agenda.groups) {
        nlohmann::ordered_json g{
            {"key", group.key}, {"title", group.title}, {"total", group.total}};
        g["items"] = nlohmann::ordered_json::array();
        for (const auto& item : group.items)
            g["items"].push_back(
                {{"subject", item.subject},
                 {"id", item.id},
                 {"title", item.title},
                 {"detail", item.detail},
                 {"date", item.date ? nlohmann::ordered_json(format_date(*item.date)) : nullptr},
                 {"command", command_line(item.action)}});
        j["groups"].push_back(g);
    }
    return j;
}

} // namespace crm::render
