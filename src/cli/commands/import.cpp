// pipe import FILE, pipe import list, pipe import undo.

#include "pipe/io/import.hpp"
#include "arguments.hpp"
#include "commands/commands.hpp"
#include "commands/common.hpp"
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
    std::string type = "deals";
    std::optional<std::string> format;
    std::vector<std::string> maps, stage_maps, defaults;
    std::optional<std::string> date_format;
    std::string on_duplicate = "update";
    bool dry_run = false;
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

// A stream that reads `prefix` first, then the rest of `rest`: what peeking at the start of a
// stream that cannot seek (stdin) puts back.
class PrefixedBuf final : public std::streambuf {
  public:
    PrefixedBuf(std::string prefix, std::streambuf* rest)
        : prefix_(std::move(prefix)), rest_(rest) {
        setg(prefix_.data(), prefix_.data(), prefix_.data() + prefix_.size());
    }

  protected:
    int_type underflow() override {
        if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
        if (!in_rest_) {
            in_rest_ = true;
            setg(nullptr, nullptr, nullptr);
        }
        return rest_->sgetc();
    }
    int_type uflow() override {
        if (gptr() < egptr()) {
            auto c = traits_type::to_int_type(*gptr());
            gbump(1);
            return c;
        }
        in_rest_ = true;
        setg(nullptr, nullptr, nullptr);
        return rest_->sbumpc();
    }
    std::streamsize xsgetn(char* s, std::streamsize n) override {
        std::streamsize done = 0;
        if (gptr() < egptr()) {
            done = std::min<std::streamsize>(n, egptr() - gptr());
            std::copy(gptr(), gptr() + done, s);
            gbump(static_cast<int>(done));
        }
        if (done < n) done += rest_->sgetn(s + done, n - done);
        return done;
    }

  private:
    std::string prefix_;
    std::streambuf* rest_;
    bool in_rest_ = false;
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
    return j;
}

std::string counts(const io::ImportReport& r) {
    auto text = fmt::format("{} new, {} updated, {} unchanged", r.added, r.updated, r.unchanged);
    if (r.skipped) text += fmt::format(", {} skipped", r.skipped);
    if (r.invalid) text += fmt::format(", {} invalid", r.invalid);
    return text;
}

