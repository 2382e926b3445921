// pipe upgrade: bring the database to this pipe's schema, after a backup of the old version.

#include "commands/commands.hpp"
#include "commands/common.hpp"
#include "render/step_lines.hpp"

#include <fmt/format.h>
#include <unistd.h>

namespace crm::cli {

void add_upgrade_command(CLI::App& app, Context& ctx) {
    auto* sub = app.add_subcommand(
        "upgrade", "Upgrade the database to this pipe's schema (a backup of the old one first)");
    sub->callback([&ctx]() {
        auto format = ctx.format("text|json");
        auto path = ctx.db_path();
        render::StepLines lines(ctx.err, !ctx.options.quiet && ::isatty(2) != 0);
        auto change =
            unwrap(upgrade_database(path, ctx.busy_timeout(), ctx.clock().now(),
                                    [&](std::string_view step, std::int64_t done,
                                        std::int64_t total) { lines.update(step, done, total); }));
        lines.finish();
        bool upgraded = change.to != change.from;
        if (format == "json")
            return print_json(
                ctx, {{"database", path},
                      {"upgraded", upgraded},
                      {"from_version", change.from},
                      {"to_version", change.to},
                      {"backup", change.backup.empty() ? nlohmann::ordered_json(nullptr)
                                                       : nlohmann::ordered_json(change.backup)}});
        if (!upgraded) {
            ctx.out << fmt::format("database {} is at schema version {} already (nothing to do)\n",
                                   path, change.to);
            return;
        }
        ctx.out << fmt::format("upgraded database {} from schema version {} to {}", path,
                               change.from, change.to);
        if (!change.backup.empty())
            ctx.out << fmt::format("; the old version is kept in {}", change.backup);
        ctx.out << '\n';
    });
}

} // namespace crm::cli
