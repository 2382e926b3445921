#include "render/deal_views.hpp"

#include "render/records.hpp"
#include "render/table.hpp"
#include "render/task_views.hpp"
#include "render/visible.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace crm::render {

namespace {

std::string money_text(const DealList::Total& t) {
    auto out = visible(format_money_short(t.value, t.currency));
    if (t.weighted) out += " · weighted " + visible(format_money_short(t.weighted, t.currency));
    return out;
}

// `3 open deals · €16,600 · weighted €10,660`; for every status, one part per status:
// `12 deals: 8 open €X · weighted €Y, 3 won €Z, 1 lost €W`.
std::string summary_text(const DealList& list, const std::string& status) {
    auto count = list.total_count;
    std::string noun = status == "all" ? "" : status + " ";
    std::string out = static_cast<std::int64_t>(list.deals.size()) < count
                          ? fmt::format("showing {} of ", list.deals.size())
                          : "";
    out += fmt::format("{} {}{}", count, noun, count == 1 ? "deal" : "deals");
    if (status != "all") {
        for (const auto& t : list.totals) out += " · " + money_text(t);
        return out;
    }
    std::string parts;
    for (std::size_t i = 0; i < list.totals.size();) {
        const auto& first = list.totals[i];
        std::int64_t deals = 0;
        std::string money;
        for (; i < list.totals.size() && list.totals[i].status == first.status; ++i) {
            deals += list.totals[i].deals;
            money += (money.empty() ? "" : " · ") + money_text(list.totals[i]);
        }
        parts += fmt::format("{}{} {} {}", parts.empty() ? "" : ", ", deals, first.status, money);
    }
    return parts.empty() ? out : out + ": " + parts;
}

// The Close cell: when a closed deal closed, else its expected close (red once past).
std::string close_cell(const Deal& d, Date today, const Style& style) {
    if (d.status != DealStatus::open)
        return d.closed_at ? format_date(local_date(*d.closed_at)) : "—";
    if (!d.expected_close) return "—";
    auto close = format_date(*d.expected_close);
    return *d.expected_close < today ? style.red(close) : close;
}

std::string coloured_stage(const Deal& d, const Style& style) {
    auto stage = visible(d.stage);
    if (d.status == DealStatus::won) return style.green(stage);
    if (d.status == DealStatus::lost) return style.red(stage);
    return stage;
}

std::string coloured_next(const Deal& d, Date today, const Style& style) {
    auto cell = visible(next_step_cell(d, today));
    if (d.status != DealStatus::open) return style.dim(d.next_step.empty() ? "" : cell);
    if (d.next_step.empty()) return style.yellow(cell);
    if (d.next_step_due && *d.next_step_due < today) return style.red(cell);
    return cell;
}

// A labelled line of the details screen; `value` must already be visible text.
void line(std::string& out, std::string_view label, const std::string& value, const Style& style) {
    if (value.empty()) return;
    out += fmt::format("  {}{}\n", style.dim(fmt::format("{:<14}", label)), value);
}

// Where the values of `line` start, for the continuation lines of multi-line notes.
constexpr std::size_t value_column = 16;

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
    for (const auto& d : list.deals)
        table.add_row({std::to_string(d.id), visible(d.title),
                       d.organization.empty() ? "—" : visible(d.organization),
                       coloured_stage(d, style),
                       visible(format_money(d.value.minor, d.value.currency)),
                       close_cell(d, today, style), coloured_next(d, today, style)});
    (void)stages;
    std::string out = list.deals.empty() ? "" : table.render(width);
    return out + style.dim(summary_text(list, status)) + "\n";
}

std::string deal_summary(const Deal& d) {
    return visible(fmt::format("deal {} · {} · {} · {}", d.id, d.title, d.stage,
                               format_money(d.value.minor, d.value.currency)));
}

std::string timeline(const std::vector<Event>& history, const std::vector<Activity>& activities,
                     const std::string& currency, const Style& style) {
    if (history.empty() && activities.empty()) return {};
    std::vector<std::pair<Timestamp, std::string>> lines;
    for (const auto& e : history) lines.emplace_back(e.at, visible(describe_event(e, currency)));
    // Activity text may hold several lines: they continue under the first, after the time. A
    // plan shows when it was made, and again when it was done or cancelled.
    for (const auto& a : activities) {
        auto text = visible_lines(a.text, 20);
        if (a.planned_at) {
            std::string due = a.due ? " (due " + format_date(*a.due) +
                                          (a.time ? " " + format_time_of_day(*a.time) : "") + ")"
                                    : "";
            lines.emplace_back(*a.planned_at, style.dim("planned ") + style.bold(visible(a.kind)) +
                                                  ": " + text + due +
                                                  style.dim(fmt::format(" · task {}", a.id)));
        }
        if (a.state() == ActivityState::cancelled)
            lines.emplace_back(*a.cancelled_at,
                               style.dim("cancelled ") + visible(a.kind) + ": " + text);
        if (a.state() == ActivityState::done)
            lines.emplace_back(a.at,
                               style.bold(visible(a.kind)) + ": " + text +
                                   (a.outcome.empty() ? "" : " — " + visible_lines(a.outcome, 20)));
    }
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
                                  style.bold(visible(d.title)), status);
    line(out, "Organization", visible(d.organization), style);
    line(out, "Contact", visible(d.contact), style);
    line(out, "Email", visible(d.email), style);
    line(out, "Phone", visible(d.phone), style);
    std::string value = visible(format_money(d.value.minor, d.value.currency));
    if (d.status == DealStatus::open)
        value +=
            fmt::format(" · weighted {} ({}%{})",
                        visible(format_money(weighted_value(d.value.minor, p), d.value.currency)),
                        p, d.probability ? ", override" : "");
    line(out, "Value", value, style);
    auto days = days_between(d.stage_entered_at, now);
    line(out, "Stage",
         fmt::format("{} ({}) · since {} · {:.0f} day{}", visible(d.stage), visible(d.pipeline),
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
    line(out, "Lost reason", visible(d.lost_reason), style);
    if (d.status == DealStatus::open)
        line(out, "Next step", visible(next_step_cell(d, today)), style);
    line(out, "Source", visible(d.source), style);
    line(out, "Owner", visible(d.owner), style);
    std::string tags;
    for (const auto& t : d.tags) tags += (tags.empty() ? "" : ", ") + t;
    line(out, "Tags", visible(tags), style);
    line(out, "External id", visible(d.external_id), style);
    if (d.lead_id) line(out, "Lead", std::to_string(*d.lead_id), style);
    line(out, "Created", format_local_datetime(d.created_at), style);
    line(out, "Notes", visible_lines(d.notes, value_column), style);
    out += plans_section(activities, today, style);
    out += timeline(history, activities, d.value.currency, style);
    return out;
}

} // namespace crm::render
