// pipe agenda: the morning screen (also as an iCalendar feed, or what is due in the next minutes).

#include "commands/calendar_commands.hpp"
#include "commands/commands.hpp"
#include "commands/common.hpp"
#include "render/agenda_view.hpp"

namespace crm::cli {

void add_agenda_commands(CLI::App& app, Context& ctx) {
    struct Opts {
        AgendaOptions agenda;
        std::optional<std::string> window;
    };
    auto o = std::make_shared<Opts>();
    auto* agenda = app.add_subcommand(
        "agenda", "Follow-ups and planned activities due, overdue, rotting and stuck deals");
    agenda->add_option("-d,--days", o->agenda.days, "Look this many days ahead for upcoming plans")
        ->check(CLI::Range(0, 366))
        ->capture_default_str();
    agenda->add_option("-n,--limit", o->agenda.limit, "Show at most N items per group")
        ->capture_default_str();
    agenda->add_flag("--due-now", o->agenda.due_now,
                     "Only the plans whose time comes in the next 15 minutes (--window), for a "
                     "notifier");
    optional_text(agenda, "--window", o->window, "With --due-now: how far ahead (15m, 1h)");
    optional_text(agenda, "--pipeline", o->agenda.deals.pipeline,
                  "Only the deals of this pipeline");
    optional_text(agenda, "--owner", o->agenda.deals.owner,
                  "Only the deals of this owner (any case)");
    optional_text(agenda, "--org", o->agenda.deals.organization,
                  "Only the deals of this organization (id, name or unique prefix)");
    agenda->callback([&ctx, o]() {
        auto format = ctx.format("text|json|md|ics");
        if (o->window) {
            if (!o->agenda.due_now)
                throw CommandError{
                    Error{"--window goes with --due-now", "pipe agenda --due-now --window 15m", 2}};
            auto window = parse_duration(*o->window);
            if (!window)
                throw CommandError{
                    Error{"--window: " + window.error().what, window.error().hint, 2}};
            o->agenda.window = *window;
        }
        auto& book = ctx.book(Access::read);
        if (format == "ics") {
            if (o->agenda.due_now)
                throw CommandError{Error{"--due-now has no iCalendar form",
                                         "pipe agenda --due-now --format json", 2}};
            return write_calendar(ctx, book, o->agenda.days, std::nullopt, o->agenda.deals);
        }
        auto result = unwrap(build_agenda(book, o->agenda));
        if (format == "json") return print_json(ctx, render::agenda_json(result));
        if (format == "md") {
            ctx.out << render::agenda_markdown(result);
            return;
        }
        ctx.out << render::agenda_text(result, ctx.style(), ctx.width());
    });
}

} // namespace crm::cli
