#include "render/forecast_view.hpp"

#include "render/csv.hpp"
#include "render/figures_format.hpp"
#include "render/records.hpp"
#include "render/table.hpp"
#include "render/visible.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace crm::render {

namespace {

using nlohmann::ordered_json;

std::string heading(const Forecast& f) {
    return fmt::format("Forecast · by {} of expected close · {}", f.unit,
                       f.method == "history" ? "calibrated probabilities (history)"
                                             : "stage probabilities");
}

std::string label(const Forecast& f, const ForecastRow& row) {
    return row.first ? period_name(*row.first, f.unit == "quarter") : "no date / past";
}

std::string range(const ForecastRow& row, const std::string& cur) {
    if (!row.p10) return "—";
    return fmt::format("{} – {} – {}", money(*row.p10, cur), money(*row.p50, cur),
                       money(*row.p90, cur));
}

std::string coverage(const ForecastRow& row) {
    if (!row.goal) return "";
    return row.coverage ? fmt::format("{:.1f}x", *row.coverage) : std::string("met");
}

// The cells of a row, as raw text (the currency comes from the deals): callers make them visible
// (text) or escape them (Markdown).
std::vector<std::string> cells(const Forecast& f, const ForecastRow& row, const std::string& cur) {
    bool none = row.deals == 0;
    return {label(f, row),
            std::to_string(row.deals),
            money(row.open_value, cur, none),
            money(row.weighted, cur, none),
            money(row.commit, cur, none),
            money(row.best_case, cur, none),
            money(row.pipeline, cur, none),
            money(row.won, cur, !row.first || row.won == 0),
            range(row, cur),
            coverage(row)};
}

const std::vector<std::string> headers{
    "",          "deals",    "open",       "weighted",        "commit",
    "best case", "pipeline", "won so far", "P10 – P50 – P90", "coverage"};

std::string calibration_text(const Forecast& f, std::size_t width) {
    if (f.calibration.empty()) return {};
    Table t({{"Calibrated (m = 10)"},
             {"n", Align::right},
             {"won", Align::right},
             {"calibrated", Align::right},
             {"configured", Align::right}});
    bool many = std::ranges::any_of(f.calibration, [&](const CalibratedStage& c) {
        return c.pipeline != f.calibration.front().pipeline;
    });
    for (const auto& c : f.calibration)
        t.add_row({visible(many ? c.pipeline + " · " + c.stage : c.stage), std::to_string(c.n),
                   std::to_string(c.won), fmt::format("{:.1f}%", c.probability * 100),
                   fmt::format("{}%", c.configured)});
    return "\n" + t.render(width, 0);
}

} // namespace

std::string forecast_text(const Forecast& f, const Style& style, std::size_t width) {
    std::string out = style.bold(heading(f)) + "\n";
    for (const auto& block : f.blocks) {
        std::vector<Column> columns;
        for (std::size_t i = 0; i < headers.size(); ++i)
            columns.push_back({i == 0 ? visible(block.currency) : headers[i],
                               i == 0 ? Align::left : Align::right});
        Table t(columns);
        auto add = [&](const ForecastRow& row) {
            auto texts = cells(f, row, block.currency);
            for (auto& text : texts) text = visible(text);
            t.add_row(std::move(texts));
        };
        for (const auto& row : block.rows) add(row);
        add(block.undated);
        out += "\n" + t.render(width);
        double top = 0;
        for (const auto& row : block.rows) top = std::max(top, static_cast<double>(row.weighted));
        std::string chart;
        for (const auto& row : block.rows)
            if (row.weighted > 0)
                chart += fmt::format("  {} {}", bar(static_cast<double>(row.weighted), top, 24),
                                     label(f, row));
        if (!chart.empty()) out += "  weighted" + chart + "\n";
    }
    out += calibration_text(f, width);
    return out;
}

