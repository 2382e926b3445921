#include "render/review_view.hpp"

#include "render/command_line.hpp"
#include "render/figures_format.hpp"
#include "render/records.hpp"
#include "render/table.hpp"
#include "render/visible.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace crm::render {

namespace {

using nlohmann::ordered_json;

std::string title(const Review& r) {
    std::string out = "Pipeline review · ";
    if (r.kind == "week")
        out += fmt::format("week {} ({}) vs week {}", *r.week,
                           day_range(r.current.first, r.current.last), *r.previous_week);
    else
        out += fmt::format("{} vs {}", day_range(r.current.first, r.current.last),
                           day_range(r.previous.first, r.previous.last));
    if (r.as_of) out += fmt::format(" · as of {}", format_date(r.today));
    return out;
}

std::string deals_count(std::int64_t n) {
    return counted(n, "deal");
}

std::string win_rate(const PeriodFigures& f) {
    if (!f.win_rate) return "—";
    return fmt::format("{}  (by value {})", percent(f.win_rate), percent(f.win_rate_value));
}

std::string cycle(const PeriodFigures& f) {
    if (!f.cycle_mean_days) return "—";
    auto mean = days_text(f.cycle_mean_days);
    return fmt::format("{} {} (median {})", mean, mean == "1" ? "day" : "days",
                       days_text(f.cycle_median_days));
}

std::string velocity(const PeriodFigures& f, const std::string& currency) {
    if (!f.velocity) return "—";
    return format_money_short(std::llround(*f.velocity), currency) + " / day";
}

std::string velocity_change(const Review& r, const Style& style) {
    if (!r.current.velocity || !r.previous.velocity) return "—";
    return money_change(std::llround(*r.current.velocity), std::llround(*r.previous.velocity),
                        r.currency, style);
}

std::string open_line(const Review& r) {
    const auto& c = r.current;
    auto out = fmt::format("{} · {} · weighted {}", deals_count(c.open_deals),
                           money(c.open_value, r.currency), money(c.weighted, r.currency));
    if (r.goal)
        out += fmt::format(" · coverage of {} goal {}", month_name(r.goal->month),
                           r.goal->coverage ? fmt::format("{:.1f}x", *r.goal->coverage)
                                            : std::string("— (goal met)"));
    return out;
}

std::string reasons_text(const PeriodFigures& f) {
    if (f.lost_reasons.empty()) return "—";
    std::string out;
    for (const auto& r : f.lost_reasons)
        out += (out.empty() ? "" : " · ") + fmt::format("{} {}", visible(r.reason), r.deals);
    return out;
}

std::string activity_text(const ActivityFigures& a) {
    return fmt::format("{} · {} · {} · {} · lead response {} · meeting rate {}",
                       counted(a.calls, "call"), counted(a.emails, "email"),
                       counted(a.meetings, "meeting"), counted(a.new_leads, "new lead"),
                       a.lead_response_hours
                           ? fmt::format("{:.1f} h (median)", *a.lead_response_hours)
                           : std::string("—"),
                       percent(a.meeting_rate));
}

// Planned activities in the period: planned, done of those planned, open past their due date.
std::string plans_text(const ActivityFigures& a) {
    return fmt::format("{} planned · {} done · {} overdue", a.planned, a.planned_done, a.overdue);
}

// One line per command: the flags it fixes, joined.
std::vector<std::pair<std::string, std::string>> lines(const HygieneItem& item) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& f : item.flags) {
        auto command = command_line(f.action);
        auto it = std::ranges::find(out, command, &std::pair<std::string, std::string>::second);
        if (it == out.end())
            out.emplace_back(f.text, command);
        else
            it->first += " · " + f.text;
    }
    return out;
}

std::string counts_text(const Hygiene& h) {
    std::string out;
    for (const auto& c : h.counts)
        if (c.deals > 0) {
            auto key = c.key;
            std::ranges::replace(key, '_', ' ');
            out += (out.empty() ? "" : " · ") + fmt::format("{} {}", key, c.deals);
        }
    return out;
}

double max_value(const Review& r) {
    double m = 0;
    for (const auto& f : r.funnel) m = std::max(m, static_cast<double>(f.value));
    return m;
}

