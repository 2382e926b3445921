// pipe agenda: the morning screen.

#include "commands/commands.hpp"
#include "commands/common.hpp"
#include "render/agenda_view.hpp"

namespace crm::cli {

void add_agenda_commands(CLI::App& app, Context& ctx) {
    struct Opts {
        int days = 7;
        std::size_t limit = 20;
        DealFilter deals;
    };
    auto o = std::make_shared<Opts>();
    auto* agenda = app.add_subcommand(
        "agenda", "Follow-ups and next steps due, overdue, rotting and stuck deals");
    agenda->add_option("-d,--days", o->days, "Look this many days ahead for upcoming next steps")
        ->check(CLI::Range(0, 366))
        ->capture_default_str();
    agenda->add_option("-n,--limit", o->limit, "Show at most N items per group")
        ->capture_default_str();
    optional_text(agenda, "--pipeline", o->deals.pipeline, "Only the deals of this pipeline");
    optional_text(agenda, "--owner", o->deals.owner, "Only the deals of this owner (any case)");
    optional_text(agenda, "--org", o->deals.organization,
                  "Only the deals of this organization (id, name or unique prefix)");
    agenda->callback([&ctx, o]() {
        auto format = ctx.format("text|json|md");
        auto& book = ctx.book(Access::read);
        auto result = unwrap(build_agenda(book, o->days, o->limit, o->deals));
        if (format == "json") return print_json(ctx, render::agenda_json(result));
        if (format == "md") {
            ctx.out << render::agenda_markdown(result);
            return;
        }
        ctx.out << render::agenda_text(result, ctx.style(), ctx.width());
    });
}

} // namespace crm::cli
