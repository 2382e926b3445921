#include "render/party_views.hpp"

#include "render/command_line.hpp"
#include "render/records.hpp"
#include "render/table.hpp"
#include "render/visible.hpp"

#include <fmt/format.h>

namespace crm::render {

using nlohmann::ordered_json;

namespace {

std::string joined(const std::vector<std::string>& parts, std::string_view sep = ", ") {
    std::string out;
    for (const auto& p : parts)
        if (!p.empty()) out += (out.empty() ? "" : std::string(sep)) + p;
    return out;
}

void line(std::string& out, std::string_view label, const std::string& value, const Style& style) {
    if (value.empty()) return;
    out += fmt::format("  {}{}\n", style.dim(fmt::format("{:<14}", label)), value);
}

constexpr std::size_t value_column = 16;

std::string money_list(const ValueByCurrency& values) {
    std::vector<std::string> parts;
    for (const auto& [currency, minor] : values)
        if (minor != 0) parts.push_back(format_money(minor, currency));
    return joined(parts, " · ");
}

std::string close_text(const Deal& d) {
    if (d.status != DealStatus::open)
        return d.closed_at ? format_date(local_date(*d.closed_at)) : "—";
    return d.expected_close ? format_date(*d.expected_close) : "—";
}

std::string deals_block(const std::string& heading, const std::vector<DealLine>& lines,
                        bool with_role, Date today, const Style& style, std::size_t width) {
    if (lines.empty()) return {};
    std::vector<Column> columns{{"ID", Align::right},
                                {"Deal", Align::left, true},
                                {"Stage", Align::left},
                                {"Value", Align::right},
                                {"Weighted", Align::right},
                                {"Close", Align::left},
                                {"Next step", Align::left, true}};
    if (with_role) columns.insert(columns.begin() + 2, {"Role", Align::left});
    Table table(columns);
    for (const auto& l : lines) {
        const auto& d = l.deal;
        std::vector<std::string> row{
            std::to_string(d.id),
            visible(d.title),
            d.status == DealStatus::won    ? style.green(visible(d.stage))
            : d.status == DealStatus::lost ? style.red(visible(d.stage))
                                           : visible(d.stage),
            visible(format_money(d.value.minor, d.value.currency)),
            d.status == DealStatus::open ? visible(format_money(l.weighted, d.value.currency)) : "",
            close_text(d),
            d.status == DealStatus::open ? visible(next_step_cell(d, today)) : ""};
        if (with_role) row.insert(row.begin() + 2, visible(l.role));
        table.add_row(std::move(row));
    }
    return "\n" + style.bold(heading) + "\n" + table.render(width);
}

std::string entry_text(const TimelineEntry& e, const Style& style) {
    if (e.activity && !e.activity->done)
        return style.dim("planned ") + style.bold(visible(e.activity->kind)) + ": " +
               visible_lines(e.activity->text, 20) +
               (e.activity->due ? " (due " + format_date(*e.activity->due) + ")" : "");
    if (e.activity)
        return style.bold(visible(e.activity->kind)) + ": " + visible_lines(e.activity->text, 20);
    return visible(describe_event(*e.event, e.currency));
}

std::string timeline_block(const std::vector<TimelineEntry>& entries, std::int64_t total,
                           const Style& style, std::size_t width) {
    if (entries.empty()) return {};
    std::string heading = "Timeline";
    if (total > static_cast<std::int64_t>(entries.size()))
        heading += fmt::format(" (latest {} of {})", entries.size(), total);
    Table table({{"When", Align::left}, {"On", Align::left, true}, {"What", Align::left, true}});
    for (const auto& e : entries) {
        std::string on = e.subject == "organization"
                             ? "organization"
                             : e.subject + " " + std::to_string(e.subject_id);
        if (!e.subject_name.empty() && e.subject != "organization") on += " · " + e.subject_name;
        table.add_row({style.dim(format_local_datetime(e.at)), visible(on), entry_text(e, style)});
    }
    return "\n" + style.bold(heading) + "\n" + table.render(width);
}

ordered_json deal_line_json(const DealLine& l, const StageConfig& stages) {
    auto j = deal_json(l.deal, stages);
    if (!l.role.empty()) j["role"] = l.role;
    return j;
}

ordered_json money_json(const ValueByCurrency& values) {
    auto out = ordered_json::array();
    for (const auto& [currency, minor] : values)
        out.push_back({{"value", decimal(minor, currency)}, {"currency", currency}});
    return out;
}

ordered_json timeline_json(const std::vector<TimelineEntry>& entries) {
    auto out = ordered_json::array();
    for (const auto& e : entries) {
        ordered_json j;
        j["at"] = format_timestamp(e.at);
        j["subject"] = e.subject;
        j["subject_id"] = e.subject_id;
        j["subject_name"] = e.subject_name;
        if (e.activity) {
            j["type"] = "activity";
            j["activity"] = activity_json(*e.activity);
        } else {
            j["type"] = "event";
            j["event"] = event_json(*e.event, e.currency);
        }
        out.push_back(std::move(j));
    }
    return out;
}

} // namespace

std::string organization_summary(const Organization& org) {
    return visible(fmt::format("organization {} · {}", org.id, org.name));
}

std::string person_summary(const Person& p) {
    return visible(fmt::format("person {} · {}{}", p.id, p.name,
                               p.organization.empty() ? "" : " · " + p.organization));
}

std::string organization_table(const std::vector<OrganizationRow>& rows, const Style& style,
                               std::size_t width) {
    Table table({{"ID", Align::right},
                 {"Organization", Align::left, true},
                 {"People", Align::right},
                 {"Open", Align::right},
                 {"Deals", Align::right},
                 {"Domain", Align::left, true},
                 {"Tags", Align::left, true}});
    for (const auto& r : rows)
        table.add_row({std::to_string(r.org.id), visible(r.org.name), std::to_string(r.people),
                       std::to_string(r.open_deals), std::to_string(r.deals), visible(r.org.domain),
                       visible(joined(r.org.tags))});
    std::string out = rows.empty() ? "" : table.render(width);
    return out +
           style.dim(fmt::format("{} organization{}", rows.size(), rows.size() == 1 ? "" : "s")) +
           "\n";
}

std::string person_table(const std::vector<Person>& people, const Style& style, std::size_t width) {
    Table table({{"ID", Align::right},
                 {"Name", Align::left, true},
                 {"Organization", Align::left, true},
                 {"Title", Align::left, true},
                 {"Email", Align::left, true},
                 {"Phone", Align::left}});
    for (const auto& p : people)
        table.add_row({std::to_string(p.id), visible(p.name),
                       p.organization.empty() ? "—" : visible(p.organization), visible(p.title),
                       visible(p.emails.empty() ? "" : p.emails.front()),
                       visible(p.phones.empty() ? "" : p.phones.front())});
    std::string out = people.empty() ? "" : table.render(width);
    return out +
           style.dim(
               fmt::format("{} {}", people.size(), people.size() == 1 ? "person" : "people")) +
           "\n";
}

std::string organization_page_text(const OrganizationPage& page, const StageConfig& stages,
                                   Timestamp now, const Style& style, std::size_t width) {
    (void)stages;
    auto today = local_date(now);
    const auto& o = page.org;
    std::string out = fmt::format("{} · {}\n", style.bold(fmt::format("Organization {}", o.id)),
                                  style.bold(visible(o.name)));
    line(out, "Domain", visible(o.domain), style);
    line(out, "Phone", visible(o.phone), style);
    line(out, "Address", visible(o.address), style);
    line(out, "Tags", visible(joined(o.tags)), style);
    line(out, "External id", visible(o.external_id), style);
    line(out, "Open",
         page.open_deals.empty()
             ? std::string()
             : fmt::format("{} deal{} · {} · weighted {}", page.open_deals.size(),
                           page.open_deals.size() == 1 ? "" : "s",
                           visible(money_list(page.open_value)),
                           visible(money_list(page.weighted_value))),
         style);
    auto won = money_list(page.won_value);
    line(out, "Won (lifetime)",
         won.empty() ? std::string()
                     : fmt::format("{} · {} deal{}", style.green(visible(won)),
                                   page.won_deals.size(), page.won_deals.size() == 1 ? "" : "s"),
         style);
    if (!page.lost_deals.empty())
        line(out, "Lost",
             fmt::format("{} deal{}", page.lost_deals.size(),
                         page.lost_deals.size() == 1 ? "" : "s"),
             style);
    if (page.last_touch) line(out, "Last touch", format_local_datetime(*page.last_touch), style);
    line(out, "Created", format_local_datetime(o.created_at), style);
    line(out, "Notes", visible_lines(o.notes, value_column), style);
    if (!page.people.empty()) {
        Table people({{"ID", Align::right},
                      {"Name", Align::left, true},
                      {"Title", Align::left, true},
                      {"Email", Align::left, true},
                      {"Phone", Align::left}});
        for (const auto& p : page.people)
            people.add_row({std::to_string(p.id), visible(p.name), visible(p.title),
                            visible(p.emails.empty() ? "" : p.emails.front()),
                            visible(p.phones.empty() ? "" : p.phones.front())});
        out += "\n" + style.bold("People") + "\n" + people.render(width);
    }
    out += deals_block("Open deals", page.open_deals, false, today, style, width);
    out += deals_block("Won deals", page.won_deals, false, today, style, width);
    out += deals_block("Lost deals", page.lost_deals, false, today, style, width);
    if (!page.leads.empty()) {
        Table leads({{"ID", Align::right}, {"Lead", Align::left, true}, {"Status", Align::left}});
        for (const auto& l : page.leads)
            leads.add_row({std::to_string(l.id), visible(l.name), visible(l.status)});
        out += "\n" + style.bold("Leads") + "\n" + leads.render(width);
    }
    out += timeline_block(page.timeline, page.timeline_total, style, width);
    return out;
}

std::string person_page_text(const PersonPage& page, const StageConfig& stages, Timestamp now,
                             const Style& style, std::size_t width) {
    (void)stages;
    auto today = local_date(now);
    const auto& p = page.person;
    std::string out = fmt::format("{} · {}\n", style.bold(fmt::format("Person {}", p.id)),
                                  style.bold(visible(p.name)));
    if (p.organization_id)
        line(out, "Organization",
             visible(fmt::format("{} (organization {})", p.organization, *p.organization_id)),
             style);
    line(out, "Title", visible(p.title), style);
    line(out, "Email", visible(joined(p.emails)), style);
    line(out, "Phone", visible(joined(p.phones)), style);
    line(out, "Tags", visible(joined(p.tags)), style);
    line(out, "External id", visible(p.external_id), style);
    if (page.last_touch) line(out, "Last touch", format_local_datetime(*page.last_touch), style);
    line(out, "Created", format_local_datetime(p.created_at), style);
    line(out, "Notes", visible_lines(p.notes, value_column), style);
    out += deals_block("Deals", page.deals, true, today, style, width);
    if (!page.leads.empty()) {
        Table leads({{"ID", Align::right}, {"Lead", Align::left, true}, {"Status", Align::left}});
        for (const auto& l : page.leads)
            leads.add_row({std::to_string(l.id), visible(l.name), visible(l.status)});
        out += "\n" + style.bold("Leads") + "\n" + leads.render(width);
    }
    out += timeline_block(page.timeline, page.timeline_total, style, width);
    return out;
}

ordered_json organization_page_json(const OrganizationPage& page, const StageConfig& stages) {
    auto j = organization_json(page.org);
    j["people"] = ordered_json::array();
    for (const auto& p : page.people) j["people"].push_back(person_json(p));
    for (auto [key, lines] :
         {std::pair{"open_deals", &page.open_deals}, std::pair{"won_deals", &page.won_deals},
          std::pair{"lost_deals", &page.lost_deals}}) {
        j[key] = ordered_json::array();
        for (const auto& l : *lines) j[key].push_back(deal_line_json(l, stages));
    }
    j["leads"] = ordered_json::array();
    for (const auto& l : page.leads) j["leads"].push_back(lead_json(l));
    j["open_value"] = money_json(page.open_value);
    j["weighted_value"] = money_json(page.weighted_value);
    j["won_value"] = money_json(page.won_value);
    j["last_touch_at"] =
        page.last_touch ? ordered_json(format_timestamp(*page.last_touch)) : ordered_json(nullptr);
    j["timeline"] = timeline_json(page.timeline);
    j["timeline_total"] = page.timeline_total;
    return j;
}

ordered_json person_page_json(const PersonPage& page, const StageConfig& stages) {
    auto j = person_json(page.person);
    j["deals"] = ordered_json::array();
    for (const auto& l : page.deals) j["deals"].push_back(deal_line_json(l, stages));
    j["leads"] = ordered_json::array();
    for (const auto& l : page.leads) j["leads"].push_back(lead_json(l));
    j["last_touch_at"] =
        page.last_touch ? ordered_json(format_timestamp(*page.last_touch)) : ordered_json(nullptr);
    j["timeline"] = timeline_json(page.timeline);
    j["timeline_total"] = page.timeline_total;
    return j;
}

namespace {

// The snippet with the found words marked: bold on a terminal, else as they are.
std::string marked(const std::string& snippet, const Style& style, bool plain) {
    std::string out, part;
    bool inside = false;
    auto flush = [&] {
        auto shown = plain ? part : visible(part);
        out += inside && !plain ? style.bold(shown) : shown;
        part.clear();
    };
    for (char c : snippet) {
        if (c == '\x01' || c == '\x02') {
            flush();
            inside = c == '\x01';
            continue;
        }
        part += c == '\n' || c == '\r' || c == '\t' ? ' ' : c;
    }
    flush();
    return out;
}

} // namespace

std::string search_text(const SearchResult& result, const std::string& query, const Style& style,
                        std::size_t width) {
    if (result.hits.empty())
        return style.dim(visible(fmt::format("nothing matches \"{}\"", query))) + "\n";
    std::string out;
    for (const auto& h : result.hits) {
        auto noun = h.kind == "organization" ? std::string("org") : h.kind;
        out +=
            fmt::format("{}  {}", style.bold(fmt::format("{} {}", noun, h.id)), visible(h.title));
        if (!h.detail.empty()) out += "  " + style.dim(visible(h.detail));
        out += "\n";
        auto where = joined(h.fields);
        auto text = marked(h.snippet, style, false);
        auto shown = truncate(text, width > 30 ? width - 6 - display_width(where) : 200);
        out += fmt::format("    {}: {}\n", style.dim(visible(where)), shown);
        out += fmt::format("    {}\n", style.dim(visible(command_line(h.open))));
    }
    auto shown = static_cast<std::int64_t>(result.hits.size());
    std::string total = result.total >= search_count_cap
                            ? fmt::format("more than {}", search_count_cap)
                            : std::to_string(result.total);
    out +=
        style.dim(shown < result.total ? fmt::format("{} of {} matches", shown, total)
                                       : fmt::format("{} match{}", shown, shown == 1 ? "" : "es")) +
        "\n";
    return out;
}

ordered_json search_json(const SearchResult& result) {
    ordered_json j;
    j["total"] = result.total;
    j["hits"] = ordered_json::array();
    for (const auto& h : result.hits) {
        ordered_json hit;
        hit["kind"] = h.kind;
        hit["id"] = h.id;
        hit["title"] = h.title;
        hit["detail"] = h.detail.empty() ? ordered_json(nullptr) : ordered_json(h.detail);
        hit["fields"] = h.fields;
        hit["snippet"] = marked(h.snippet, Style(false), true);
        hit["command"] = command_line(h.open);
        j["hits"].push_back(std::move(hit));
    }
    return j;
}

std::string deal_people_text(const std::vector<DealPerson>& people) {
    if (people.empty()) return {};
    std::string out = "\nPeople on the deal\n";
    for (const auto& p : people)
        out += fmt::format("  {}{} · person {}\n", visible(p.name),
                           p.role.empty() ? "" : " (" + visible(p.role) + ")", p.person_id);
    return out;
}

ordered_json deal_people_json(const std::vector<DealPerson>& people) {
    auto out = ordered_json::array();
    for (const auto& p : people)
        out.push_back({{"person_id", p.person_id},
                       {"name", p.name},
                       {"role", p.role.empty() ? ordered_json(nullptr) : ordered_json(p.role)}});
    return out;
}

} // namespace crm::render