void run_import(Context& ctx, const ImportArgs& a, bool json) {
    io::ImportOptions o;
    o.type = unwrap(io::parse_record_type(a.type));
    o.source = printable(a.file); // stored with the batch and shown in JSON: UTF-8 only
    o.maps = pairs(a.maps, "--map");
    o.stage_maps = pairs(a.stage_maps, "--stage-map");
    o.defaults = pairs(a.defaults, "--default");
    o.date_format = a.date_format;
    o.on_duplicate = unwrap(io::parse_on_duplicate(a.on_duplicate));
    o.dry_run = a.dry_run;
    io::Format format = io::Format::csv;
    if (a.format)
        format = unwrap(io::parse_format(*a.format));
    else if (auto guessed = io::format_of_path(a.file))
        format = *guessed;
    else if (a.file != "-")
        throw CommandError{Error{fmt::format("cannot tell the format of {}", a.file),
                                 "add --format csv, tsv, json or ndjson", 2}};
    std::ifstream file;
    std::istream* in = &std::cin;
    std::uint64_t size = 0;
    if (a.file != "-") {
        struct stat info {};
        if (::stat(a.file.c_str(), &info) != 0)
            throw CommandError{Error{fmt::format("{} not found", a.file), "check the path", 1}};
        if (S_ISDIR(info.st_mode))
            throw CommandError{Error{fmt::format("{} is a folder", a.file), "give a file", 1}};
        size = static_cast<std::uint64_t>(info.st_size);
        file.open(a.file, std::ios::binary);
        if (!file)
            throw CommandError{
                Error{fmt::format("cannot read {}", a.file), "check its permissions", 1}};
        in = &file;
    }
    std::optional<Rejects> rejects;
    if (a.rejects) {
        o.skip_invalid = true;
        refuse_rejects_path(*a.rejects, a.file, ctx.db_path());
        rejects.emplace(*a.rejects, a.dry_run);
        o.reject = [&](const std::vector<std::string>& columns, const io::Record& record,
                       const std::string& reason) { rejects->add(columns, record, reason); };
    }
    Progress progress(ctx.err, !ctx.options.quiet && ::isatty(2) != 0, size);
    o.progress = [&](std::int64_t rows, std::uint64_t bytes) { progress.update(rows, bytes); };
    std::string start(512, '\0');
    in->read(start.data(), static_cast<std::streamsize>(start.size()));
    start.resize(static_cast<std::size_t>(in->gcount()));
    in->clear();
    PrefixedBuf again(start, in->rdbuf());
    std::istream from_start(&again);
    if (io::looks_like_archive(start)) {
        if (a.dry_run || !a.maps.empty() || a.rejects)
            throw CommandError{Error{"an archive restores as it is: no --dry-run, --map or "
                                     "--skip-invalid",
                                     "pipe import ARCHIVE.json alone", 2}};
        return run_archive_import(ctx, from_start, a.file);
    }
    auto& book = ctx.book(a.dry_run ? Access::dry_run : Access::write);
    auto reader = io::open_reader(from_start, format, o.source);
    if (!reader) throw CommandError{reader.error()};
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
            ctx.out << fmt::format("{}: {}: {}\n", render::visible(a.file),
                                   render::counted(report.rows, "row"), counts(report));
            if (!report.unknown_columns.empty()) {
                std::vector<std::string> names;
                for (const auto& c : report.unknown_columns) names.push_back(render::visible(c));
                ctx.out << fmt::format(
                    "unknown {} ({}): {}\n", names.size() == 1 ? "column" : "columns",
                    o.type == io::RecordType::deals || o.type == io::RecordType::leads
                        ? "kept in notes"
                        : "ignored",
                    fmt::join(names, ", "));
            }
        }
    }
    bool failed = report.invalid > 0 && !o.skip_invalid;
    if (failed) {
        if (report.invalid == 1 && report.errors.size() == 1)
            throw CommandError{Error{report.errors.front().message,
                                     a.dry_run ? "dry run: nothing imported"
                                               : "nothing imported; fix the row, or "
                                                 "--skip-invalid REJECTS.csv",
                                     1}};
        for (const auto& e : report.errors) ctx.error_line(e.message);
        if (report.invalid > static_cast<std::int64_t>(report.errors.size()))
            ctx.error_line(fmt::format(
                "... and {}",
                render::counted(report.invalid - static_cast<std::int64_t>(report.errors.size()),
                                "more invalid row")));
        throw CommandError{
            Error{fmt::format("{} in {}, nothing imported",
                              render::counted(report.invalid, "invalid row"), a.file),
                  "fix them, or --skip-invalid REJECTS.csv", 1}};
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
                                    {"left_alone", left}});
        }
        ctx.note(fmt::format("undid import batch {} ({}): {} removed, {} restored", undone.batch.id,
                             render::visible(undone.batch.source), undone.removed,
                             undone.restored));
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
        "import", "Import deals, leads, activities or stage history from CSV, TSV, JSON, NDJSON");
    file_option(import->add_option("FILE", a->file, "The file to import, or - for stdin"));
    import->add_option("--type", a->type, "deals, leads, activities or events (stage history)")
        ->capture_default_str();
    optional_text(import, "--format", a->format,
                  "csv, tsv, json or ndjson (default: from the file name)");
    import->add_option("--map", a->maps, "FIELD=COLUMN: fill FIELD from COLUMN (repeatable)")
        ->allow_extra_args(false);
    import
        ->add_option("--stage-map", a->stage_maps,
                     "FROM=TO: read stage FROM as TO (leads: status values; repeatable)")
        ->allow_extra_args(false);
    optional_text(import, "--date-format", a->date_format,
                  "strftime-style format of dates in the file, e.g. %m/%d/%Y");
    import
        ->add_option("--default", a->defaults,
                     "FIELD=VALUE where a cell is empty or the column absent (repeatable)")
        ->allow_extra_args(false);
    import
        ->add_option("--on-duplicate", a->on_duplicate,
                     "update, skip or error for external ids already in the database")
        ->capture_default_str();
    import->add_flag("--dry-run", a->dry_run, "Check and count, change nothing");
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