std::string forecast_markdown(const Forecast& f) {
    std::string out = "# " + heading(f) + "\n";
    for (const auto& block : f.blocks) {
        out += fmt::format("\n## {}\n\n| Period |", markdown_text(block.currency));
        for (std::size_t i = 1; i < headers.size(); ++i) out += " " + headers[i] + " |";
        out += "\n|---|";
        for (std::size_t i = 1; i < headers.size(); ++i) out += "---:|";
        out += "\n";
        auto line = [&](const ForecastRow& row) {
            out += "|";
            for (const auto& c : cells(f, row, block.currency))
                out += " " + markdown_text(c) + " |";
            out += "\n";
        };
        for (const auto& row : block.rows) line(row);
        line(block.undated);
    }
    if (!f.calibration.empty()) {
        out += "\n## Calibrated probabilities (m = 10)\n\n| Stage | n | won | calibrated | "
               "configured |\n|---|---:|---:|---:|---:|\n";
        for (const auto& c : f.calibration)
            out += fmt::format("| {} | {} | {} | {:.1f}% | {}% |\n", markdown_text(c.stage), c.n,
                               c.won, c.probability * 100, c.configured);
    }
    return out;
}

namespace {

ordered_json money_or_null(const std::optional<std::int64_t>& v, const std::string& cur) {
    return v ? ordered_json(decimal(*v, cur)) : ordered_json(nullptr);
}

ordered_json row_json(const ForecastRow& row, const std::string& cur) {
    ordered_json j;
    j["period"] = row.key;
    j["first"] = row.first ? ordered_json(format_date(*row.first)) : ordered_json(nullptr);
    j["last"] = row.last ? ordered_json(format_date(*row.last)) : ordered_json(nullptr);
    j["deals"] = row.deals;
    j["open_value"] = decimal(row.open_value, cur);
    j["weighted_value"] = decimal(row.weighted, cur);
    j["commit"] = decimal(row.commit, cur);
    j["best_case"] = decimal(row.best_case, cur);
    j["pipeline"] = decimal(row.pipeline, cur);
    j["won"] = decimal(row.won, cur);
    j["p10"] = money_or_null(row.p10, cur);
    j["p50"] = money_or_null(row.p50, cur);
    j["p90"] = money_or_null(row.p90, cur);
    j["goal"] = money_or_null(row.goal, cur);
    j["coverage"] = row.coverage ? ordered_json(round4(*row.coverage)) : ordered_json(nullptr);
    return j;
}

} // namespace

ordered_json forecast_json(const Forecast& f) {
    ordered_json j;
    j["method"] = f.method;
    j["unit"] = f.unit;
    j["today"] = format_date(f.today);
    j["draws"] = forecast_draws;
    j["blocks"] = ordered_json::array();
    for (const auto& block : f.blocks) {
        ordered_json b;
        b["currency"] = block.currency;
        b["rows"] = ordered_json::array();
        for (const auto& row : block.rows) b["rows"].push_back(row_json(row, block.currency));
        b["undated"] = row_json(block.undated, block.currency);
        j["blocks"].push_back(b);
    }
    j["calibration"] = ordered_json::array();
    for (const auto& c : f.calibration)
        j["calibration"].push_back({{"pipeline", c.pipeline},
                                    {"stage", c.stage},
                                    {"configured", c.configured},
                                    {"n", c.n},
                                    {"won", c.won},
                                    {"probability", round4(c.probability)}});
    return j;
}

std::string forecast_csv(const Forecast& f, char sep) {
    std::string out =
        csv_row({"currency", "period", "first", "last", "deals", "open_value", "weighted_value",
                 "commit", "best_case", "pipeline", "won", "p10", "p50", "p90", "goal", "coverage"},
                sep);
    for (const auto& block : f.blocks) {
        const auto& cur = block.currency;
        auto opt = [&](const std::optional<std::int64_t>& v) {
            return v ? decimal(*v, cur) : std::string();
        };
        auto line = [&](const ForecastRow& row) {
            out += csv_row({cur, row.key, row.first ? format_date(*row.first) : "",
                            row.last ? format_date(*row.last) : "", std::to_string(row.deals),
                            decimal(row.open_value, cur), decimal(row.weighted, cur),
                            decimal(row.commit, cur), decimal(row.best_case, cur),
                            decimal(row.pipeline, cur), decimal(row.won, cur), opt(row.p10),
                            opt(row.p50), opt(row.p90), opt(row.goal),
                            row.coverage ? fmt::format("{:.4f}", *row.coverage) : ""},
                           sep);
        };
        for (const auto& row : block.rows) line(row);
        line(block.undated);
    }
    return out;
}

} // namespace crm::render
