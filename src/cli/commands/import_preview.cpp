#include "commands/import_preview.hpp"

#include "render/table.hpp"
#include "render/visible.hpp"

#include <fmt/format.h>

namespace crm::cli {

namespace {

std::string quoted_list(const std::vector<std::string>& values, bool more) {
    std::string out;
    for (const auto& v : values) {
        if (!out.empty()) out += ", ";
        out += "'" + render::visible(v) + "'";
    }
    if (more) out += ", …";
    return out;
}

std::string grouped(std::int64_t n) {
    auto plain = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < plain.size(); ++i) {
        if (i > 0 && (plain.size() - i) % 3 == 0) out += ',';
        out += plain[i];
    }
    return out;
}

} // namespace

std::string group_line(const io::ProblemGroup& g, const std::string& file,
                       const std::string& single) {
    if (g.rows == 1) return single;
    std::string lines;
    for (auto l : g.lines) lines += (lines.empty() ? "" : ", ") + std::to_string(l);
    if (g.rows > static_cast<std::int64_t>(g.lines.size())) lines += ", …";
    auto where =
        g.column.empty() ? std::string() : fmt::format("column '{}': ", render::visible(g.column));
    auto values = g.values.empty() ? std::string() : ": " + quoted_list(g.values, g.more_values);
    return fmt::format("{}: {}{} rows: {}{} (lines {})", render::visible(file), where,
                       grouped(g.rows), render::visible(g.reason), values, lines);
}

void print_preview(Context& ctx, const io::ImportReport& report, io::RecordType type) {
    if (!report.columns.empty()) {
        ctx.out << "columns:\n";
        render::Table table(
            {{"column"}, {"field"}, {"first values", render::Align::left, true}, {"format"}});
        for (const auto& c : report.columns) {
            std::string samples;
            for (const auto& s : c.samples)
                samples += (samples.empty() ? "" : " · ") + render::visible(s);
            table.add_row({render::visible(c.column),
                           c.field.empty() ? "(ignored)" : "→ " + c.field, samples, c.format});
        }
        ctx.out << table.render(ctx.width(), 2);
    }
    if (type == io::RecordType::deals && !report.stages.empty()) {
        ctx.out << "stages:\n";
        render::Table table({{"pipeline"},
                             {"stage in file"},
                             {"status in file"},
                             {"lands in"},
                             {"rows", render::Align::right}});
        for (const auto& s : report.stages)
            table.add_row({render::visible(s.pipeline),
                           s.stage.empty() ? "(none)" : render::visible(s.stage),
                           s.status.empty() ? "" : render::visible(s.status),
                           s.lands_in.empty() ? "(invalid rows)" : render::visible(s.lands_in),
                           grouped(s.rows)});
        ctx.out << table.render(ctx.width(), 2);
    }
    if (type == io::RecordType::deals)
        ctx.out << fmt::format("own probability: {} (differing from their stage's)\n",
                               render::counted(report.own_probability, "deal"));
}

} // namespace crm::cli
