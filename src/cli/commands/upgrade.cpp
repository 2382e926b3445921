// pipe upgrade: bring the database to this pipe's schema, after a backup of the old version.

#include "commands/commands.hpp"
#include "commands/common.hpp"

#include <chrono>
#include <fmt/format.h>
#include <unistd.h>

namespace crm::cli {

namespace {

// On a terminal, one line per step of the upgrade when it ends, with its time (and rows per
// second where it counts rows), and the rows of the step under way.
class StepLines {
  public:
    StepLines(std::ostream& err, bool enabled) : err_(err), enabled_(enabled) {}
    void update(std::string_view step, std::int64_t done, std::int64_t total) {
        if (!enabled_) return;
        auto now = Clock::now();
        if (step != step_) {
            finish(now);
            step_ = std::string(step);
            started_ = now;
        }
        rows_ = std::max(rows_, done);
        if (total > 0 && now - drawn_at_ > std::chrono::milliseconds(200)) {
            err_ << fmt::format("\r\033[K  {}: {} of {}", step_, done, total) << std::flush;
            drawn_at_ = now;
            drawn_ = true;
        }
    }
    void finish() { finish(Clock::now()); }

  private:
    using Clock = std::chrono::steady_clock;
    void finish(Clock::time_point now) {
        if (!enabled_ || step_.empty()) return;
        auto seconds = std::chrono::duration<double>(now - started_).count();
        if (drawn_) err_ << "\r\033[K";
        err_ << fmt::format("  {:<32} {:7.2f} s", step_, seconds);
        if (rows_ > 0)
            err_ << fmt::format("  {:>9} rows  {:>9.0f} rows/s", rows_,
                                static_cast<double>(rows_) / std::max(seconds, 1e-6));
        err_ << '\n' << std::flush;
        step_.clear();
        rows_ = 0;
        drawn_ = false;
    }
    std::ostream& err_;
    bool enabled_;
    std::string step_;
    std::int64_t rows_ = 0;
    Clock::time_point started_, drawn_at_;
    bool drawn_ = false;
};

} // namespace

void add_upgrade_command(CLI::App& app, Context& ctx) {
    auto* sub = app.add_subcommand(
        "upgrade", "Upgrade the database to this pipe's schema (a backup of the old one first)");
    sub->callback([&ctx]() {
        auto format = ctx.format("text|json");
        auto path = ctx.db_path();
        StepLines lines(ctx.err, !ctx.options.quiet && ::isatty(2) != 0);
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
