#include "context.hpp"

#include "arguments.hpp"
#include "pipe/deals.hpp"
#include "render/step_lines.hpp"
#include "render/visible.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <map>
#include <unistd.h>

namespace crm::cli {

namespace {

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

std::string xdg_dir(const char* variable, const char* fallback) {
    auto dir = env(variable);
    if (!dir.empty()) return dir;
    auto home = env("HOME");
    if (home.empty()) home = ".";
    return home + "/" + fallback;
}

} // namespace

Context::Context(std::ostream& out_stream, std::ostream& err_stream)
    : out(out_stream), err(err_stream) {}
Context::~Context() = default;

void Context::set_command_line(const std::vector<std::string>& args) {
    std::string line = "pipe";
    for (const auto& a : args) {
        bool plain = !a.empty() && std::ranges::all_of(a, [](unsigned char c) {
            return std::isalnum(c) || std::string_view("-_./:=+,@%").find(static_cast<char>(c)) !=
                                          std::string_view::npos;
        });
        if (plain) {
            line += " " + a;
            continue;
        }
        std::string quoted = "'";
        for (char c : a) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
        line += " " + quoted + "'";
    }
    origin.command = line;
    origin.pid = ::getpid();
    for (const char* name : {"USER", "LOGNAME"})
        if (auto value = env(name); !value.empty()) {
            origin.user = value;
            break;
        }
}

std::string Context::db_path() const {
    if (!options.db.empty()) return options.db;
    if (auto from_env = env("PIPE_DB"); !from_env.empty()) return from_env;
    return xdg_dir("XDG_DATA_HOME", ".local/share") + "/pipe/pipe.db";
}

std::string Context::default_stages_path() const {
    return xdg_dir("XDG_CONFIG_HOME", ".config") + "/pipe/stages.toml";
}

std::optional<std::string> Context::stages_path() const {
    if (!options.stages.empty()) return options.stages;
    if (auto from_env = env("PIPE_STAGES"); !from_env.empty()) return from_env;
    auto xdg = default_stages_path();
    std::error_code unreadable;
    if (std::filesystem::exists(xdg, unreadable)) return xdg;
    return std::nullopt;
}

std::chrono::milliseconds Context::busy_timeout() const {
    auto text = env("PIPE_BUSY_TIMEOUT_MS");
    if (text.empty()) return default_busy_timeout;
    int ms = -1;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
    if (ec != std::errc() || end != text.data() + text.size() || ms < 0)
        throw CommandError{Error{fmt::format("PIPE_BUSY_TIMEOUT_MS: '{}' is not a number", text),
                                 "give milliseconds, e.g. PIPE_BUSY_TIMEOUT_MS=5000"}};
    return std::chrono::milliseconds(ms);
}

const Clock& Context::clock() {
    if (!clock_) {
        auto fixed = env("PIPE_NOW");
        if (fixed.empty()) {
            clock_ = std::make_unique<SystemClock>();
        } else {
            if (!is_utf8(fixed))
                throw CommandError{
                    Error{fmt::format("PIPE_NOW: '{}' is not valid UTF-8", printable(fixed)),
                          "e.g. PIPE_NOW=2026-03-02T09:00:00"}};
            auto at = parse_timestamp(fixed, SystemClock().now());
            if (!at)
                throw CommandError{Error{fmt::format("PIPE_NOW: {}", at.error().what),
                                         "e.g. PIPE_NOW=2026-03-02T09:00:00"}};
            clock_ = std::make_unique<FixedClock>(*at);
        }
    }
    return *clock_;
}

const StageConfig& Context::stages() {
    if (!stages_) {
        auto path = stages_path();
        stages_ = path ? unwrap(load_stage_file(*path)) : default_stage_config();
        if (!stages_->date_order) stages_->date_order = date_order_of_locale(locale_name());
    }
    return *stages_;
}

std::string Context::locale_name() const {
    // POSIX order: LC_ALL overrides LC_TIME, which overrides LANG.
    for (const char* name : {"LC_ALL", "LC_TIME", "LANG"})
        if (auto value = env(name); !value.empty()) return value;
    return {};
}

Book& Context::book(Access access) {
    // read < dry_run < write: a book opened for more serves a command that needs less.
    if (book_ && static_cast<int>(opened_) >= static_cast<int>(access)) return *book_;
    const auto& config = stages();
    const auto& now = clock();
    book_.reset();
    store_.reset();
    // A write to a book of an older schema upgrades it first: on a terminal, step by step, as
    // `pipe upgrade` shows it, and then what it did.
    auto path = db_path();
    bool show_steps = access == Access::write && !options.quiet && ::isatty(2) != 0;
    render::StepLines steps(err, show_steps,
                            show_steps ? fmt::format("upgrading database {} to this pipe's "
                                                     "schema first",
                                                     render::visible(path))
                                       : std::string());
    auto opened = Store::open(path, access, busy_timeout(), now.now(),
                              [&](std::string_view step, std::int64_t done, std::int64_t total) {
                                  steps.update(step, done, total);
                              });
    steps.finish();
    store_.emplace(unwrap(std::move(opened)));
    if (const auto& change = store_->schema_change(); steps.any() && change.to != change.from) {
        err << fmt::format("upgraded database {} from schema version {} to {}",
                           render::visible(path), change.from, change.to);
        if (!change.backup.empty())
            err << fmt::format("; the old version is kept in {}", render::visible(change.backup));
        err << '\n';
    }
    opened_ = access;
    book_.emplace(Book{*store_, config, now, &origin, &created});
    for (const auto& ref : pending_) *ref.target = unwrap(resolve_ref(*book_, ref.kind, ref.text));
    pending_.clear();
    if (!warned_undefined_) {
        warned_undefined_ = true;
        auto orphans = deals_in_undefined_stages(*book_);
        if (orphans && !orphans->empty()) {
            std::map<std::string, std::vector<std::int64_t>> by_stage;
            for (const auto& d : *orphans) by_stage[d.pipeline + "/" + d.stage].push_back(d.id);
            for (const auto& [stage, ids] : by_stage) {
                std::string list;
                for (std::size_t i = 0; i < ids.size() && i < 10; ++i)
                    list += (i ? ", " : "") + std::to_string(ids[i]);
                if (ids.size() > 10) list += fmt::format(" and {} more", ids.size() - 10);
                auto name = stage.substr(stage.find('/') + 1);
                warn(fmt::format(
                    "stage \"{}\" is not defined in {} but holds deal{} {} (pipe stages rename "
                    "\"{}\" NEW)",
                    stage, config.source, ids.size() == 1 ? "" : "s", list, name));
            }
        }
    }
    return *book_;
}

std::string Context::format(std::string_view allowed, std::string_view fallback) {
    std::string wanted = options.json             ? "json"
                         : options.format.empty() ? std::string(fallback)
                                                  : options.format;
    std::string list(allowed);
    std::size_t start = 0;
    while (start <= list.size()) {
        auto end = list.find('|', start);
        if (end == std::string::npos) end = list.size();
        if (list.substr(start, end - start) == wanted) return wanted;
        start = end + 1;
    }
    std::string shown = list;
    for (auto& c : shown)
        if (c == '|') c = ',';
    throw CommandError{
        Error{fmt::format("this command has no format '{}'", wanted), "formats: " + shown, 2}};
}

render::Style Context::style() const {
    return render::Style(
        render::colour_enabled(options.color, !env("NO_COLOR").empty(), ::isatty(1) != 0));
}

std::size_t Context::width() const {
    return render::terminal_width();
}

void Context::note(const std::string& message) {
    if (!options.quiet) err << render::visible(message) << '\n';
}

void Context::warn(const std::string& message) {
    err << "pipe: warning: " << render::visible(message) << '\n';
}

void Context::defer_ref(RecordKind kind, std::string text, std::int64_t* target) {
    pending_.push_back({kind, std::move(text), target});
}

void Context::error_line(const std::string& line) {
    err << render::visible(line) << '\n';
}

} // namespace crm::cli
