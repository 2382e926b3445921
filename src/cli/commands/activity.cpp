// pipe deal log / pipe lead log: record a call, email, meeting, note or task.

#include "arguments.hpp"
#include "commands/activity_commands.hpp"
#include "commands/common.hpp"
#include "pipe/people.hpp"
#include "render/records.hpp"

#include <cstdlib>
#include <fcntl.h>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace crm::cli {

namespace {

// The editor command split into words: $VISUAL, else $EDITOR, else vi.
std::vector<std::string> editor_argv() {
    const char* chosen = std::getenv("VISUAL");
    if (!chosen || !*chosen) chosen = std::getenv("EDITOR");
    std::istringstream words(chosen && *chosen ? chosen : "vi");
    std::vector<std::string> argv;
    for (std::string w; words >> w;) argv.push_back(w);
    return argv;
}

// Ask for the text in the user's editor (run directly, never through a shell).
std::string text_from_editor(const std::string& heading) {
    if (!::isatty(STDIN_FILENO))
        throw CommandError{Error{"no activity text given",
                                 "pass TEXT as an argument, or run on a terminal to use $EDITOR"}};
    char path[] = "/tmp/pipe-activity-XXXXXX";
    int fd = ::mkstemp(path);
    if (fd < 0)
        throw CommandError{
            Error{"cannot create a temporary file for the editor", "pass TEXT as an argument"}};
    ::close(fd);
    std::ofstream(path) << "\n# " << heading
                        << "\n# Lines starting with # are ignored; an empty text cancels.\n";
    auto argv = editor_argv();
    argv.push_back(path);
    std::vector<char*> raw;
    for (auto& a : argv) raw.push_back(a.data());
    raw.push_back(nullptr);
    pid_t pid = ::fork();
    if (pid == 0) {
        ::execvp(raw[0], raw.data());
        ::_exit(127);
    }
    int status = 0;
    if (pid > 0) ::waitpid(pid, &status, 0);
    std::ifstream in(path);
    std::string text, line;
    while (std::getline(in, line))
        if (!line.starts_with('#')) text += line + "\n";
    ::unlink(path);
    if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw CommandError{
            Error{fmt::format("the editor '{}' failed", argv.front()), "set EDITOR, or pass TEXT"}};
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    if (text.empty())
        throw CommandError{
            Error{"empty text: nothing logged", "write what happened, or pass TEXT"}};
    if (!is_utf8(text))
        throw CommandError{Error{"the text from the editor is not valid UTF-8: nothing logged",
                                 "save it as UTF-8 in the editor, or pass TEXT"}};
    return text;
}

} // namespace

void add_log_command(CLI::App* group, Context& ctx, Subject::Kind kind) {
    struct Opts {
        std::int64_t id = 0;
        std::string kind;
        std::optional<std::string> text, at;
        bool keep = false;
    };
    std::string noun = kind == Subject::Kind::deal     ? "deal"
                       : kind == Subject::Kind::lead   ? "lead"
                       : kind == Subject::Kind::person ? "person"
                                                       : "organization";
    std::shared_ptr<Opts> o;
    auto* sub = verb(
        group, "log", "Log a call, email, meeting, note or task (resets the rotting clock)", o,
        [&ctx, kind, noun](Opts& opts) {
            auto text =
                opts.text ? *opts.text
                          : text_from_editor(fmt::format("{} on {} {}", opts.kind, noun, opts.id));
            auto& book = ctx.book(Access::write);
            bool party = kind == Subject::Kind::person || kind == Subject::Kind::organization;
            auto logged = party ? Logged{unwrap(log_party_activity(book, {kind, opts.id}, opts.kind,
                                                                   text, opts.at)),
                                         {}}
                                : unwrap(log(book, {kind, opts.id}, opts.kind, text,
                                             LogOptions{opts.at, opts.keep}));
            const auto& activity = logged.activity;
            if (ctx.format("text|json") == "json")
                return print_json(ctx, render::activity_json(activity));
            if (!ctx.options.quiet)
                ctx.out << fmt::format("logged {} on {} {} · {}\n", activity.kind, noun, opts.id,
                                       format_local_datetime(activity.at));
            if (logged.cleared_follow_up)
                ctx.note(fmt::format("cleared the follow-up of lead {} ({}); --keep keeps it, pipe "
                                     "undo brings it back",
                                     opts.id, format_date(*logged.cleared_follow_up)));
        });
    id_argument(sub, ctx, o->id, noun);
    sub->add_option("kind", o->kind, "call, email, meeting, note or task")
        ->required()
        ->check(CLI::IsMember(activity_kinds(), CLI::ignore_case));
    optional_text(sub, "text", o->text,
                  "What happened (opens $EDITOR when left out, on a terminal)");
    optional_text(sub, "--at", o->at,
                  "When it happened: 2026-03-02T14:30, yesterday 3pm (default: now)");
    if (kind == Subject::Kind::lead)
        sub->add_flag("--keep", o->keep,
                      "Keep the follow-up date that a call, email or meeting clears once due");
}

void add_activity_commands(CLI::App* deal, CLI::App* lead, Context& ctx) {
    if (deal) add_log_command(deal, ctx, Subject::Kind::deal);
    if (lead) add_log_command(lead, ctx, Subject::Kind::lead);
}

} // namespace crm::cli
