// pipe deal|lead|person|org plan: plan a call, email, meeting or task with a due date.

#include "commands/common.hpp"
#include "commands/plan_commands.hpp"
#include "render/task_views.hpp"

#include <fmt/format.h>

namespace crm::cli {

namespace {

void add_plan(CLI::App* group, Context& ctx, Subject::Kind kind) {
    struct Opts {
        std::int64_t id = 0;
        PlanInput plan;
        std::optional<std::string> time, duration;
    };
    std::string noun(to_string(kind));
    std::shared_ptr<Opts> o;
    auto* sub =
        verb(group, "plan", "Plan a call, email, meeting or task with a due date (and time)", o,
             [&ctx, kind](Opts& opts) {
                 opts.plan.time = opts.time;
                 opts.plan.duration = opts.duration;
                 auto& book = ctx.book(Access::write);
                 auto planned = unwrap(plan_activity(book, {kind, opts.id}, opts.plan));
                 auto task = unwrap(get_task(book, planned.id));
                 if (ctx.format("text|json") == "json")
                     return print_json(ctx, render::task_json(task));
                 if (ctx.options.quiet) {
                     ctx.out << planned.id << '\n';
                     return;
                 }
                 ctx.out << "planned " << render::task_line(task, book.today()) << '\n';
                 warn_if_past(ctx, planned, book.today());
             });
    id_argument(sub, ctx, o->id, noun);
    sub->add_option("kind", o->plan.kind, "call, email, meeting or task")->required();
    sub->add_option("text", o->plan.text, "What to do, e.g. \"Call the CFO about the budget\"")
        ->required();
    optional_text(sub, "-d,--due", o->plan.due,
                  "When: 2026-03-31, fri, next fri, +3d, 15/03, tomorrow 9am (see pipe(1))")
        ->required();
    optional_text(sub, "--at", o->time, "Time of day: 14:30, 2pm");
    optional_text(sub, "--for", o->duration, "How long: 30m, 1h, 1h30");
}

} // namespace

void warn_if_past(Context& ctx, const Activity& a, Date today) {
    if (a.due && *a.due < today)
        ctx.warn(fmt::format("task {} is due {}, which has passed: it is overdue already", a.id,
                             format_date(*a.due)));
}

void add_plan_commands(CLI::App& app, Context& ctx) {
    for (auto [name, kind] : {std::pair{"deal", Subject::Kind::deal},
                              {"lead", Subject::Kind::lead},
                              {"person", Subject::Kind::person},
                              {"org", Subject::Kind::organization}})
        if (auto* group = find_subcommand(app, name)) add_plan(group, ctx, kind);
}

} // namespace crm::cli
