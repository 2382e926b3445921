// pipe trash [empty], pipe deal restore, pipe lead restore.

#include "pipe/trash.hpp"
#include "commands/commands.hpp"
#include "commands/common.hpp"
#include "render/deal_views.hpp"
#include "render/lead_views.hpp"
#include "render/records.hpp"
#include "render/table.hpp"
#include "render/visible.hpp"

#include <fmt/format.h>

namespace crm::cli {

namespace {

void print_trash(Context& ctx) {
    auto format = ctx.format("text|json");
    auto items = unwrap(list_trash(ctx.book(Access::read)));
    if (format == "json") {
        auto rows = nlohmann::ordered_json::array();
        for (const auto& t : items)
            rows.push_back({{"kind", t.kind},
                            {"id", t.id},
                            {"title", t.title},
                            {"removed_at", format_timestamp(t.removed_at)},
                            {"events", t.events},
                            {"activities", t.activities}});
        return print_json(ctx, rows);
    }
    if (items.empty()) {
        ctx.note("the trash is empty");
        return;
    }
    render::Table table({{"Kind"},
                         {"ID", render::Align::right},
                         {"Title", render::Align::left, true},
                         {"Removed"},
                         {"History", render::Align::right},
                         {"Activities", render::Align::right},
                         {"Restore with"}});
    for (const auto& t : items)
        table.add_row(
            {t.kind, std::to_string(t.id), render::visible(t.title),
             format_local_datetime(t.removed_at), std::to_string(t.events),
             std::to_string(t.activities),
             fmt::format("pipe {} restore {}", t.kind == "organization" ? "org" : t.kind, t.id)});
    ctx.out << table.render(ctx.width());
    ctx.out << fmt::format("{} in the trash · pipe trash empty deletes them for good\n",
                           render::counted(static_cast<std::int64_t>(items.size()), "record"));
}

void add_restore(CLI::App* group, Context& ctx, bool deal) {
    auto id = std::make_shared<std::int64_t>(0);
    std::string noun = deal ? "deal" : "lead";
    auto* sub = group->add_subcommand(
        "restore", fmt::format("Bring a removed {} back from the trash, with its history", noun));
    id_argument(sub, *id, noun);
    sub->callback([&ctx, id, deal]() {
        auto format = ctx.format("text|json");
        auto& book = ctx.book(Access::write);
        if (deal) {
            auto d = unwrap(restore_deal(book, *id));
            if (format == "json") return print_json(ctx, render::deal_json(d, ctx.stages()));
            if (ctx.options.quiet) return void(ctx.out << d.id << '\n');
            ctx.out << "restored " << render::deal_summary(d) << '\n';
        } else {
            auto l = unwrap(restore_lead(book, *id));
            if (format == "json") return print_json(ctx, render::lead_json(l));
            if (ctx.options.quiet) return void(ctx.out << l.id << '\n');
            ctx.out << "restored " << render::lead_summary(l) << '\n';
        }
    });
}

} // namespace

void add_trash_commands(CLI::App& app, Context& ctx) {
    auto* trash = app.add_subcommand(
        "trash",
        "List removed deals, leads, people and organizations (pipe deal restore ID brings one "
        "back)");
    trash->callback([&ctx, trash]() {
        if (trash->get_subcommands().empty()) print_trash(ctx);
    });
    auto older = std::make_shared<std::optional<std::string>>();
    auto* empty = trash->add_subcommand("empty", "Delete what is in the trash for good");
    optional_text(empty, "--older-than", *older,
                  "Only what was removed longer ago than this: 30d, 2w, 6m");
    empty->callback([&ctx, older]() {
        auto format = ctx.format("text|json");
        auto done = unwrap(empty_trash(ctx.book(Access::write), *older));
        if (format == "json")
            return print_json(ctx, {{"deals", done.deals},
                                    {"leads", done.leads},
                                    {"people", done.people},
                                    {"organizations", done.organizations}});
        std::string what = fmt::format("{} and {}", render::counted(done.deals, "deal"),
                                       render::counted(done.leads, "lead"));
        if (done.people + done.organizations > 0)
            what = fmt::format("{}, {}, {} and {}", render::counted(done.deals, "deal"),
                               render::counted(done.leads, "lead"),
                               render::counted(done.people, "person", "people"),
                               render::counted(done.organizations, "organization"));
        ctx.note(fmt::format("deleted {} for good (pipe undo takes it back)", what));
    });
    if (auto* deal = find_subcommand(app, "deal")) add_restore(deal, ctx, true);
    if (auto* lead = find_subcommand(app, "lead")) add_restore(lead, ctx, false);
}

} // namespace crm::cli
