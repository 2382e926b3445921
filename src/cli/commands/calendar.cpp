// pipe calendar: the iCalendar feed of planned activities, expected closes and follow-ups.

#include "arguments.hpp"
#include "commands/calendar_commands.hpp"
#include "commands/commands.hpp"
#include "commands/common.hpp"
#include "pipe/files.hpp"
#include "render/ical.hpp"
#include "render/visible.hpp"

#include <fmt/format.h>

namespace crm::cli {

void write_calendar(Context& ctx, Book& book, int days, const std::optional<std::string>& path,
                    const DealFilter& deals) {
    auto feed = unwrap(calendar_feed(book, days, deals));
    auto text = render::ical_feed(feed);
    if (!path) {
        ctx.out << text;
        ctx.out.flush();
        return;
    }
    if (is_database_file(*path, ctx.db_path()))
        throw CommandError{Error{
            fmt::format("-o {}: that is the database, or a file SQLite keeps beside it", *path),
            "write the calendar to another file"}};
    auto file = unwrap(OutputFile::create(*path));
    file.stream() << text;
    unwrap(file.commit());
    auto plans = static_cast<std::int64_t>(feed.plans.size());
    auto dates = static_cast<std::int64_t>(feed.closes.size() + feed.follow_ups.size());
    ctx.note(fmt::format("wrote {} and {} to {}",
                         render::counted(plans, "planned activity", "planned activities"),
                         render::counted(dates, "close or follow-up date"), *path));
}

void add_calendar_command(CLI::App& app, Context& ctx) {
    struct Opts {
        int days = 30;
        std::optional<std::string> output;
        DealFilter deals;
    };
    auto o = std::make_shared<Opts>();
    auto* sub = app.add_subcommand(
        "calendar", "Write an iCalendar feed of planned activities, closes and follow-ups");
    sub->add_option("-d,--days", o->days, "Days ahead to cover (and the 14 days before today)")
        ->check(CLI::Range(0, 366))
        ->capture_default_str();
    file_option(optional_text(sub, "-o,--output", o->output,
                              "Write to this file, replaced whole (a calendar app can subscribe "
                              "to it)"));
    optional_text(sub, "--pipeline", o->deals.pipeline, "Only the deals of this pipeline");
    optional_text(sub, "--owner", o->deals.owner, "Only the deals of this owner (any case)");
    optional_text(sub, "--org", o->deals.organization,
                  "Only the deals of this organization (id, name or unique prefix)");
    sub->callback([&ctx, o]() {
        ctx.format("ics", "ics");
        auto& book = ctx.book(Access::read);
        write_calendar(ctx, book, o->days, o->output, o->deals);
    });
}

} // namespace crm::cli
