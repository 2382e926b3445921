// pipe import FILE, pipe import list, pipe import undo.

#include "pipe/io/import.hpp"
#include "arguments.hpp"
#include "commands/commands.hpp"
#include "commands/common.hpp"
#include "commands/import_input.hpp"
#include "commands/import_preview.hpp"
#include "commands/import_rejects.hpp"
#include "pipe/io/archive.hpp"
#include "render/csv.hpp"
#include "render/table.hpp"
#include "render/visible.hpp"

#include <chrono>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <sys/stat.h>
#include <unistd.h>

namespace crm::cli {

namespace {

struct ImportArgs {
    std::string file;
    std::optional<std::string> type;
    std::optional<std::string> format;
    std::vector<std::string> maps, stage_maps, defaults, date_formats;
    std::optional<std::string> encoding;
    std::string on_duplicate = "update";
    bool dry_run = false;
    bool suggest_stages = false;
    bool decimal_comma = false, decimal_point = false;
    std::optional<std::string> rejects;
};

// Rows, rate and ETA on stderr, redrawn in place; only on a terminal and after a moment.
class Progress {
  public:
    Progress(std::ostream& err, bool enabled, std::uint64_t total)
        : err_(err), enabled_(enabled), total_(total), start_(Clock::now()) {}
    void update(std::int64_t rows, std::uint64_t bytes) {
        if (!enabled_) return;
        auto elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
        if (elapsed < 0.5) return;
        auto rate = static_cast<double>(rows) / elapsed;
        std::string eta;
        if (total_ > 0 && bytes > 0 && bytes <= total_) {
            auto left = elapsed * static_cast<double>(total_ - bytes) / static_cast<double>(bytes);
            eta =
                fmt::format("  {:3.0f}%  ETA {:.0f}s",
                            100.0 * static_cast<double>(bytes) / static_cast<double>(total_), left);
        }
        err_ << fmt::format("\r{:>12L} {}  {:>9.0f} rows/s{}", rows, rows == 1 ? "row " : "rows",
                            rate, eta)
             << std::flush;
        drawn_ = true;
    }
    // What the import does after its last row, on the same line.
    void step(std::string_view what) {
        if (!enabled_ || !drawn_) return;
        err_ << "\r\033[K" << what << "…" << std::flush;
    }
    void clear() {
        if (drawn_) err_ << "\r\033[K" << std::flush;
        drawn_ = false;
    }

