// pipe help [COMMAND]: opens the man page of a command group, or prints --help without man.

#include "commands/commands.hpp"
#include "commands/common.hpp"
#include "suggest.hpp"

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

namespace crm::cli {

namespace {

/// A manual page: its section and name. man is always given the section, so that `pipe help`
/// never opens another page of the same name (the system call pipe(2)).
struct Page {
    std::string section;
    std::string name;
};

/// The page documenting a top-level command: its own pipe-X(1) (or pipe-stages(5)), else pipe(1).
Page page_for(const std::string& command) {
    static constexpr std::array own{"lead",   "deal",   "agenda", "review", "forecast",
                                    "import", "export", "undo",   "trash",  "doctor"};
    if (command == "stages") return {"5", "pipe-stages"};
    if (command == "redo") return {"1", "pipe-undo"};
    if (std::ranges::find(own, command) != own.end()) return {"1", "pipe-" + command};
    return {"1", "pipe"};
}

bool on_path(const std::string& program) {
    const char* path = std::getenv("PATH");
    std::string_view dirs = path ? path : "";
    while (!dirs.empty()) {
        auto colon = dirs.find(':');
        auto dir = dirs.substr(0, colon);
        auto candidate = std::filesystem::path(dir.empty() ? "." : dir) / program;
        if (::access(candidate.c_str(), X_OK) == 0) return true;
        dirs = colon == std::string_view::npos ? "" : dirs.substr(colon + 1);
    }
    return false;
}

/// Run man with these arguments (no shell); its exit code, or -1 when it could not start.
int run_man(std::vector<std::string> args, bool quiet) {
    args.insert(args.begin(), "man");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t child = ::fork();
    if (child < 0) return -1;
    if (child == 0) {
        if (quiet) {
            std::FILE* null = std::fopen("/dev/null", "w");
            if (null) {
                ::dup2(::fileno(null), 1);
                ::dup2(::fileno(null), 2);
            }
        }
        ::execvp("man", argv.data());
        ::_exit(127);
    }
    int status = 0;
    while (::waitpid(child, &status, 0) < 0)
        if (errno != EINTR) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

} // namespace

void add_help_command(CLI::App& app, Context& ctx) {
    auto command = std::make_shared<std::string>();
    auto* help = app.add_subcommand("help", "Read the manual of a command (man pipe-COMMAND)");
    help->add_option("command", *command, "A command: deal, lead, agenda, review, forecast, ...");
    help->callback([&app, &ctx, command]() {
        CLI::App* target = &app;
        if (!command->empty()) {
            target = nullptr;
            std::vector<std::string> names;
            for (auto* sub : app.get_subcommands({})) {
                if (sub->get_group().empty()) continue;
                names.push_back(sub->get_name());
                if (sub->check_name(*command)) target = sub;
            }
            if (target == nullptr) {
                auto hint = did_you_mean(*command, names);
                throw CommandError{Error{"no command '" + *command + "'",
                                         hint.empty() ? "pipe --help" : hint + " pipe --help", 2}};
            }
        }
        auto page = command->empty() ? Page{"1", "pipe"} : page_for(target->get_name());
        ctx.out.flush();
        if (on_path("man") && run_man({"-w", page.section, page.name}, true) == 0) {
            int code = run_man({page.section, page.name}, false);
            if (code == 0) return;
            if (code > 0)
                throw CommandError{Error{fmt::format("man {} {} failed", page.section, page.name),
                                         "pipe --help", 1}};
        }
        // app.help() would describe the help command itself (the one being run).
        ctx.out << (target == &app ? app.get_formatter()->make_help(&app, app.get_name(),
                                                                    CLI::AppFormatMode::Normal)
                                   : target->help(app.get_name()));
    });
}

} // namespace crm::cli