bool many_pipelines(const Review& r) {
    return std::ranges::any_of(
        r.funnel, [&](const FunnelStage& f) { return f.pipeline != r.funnel.front().pipeline; });
}

// Raw text: callers make it visible (text) or escape it (Markdown).
std::string stage_label(const Review& r, const FunnelStage& f) {
    return many_pipelines(r) ? f.pipeline + " · " + f.stage : f.stage;
}

} // namespace

std::string review_text(const Review& r, const Style& style, std::size_t width) {
    const auto& c = r.current;
    const auto& p = r.previous;
    const auto& cur = r.currency;
    std::string out = style.bold(title(r)) + "\n\n";
    Table head({{""}, {"", Align::right}, {"", Align::right}, {""}, {""}, {""}, {""}});
    head.add_row({"Won", deals_count(c.won), money(c.won_value, cur),
                  money_change(c.won_value, p.won_value, cur, style), "Win rate", win_rate(c),
                  points_change(c.win_rate, p.win_rate, style)});
    head.add_row({"Lost", deals_count(c.lost), money(c.lost_value, cur),
                  money_change(c.lost_value, p.lost_value, cur, style, false), "Cycle", cycle(c),
                  days_change(c.cycle_mean_days, p.cycle_mean_days, style)});
    head.add_row({"New", deals_count(c.new_deals), money(c.new_value, cur),
                  money_change(c.new_value, p.new_value, cur, style), "Velocity", velocity(c, cur),
                  velocity_change(r, style)});
    out += head.render(width);
    if (!c.other_currencies.empty()) {
        std::string line;
        for (const auto& o : c.other_currencies)
            line += fmt::format("{}{}: won {} · lost {}", line.empty() ? "" : " · ", o.currency,
                                money(o.won_value, o.currency), money(o.lost_value, o.currency));
        out += style.dim("  (counted above, valued in their own currency: " + line + ")") + "\n";
    }
    out += "  Open  " + open_line(r) + "\n";
    if (r.other_currency_deals > 0)
        out += style.dim(fmt::format("  ({} in other currencies {} not counted here; "
                                     "pipe forecast shows {})",
                                     counted(r.other_currency_deals, "open deal"),
                                     r.other_currency_deals == 1 ? "is" : "are",
                                     r.other_currency_deals == 1 ? "it" : "them")) +
               "\n";
    Table funnel({{"Funnel"},
                  {"deals", Align::right},
                  {"value", Align::right},
                  {"weighted", Align::right},
                  {"→ next", Align::right},
                  {"median days", Align::right},
                  {""}});
    auto top = max_value(r);
    for (const auto& f : r.funnel)
        funnel.add_row({visible(stage_label(r, f)), std::to_string(f.deals),
                        money(f.value, cur, f.deals == 0), money(f.weighted, cur, f.deals == 0),
                        percent(f.conversion), days_text(f.median_days, 1),
                        bar(static_cast<double>(f.value), top, 20)});
    out += "\n" + funnel.render(width, 0);
    out += "\nLost reasons: " + reasons_text(c) + "\n";
    out += "\nActivity: " + activity_text(c.activity) + "\n";
    out += "Plans: " + plans_text(c.activity) + "\n";
    if (r.hygiene) {
        out += "\n" + style.yellow("Needs attention");
        auto counts = counts_text(*r.hygiene);
        out += counts.empty() ? "\n  nothing flagged\n" : "  " + style.dim(counts) + "\n";
        Table t({{"", Align::right}, {"", Align::left, true}, {"", Align::left, true}, {""}});
        for (const auto& item : r.hygiene->items) {
            bool first = true;
            for (const auto& [flags, command] : lines(item)) {
                t.add_row({first ? std::to_string(item.id) : "", first ? visible(item.title) : "",
                           visible(flags), style.dim(visible(command))});
                first = false;
            }
        }
        out += t.render(width);
    }
    return out;
}

