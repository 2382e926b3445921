// pipe deal move|won|lost|reopen|next: a deal's way through the pipeline.

#include "commands/common.hpp"
#include "commands/deal_commands.hpp"
#include "commands/plan_commands.hpp"
#include "render/command_line.hpp"
#include "render/deal_views.hpp"
#include "render/records.hpp"
#include "render/visible.hpp"

#include <fmt/format.h>
#include <iostream>
#include <unistd.h>

namespace crm::cli {

namespace {

bool text_is_blank(const std::string& s) {
    return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

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

// `what` and the deal, then what its next step is now.
void report_next(Context& ctx, const Deal& deal, const std::string& what, Date today) {
    if (ctx.format("text|json") == "json" || ctx.options.quiet) return report(ctx, deal, what);
    ctx.out << render::visible(what) << ' ' << render::deal_summary(deal)
            << " · next: " << render::visible(render::next_step_cell(deal, today)) << '\n';
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

// On a terminal, completing a step asks for the next one and its date first (a date it cannot
// read asks again, keeping the step); empty skips. Nothing is written before.
std::optional<PlanInput> ask_next_step(Context& ctx, const Book& book) {
    std::string step, due;
    ctx.out << "Next step (empty to skip): " << std::flush;
    if (!std::getline(std::cin, step) || text_is_blank(step)) return std::nullopt;
    while (true) {
        ctx.out << "Due (fri, +3d, 15 Mar, tomorrow 9am; empty skips): " << std::flush;
        if (!std::getline(std::cin, due) || text_is_blank(due)) return std::nullopt;
        auto when = read_due(book, due);
        if (when) break;
        ctx.error_line("pipe: due date: " + render::error_text(when.error()));
    }
    return PlanInput{"task", step, due, {}, {}};
}

void add_next(CLI::App* deal, Context& ctx) {
    struct Opts {
        std::int64_t id = 0;
        std::optional<std::string> text, due, time, duration, note;
        bool done = false, clear = false;
    };
    std::shared_ptr<Opts> o;
    auto* sub = verb(
        deal, "next",
        "Plan a deal's next step, move it (--due), drop it (--clear) or do it (--done)", o,
        [&ctx](Opts& opts) {
            auto usage = [&](std::string what, std::string fix) {
                throw CommandError{Error{std::move(what), std::move(fix), 2}};
            };
            auto example =
                fmt::format("pipe deal next {} \"Send the proposal\" --due fri", opts.id);
            if (opts.done + opts.clear > 1) usage("give --done or --clear, not both", example);
            if ((opts.done || opts.clear) && (opts.text || opts.due || opts.time || opts.duration))
                usage(fmt::format("--{} takes no step or date", opts.done ? "done" : "clear"),
                      fmt::format("pipe deal next {} --{}", opts.id, opts.done ? "done" : "clear"));
            if (opts.note && !opts.done)
                usage("--note goes with --done",
                      fmt::format("pipe deal next {} --done --note …", opts.id));
            if (!opts.done && !opts.clear && !opts.text && !opts.due)
                usage("no next step given", example);
            if (!opts.text && (opts.time || opts.duration) && !opts.due)
                usage("--at and --for go with a step or --due", example);
            auto& book = ctx.book(Access::write);
            if (opts.clear)
                return report_next(ctx, unwrap(drop_next_step(book, opts.id)),
                                   "next step dropped for", book.today());
            if (opts.done) {
                auto step = unwrap(next_step_of(book, opts.id));
                if (!step)
                    throw CommandError{
                        Error{fmt::format("deal {} has no next step to complete", opts.id),
                              fmt::format("pipe deal next {} \"…\" --due …", opts.id)}};
                std::optional<PlanInput> next;
                bool ask = ::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO) &&
                           ctx.format("text|json") == "text" && !ctx.options.quiet;
                if (ask) {
                    ctx.out << render::visible("Completing: " + step->text) << '\n';
                    next = ask_next_step(ctx, book);
                }
                auto deal = unwrap(complete_and_plan(book, opts.id, opts.note, next));
                report(ctx, deal, "done: " + step->text + " ·");
                if (next && ctx.format("text|json") == "text")
                    report_next(ctx, deal, "next step set for", book.today());
                return;
            }
            if (!opts.text)
                return report_next(ctx, unwrap(reschedule_next_step(book, opts.id, *opts.due)),
                                   "next step moved for", book.today());
            if (text_is_blank(*opts.text)) usage("the next step is empty", example);
            PlanInput plan{"task", *opts.text, opts.due, opts.time, opts.duration};
            auto planned = unwrap(plan_activity(book, {Subject::Kind::deal, opts.id}, plan));
            report_next(ctx, unwrap(get_deal(book, opts.id)), "next step set for", book.today());
            if (ctx.format("text|json") == "text") warn_if_past(ctx, planned, book.today());
        });
    id_argument(sub, ctx, o->id, "deal");
    optional_text(sub, "text", o->text, "What to do next, e.g. \"Send the proposal\"");
    optional_text(sub, "-d,--due", o->due,
                  "Due date: 2026-03-31, tomorrow, fri, +3d; alone, moves the next step there");
    optional_text(sub, "--at", o->time, "Time of day: 14:30, 2pm");
    optional_text(sub, "--for", o->duration, "How long: 30m, 1h");
    sub->add_flag("--done", o->done,
                  "Mark the next step done (asks for the one after on a terminal)");
    optional_text(sub, "--note", o->note, "With --done: what came of it");
    sub->add_flag("--clear", o->clear, "Drop the next step (cancelled, kept in the history)");
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
