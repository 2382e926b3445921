#include "app.hpp"

#include "arguments.hpp"
#include "commands/activity_commands.hpp"
#include "commands/commands.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <fmt/format.h>
#include <ostream>

namespace crm::cli {

namespace {

void add_global_options(CLI::App& app, GlobalOptions& o) {
    file_option(
        app.add_option("--db", o.db,
                       "Database file (default: $PIPE_DB, else ~/.local/share/pipe/pipe.db)"))
        ->group("Global options");
    file_option(
        app.add_option("--stages", o.stages,
                       "Stage file (default: $PIPE_STAGES, else ~/.config/pipe/stages.toml)"))
        ->group("Global options");
    app.add_option("--color,--colour", o.color, "Colour: auto (on a terminal), always or never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->group("Global options");
    app.add_option("--format", o.format,
                   "Output format: text, json, md, csv, tsv (as the command offers)")
        ->check(CLI::IsMember({"text", "json", "md", "csv", "tsv", "ndjson"}))
        ->group("Global options");
    app.add_flag("--json", o.json, "Same as --format json")->group("Global options");
    app.add_flag("-q,--quiet", o.quiet, "Print less: ids only, no progress")
        ->group("Global options");
}

// The deepest subcommand the user reached, for usage hints.
std::string command_path(const CLI::App& app) {
    std::string path = app.get_name();
    const CLI::App* current = &app;
    while (true) {
        auto subs = current->get_subcommands();
        if (subs.empty()) break;
        current = subs.front();
        path += " " + current->get_name();
    }
    return path;
}

// The word the user typed where a subcommand was required, if it matched none.
std::string unknown_command(const CLI::App& app) {
    const CLI::App* current = &app;
    while (!current->get_subcommands().empty()) current = current->get_subcommands().front();
    if (current->get_subcommands({}).empty()) return {};
    auto rest = current->remaining();
    if (rest.empty()) rest = app.remaining();
    return rest.empty() || rest.front().starts_with("-") ? std::string() : rest.front();
}

} // namespace

void add_commands(CLI::App& app, Context& ctx) {
    app.fallthrough();
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("pipe ") + PIPE_VERSION);
    app.footer("Run 'pipe COMMAND --help' for a command's options, 'man pipe' for the manual.");
    add_global_options(app, ctx.options);
    add_stage_commands(app, ctx);
    add_lead_commands(app, ctx);
    add_deal_commands(app, ctx);
    add_activity_commands(app.get_subcommand("deal"), app.get_subcommand("lead"), ctx);
    add_agenda_commands(app, ctx);
    add_review_commands(app, ctx);
    add_forecast_commands(app, ctx);
    add_import_commands(app, ctx);
    add_export_commands(app, ctx);
    add_completion_commands(app, ctx);
    add_help_command(app, ctx);
    for (auto* sub : app.get_subcommands({})) {
        auto name = sub->get_name();
        if (name == "lead" || name == "deal")
            sub->group("Pipeline");
        else if (name == "init" || name == "stages" || name == "completion" || name == "help")
            sub->group("Setup");
        else if (name == "agenda" || name == "review" || name == "forecast")
            sub->group("Reports");
        else if (name == "import" || name == "export" || name == "backup")
            sub->group("Data");
    }
    apply_argument_rules(app);
}

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    Context ctx(out, err);
    CLI::App app("pipe — a sales pipeline manager for the terminal", "pipe");
    add_commands(app, ctx);
    try {
        std::vector<std::string> reversed(args.rbegin(), args.rend());
        app.parse(reversed);
        return 0;
    } catch (const CLI::CallForHelp&) {
        out << app.help();
        return 0;
    } catch (const CLI::CallForAllHelp&) {
        out << app.help("", CLI::AppFormatMode::All);
        return 0;
    } catch (const CLI::CallForVersion& e) {
        out << e.what() << '\n';
        return 0;
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) {
            out << app.help();
            return 0;
        }
        if (auto unknown = unknown_command(app); !unknown.empty()) {
            err << fmt::format("pipe: unknown command '{}' ({} --help lists the commands)\n",
                               printable(unknown), command_path(app));
            return 2;
        }
        if (std::string_view(e.what()) == "A subcommand is required") {
            err << fmt::format("pipe: {0} needs a command ({0} --help lists them)\n",
                               command_path(app));
            return 2;
        }
        err << fmt::format("pipe: {} ({} --help)\n", printable(e.what()), command_path(app));
        return 2;
    } catch (const CommandError& e) {
        err << "pipe: " << printable(e.error.message()) << '\n';
        return e.error.exit_code;
    } catch (const std::exception& e) {
        err << "pipe: unexpected error: " << printable(e.what()) << " (please report it)\n";
        return 1;
    }
}

} // namespace crm::cli