std::string review_markdown(const Review& r) {
    const auto& c = r.current;
    const auto& p = r.previous;
    const auto& cur = r.currency;
    Style plain;
    std::string out = "# " + title(r) + "\n\n";
    auto row = [&](std::string_view name, const std::string& now, const std::string& before,
                   const std::string& change) {
        out += fmt::format("| {} | {} | {} | {} |\n", name, now, before, change);
    };
    out += "| | this period | previous | change |\n|---|---:|---:|---:|\n";
    row("New deals", fmt::format("{} · {}", c.new_deals, money(c.new_value, cur)),
        fmt::format("{} · {}", p.new_deals, money(p.new_value, cur)),
        money_change(c.new_value, p.new_value, cur, plain));
    row("Won", fmt::format("{} · {}", c.won, money(c.won_value, cur)),
        fmt::format("{} · {}", p.won, money(p.won_value, cur)),
        money_change(c.won_value, p.won_value, cur, plain));
    row("Lost", fmt::format("{} · {}", c.lost, money(c.lost_value, cur)),
        fmt::format("{} · {}", p.lost, money(p.lost_value, cur)),
        money_change(c.lost_value, p.lost_value, cur, plain, false));
    row("Win rate", win_rate(c), win_rate(p), points_change(c.win_rate, p.win_rate, plain));
    row("Sales cycle", cycle(c), cycle(p),
        days_change(c.cycle_mean_days, p.cycle_mean_days, plain));
    row("Velocity", velocity(c, cur), velocity(p, cur), velocity_change(r, plain));
    row("Open pipeline",
        fmt::format("{} · {} · weighted {}", c.open_deals, money(c.open_value, cur),
                    money(c.weighted, cur)),
        fmt::format("{} · {} · weighted {}", p.open_deals, money(p.open_value, cur),
                    money(p.weighted, cur)),
        money_change(c.open_value, p.open_value, cur, plain));
    if (r.goal)
        out +=
            fmt::format("\nGoal for {}: {} · won {} · open closing this month {} · coverage {}\n",
                        month_name(r.goal->month), money(r.goal->goal, cur),
                        money(r.goal->won, cur), money(r.goal->open_value, cur),
                        r.goal->coverage ? fmt::format("{:.1f}x", *r.goal->coverage)
                                         : std::string("— (goal met)"));
    out += "\n## Funnel\n\n| Stage | Deals | Value | Weighted | → next | Median days |\n"
           "|---|---:|---:|---:|---:|---:|\n";
    for (const auto& f : r.funnel)
        out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", markdown_text(stage_label(r, f)),
                           f.deals, money(f.value, cur, f.deals == 0),
                           money(f.weighted, cur, f.deals == 0), percent(f.conversion),
                           days_text(f.median_days, 1));
    out += "\n## Lost reasons\n\n";
    if (c.lost_reasons.empty()) out += "None.\n";
    for (const auto& l : c.lost_reasons)
        out += fmt::format("- {}: {} ({})\n", markdown_text(l.reason), l.deals,
                           markdown_text(money(l.value, cur)));
    out += "\n## Activity\n\n" + activity_text(c.activity) + "\n";
    out += "\nPlans: " + plans_text(c.activity) + "\n";
    if (r.hygiene) {
        out += "\n## Needs attention\n\n";
        auto counts = counts_text(*r.hygiene);
        out += counts.empty() ? "Nothing flagged.\n" : counts + "\n\n";
        for (const auto& item : r.hygiene->items) {
            out += fmt::format("- **{}** {}", item.id, markdown_text(item.title));
            for (const auto& [flags, command] : lines(item))
                out += fmt::format(" — {}: {}", markdown_text(flags), markdown_code(command));
            out += "\n";
        }
    }
    return out;
}

