#include "app.hpp"

#include "arguments.hpp"
#include "commands/activity_commands.hpp"
#include "commands/calendar_commands.hpp"
#include "commands/commands.hpp"
#include "commands/common.hpp"
#include "commands/plan_commands.hpp"
#include "render/command_line.hpp"
#include "render/visible.hpp"
#include "suggest.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <cctype>
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
                   "Output format: text, json, md, csv, tsv, ics (as the command offers)")
        ->check(CLI::IsMember({"text", "json", "md", "csv", "tsv", "ndjson", "ics"}))
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

// The deepest subcommand the user reached.
const CLI::App* deepest(const CLI::App& app) {
    const CLI::App* current = &app;
    while (!current->get_subcommands().empty()) current = current->get_subcommands().front();
    return current;
}

// The word the user typed where a subcommand was required, if it matched none.
std::string unknown_command(const CLI::App& app) {
    const CLI::App* current = deepest(app);
    if (current->get_subcommands({}).empty()) return {};
    auto rest = current->remaining();
    if (rest.empty()) rest = app.remaining();
    return rest.empty() || rest.front().starts_with("-") ? std::string() : rest.front();
}

// The commands that could stand where `unknown_command` stood (hidden ones left out).
std::vector<std::string> command_names(const CLI::App& app) {
    std::vector<std::string> names;
    for (const auto* sub : deepest(app)->get_subcommands({}))
        if (!sub->get_group().empty()) names.push_back(sub->get_name());
    return names;
}

// The first argument that looks like an option and that no command took, without its `=value`.
std::string unknown_option(const CLI::App& app) {
    for (const auto* current = deepest(app); current; current = current->get_parent())
        for (const auto& arg : current->remaining()) {
            if (arg.size() < 2 || arg.front() != '-' || arg == "--" ||
                std::isdigit(static_cast<unsigned char>(arg[1])))
                continue;
            return arg.substr(0, arg.find('='));
        }
    return {};
}

// `did you mean --status?` for an unknown option, from the options of the deepest command and
// of the commands above it (whose options it accepts too): long ones for `--x`, short for `-x`.
std::string option_suggestion(const CLI::App& app, const std::string& option) {
    bool is_long = option.starts_with("--");
    std::vector<std::string> names;
    for (const auto* current = deepest(app); current; current = current->get_parent())
        for (const auto* opt : current->get_options())
            for (const auto& name : is_long ? opt->get_lnames() : opt->get_snames())
                names.push_back(name);
    // Compared without the dashes, so that they do not make every option look close.
    auto found = closest(option.substr(is_long ? 2 : 1), names);
    for (auto& name : found) name = (is_long ? "--" : "-") + name;
    return did_you_mean(found);
}

// `did you mean open?` for a value that is not one of an option's choices, from CLI11's
// message `--status: opne not in {open,won,lost,all}`.
std::string value_suggestion(std::string_view message) {
    auto in = message.find(" not in {");
    auto colon = message.rfind(": ", in);
    if (in == std::string_view::npos || colon == std::string_view::npos || !message.ends_with("}"))
        return {};
    auto value = message.substr(colon + 2, in - colon - 2);
    auto list = message.substr(in + 9, message.size() - in - 10);
    std::vector<std::string> choices;
    for (std::size_t start = 0; start <= list.size();) {
        auto comma = std::min(list.find(',', start), list.size());
        choices.emplace_back(list.substr(start, comma - start));
        start = comma + 1;
    }
    return did_you_mean(value, choices);
}

} // namespace

namespace {

// Each registration function with the top-level commands it adds. Those that add verbs to
// other groups (log, plan, restore) add them to the groups already built.
struct Registration {
    std::vector<std::string_view> commands;
    void (*add)(CLI::App&, Context&);
};

void add_logs(CLI::App& app, Context& ctx) {
    add_activity_commands(find_subcommand(app, "deal"), find_subcommand(app, "lead"), ctx);
}

const std::vector<Registration>& registrations() {
    static const std::vector<Registration> all{
        {{"init", "stages"}, add_stage_commands},
        {{"lead"}, add_lead_commands},
        {{"deal"}, add_deal_commands},
        {{"deal", "lead"}, add_logs},
        {{"org"}, add_org_commands},
        {{"person"}, add_person_commands},
        {{"deal", "lead", "person", "org"}, add_plan_commands},
        {{"task"}, add_task_commands},
        {{"search"}, add_search_command},
        {{"agenda"}, add_agenda_commands},
        {{"calendar"}, add_calendar_command},
        {{"review"}, add_review_commands},
        {{"forecast"}, add_forecast_commands},
        {{"import"}, add_import_commands},
        {{"export", "backup"}, add_export_commands},
        {{"undo", "redo"}, add_journal_commands},
        {{"trash", "deal", "lead"}, add_trash_commands},
        {{"doctor"}, add_doctor_commands},
        {{"upgrade"}, add_upgrade_command},
        // Completion and help read the whole tree: never built alone.
        {{}, add_completion_commands},
        {{}, add_help_command},
    };
    return all;
}

bool built_alone(std::string_view name) {
    return std::ranges::any_of(registrations(), [&](const Registration& r) {
        return std::ranges::find(r.commands, name) != r.commands.end();
    });
}

} // namespace

