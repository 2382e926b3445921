// pipe task list|show|done|snooze|edit|rm: planned activities, whatever they are on.

#include "commands/commands.hpp"
#include "commands/common.hpp"
#include "commands/plan_commands.hpp"
#include "render/csv.hpp"
#include "render/records.hpp"
#include "render/task_views.hpp"

#include <fmt/format.h>

namespace crm::cli {

namespace {

// The text list shows this many unless told otherwise; data formats show them all.
constexpr std::int64_t text_limit = 100;

void report(Context& ctx, Book& book, std::int64_t id, const std::string& what) {
    auto task = unwrap(get_task(book, id));
    if (ctx.format("text|json") == "json") return print_json(ctx, render::task_json(task));
    if (!ctx.options.quiet) ctx.out << what << ' ' << render::task_line(task, book.today()) << '\n';
}

std::vector<std::string> task_row(const Task& t) {
    const auto& a = t.activity;
    auto s = a.subject();
    return {std::to_string(a.id),
            std::string(to_string(s.kind)),
            std::to_string(s.id),
            t.subject_title,
            a.kind,
            a.due ? format_date(*a.due) : "",
            a.time ? format_time_of_day(*a.time) : "",
            a.duration ? std::to_string(a.duration->count()) : "",
            a.text,
            std::to_string(a.snoozes)};
}

void add_list(CLI::App* task, Context& ctx) {
    struct Opts {
        bool overdue = false, today = false, week = false, all = false;
        std::int64_t deal = 0, lead = 0, person = 0, org = 0;
        std::int64_t limit = -1;
    };
    std::shared_ptr<Opts> o;
    auto* sub = verb(task, "list", "List planned activities, soonest first", o, [&ctx](Opts& o) {
        auto format = ctx.format("text|json|csv|tsv");
        TaskQuery q;
        if (o.overdue + o.today + o.week > 1)
            throw CommandError{
                Error{"give one of --overdue, --today and --week", "pipe task list --week", 2}};
        if (o.overdue) q.span = TaskQuery::Span::overdue;
        if (o.today) q.span = TaskQuery::Span::today;
        if (o.week) q.span = TaskQuery::Span::week;
        if ((o.deal > 0) + (o.lead > 0) + (o.person > 0) + (o.org > 0) > 1)
            throw CommandError{Error{"give one of --deal, --lead, --person and --org",
                                     "pipe task list --deal 4", 2}};
        auto& book = ctx.book(Access::read);
        if (o.deal) q.subject = Subject{Subject::Kind::deal, o.deal};
        if (o.lead) q.subject = Subject{Subject::Kind::lead, o.lead};
        if (o.person) q.subject = Subject{Subject::Kind::person, o.person};
        if (o.org) q.subject = Subject{Subject::Kind::organization, o.org};
        if (o.limit >= 0)
            q.limit = o.limit;
        else if (format == "text" && !o.all)
            q.limit = text_limit;
        auto list = unwrap(list_tasks(book, q));
        if (format == "json") {
            auto rows = nlohmann::ordered_json::array();
            for (const auto& t : list.tasks) rows.push_back(render::task_json(t));
            return print_json(ctx, rows);
        }
        if (format == "csv" || format == "tsv") {
            char sep = format == "csv" ? ',' : '\t';
            ctx.out << render::csv_row({"id", "subject", "subject_id", "title", "kind", "due",
                                        "time", "duration_minutes", "text", "snoozes"},
                                       sep);
            for (const auto& t : list.tasks) ctx.out << render::csv_row(task_row(t), sep);
            return;
        }
        ctx.out << render::task_table(list, book.today(), ctx.style(), ctx.width());
    });
    sub->add_flag("--overdue", o->overdue, "Only those due before today");
    sub->add_flag("--today", o->today, "Only those due today");
    sub->add_flag("--week", o->week, "Only those due today or in the 6 days after");
    ref_option(sub, ctx, "--deal", o->deal, "deal", "Only the plans of this deal (id or name)");
    ref_option(sub, ctx, "--lead", o->lead, "lead", "Only the plans of this lead (id or name)");
    ref_option(sub, ctx, "--person", o->person, "person",
               "Only the plans of this person (id or name)");
    ref_option(sub, ctx, "--org", o->org, "organization",
               "Only the plans of this organization (id or name)");
    sub->add_option("-n,--limit", o->limit,
                    fmt::format("Show at most N (text shows {} unless --all)", text_limit))
        ->check(CLI::Range(0, 100000000).description("a whole number, 0 or more"));
    sub->add_flag("--all", o->all, "Show every one (the text list stops at 100)");
}

void add_show(CLI::App* task, Context& ctx) {
    struct Opts {
        std::int64_t id = 0;
    };
    std::shared_ptr<Opts> o;
    auto* sub =
        verb(task, "show", "Show one activity: planned, done or cancelled", o, [&ctx](Opts& o) {
            auto format = ctx.format("text|json");
            auto& book = ctx.book(Access::read);
            auto t = unwrap(get_task(book, o.id));
            if (format == "json") return print_json(ctx, render::task_json(t));
            ctx.out << render::task_details(t, book.today(), ctx.style());
        });
    id_argument(sub, o->id, "task");
}

void add_done(CLI::App* task, Context& ctx) {
    struct Opts {
        std::int64_t id = 0;
        DoneOptions done;
    };
    std::shared_ptr<Opts> o;
    auto* sub = verb(
        task, "done", "Mark a planned activity done (it becomes a logged one)", o, [&ctx](Opts& o) {
            auto& book = ctx.book(Access::write);
            auto logged = unwrap(complete_task(book, o.id, o.done));
            report(ctx, book, o.id, "done:");
            if (logged.cleared_follow_up && logged.activity.lead_id)
                ctx.note(fmt::format("cleared the follow-up of lead {} ({}); --keep keeps it, pipe "
                                     "undo brings it back",
                                     *logged.activity.lead_id,
                                     format_date(*logged.cleared_follow_up)));
        });
    id_argument(sub, o->id, "task");
    optional_text(sub, "--note", o->done.note, "What came of it, e.g. \"Agreed on a pilot\"");
    sub->add_flag("--keep", o->done.keep_follow_up,
                  "Keep the lead's follow-up date that a done call, email or meeting clears");
}

void add_snooze(CLI::App* task, Context& ctx) {
    struct Opts {
        std::int64_t id = 0;
        std::string when;
    };
    std::shared_ptr<Opts> o;
    auto* sub = verb(task, "snooze", "Put a planned activity off to another day (and time)", o,
                     [&ctx](Opts& o) {
                         auto& book = ctx.book(Access::write);
                         unwrap(snooze_task(book, o.id, o.when));
                         report(ctx, book, o.id, "snoozed");
                     });
    id_argument(sub, o->id, "task");
    sub->add_option("when", o->when, "The new day: +2d, mon, tomorrow 9am, 15/03")->required();
}

void add_edit(CLI::App* task, Context& ctx) {
    struct Opts {
        std::int64_t id = 0;
        TaskEdit edit;
    };
    std::shared_ptr<Opts> o;
    auto* sub = verb(task, "edit", "Change a planned activity", o, [&ctx](Opts& o) {
        auto& book = ctx.book(Access::write);
        auto a = unwrap(edit_task(book, o.id, o.edit));
        report(ctx, book, o.id, "changed");
        if (o.edit.due && ctx.format("text|json") == "text") warn_if_past(ctx, a, book.today());
    });
    id_argument(sub, o->id, "task");
    optional_text(sub, "--kind", o->edit.kind, "call, email, meeting or task");
    optional_text(sub, "--text", o->edit.text, "What to do");
    optional_text(sub, "-d,--due", o->edit.due, "A new due date (with a time: that too)");
    optional_text(sub, "--at", o->edit.time, "A new time of day, or none");
    optional_text(sub, "--for", o->edit.duration, "A new duration, or none");
}

void add_rm(CLI::App* task, Context& ctx) {
    struct Opts {
        std::int64_t id = 0;
    };
    std::shared_ptr<Opts> o;
    auto* sub =
        verb(task, "rm", "Remove an activity (pipe undo brings it back)", o, [&ctx](Opts& o) {
            auto& book = ctx.book(Access::write);
            auto before = unwrap(get_task(book, o.id));
            auto removed = unwrap(remove_task(book, o.id));
            if (ctx.format("text|json") == "json")
                return print_json(ctx, render::task_json(before));
            if (ctx.options.quiet) return;
            ctx.out << "removed " << render::task_line(before, book.today()) << '\n';
            ctx.note("pipe undo brings it back");
            (void)removed;
        });
    id_argument(sub, o->id, "task");
}

} // namespace

void add_task_commands(CLI::App& app, Context& ctx) {
    auto* task =
        app.add_subcommand("task", "Planned activities: list, show, done, snooze, edit, rm");
    task->require_subcommand(1);
    add_list(task, ctx);
    add_show(task, ctx);
    add_done(task, ctx);
    add_snooze(task, ctx);
    add_edit(task, ctx);
    add_rm(task, ctx);
}

} // namespace crm::cli
