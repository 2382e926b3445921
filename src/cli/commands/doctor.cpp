// pipe doctor [--fix]: check the book, repair what can be repaired.

#include "pipe/doctor.hpp"
#include "commands/commands.hpp"
#include "commands/common.hpp"
#include "render/visible.hpp"

#include <fmt/format.h>

namespace crm::cli {

namespace {

std::string size_text(std::int64_t bytes) {
    if (bytes < 10 * 1024) return fmt::format("{} bytes", bytes);
    if (bytes < 10 * 1024 * 1024) return fmt::format("{} KiB", bytes / 1024);
    return fmt::format("{} MiB", bytes / (1024 * 1024));
}

void print_report(Context& ctx, const DoctorReport& r, bool fixed) {
    if (ctx.format("text|json") == "json") {
        nlohmann::ordered_json j;
        j["database"] = ctx.db_path();
        j["ok"] = r.findings.empty();
        j["findings"] = nlohmann::ordered_json::array();
        for (const auto& f : r.findings)
            j["findings"].push_back(
                {{"area", f.area}, {"problem", f.problem}, {"fix", f.fix}, {"fixable", f.fixable}});
        j["counts"] = {{"deals", r.deals},
                       {"leads", r.leads},
                       {"events", r.events},
                       {"activities", r.activities},
                       {"trash", r.trash}};
        j["journal"] = {{"entries", r.journal.entries},
                        {"undoable", r.journal.undoable},
                        {"redoable", r.journal.redoable},
                        {"rows", r.journal.rows},
                        {"bytes", r.journal.bytes},
                        {"oldest", r.journal.oldest
                                       ? nlohmann::ordered_json(format_timestamp(*r.journal.oldest))
                                       : nlohmann::ordered_json(nullptr)}};
        if (fixed) j["repaired_rows"] = r.repaired;
        return print_json(ctx, j);
    }
    auto style = ctx.style();
    ctx.out << style.bold("pipe doctor") << " · " << render::visible(ctx.db_path()) << '\n';
    if (fixed)
        ctx.out << fmt::format("  repaired    {} rows rebuilt (pipe undo takes it back)\n",
                               r.repaired);
    ctx.out << fmt::format("  book        {} · {} · {} · {} · {} in the trash\n",
                           render::counted(r.deals, "deal"), render::counted(r.leads, "lead"),
                           render::counted(r.events, "history row"),
                           render::counted(r.activities, "activity", "activities"), r.trash);
    const auto& j = r.journal;
    ctx.out << fmt::format("  journal     {} ({} can be undone, {} redone) · {} · {}{}\n",
                           render::counted(j.entries, "change"), j.undoable, j.redoable,
                           render::counted(j.rows, "row"), size_text(j.bytes),
                           j.oldest ? " · since " + format_local_datetime(*j.oldest) : "");
    for (const char* area : {"file", "derived", "links", "stages", "ids", "journal"}) {
        bool any = false;
        for (const auto& f : r.findings)
            if (f.area == area) {
                ctx.out << fmt::format("  {:<10}  {} — {}\n", area,
                                       style.red(render::visible(f.problem)),
                                       render::visible(f.fix));
                any = true;
            }
        if (!any) ctx.out << fmt::format("  {:<10}  {}\n", area, style.green("ok"));
    }
}

} // namespace

void add_doctor_commands(CLI::App& app, Context& ctx) {
    auto fix = std::make_shared<bool>(false);
    auto* doctor = app.add_subcommand(
        "doctor",
        "Check the book (file, derived tables, links, stages, ids, journal); --fix repairs");
    doctor->add_flag("--fix", *fix,
                     "Rebuild the derived tables, clear dangling links, raise id counters "
                     "(one change: pipe undo takes it back)");
    doctor->callback([&ctx, fix]() {
        auto& book = ctx.book(*fix ? Access::write : Access::read);
        auto report = unwrap(*fix ? fix_book(book) : check_book(book));
        print_report(ctx, report, *fix);
        if (!report.findings.empty())
            throw CommandError{Error{
                render::counted(static_cast<std::int64_t>(report.findings.size()), "problem") +
                    " found",
                *fix ? "the ones left need the fix shown beside them"
                     : "each line above says how to fix it",
                1}};
    });
}

} // namespace crm::cli
