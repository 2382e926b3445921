// pipe help [COMMAND]: opens the man page of a command group, or prints --help without man.

#include "commands/commands.hpp"
#include "commands/common.hpp"

#include <array>
#include <cstdlib>
#include <filesystem>
#include <sys/wait.h>
#include <unistd.h>

namespace crm::cli {

namespace {

/// The page documenting a top-level command: its own pipe-X(1) (or pipe-stages(5)), else pipe(1).
std::string page_for(const std::string& command) {
    static constexpr std::array own{"lead",     "deal",   "agenda", "review",
                                    "forecast", "import", "export", "stages"};
    if (std::ranges::find(own, command) != own.end()) return "pipe-" + command;
    return "pipe";
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
            for (auto* sub : app.get_subcommands({}))
                if (!sub->get_group().empty() && sub->check_name(*command)) target = sub;
            if (target == nullptr)
                throw CommandError{Error{"no command '" + *command + "'", "pipe --help", 2}};
        }
        auto page = command->empty() ? std::string("pipe") : page_for(target->get_name());
        ctx.out.flush();
        if (on_path("man") && run_man({"-w", page}, true) == 0) {
            int code = run_man({page}, false);
            if (code == 0) return;
            if (code > 0) throw CommandError{Error{"man " + page + " failed", "pipe --help", 1}};
        }
        ctx.out << (target == &app ? app.help() : target->help(app.get_name()));
    });
}

} // namespace crm::cli
