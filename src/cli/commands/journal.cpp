// pipe undo [--list], pipe redo: the journal of changes.

#include "pipe/journal.hpp"
#include "commands/commands.hpp"
#include "commands/common.hpp"
#include "render/table.hpp"
#include "render/visible.hpp"

#include <fmt/format.h>

namespace crm::cli {

namespace {

nlohmann::ordered_json entry_json(const JournalEntry& e) {
    nlohmann::ordered_json j;
    j["id"] = e.id;
    j["at"] = format_timestamp(e.at);
    j["command"] = e.command;
    j["summary"] = e.summary;
    j["state"] = std::string(to_string(e.state));
    j["undone_at"] = e.undone_at ? nlohmann::ordered_json(format_timestamp(*e.undone_at))
                                 : nlohmann::ordered_json(nullptr);
    j["pid"] = e.pid;
    j["user"] = e.user.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(e.user);
    j["rows"] = e.rows;
    j["batch"] = e.batch ? nlohmann::ordered_json(*e.batch) : nlohmann::ordered_json(nullptr);
    return j;
}

// `(pipe deal move 4 nego · 2026-03-02 09:00 · ann, pid 4242)`: which change it was.
std::string whose(const JournalEntry& e) {
    std::string who =
        e.user.empty() ? fmt::format("pid {}", e.pid) : fmt::format("{}, pid {}", e.user, e.pid);
    return fmt::format("{} · {} · {}", render::visible(e.command), format_local_datetime(e.at),
                       render::visible(who));
}

void print_list(Context& ctx, std::int64_t limit) {
    auto format = ctx.format("text|json");
    auto entries = unwrap(journal_entries(ctx.book(Access::read), limit));
    if (format == "json") {
        auto rows = nlohmann::ordered_json::array();
        for (const auto& e : entries) rows.push_back(entry_json(e));
        return print_json(ctx, rows);
    }
    if (entries.empty()) {
        ctx.note("the journal is empty: no change yet");
        return;
    }
    render::Table table({{"Change", render::Align::right},
                         {"When"},
                         {"State"},
                         {"Command", render::Align::left, true},
                         {"What it changed", render::Align::left, true}});
    for (const auto& e : entries) {
        std::string state = e.state == JournalState::done     ? "done"
                            : e.state == JournalState::undone ? "undone"
                                                              : "import before the journal";
        table.add_row({std::to_string(e.id), format_local_datetime(e.at), state,
                       render::visible(e.command), render::visible(e.summary)});
    }
    ctx.out << table.render(ctx.width());
}

} // namespace

void add_journal_commands(CLI::App& app, Context& ctx) {
    auto list = std::make_shared<bool>(false);
    auto limit = std::make_shared<std::int64_t>(20);
    auto* undo = app.add_subcommand(
        "undo", "Take back the last change (any command, import or restore), exactly");
    undo->add_flag("-l,--list", *list, "Show the journal of changes instead, newest first");
    undo->add_option("-n,--limit", *limit, "With --list: at most N entries (0: all)")
        ->check(CLI::Range(0, 100000000).description("a whole number, 0 or more"))
        ->capture_default_str();
    undo->callback([&ctx, list, limit]() {
        if (*list) return print_list(ctx, *limit == 0 ? -1 : *limit);
        auto format = ctx.format("text|json");
        auto entry = unwrap(undo_last_change(ctx.book(Access::write)));
        if (format == "json") return print_json(ctx, entry_json(entry));
        if (!ctx.options.quiet)
            ctx.out << fmt::format("undid: {} ({})\n", render::visible(entry.summary),
                                   whose(entry));
    });

    auto* redo = app.add_subcommand("redo", "Apply again the change undone last");
    redo->callback([&ctx]() {
        auto format = ctx.format("text|json");
        auto entry = unwrap(redo_change(ctx.book(Access::write)));
        if (format == "json") return print_json(ctx, entry_json(entry));
        if (!ctx.options.quiet)
            ctx.out << fmt::format("redid: {} ({})\n", render::visible(entry.summary),
                                   whose(entry));
    });
}

} // namespace crm::cli
