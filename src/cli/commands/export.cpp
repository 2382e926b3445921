// pipe export, pipe backup.

#include "pipe/io/export.hpp"
#include "arguments.hpp"
#include "commands/commands.hpp"
#include "commands/common.hpp"
#include "pipe/files.hpp"
#include "pipe/io/archive.hpp"
#include "pipe/io/backup.hpp"
#include "render/export_writer.hpp"
#include "render/visible.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <optional>

namespace crm::cli {

namespace {

// `1 deal`, `3 activities`: the count of exported rows of a type.
std::string record_count(std::int64_t rows, io::RecordType type) {
    std::string plural(io::to_string(type));
    std::string singular =
        plural == "activities" ? "activity" : plural.substr(0, plural.size() - 1);
    if (type == io::RecordType::persons) return render::counted(rows, "person", "people");
    return render::counted(rows, singular, plural);
}

struct ExportArgs {
    std::string type = "deals";
    std::optional<std::string> output;
    bool raw = false;
    bool all = false;
};

// Where an export goes: stdout, or a new file put in place at the end (never the database).
std::optional<OutputFile> output_file(Context& ctx, const std::optional<std::string>& path) {
    if (!path) return std::nullopt;
    if (is_database_file(*path, ctx.db_path()))
        throw CommandError{Error{
            fmt::format("-o {}: that is the database, or a file SQLite keeps beside it", *path),
            "export to another file"}};
    return unwrap(OutputFile::create(*path));
}

// The whole book as one JSON document (pipe import restores it into an empty database).
void run_archive(Context& ctx, const ExportArgs& a) {
    ctx.format("json", "json");
    auto& book = ctx.book(Access::read);
    auto file = output_file(ctx, a.output);
    std::ostream& out = file ? file->stream() : ctx.out;
    unwrap(io::export_archive(book, [&](std::string_view chunk) { out << chunk; }));
    if (file) {
        unwrap(file->commit());
        ctx.note(fmt::format("wrote the whole book to {}", *a.output));
    }
    out.flush();
}

void run_export(Context& ctx, const ExportArgs& a) {
    if (a.all) return run_archive(ctx, a);
    auto type = unwrap(io::parse_record_type(a.type));
    std::string fallback = "csv";
    if (a.output)
        if (auto guessed = io::format_of_path(*a.output)) fallback = io::to_string(*guessed);
    auto format = unwrap(io::parse_format(ctx.format("csv|tsv|json|ndjson", fallback)));
    auto& book = ctx.book(Access::read);
    auto file = output_file(ctx, a.output);
    std::ostream& out = file ? file->stream() : ctx.out;
    render::ExportWriter writer(out, format, io::field_names(type), a.raw);
    writer.begin();
    std::int64_t rows = 0;
    unwrap(io::export_records(book, type, [&](const std::vector<io::Cell>& cells) {
        writer.row(cells);
        ++rows;
    }));
    writer.end();
    if (file) {
        unwrap(file->commit());
        ctx.note(fmt::format("exported {} to {}", record_count(rows, type), *a.output));
    }
    out.flush();
}

} // namespace

void add_export_commands(CLI::App& app, Context& ctx) {
    auto a = std::make_shared<ExportArgs>();
    auto* sub = app.add_subcommand(
        "export", "Export deals, leads, activities, stage history, organizations or people as "
                  "CSV, TSV, JSON, NDJSON");
    sub->add_option("--type", a->type,
                    "deals, leads, activities, events (stage history), orgs or persons")
        ->capture_default_str();
    file_option(optional_text(sub, "-o,--output", a->output,
                              "Write to this file (format from its name unless --format)"));
    sub->add_flag("--all", a->all,
                  "The whole book as one JSON document: deals, leads, organizations, people, "
                  "activities, history, batches, the trash, the stages (pipe import restores it)");
    sub->add_flag("--raw", a->raw,
                  "No leading ' on CSV/TSV cells that start with = + - @ (spreadsheet guard)");
    sub->callback([&ctx, a]() { run_export(ctx, *a); });

    auto path = std::make_shared<std::string>();
    auto* backup = app.add_subcommand(
        "backup", "Copy the database to FILE, consistently, even while pipe is in use");
    file_option(backup->add_option("FILE", *path, "Where to write the copy (must not exist)"))
        ->required();
    backup->callback([&ctx, path]() {
        // A missing database would read as an empty one: refuse, so a wrong path in a cron job
        // fails every night instead of writing empty backups.
        std::error_code ec;
        if (!std::filesystem::exists(ctx.db_path(), ec))
            throw CommandError{Error{fmt::format("database {} does not exist", ctx.db_path()),
                                     "check --db or PIPE_DB; nothing was backed up"}};
        auto& book = ctx.book(Access::read);
        unwrap(io::backup_database(book.store, *path));
        ctx.note(fmt::format("backed up {} to {}", book.store.path(), *path));
    });
}

} // namespace crm::cli
