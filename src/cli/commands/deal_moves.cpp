// pipe deal move|won|lost|reopen|next: a deal's way through the pipeline.

#include "commands/common.hpp"
#include "commands/deal_commands.hpp"
#include "render/deal_views.hpp"
#include "render/records.hpp"
#include "render/visible.hpp"

#include <fmt/format.h>
#include <iostream>
#include <unistd.h>

namespace crm::cli {

namespace {

void report(Context& ctx, const Deal& deal, const std::string& what) {
    if (ctx.format("text|json") == "json")
        return print_json(ctx, render::deal_json(deal, ctx.stages()));
    if (ctx.options.quiet) return;
    auto style = ctx.style();
    std::string line = render::visible(what);
    if (deal.status == DealStatus::won) line = style.green(line);
    if (deal.status == DealStatus::lost) line = style.red(line);
    ctx.out << line << ' ' << render::deal_summary(deal) << '\n';
}

// A lost reason that the stage file's list of lost reasons does not hold is kept, with a
// warning naming the list.
void warn_unlisted_reason(Context& ctx, const Deal& deal) {
    const auto& config = ctx.stages();
    if (deal.status != DealStatus::lost || config.lost_reasons.empty() ||
        config.lost_reason(deal.lost_reason))
        return;
    std::string list;
    for (const auto& r : config.lost_reasons) list += (list.empty() ? "" : ", ") + r;
    ctx.warn(fmt::format("\"{}\" is not one of the lost reasons in {} ({})", deal.lost_reason,
                         config.source, list));
}

void add_move(CLI::App* deal, Context& ctx) {
    struct Opts {
        std::int64_t id = 0;
        std::string stage, note;
    };
    std::shared_ptr<Opts> o;
    auto* sub = verb(deal, "move", "Move a deal to a stage, forward or back (won/lost close it)", o,
                     [&ctx](Opts& opts) {
                         auto& book = ctx.book(Access::write);
                         auto moved = unwrap(move_deal(book, opts.id, opts.stage, opts.note));
                         warn_unlisted_reason(ctx, moved);
                         report(ctx, moved, "moved");
                     });
    id_argument(sub, ctx, o->id, "deal");
    sub->add_option("stage", o->stage, "Stage name or unique prefix, case-insensitive")->required();
    sub->add_option("--note,--reason", o->note, "Why (required when moving into the lost stage)");
}

void add_won(CLI::App* deal, Context& ctx) {
    struct Opts {
        std::int64_t id = 0;
        std::optional<std::string> value, date;
    };
    std::shared_ptr<Opts> o;
    auto* sub = verb(deal, "won", "Mark a deal won", o, [&ctx](Opts& opts) {
        auto& book = ctx.book(Access::write);
        report(ctx, unwrap(win_deal(book, opts.id, opts.value, opts.date)), "won");
    });
    id_argument(sub, ctx, o->id, "deal");
    optional_text(sub, "-v,--value", o->value, "Final value, if it changed");
    optional_text(sub, "--date", o->date, "Close date if not today (today or earlier)");
}

void add_lost(CLI::App* deal, Context& ctx) {
    struct Opts {
        std::int64_t id = 0;
        std::string reason;
    };
    std::shared_ptr<Opts> o;
    auto* sub = verb(deal, "lost", "Mark a deal lost, with a reason", o, [&ctx](Opts& opts) {
        auto& book = ctx.book(Access::write);
        auto lost = unwrap(lose_deal(book, opts.id, opts.reason));
        warn_unlisted_reason(ctx, lost);
        report(ctx, lost, "lost");
    });
    id_argument(sub, ctx, o->id, "deal");
    sub->add_option("-r,--reason", o->reason, "Why it was lost: price, timing, competitor, ...")
        ->required();
}

void add_reopen(CLI::App* deal, Context& ctx) {
    struct Opts {
        std::int64_t id = 0;
        std::optional<std::string> stage;
    };
    std::shared_ptr<Opts> o;
    auto* sub = verb(deal, "reopen", "Reopen a won or lost deal", o, [&ctx](Opts& opts) {
        auto& book = ctx.book(Access::write);
        report(ctx, unwrap(reopen_deal(book, opts.id, opts.stage)), "reopened");
    });
    id_argument(sub, ctx, o->id, "deal");
    optional_text(sub, "-s,--stage", o->stage,
                  "Open stage to reopen into (default: where it was before closing)");
}

// On a terminal, completing a step asks for the next one (empty skips).
void ask_next_step(Context& ctx, Book& book, std::int64_t id) {
    std::string step, due;
    ctx.out << "Next step (empty to skip): " << std::flush;
    if (!std::getline(std::cin, step) || step.empty()) return;
    ctx.out << "Due (e.g. fri, +3d; empty for none): " << std::flush;
    std::getline(std::cin, due);
    auto deal = unwrap(set_next_step(book, id, step,
                                     due.empty() ? std::nullopt : std::optional<std::string>(due)));
    report(ctx, deal, "next step set for");
}

void add_next(CLI::App* deal, Context& ctx) {
    struct Opts {
        std::int64_t id = 0;
        std::optional<std::string> text, due;
        bool done = false;
    };
    std::shared_ptr<Opts> o;
    auto* sub = verb(
        deal, "next", "Set a deal's next step, or complete it with --done", o, [&ctx](Opts& opts) {
            if (opts.done && opts.text)
                throw CommandError{Error{"give either a next step or --done, not both",
                                         fmt::format("pipe deal next {} --done", opts.id), 2}};
            if (!opts.done && !opts.text)
                throw CommandError{Error{
                    "no next step given",
                    fmt::format("pipe deal next {} \"Send the proposal\" --due fri", opts.id), 2}};
            auto& book = ctx.book(Access::write);
            if (opts.done) {
                auto before = unwrap(get_deal(book, opts.id));
                auto deal = unwrap(complete_next_step(book, opts.id));
                report(ctx, deal, "done: " + before.next_step + " ·");
                if (::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO) &&
                    ctx.format("text|json") == "text")
                    ask_next_step(ctx, book, opts.id);
                return;
            }
            report(ctx, unwrap(set_next_step(book, opts.id, *opts.text, opts.due)),
                   "next step set for");
        });
    id_argument(sub, ctx, o->id, "deal");
    optional_text(sub, "text", o->text, "What to do next, e.g. \"Send the proposal\"");
    optional_text(sub, "-d,--due", o->due, "Due date: 2026-03-31, tomorrow, fri, +3d");
    sub->add_flag("--done", o->done, "Mark the current next step done (logged as a task)");
}

} // namespace

void add_deal_move_commands(CLI::App* deal, Context& ctx) {
    add_move(deal, ctx);
    add_won(deal, ctx);
    add_lost(deal, ctx);
    add_reopen(deal, ctx);
    add_next(deal, ctx);
}

} // namespace crm::cli