std::string invoked_command(const std::vector<std::string>& args) {
    static constexpr std::array<std::string_view, 5> valued{"--db", "--stages", "--color",
                                                            "--colour", "--format"};
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view a = args[i];
        if (a == "--json" || a == "-q" || a == "--quiet") continue;
        if (std::ranges::find(valued, a) != valued.end()) {
            ++i;
            continue;
        }
        if (std::ranges::any_of(valued, [&](std::string_view v) {
                return a.size() > v.size() && a.starts_with(v) && a[v.size()] == '=';
            }))
            continue;
        if (a.starts_with("-")) return {};
        return std::string(a);
    }
    return {};
}

void add_commands(CLI::App& app, Context& ctx, std::string_view only) {
    app.fallthrough();
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("pipe ") + PIPE_VERSION);
    app.footer("Run 'pipe COMMAND --help' for a command's options, 'man pipe' for the manual.");
    add_global_options(app, ctx.options);
    bool alone = !only.empty() && built_alone(only);
    for (const auto& r : registrations())
        if (!alone || std::ranges::find(r.commands, only) != r.commands.end()) r.add(app, ctx);
    for (auto* sub : app.get_subcommands({})) {
        auto name = sub->get_name();
        if (name == "lead" || name == "deal" || name == "task")
            sub->group("Pipeline");
        else if (name == "org" || name == "person" || name == "search")
            sub->group("People");
        else if (name == "init" || name == "stages" || name == "upgrade" || name == "completion" ||
                 name == "help")
            sub->group("Setup");
        else if (name == "agenda" || name == "calendar" || name == "review" || name == "forecast")
            sub->group("Reports");
        else if (name == "import" || name == "export" || name == "backup")
            sub->group("Data");
        else if (name == "undo" || name == "redo" || name == "trash" || name == "doctor")
            sub->group("Safety");
    }
    apply_argument_rules(app);
}

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    Context ctx(out, err);
    ctx.set_command_line(args);
    CLI::App app("pipe — a sales pipeline manager for the terminal", "pipe");
    add_commands(app, ctx, invoked_command(args));
    try {
        std::vector<std::string> reversed(args.rbegin(), args.rend());
        app.parse(reversed);
        ctx.out.flush();
        for (const auto& c : ctx.created)
            ctx.note(fmt::format("created {} {} · {}", c.kind, c.id, c.name));
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
        // Every line echoes what was typed: control characters are shown escaped.
        auto say = [&](const std::string& line) { err << render::visible(line) << '\n'; };
        auto path = command_path(app);
        if (auto unknown = unknown_command(app); !unknown.empty()) {
            auto hint = did_you_mean(unknown, command_names(app));
            say(fmt::format("pipe: unknown command '{}' ({}{} --help lists the commands)", unknown,
                            hint.empty() ? "" : hint + " ", path));
            return 2;
        }
        if (std::string_view(e.what()) == "A subcommand is required") {
            say(fmt::format("pipe: {0} needs a command ({0} --help lists them)", path));
            return 2;
        }
        if (auto option = unknown_option(app);
            !option.empty() && dynamic_cast<const CLI::ExtrasError*>(&e)) {
            auto hint = option_suggestion(app, option);
            say(fmt::format("pipe: unknown option '{}' ({}{} --help lists the options)", option,
                            hint.empty() ? "" : hint + " ", path));
            return 2;
        }
        auto hint = value_suggestion(e.what());
        say(fmt::format("pipe: {} ({}{} --help)", e.what(), hint.empty() ? "" : hint + " ", path));
        return 2;
    } catch (const CommandError& e) {
        err << "pipe: " << render::visible(render::error_text(e.error)) << '\n';
        return e.error.exit_code;
    } catch (const std::exception& e) {
        err << "pipe: unexpected error: " << render::visible(e.what()) << " (please report it)\n";
        return 1;
    }
}

} // namespace crm::cli
