// pipe init, pipe stages [--check], pipe stages rename OLD NEW.

#include "arguments.hpp"
#include "commands/commands.hpp"
#include "commands/common.hpp"
#include "pipe/deals.hpp"
#include "render/table.hpp"
#include "render/visible.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <sys/stat.h>
#include <vector>

namespace crm::cli {

namespace {

namespace fs = std::filesystem;

void write_stage_file(const std::string& path) {
    auto folder = fs::path(path).parent_path();
    std::error_code ec;
    std::vector<fs::path> missing;
    for (auto f = folder; !f.empty() && !fs::exists(f, ec); f = f.parent_path()) {
        missing.push_back(f);
        if (f == f.parent_path()) break;
    }
    for (auto it = missing.rbegin(); it != missing.rend(); ++it)
        if (fs::create_directory(*it, ec)) fs::permissions(*it, fs::perms::owner_all, ec);
    std::ofstream out(path);
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write, ec);
    out << default_stage_file_text();
    if (!out)
        throw CommandError{Error{fmt::format("cannot write stage file {}", path),
                                 "check the folder's permissions"}};
}

void run_init(Context& ctx) {
    auto stages_file = ctx.options.stages.empty() ? ctx.default_stages_path() : ctx.options.stages;
    bool had_db = fs::exists(ctx.db_path());
    bool had_stages = fs::exists(stages_file);
    if (!had_stages) write_stage_file(stages_file);
    if (ctx.options.stages.empty() && !had_stages && ctx.stages_path() != stages_file) {
        ctx.warn(fmt::format("PIPE_STAGES is set, so {} will not be read", stages_file));
    }
    ctx.book(Access::write).store.keep();
    if (ctx.format("text|json") == "json") {
        return print_json(ctx, {{"database", printable(ctx.db_path())},
                                {"database_created", !had_db},
                                {"stages", printable(stages_file)},
                                {"stages_created", !had_stages}});
    }
    ctx.out << (had_db ? "database " : "created database ") << render::visible(ctx.db_path())
            << '\n';
    ctx.out << (had_stages ? "stage file " : "wrote stage file ") << render::visible(stages_file)
            << (had_stages ? " (left as it was)" : " (edit it to match your sales process)")
            << '\n';
}

void run_list(Context& ctx, const std::string& pipeline_name, bool check) {
    const auto& config = ctx.stages();
    if (check) {
        std::size_t stage_count = 0;
        for (const auto& p : config.pipelines) stage_count += p.stages.size();
        if (ctx.format("text|json") == "json")
            return print_json(ctx, {{"source", printable(config.source)},
                                    {"valid", true},
                                    {"pipelines", config.pipelines.size()},
                                    {"stages", stage_count}});
        ctx.out << fmt::format(
            "{}: ok ({}, {})\n", render::visible(config.source),
            render::counted(static_cast<std::int64_t>(config.pipelines.size()), "pipeline"),
            render::counted(static_cast<std::int64_t>(stage_count), "stage"));
        return;
    }
    auto format = ctx.format("text|json");
    std::vector<const Pipeline*> shown;
    if (pipeline_name.empty())
        for (const auto& p : config.pipelines) shown.push_back(&p);
    else
        shown.push_back(unwrap(config.pipeline(pipeline_name)));
    auto counts = unwrap(open_deals_per_stage(ctx.book(Access::read)));
    if (format == "json") {
        auto out = nlohmann::ordered_json::array();
        for (const auto* p : shown) {
            nlohmann::ordered_json j{{"name", p->name},
                                     {"default", p->name == config.default_pipeline}};
            j["stages"] = nlohmann::ordered_json::array();
            for (const auto& s : p->stages)
                j["stages"].push_back(
                    {{"name", s.name},
                     {"kind", to_string(s.kind)},
                     {"probability", s.probability},
                     {"rot_days", s.rot_days ? nlohmann::ordered_json(*s.rot_days) : nullptr},
                     {"category", to_string(s.category)},
                     {"open_deals", counts[{p->name, s.name}]}});
            out.push_back(j);
        }
        return print_json(ctx, out);
    }
    auto style = ctx.style();
    for (const auto* p : shown) {
        ctx.out << style.bold(fmt::format("Pipeline {}", render::visible(p->name)))
                << (p->name == config.default_pipeline ? style.dim(" (default)") : "") << '\n';
        render::Table table({{"Stage"},
                             {"Kind"},
                             {"Probability", render::Align::right},
                             {"Rot days", render::Align::right},
                             {"Category"},
                             {"Open deals", render::Align::right}});
        for (const auto& s : p->stages)
            table.add_row(
                {render::visible(s.name), std::string(to_string(s.kind)),
                 fmt::format("{}%", s.probability), s.rot_days ? std::to_string(*s.rot_days) : "—",
                 std::string(to_string(s.category)), std::to_string(counts[{p->name, s.name}])});
        ctx.out << table.render(ctx.width());
    }
    ctx.out << style.dim("from " + render::visible(config.source)) << '\n';
}

} // namespace

void add_stage_commands(CLI::App& app, Context& ctx) {
    auto* init =
        app.add_subcommand("init", "Create the database and a commented stages.toml to edit");
    init->callback([&ctx]() { run_init(ctx); });

    auto* stages =
        app.add_subcommand("stages", "List or check the stage definitions; rename a stage");
    auto pipeline = std::make_shared<std::string>();
    auto check = std::make_shared<bool>(false);
    stages->add_option("--pipeline", *pipeline, "Only this pipeline");
    stages->add_flag("--check", *check, "Validate the stage file and exit (0 when valid)");
    stages->callback([&ctx, stages, pipeline, check]() {
        if (stages->get_subcommands().empty()) run_list(ctx, *pipeline, *check);
    });

    auto names = std::make_shared<std::pair<std::string, std::string>>();
    auto* rename = stages->add_subcommand(
        "rename", "Move every deal from stage OLD (no longer defined) to NEW");
    rename->add_option("old", names->first, "The stage name deals still carry")->required();
    rename
        ->add_option("new", names->second, "A stage the stage file defines (name or unique prefix)")
        ->required();
    rename->callback([&ctx, names]() {
        ctx.skip_undefined_stage_warning();
        auto renamed = unwrap(rename_stage(ctx.book(Access::write), names->first, names->second));
        std::int64_t moved = 0;
        for (const auto& r : renamed) moved += r.deals;
        if (ctx.format("text|json") == "json") {
            auto pipelines = nlohmann::ordered_json::array();
            for (const auto& r : renamed)
                pipelines.push_back(
                    {{"pipeline", r.pipeline}, {"from", r.from}, {"to", r.to}, {"deals", r.deals}});
            return print_json(ctx, {{"from", renamed.front().from},
                                    {"to", renamed.front().to},
                                    {"deals", moved},
                                    {"pipelines", pipelines}});
        }
        for (const auto& r : renamed)
            ctx.out << fmt::format(
                "renamed stage \"{}\" to \"{}\" on {}{}\n", render::visible(r.from),
                render::visible(r.to), render::counted(r.deals, "deal"),
                renamed.size() > 1 ? " in pipeline \"" + render::visible(r.pipeline) + "\"" : "");
    });
}

} // namespace crm::cli