namespace {

ordered_json opt(std::optional<double> v) {
    return v ? ordered_json(round4(*v)) : ordered_json(nullptr);
}

ordered_json period_json(const PeriodFigures& f, const std::string& cur) {
    ordered_json j;
    j["first"] = format_date(f.first);
    j["last"] = format_date(f.last);
    j["from"] = format_timestamp(f.from);
    j["to"] = format_timestamp(f.to);
    j["new_deals"] = f.new_deals;
    j["new_value"] = decimal(f.new_value, cur);
    j["won"] = f.won;
    j["won_value"] = decimal(f.won_value, cur);
    j["lost"] = f.lost;
    j["lost_value"] = decimal(f.lost_value, cur);
    j["other_currencies"] = ordered_json::array();
    for (const auto& o : f.other_currencies)
        j["other_currencies"].push_back({{"currency", o.currency},
                                         {"won", o.won},
                                         {"won_value", decimal(o.won_value, o.currency)},
                                         {"lost", o.lost},
                                         {"lost_value", decimal(o.lost_value, o.currency)}});
    j["win_rate"] = opt(f.win_rate);
    j["win_rate_by_value"] = opt(f.win_rate_value);
    j["cycle_days_mean"] = opt(f.cycle_mean_days);
    j["cycle_days_median"] = opt(f.cycle_median_days);
    j["velocity_per_day"] =
        f.velocity ? ordered_json(decimal(std::llround(*f.velocity), cur)) : ordered_json(nullptr);
    j["open_deals"] = f.open_deals;
    j["open_value"] = decimal(f.open_value, cur);
    j["weighted_value"] = decimal(f.weighted, cur);
    j["lost_reasons"] = ordered_json::array();
    for (const auto& l : f.lost_reasons)
        j["lost_reasons"].push_back(
            {{"reason", l.reason}, {"deals", l.deals}, {"value", decimal(l.value, cur)}});
    const auto& a = f.activity;
    j["activity"] = {{"calls", a.calls},
                     {"emails", a.emails},
                     {"meetings", a.meetings},
                     {"new_leads", a.new_leads},
                     {"lead_response_hours", opt(a.lead_response_hours)},
                     {"meeting_rate", opt(a.meeting_rate)},
                     {"planned", a.planned},
                     {"planned_done", a.planned_done},
                     {"overdue", a.overdue}};
    return j;
}

} // namespace

ordered_json review_json(const Review& r) {
    const auto& cur = r.currency;
    ordered_json j;
    j["kind"] = r.kind;
    j["week"] = r.week ? ordered_json(*r.week) : ordered_json(nullptr);
    j["previous_week"] = r.previous_week ? ordered_json(*r.previous_week) : ordered_json(nullptr);
    j["today"] = format_date(r.today);
    j["as_of"] = r.as_of;
    j["currency"] = cur;
    j["other_currency_open_deals"] = r.other_currency_deals;
    j["current"] = period_json(r.current, cur);
    j["previous"] = period_json(r.previous, cur);
    j["funnel"] = ordered_json::array();
    for (const auto& f : r.funnel)
        j["funnel"].push_back({{"pipeline", f.pipeline},
                               {"stage", f.stage},
                               {"probability", f.probability},
                               {"deals", f.deals},
                               {"value", decimal(f.value, cur)},
                               {"weighted_value", decimal(f.weighted, cur)},
                               {"exits", f.exits},
                               {"forward", f.forward},
                               {"conversion", opt(f.conversion)},
                               {"days_in_stage_mean", opt(f.mean_days)},
                               {"days_in_stage_median", opt(f.median_days)}});
    if (r.hygiene) {
        ordered_json h;
        h["counts"] = ordered_json::object();
        for (const auto& c : r.hygiene->counts) h["counts"][c.key] = c.deals;
        h["items"] = ordered_json::array();
        for (const auto& item : r.hygiene->items) {
            ordered_json flags = ordered_json::array();
            for (const auto& f : item.flags)
                flags.push_back(
                    {{"key", f.key}, {"text", f.text}, {"command", command_line(f.action)}});
            h["items"].push_back({{"id", item.id}, {"title", item.title}, {"flags", flags}});
        }
        j["hygiene"] = h;
    } else {
        j["hygiene"] = nullptr;
    }
    if (r.goal)
        j["goal"] = {{"month", format_date(r.goal->month).substr(0, 7)},
                     {"goal", decimal(r.goal->goal, cur)},
                     {"won", decimal(r.goal->won, cur)},
                     {"open_value", decimal(r.goal->open_value, cur)},
                     {"coverage", opt(r.goal->coverage)}};
    else
        j["goal"] = nullptr;
    return j;
}

} // namespace crm::render