  private:
    using Clock = std::chrono::steady_clock;
    std::ostream& err_;
    bool enabled_;
    std::uint64_t total_;
    Clock::time_point start_;
    bool drawn_ = false;
};

void run_archive_import(Context& ctx, std::istream& in, const std::string& file) {
    auto done = unwrap(io::import_archive(ctx.book(Access::write), in, file));
    if (!done.same_stages)
        ctx.warn(fmt::format("the archive was made with another stage file ({}); to use it: jq -r "
                             ".stages.text {} > stages.toml, then --stages stages.toml",
                             render::visible(done.stages_source), render::visible(file)));
    if (ctx.format("text|json") == "json")
        return print_json(ctx, {{"rows", done.rows},
                                {"deals", done.deals},
                                {"leads", done.leads},
                                {"book_id", done.book_id}});
    ctx.note(fmt::format("{}: restored the whole book: {}, {}, {} in all", render::visible(file),
                         render::counted(done.deals, "deal"), render::counted(done.leads, "lead"),
                         render::counted(done.rows, "row")));
}

io::Pairs pairs(const std::vector<std::string>& items, std::string_view option) {
    io::Pairs out;
    for (const auto& item : items) out.push_back(unwrap(io::split_pair(item, option)));
    return out;
}

nlohmann::ordered_json report_json(const io::ImportReport& r) {
    nlohmann::ordered_json j;
    j["batch"] = r.batch ? nlohmann::ordered_json(r.batch) : nlohmann::ordered_json(nullptr);
    j["committed"] = r.committed;
    j["rows"] = r.rows;
    j["new"] = r.added;
    j["updated"] = r.updated;
    j["unchanged"] = r.unchanged;
    j["skipped"] = r.skipped;
    j["invalid"] = r.invalid;
    j["unknown_columns"] = r.unknown_columns;
    j["errors"] = nlohmann::ordered_json::array();
    for (const auto& e : r.errors) j["errors"].push_back(e.message);
    j["warnings"] = r.warning_count;
    j["organizations_created"] = r.organizations_created;
    j["persons_created"] = r.persons_created;
    j["linked_existing"] = r.linked_existing;
    return j;
}

std::string counts(const io::ImportReport& r) {
    auto text = fmt::format("{} new, {} updated, {} unchanged", r.added, r.updated, r.unchanged);
    if (r.skipped) text += fmt::format(", {} skipped", r.skipped);
    if (r.invalid) text += fmt::format(", {} invalid", r.invalid);
    return text;
}

// What linking rows to organizations and people did (or would do): `made 2 organizations and
// 1 person; 40 rows linked to ones already in the book`; empty when nothing.
std::string links(const io::ImportReport& r, bool dry_run) {
    if (r.organizations_created == 0 && r.persons_created == 0 && r.linked_existing == 0) return {};
    auto made = fmt::format("{} {} and {}", dry_run ? "would make" : "made",
                            render::counted(r.organizations_created, "organization"),
                            render::counted(r.persons_created, "person", "people"));
    if (r.linked_existing == 0) return made;
    return fmt::format("{}; {} {} to ones already in the book", made,
                       render::counted(r.linked_existing, "row"),
                       dry_run ? (r.linked_existing == 1 ? "links" : "link") : "linked");
}

void print_errors(Context& ctx, const io::ImportReport& report, const std::string& file,
                  bool dry_run) {
    auto hint = dry_run ? std::string("dry run: nothing imported")
                        : std::string("nothing imported; fix the row, or --skip-invalid "
                                      "REJECTS.csv");
    if (report.invalid == 1 && report.errors.size() == 1)
        throw CommandError{Error{report.errors.front().message, hint, 1}};
    // The same problem on many rows is one line; a group of one row is that row's message.
    std::size_t shown = 0;
    for (const auto& g : report.error_groups) {
        if (shown++ < io::max_listed_problems) ctx.error_line(group_line(g, file, g.first));
    }
    if (shown > io::max_listed_problems)
        ctx.error_line(
            fmt::format("... and {}",
                        render::counted(static_cast<std::int64_t>(shown - io::max_listed_problems),
                                        "more kind of error", "more kinds of error")));
    throw CommandError{Error{fmt::format("{} in {}, nothing imported",
                                         render::counted(report.invalid, "invalid row"), file),
                             "fix them, or --skip-invalid REJECTS.csv", 1}};
}

void run_import(Context& ctx, const ImportArgs& a, bool json) {
    io::ImportOptions o;
    o.source = printable(a.file); // stored with the batch and shown in JSON: UTF-8 only
    o.maps = pairs(a.maps, "--map");
    o.stage_maps = pairs(a.stage_maps, "--stage-map");
    o.defaults = pairs(a.defaults, "--default");
    for (const auto& f : a.date_formats) {
        // `--date-format COLUMN=FMT` for one column, `--date-format FMT` for all.
        if (f.find('=') != std::string::npos)
            o.column_date_formats.push_back(unwrap(io::split_pair(f, "--date-format")));
        else
            o.date_format = f;
    }
    if (a.decimal_comma && a.decimal_point)
        throw CommandError{
            Error{"--decimal-comma and --decimal-point exclude each other", "give one of them", 2}};
    o.decimal = a.decimal_comma   ? io::Decimal::comma
                : a.decimal_point ? io::Decimal::point
                                  : io::Decimal::unknown;
    o.on_duplicate = unwrap(io::parse_on_duplicate(a.on_duplicate));
    o.dry_run = a.dry_run || a.suggest_stages;
    io::Format format = io::Format::csv;
    if (a.format)
        format = unwrap(io::parse_format(*a.format));
    else if (auto guessed = io::format_of_path(a.file))
        format = *guessed;
    else if (a.file != "-")
        throw CommandError{Error{fmt::format("cannot tell the format of {}", a.file),
                                 "add --format csv, tsv, json or ndjson", 2}};
    std::optional<io::Encoding> encoding;
    if (a.encoding) encoding = unwrap(io::parse_encoding(*a.encoding));
    if (a.type) o.type = unwrap(io::parse_record_type(*a.type));
    ImportInput input(a.file, encoding);
    if (io::looks_like_archive(input.start())) {
        if (a.dry_run || a.suggest_stages || !a.maps.empty() || a.rejects)
            throw CommandError{Error{"an archive restores as it is: no --dry-run, --map or "
                                     "--skip-invalid",
                                     "pipe import ARCHIVE.json alone", 2}};
        return run_archive_import(ctx, input.raw(), a.file);
    }
    auto open = [&]() { return io::open_reader(input.text(), format, o.source); };
    auto reader = open();
    if (!reader) throw CommandError{reader.error()};
    if (!a.type) {
        // The headers say what the rows are (a leads export never becomes €0 deals). JSON
        // names its keys as records come: the first record's keys tell.
        auto columns = (*reader)->columns();
        if (columns.empty()) {
            io::Record first;
            if (unwrap((*reader)->next(first))) columns = (*reader)->columns();
            reader = open();
            if (!reader) throw CommandError{reader.error()};
        }
        if (!columns.empty()) {
            // The fields named by --map tell too (`--map value=Worth`).
            auto named = columns;
            for (const auto& [field, column] : o.maps) named.push_back(field);
            auto detected = io::type_of_columns(named);
            if (!detected)
                throw CommandError{
                    Error{fmt::format("{}: {} ({})", render::visible(a.file), detected.error().what,
                                      render::visible(fmt::format("{}", fmt::join(columns, ", ")))),
                          detected.error().hint, 1}};
            o.type = *detected;
        }
    }
    o.reopen = [&]() { return open(); };
    if (a.suggest_stages) {
        if (o.type != io::RecordType::deals)
            throw CommandError{Error{"--suggest-stages reads a deals file",
                                     "give a deals export (or --type deals)", 2}};
        auto& book = ctx.book(Access::read);
        ctx.out << unwrap(io::suggest_stages(book, **reader, o));
        return;
    }
    std::optional<Rejects> rejects;
    if (a.rejects) {
        o.skip_invalid = true;
        refuse_rejects_path(*a.rejects, a.file, ctx.db_path());
        rejects.emplace(*a.rejects, a.dry_run);
        o.reject = [&](const std::vector<std::string>& columns, const io::Record& record,
                       const std::string& reason) { rejects->add(columns, record, reason); };
    }
    Progress progress(ctx.err, !ctx.options.quiet && ::isatty(2) != 0, input.size());
    o.progress = [&](std::int64_t rows, std::uint64_t bytes) { progress.update(rows, bytes); };
    o.step = [&](std::string_view what) { progress.step(what); };
    auto& book = ctx.book(a.dry_run ? Access::dry_run : Access::write);
    auto result = io::import_records(book, **reader, o);
    progress.clear();
    if (rejects && rejects->failure) throw CommandError{*rejects->failure};
    auto report = unwrap(std::move(result));
    for (const auto& w : report.warnings) ctx.warn(w.message);
    if (report.warning_count > static_cast<std::int64_t>(report.warnings.size()))
        ctx.warn(fmt::format("... and {}",
                             render::counted(report.warning_count -
                                                 static_cast<std::int64_t>(report.warnings.size()),
                                             "more warning")));
    if (a.dry_run) {
        if (json) {
            print_json(ctx, report_json(report));
        } else {
            ctx.out << fmt::format("{}: {}: {} ({})\n", render::visible(a.file),
                                   render::counted(report.rows, "row"), counts(report),
                                   io::to_string(o.type));
            if (auto made = links(report, true); !made.empty()) ctx.out << made << '\n';
            print_preview(ctx, report, o.type);
            if (!report.unknown_columns.empty()) {
                std::vector<std::string> names;
                for (const auto& c : report.unknown_columns) names.push_back(render::visible(c));
                ctx.out << fmt::format(
                    "unknown {} ({}): {}\n", names.size() == 1 ? "column" : "columns",
                    o.type == io::RecordType::activities || o.type == io::RecordType::events
                        ? "ignored"
                        : "kept in notes",
                    fmt::join(names, ", "));
            }
        }
    }
    bool failed = report.invalid > 0 && !o.skip_invalid;
    if (failed) print_errors(ctx, report, a.file, a.dry_run);
    if (o.skip_invalid && report.invalid > 0 && report.invalid == report.rows) {
        for (const auto& g : report.error_groups) ctx.error_line(group_line(g, a.file, g.first));
        throw CommandError{Error{fmt::format("every row of {} is invalid ({}), nothing imported",
                                             a.file, render::counted(report.rows, "row")),
                                 a.dry_run ? "dry run: nothing written"
                                           : "fix the file or the options; nothing to import",
                                 1}};
    }
    if (a.dry_run) {
        if (o.skip_invalid && report.invalid)
            ctx.note(fmt::format("dry run: {} rejected rows, {} not written", report.invalid,
                                 *a.rejects));
        return;
    }
    if (rejects) rejects->finish();
    if (json) print_json(ctx, report_json(report));
    std::string where = report.committed ? fmt::format(" (batch {})", report.batch) : "";
    if (o.skip_invalid && report.invalid)
        where += fmt::format("; {} written to {}", render::counted(report.invalid, "rejected row"),
                             *a.rejects);
    ctx.note(fmt::format("{}: {}: {}{}", a.file, render::counted(report.rows, "row"),
                         counts(report), where));
    if (auto made = links(report, false); !made.empty() && report.committed) ctx.note(made);
}

nlohmann::ordered_json batch_json(const io::Batch& b) {
    nlohmann::ordered_json j;
    j["id"] = b.id;
    j["at"] = format_timestamp(b.at);
    j["source"] = b.source;
    j["type"] = b.type;
    j["new"] = b.added;
    j["updated"] = b.updated;
    j["unchanged"] = b.unchanged;
    j["undone_at"] = b.undone_at ? nlohmann::ordered_json(format_timestamp(*b.undone_at))
                                 : nlohmann::ordered_json(nullptr);
    j["left_alone"] = b.left_alone;
    return j;
}

void add_list(CLI::App* import, Context& ctx) {
    auto* sub = import->add_subcommand("list", "List import batches, newest first");
    sub->callback([&ctx]() {
        auto format = ctx.format("text|json");
        auto batches = unwrap(io::list_batches(ctx.book(Access::read)));
        if (format == "json") {
            auto rows = nlohmann::ordered_json::array();
            for (const auto& b : batches) rows.push_back(batch_json(b));
            return print_json(ctx, rows);
        }
        if (batches.empty()) {
            ctx.note("no imports yet (pipe import FILE)");
            return;
        }
        for (const auto& b : batches)
            ctx.out << fmt::format(
                "{:>4}  {}  {:<10} {:>7} new {:>7} updated {:>7} unchanged  "
                "{}{}\n",
                b.id, format_local_datetime(b.at), render::visible(b.type), b.added, b.updated,
                b.unchanged, render::visible(b.source),
                b.undone_at
                    ? "  (undone " + format_local_datetime(*b.undone_at) +
                          (b.left_alone ? fmt::format(", {} left as they were", b.left_alone)
                                        : "") +
                          ")"
                    : "");
    });
}

void add_undo(CLI::App* import, Context& ctx) {
    auto batch = std::make_shared<std::optional<std::int64_t>>();
    auto* sub = import->add_subcommand(
        "undo", "Undo an import: remove what it added, restore what it updated");
    sub->add_option("BATCH", *batch, "Batch id (default: the newest import not undone)");
    sub->callback([&ctx, batch]() {
        auto format = ctx.format("text|json");
        auto undone = unwrap(io::undo_batch(ctx.book(Access::write), *batch));
        if (format == "json") {
            auto left = nlohmann::ordered_json::array();
            for (const auto& l : undone.left)
                left.push_back({{"kind", l.kind},
                                {"id", l.id},
                                {"title", l.title},
                                {"changed_by", l.changed_by}});
            return print_json(ctx, {{"batch", batch_json(undone.batch)},
                                    {"removed", undone.removed},
                                    {"restored", undone.restored},
                                    {"made_removed", undone.made_removed},
                                    {"left_alone", left}});
        }
        ctx.note(fmt::format(
            "undid import batch {} ({}): {} removed, {} restored{}", undone.batch.id,
            render::visible(undone.batch.source), undone.removed, undone.restored,
            undone.made_removed
                ? fmt::format(" (and {} it made)",
                              render::counted(undone.made_removed, "organization or person",
                                              "organizations and people"))
                : std::string()));
        if (!undone.left.empty()) {
            ctx.note(fmt::format("left as they were, changed since the import ({}):",
                                 undone.left.size()));
            for (const auto& l : undone.left)
                ctx.note(fmt::format("  {} {} · {}  (changed by: {})", l.kind, l.id,
                                     render::visible(l.title), render::visible(l.changed_by)));
        }
    });
}

} // namespace

void add_import_commands(CLI::App& app, Context& ctx) {
    auto a = std::make_shared<ImportArgs>();
    auto* import = app.add_subcommand(
        "import", "Import deals, leads, activities, stage history, organizations or people from "
                  "CSV, TSV, JSON, NDJSON");
    file_option(import->add_option("FILE", a->file, "The file to import, or - for stdin"));
    optional_text(import, "--type", a->type,
                  "deals, leads, activities, events (stage history), orgs or persons; default: "
                  "from the headers");
    optional_text(import, "--format", a->format,
                  "csv, tsv, json or ndjson (default: from the file name)");
    import->add_option("--map", a->maps, "FIELD=COLUMN: fill FIELD from COLUMN (repeatable)")
        ->allow_extra_args(false);
    import
        ->add_option("--stage-map", a->stage_maps,
                     "FROM=TO: read stage FROM as TO (leads: status values; repeatable)")
        ->allow_extra_args(false);
    import
        ->add_option("--date-format", a->date_formats,
                     "[COLUMN=]FMT: strftime-style format of the dates (of one column), e.g. "
                     "%m/%d/%Y (repeatable)")
        ->allow_extra_args(false);
    optional_text(import, "--encoding", a->encoding,
                  "The file's encoding when not UTF-8: latin1 or cp1252 (UTF-16 by its mark)");
    import->add_flag("--decimal-comma", a->decimal_comma,
                     "Amounts use a decimal comma (1.200,50) in every column");
    import->add_flag("--decimal-point", a->decimal_point,
                     "Amounts use a decimal point (1,200.50) in every column");
    import
        ->add_option("--default", a->defaults,
                     "FIELD=VALUE where a cell is empty or the column absent (repeatable)")
        ->allow_extra_args(false);
    import
        ->add_option("--on-duplicate", a->on_duplicate,
                     "update, skip or error for external ids already in the database")
        ->capture_default_str();
    import->add_flag("--dry-run", a->dry_run,
                     "Check and count, show each column's field and format, change nothing");
    import->add_flag("--suggest-stages", a->suggest_stages,
                     "Print a stage file (TOML) with the stages of the file that the current one "
                     "lacks");
    file_option(
        optional_text(import, "--skip-invalid", a->rejects,
                      "Import the good rows; write the bad ones with a reason to this CSV file"));
    add_list(import, ctx);
    add_undo(import, ctx);
    import->callback([&ctx, import, a]() {
        if (!import->get_subcommands().empty()) return;
    if (a->file.empty())
        throw CommandError{Error{"import needs a FILE (or - for stdin)",
                                 "pipe import deals.csv, pipe import list", 2}};
    run_import(ctx, *a, ctx.options.json || ctx.options.format == "json");
});
} // namespace crm::cli

} // namespace crm::cli
