#include "render/deal_views.hpp"

#include "render/records.hpp"
#include "render/table.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace crm::render {

namespace {

std::string totals_text(const DealList& list) {
    std::string out;
    for (const auto& t : list.totals) {
        out += " · " + format_money_short(t.value, t.currency);
        if (t.weighted) out += " · weighted " + format_money_short(t.weighted, t.currency);
    }
    return out;
}

std::string coloured_stage(const Deal& d, const Style& style) {
    if (d.status == DealStatus::won) return style.green(d.stage);
    if (d.status == DealStatus::lost) return style.red(d.stage);
    return d.stage;
}

std::string coloured_next(const Deal& d, Date today, const Style& style) {
    auto cell = next_step_cell(d, today);
    if (d.status != DealStatus::open) return style.dim(d.next_step.empty() ? "" : cell);
    if (d.next_step.empty()) return style.yellow(cell);
    if (d.next_step_due && *d.next_step_due < today) return style.red(cell);
    return cell;
}

void line(std::string& out, std::string_view label, const std::string& value, const Style& style) {
    if (value.empty()) return;
    out += fmt::format("  {}{}\n", style.dim(fmt::format("{:<14}", label)), value);
}

} // namespace

std::string deal_table(const DealList& list, const std::string& status, const StageConfig& stages,
                       Date today, const Style& style, std::size_t width) {
    Table table({{"ID", Align::right},
                 {"Deal", Align::left, true},
                 {"Organization", Align::left, true},
                 {"Stage", Align::left},
                 {"Value", Align::right},
                 {"Close", Align::left},
                 {"Next step", Align::left, true}});
    for (const auto& d : list.deals) {
        std::string close = d.expected_close ? format_date(*d.expected_close) : "—";
        if (d.status == DealStatus::open && d.expected_close && *d.expected_close < today)
            close = style.red(close);
        table.add_row({std::to_string(d.id), d.title, d.organization.empty() ? "—" : d.organization,
                       coloured_stage(d, style), format_money(d.value.minor, d.value.currency),
                       close, coloured_next(d, today, style)});
    }
    (void)stages;
    std::string noun = status == "all" ? "" : status + " ";
    std::string out = list.deals.empty() ? "" : table.render(width);
    auto count = list.total_count;
    std::string summary = static_cast<std::int64_t>(list.deals.size()) < count
                              ? fmt::format("showing {} of {} {}deal{}", list.deals.size(), count,
                                            noun, count == 1 ? "" : "s")
                              : fmt::format("{} {}deal{}", count, noun, count == 1 ? "" : "s");
    return out + style.dim(summary + totals_text(list)) + "\n";
}

std::string deal_summary(const Deal& d) {
    return fmt::format("deal {} · {} · {} · {}", d.id, d.title, d.stage,
                       format_money(d.value.minor, d.value.currency));
}

std::string timeline(const std::vector<Event>& history, const std::vector<Activity>& activities,
                     const std::string& currency, const Style& style) {
    if (history.empty() && activities.empty()) return {};
    std::vector<std::pair<Timestamp, std::string>> lines;
    for (const auto& e : history) lines.emplace_back(e.at, describe_event(e, currency));
    for (const auto& a : activities) lines.emplace_back(a.at, style.bold(a.kind) + ": " + a.text);
    std::ranges::stable_sort(lines, [](const auto& x, const auto& y) { return x.first < y.first; });
    std::string out = "\n" + style.bold("History") + "\n";
    for (const auto& [at, text] : lines)
        out += fmt::format("  {}  {}\n", style.dim(format_local_datetime(at)), text);
    return out;
}

std::string deal_details(const Deal& d, const std::vector<Event>& history,
                         const std::vector<Activity>& activities, const StageConfig& stages,
                         Timestamp now, const Style& style) {
    auto today = local_date(now);
    auto p = effective_probability(d, stages);
    std::string status = std::string(to_string(d.status));
    if (d.status == DealStatus::won) status = style.green(status);
    if (d.status == DealStatus::lost) status = style.red(status);
    std::string out = fmt::format("{} · {}  {}\n", style.bold(fmt::format("Deal {}", d.id)),
                                  style.bold(d.title), status);
    line(out, "Organization", d.organization, style);
    line(out, "Contact", d.contact, style);
    line(out, "Email", d.email, style);
    line(out, "Phone", d.phone, style);
    std::string value = format_money(d.value.minor, d.value.currency);
    if (d.status == DealStatus::open)
        value += fmt::format(" · weighted {} ({}%{})",
                             format_money(weighted_value(d.value.minor, p), d.value.currency), p,
                             d.probability ? ", override" : "");
    line(out, "Value", value, style);
    auto days = days_between(d.stage_entered_at, now);
    line(out, "Stage",
         fmt::format("{} ({}) · since {} · {:.0f} day{}", d.stage, d.pipeline,
                     format_date(local_date(d.stage_entered_at)), std::floor(days),
                     std::floor(days) == 1 ? "" : "s"),
         style);
    if (d.expected_close) {
        std::string close = format_date(*d.expected_close);
        if (d.status == DealStatus::open)
            close += " (" + relative_due(*d.expected_close, today) + ")";
        if (d.close_pushes) close += fmt::format(" · pushed {}×", d.close_pushes);
        line(out, "Close", close, style);
    }
    if (d.closed_at) line(out, "Closed", format_local_datetime(*d.closed_at), style);
    line(out, "Lost reason", d.lost_reason, style);
    if (d.status == DealStatus::open) line(out, "Next step", next_step_cell(d, today), style);
    line(out, "Source", d.source, style);
    std::string tags;
    for (const auto& t : d.tags) tags += (tags.empty() ? "" : ", ") + t;
    line(out, "Tags", tags, style);
    line(out, "External id", d.external_id, style);
    if (d.lead_id) line(out, "Lead", std::to_string(*d.lead_id), style);
    line(out, "Created", format_local_datetime(d.created_at), style);
    line(out, "Notes", d.notes, style);
    out += timeline(history, activities, d.value.currency, style);
    return out;
}

} // namespace crm::render
