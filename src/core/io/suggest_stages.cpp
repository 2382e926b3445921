// `pipe import FILE --suggest-stages`: a stage file for the stages a deals file uses that the
// current stage file lacks.

#include "../text.hpp"
#include "cells.hpp"
#include "import_rows.hpp"
#include "pipe/io/import.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>

namespace crm::io {

namespace {

struct Seen {
    std::string name;
    std::size_t first = 0;
    std::int64_t rows = 0, won = 0, lost = 0, open = 0, said = 0;
    double probability_sum = 0;
    std::int64_t probabilities = 0;
};

struct PipelineSeen {
    std::string name;
    std::vector<Seen> stages;
};

std::string toml_string(std::string_view s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20 || c == 0x7F) {
            out += fmt::format("\\u{:04X}", c);
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

StageKind kind_of(const Seen& s) {
    if (s.said > 0 && s.won == s.rows) return StageKind::won;
    if (s.said > 0 && s.lost == s.rows) return StageKind::lost;
    if (s.said > 0) return StageKind::open;
    auto n = normalize_name(s.name);
    if (n.find("won") != std::string::npos) return StageKind::won;
    if (n.find("lost") != std::string::npos) return StageKind::lost;
    return StageKind::open;
}

std::optional<int> mean(const Seen& s) {
    if (s.probabilities == 0) return std::nullopt;
    return static_cast<int>(s.probability_sum / static_cast<double>(s.probabilities) + 0.5);
}

} // namespace

Result<std::string> suggest_stages(Book& book, Reader& reader, const ImportOptions& options) {
    auto mapping = PIPE_TRY(
        map_columns(RecordType::deals, reader.columns(), options.maps, !reader.columns().empty()));
    const auto& fields = field_names(RecordType::deals);
    auto index = [&](std::string_view name) {
        return static_cast<std::size_t>(std::ranges::find(fields, name) - fields.begin());
    };
    std::map<std::string, std::string> stage_map;
    for (const auto& [from, to] : options.stage_maps) stage_map[text::lower(from)] = to;
    std::vector<PipelineSeen> seen;
    std::size_t order = 0;
    Record record;
    auto cell = [&](int column) -> std::optional<std::string_view> {
        if (column < 0 || static_cast<std::size_t>(column) >= record.cells.size())
            return std::nullopt;
        std::string_view v = record.cells[static_cast<std::size_t>(column)];
        if (reader.guarded()) v = unguard(v);
        v = text::trim(v);
        if (v.empty()) return std::nullopt;
        return v;
    };
    std::size_t mapped = reader.columns().size();
    while (PIPE_TRY(reader.next(record))) {
        if (reader.columns().size() != mapped) {
            // JSON keys grow as they appear: map again.
            mapping =
                PIPE_TRY(map_columns(RecordType::deals, reader.columns(), options.maps, false));
            mapped = reader.columns().size();
        }
        auto stage_cell = cell(mapping.column_of[index("stage")]);
        if (!stage_cell) continue;
        std::string stage(*stage_cell);
        if (auto it = stage_map.find(text::lower(stage)); it != stage_map.end()) stage = it->second;
        std::string pipeline(cell(mapping.column_of[index("pipeline")]).value_or(""));
        if (pipeline.empty())
            if (auto p = book.stages.pipeline()) pipeline = (*p)->name;
        auto pit = std::ranges::find_if(
            seen, [&](const PipelineSeen& p) { return text::iequals(p.name, pipeline); });
        if (pit == seen.end()) {
            seen.push_back({pipeline, {}});
            pit = seen.end() - 1;
        }
        auto sit = std::ranges::find_if(
            pit->stages, [&](const Seen& s) { return text::iequals(s.name, stage); });
        if (sit == pit->stages.end()) {
            if (pit->stages.size() >= 200) continue;
            pit->stages.push_back({stage, order++});
            sit = pit->stages.end() - 1;
        }
        ++sit->rows;
        std::optional<std::string_view> status;
        if (auto s = cell(mapping.status)) status = detail::read_status_word(*s);
        if (!status) {
            auto closed = cell(mapping.is_closed) ? detail::read_yes_no(*cell(mapping.is_closed))
                                                  : std::nullopt;
            auto won =
                cell(mapping.is_won) ? detail::read_yes_no(*cell(mapping.is_won)) : std::nullopt;
            if (closed && !*closed)
                status = "open";
            else if (won && *won)
                status = "won";
            else if (closed && *closed && won)
                status = "lost";
        }
        if (status) {
            ++sit->said;
            if (*status == "won") ++sit->won;
            if (*status == "lost") ++sit->lost;
            if (*status == "open") ++sit->open;
        }
        if (auto p = cell(mapping.column_of[index("probability")])) {
            auto scale = detail::scale_of_probability(*p);
            if (auto v = detail::read_probability(*p, scale == detail::ProbabilityScale::unknown
                                                          ? detail::ProbabilityScale::percent
                                                          : scale)) {
                sit->probability_sum += *v;
                ++sit->probabilities;
            }
        }
    }
    std::string out = "# A stage file for the deals of " + options.source +
                      ", from its rows (pipe import --suggest-stages).\n"
                      "# Check the order and the probabilities, then use it with --stages FILE.\n";
    out += fmt::format("default_pipeline = {}\ncurrency = {}\n",
                       toml_string(book.stages.default_pipeline.empty()
                                       ? (seen.empty() ? "sales" : seen.front().name)
                                       : book.stages.default_pipeline),
                       toml_string(book.stages.currency));
    // Pipelines of the stage file the rows do not name are kept as they are.
    std::vector<PipelineSeen> all;
    for (const auto& p : book.stages.pipelines) {
        auto it = std::ranges::find_if(
            seen, [&](const PipelineSeen& s) { return text::iequals(s.name, p.name); });
        all.push_back(it == seen.end() ? PipelineSeen{p.name, {}} : *it);
    }
    for (const auto& s : seen)
        if (!std::ranges::any_of(
                all, [&](const PipelineSeen& p) { return text::iequals(p.name, s.name); }))
            all.push_back(s);
    for (const auto& ps : all) {
        const Pipeline* current = nullptr;
        for (const auto& p : book.stages.pipelines)
            if (text::iequals(p.name, ps.name)) current = &p;
        struct Line {
            std::string name;
            StageKind kind;
            std::optional<int> probability;
            std::string note;
            const Stage* existing = nullptr;
        };
        std::vector<Line> open, won, lost;
        if (current)
            for (const auto& s : current->stages) {
                Line l{s.name, s.kind, s.probability, "", &s};
                (s.kind == StageKind::won    ? won
                 : s.kind == StageKind::lost ? lost
                                             : open)
                    .push_back(l);
            }
        std::vector<Seen> fresh;
        for (const auto& s : ps.stages)
            if (!current || !current->find(s.name)) fresh.push_back(s);
        std::ranges::stable_sort(fresh, [](const Seen& a, const Seen& b) {
            auto pa = mean(a), pb = mean(b);
            if (pa && pb && *pa != *pb) return *pa < *pb;
            return a.first < b.first;
        });
        for (const auto& s : fresh) {
            auto kind = kind_of(s);
            Line l{s.name, kind, mean(s),
                   fmt::format("new: {} row{}", s.rows, s.rows == 1 ? "" : "s")};
            if (kind == StageKind::won || kind == StageKind::lost) {
                auto& list = kind == StageKind::won ? won : lost;
                for (auto& old : list)
                    if (old.existing) {
                        l.note += fmt::format("; was {}", old.name);
                        old.name.clear();
                    }
                list.push_back(l);
                continue;
            }
            // Before the first open stage with a higher probability.
            auto at = open.end();
            if (l.probability)
                at = std::ranges::find_if(open, [&](const Line& o) {
                    return o.probability && *o.probability > *l.probability;
                });
            open.insert(at, l);
        }
        // New open stages without probabilities of their own: spread between their neighbours.
        for (std::size_t i = 0; i < open.size(); ++i) {
            if (open[i].probability) continue;
            int before = i > 0 ? *open[i - 1].probability : 0;
            int after = 100;
            std::size_t gap = 1;
            for (std::size_t j = i + 1; j < open.size(); ++j, ++gap)
                if (open[j].probability) {
                    after = *open[j].probability;
                    break;
                }
            if (after == 100) after = std::max(before + 1, 90);
            open[i].probability = before + (after - before) / static_cast<int>(gap + 1);
        }
        out += fmt::format("\n[[pipeline]]\nname = {}\nstages = [\n", toml_string(ps.name));
        auto put = [&](const Line& l) {
            if (l.name.empty()) return;
            std::string fields = "name = " + toml_string(l.name);
            if (l.kind == StageKind::open)
                fields += fmt::format(", probability = {}", *l.probability);
            else
                fields += l.kind == StageKind::won ? ", kind = \"won\"" : ", kind = \"lost\"";
            if (l.existing && l.existing->rot_days)
                fields += fmt::format(", rot_days = {}", *l.existing->rot_days);
            if (l.existing && l.existing->category != Category::pipeline)
                fields += l.existing->category == Category::commit ? ", category = \"commit\""
                                                                   : ", category = \"best_case\"";
            out += fmt::format("  {{ {} }},{}\n", fields, l.note.empty() ? "" : "  # " + l.note);
        };
        for (const auto& l : open) put(l);
        for (const auto& l : won) put(l);
        for (const auto& l : lost) put(l);
        if (won.empty() || std::ranges::all_of(won, [](const Line& l) { return l.name.empty(); }))
            out += "  { name = \"Won\", kind = \"won\" },  # no won stage in the rows\n";
        if (lost.empty() || std::ranges::all_of(lost, [](const Line& l) { return l.name.empty(); }))
            out += "  { name = \"Lost\", kind = \"lost\" },  # no lost stage in the rows\n";
        out += "]\n";
    }
    return out;
}

} // namespace crm::io
