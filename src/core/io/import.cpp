#include "pipe/io/import.hpp"

#include "../bulk_indexes.hpp"
#include "../change.hpp"
#include "../derived_tables.hpp"
#include "../search_index.hpp"
#include "../text.hpp"
#include "import_rows.hpp"
#include "pipe/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <malloc.h>
#include <sqlite3.h>

namespace crm::io {

using detail::Outcome;

Result<OnDuplicate> parse_on_duplicate(std::string_view input) {
    if (text::iequals(input, "update")) return OnDuplicate::update;
    if (text::iequals(input, "skip")) return OnDuplicate::skip;
    if (text::iequals(input, "error")) return OnDuplicate::error;
    return fail(fmt::format("--on-duplicate '{}' is not an option", input),
                "use update, skip or error", 2);
}

namespace {

std::unique_ptr<detail::RowImporter> importer_for(detail::ImportContext& ctx) {
    switch (ctx.options.type) {
    case RecordType::leads:
        return detail::lead_importer(ctx);
    case RecordType::activities:
        return detail::activity_importer(ctx);
    case RecordType::events:
        return detail::event_importer(ctx);
    case RecordType::organizations:
        return detail::organization_importer(ctx);
    case RecordType::persons:
        return detail::person_importer(ctx);
    default:
        return detail::deal_importer(ctx);
    }
}

void add_problem(std::vector<RowProblem>& list, std::int64_t line, std::string message) {
    if (list.size() < max_listed_problems) list.push_back({line, std::move(message)});
}

constexpr std::size_t max_groups = 200;

// The reason without the value it quotes (`not an amount: '$1.00'` → `not an amount`, and
// `not an amount: 'x' (e.g. 12500)` → `not an amount (e.g. 12500)`), and the key that groups
// it: the reason with quoted text and numbers left out.
std::string without_value(const ImportProblem& p) {
    auto reason = p.reason;
    auto quoted = fmt::format(": '{}'", text::trim(p.value));
    if (p.value.empty()) return reason;
    if (reason.ends_with(quoted)) {
        reason.resize(reason.size() - quoted.size());
    } else if (auto at = reason.rfind(quoted + " (");
               at != std::string::npos && reason.ends_with(')')) {
        reason.erase(at, quoted.size());
    }
    return reason;
}

std::string group_key(const ImportProblem& p) {
    std::string key = p.column + '\x01';
    bool quoted = false;
    for (char c : p.reason) {
        if (c == '\'') {
            quoted = !quoted;
            continue;
        }
        if (quoted || (c >= '0' && c <= '9')) continue;
        key += c;
    }
    return key;
}

void add_to_groups(std::vector<ProblemGroup>& groups, std::vector<std::string>& keys,
                   const ImportProblem& p, std::int64_t line, const std::string& message) {
    auto key = group_key(p);
    std::size_t at = 0;
    while (at < keys.size() && keys[at] != key) ++at;
    if (at == keys.size()) {
        if (groups.size() >= max_groups) {
            at = groups.size() - 1;
        } else {
            keys.push_back(key);
            groups.push_back({p.column, without_value(p), 0, {}, {}, false, message});
        }
    }
    auto& g = groups[at];
    ++g.rows;
    if (g.lines.size() < 5 && (g.lines.empty() || g.lines.back() != line)) g.lines.push_back(line);
    if (!p.value.empty() && std::ranges::find(g.values, p.value) == g.values.end()) {
        if (g.values.size() < 3)
            g.values.push_back(p.value);
        else
            g.more_values = true;
    }
}

// Returned out of the transaction to roll it back while keeping the report.
constexpr std::string_view roll_back = "\x01roll back the import";

// Writes the page cache's changed pages to the WAL (the transaction stays open), frees the
// cache, and returns the freed heap to the system. Without the last step the index sorts that
// follow take fresh memory beside the freed pages, and an import's peak grows with its length
// until the cache is full.
void release_page_cache(SQLite::Database& db) {
    // Its error, if any, only leaves pages cached: the commit that follows reports a real one.
    sqlite3_db_cacheflush(db.getHandle());
    sqlite3_db_release_memory(db.getHandle());
    malloc_trim(0);
}

} // namespace

Result<ImportReport> import_records(Book& book, Reader& reader, const ImportOptions& options) {
    ImportReport report;
    auto defaults = PIPE_TRY(map_defaults(options.type, options.defaults));
    detail::ImportContext ctx{book, options, 0, detail::DateParser(options.date_format), {}};
    ctx.report = &report;
    for (const auto& [from, to] : options.stage_maps) ctx.stage_map[text::lower(from)] = to;
    bool strict = !reader.columns().empty();
    Mapping mapping = PIPE_TRY(map_columns(options.type, reader.columns(), options.maps, strict));
    if (strict)
        PIPE_TRY_VOID(require_columns(options.type, mapping, reader.columns(), options.defaults,
                                      options.source));
    PIPE_TRY_VOID(detail::set_column_formats(ctx.dates, reader.columns(), options, strict));
    std::size_t mapped_columns = reader.columns().size();
    std::string source = options.source;
    bool empty = false;
    // The first pass: settle each column's format from its values, then read from the start.
    Reader* rows = &reader;
    std::unique_ptr<Reader> reopened;
    std::optional<detail::FormatDetector> detector;
    detector.emplace(options.type, mapping, reader.columns().size(), ctx.dates, options.dry_run);
    if (options.reopen && strict) {
        Record record;
        while (!detector->done() && PIPE_TRY(reader.next(record)))
            detector->see(record, reader.guarded());
        if (auto unsettled = detector->unsettled_dates()) {
            const auto& name = reader.columns()[static_cast<std::size_t>(unsettled->first)];
            return fail(fmt::format("{}: column '{}': every date reads both as day/month and as "
                                    "month/day (e.g. '{}')",
                                    source, name, unsettled->second),
                        fmt::format("say which with --date-format '{}=%d/%m/%Y' or "
                                    "--date-format '{}=%m/%d/%Y'",
                                    name, name));
        }
        detector->apply(ctx);
        report.columns = detector->previews(reader.columns(), options.type);
        reopened = PIPE_TRY(options.reopen());
        rows = reopened.get();
        detector.reset();
    }
    std::vector<std::string> group_keys;

    auto work = [&](crm::detail::Change& change) -> Result<void> {
        book.store.db().exec("CREATE TEMP TABLE IF NOT EXISTS import_seen (key TEXT PRIMARY KEY, "
                             "line INTEGER NOT NULL) WITHOUT ROWID");
        book.store.db().exec("DELETE FROM temp.import_seen");
        auto& batch = book.store.statement(
            "INSERT INTO import_batches (id, at, source, type, change_id) VALUES (?, ?, ?, ?, ?)");
        ctx.batch = report.batch = change.next_id("import_batches");
        batch.bind(1, report.batch);
        batch.bind(2, static_cast<std::int64_t>(book.clock.now().time_since_epoch().count()));
        batch.bind(3, source);
        batch.bind(4, std::string(to_string(options.type)));
        batch.bind(5, change.id());
        batch.exec();
        change.set_batch(report.batch);
        bool search_paused = crm::detail::pause_search_triggers(book.store.db());
        auto dropped = crm::detail::drop_bulk_objects(book.store.db());
        // The derived tables are replaced whole at the end: kept whole for undo, as a repair
        // keeps them (pipe doctor --fix).
        if (!dropped.triggers.empty())
            for (const auto& d : crm::detail::derived_definitions)
                crm::detail::save_snapshot(book.store, change.id(), d.table);
        auto importer = importer_for(ctx);
        Record record;
        while (PIPE_TRY(rows->next(record))) {
            ++report.rows;
            if (rows->columns().size() != mapped_columns) {
                mapping = PIPE_TRY(map_columns(options.type, rows->columns(), options.maps, false));
                mapped_columns = rows->columns().size();
                PIPE_TRY_VOID(
                    detail::set_column_formats(ctx.dates, rows->columns(), options, false));
                detector.emplace(options.type, mapping, rows->columns().size(), ctx.dates, false);
            }
            // Without a first pass, formats settle as values come (the JSON readers, whose
            // keys grow as they appear; the library without a way to reopen its input).
            if (detector && !detector->done()) {
                detector->see(record, rows->guarded());
                detector->apply(ctx);
            }
            detail::RowView row(*rows, mapping, defaults, record, options.type);
            Outcome outcome = Outcome::invalid;
            if (!record.problem.empty()) {
                if (record.problem_column >= 0)
                    row.column_error(record.problem_column, record.problem);
                else
                    row.row_error(record.problem);
            } else {
                outcome = importer->import(row);
            }
            if (row.failed()) outcome = Outcome::invalid;
            for (auto& w : row.warnings) {
                if (outcome == Outcome::invalid) break;
                ++report.warning_count;
                add_problem(report.warnings, record.line,
                            fmt::format("{}:{}: {}", source, record.line, w));
            }
            switch (outcome) {
            case Outcome::added:
                ++report.added;
                break;
            case Outcome::updated:
                ++report.updated;
                break;
            case Outcome::unchanged:
                ++report.unchanged;
                break;
            case Outcome::skipped:
                ++report.skipped;
                break;
            case Outcome::invalid:
                ++report.invalid;
                for (const auto& e : row.errors)
                    add_problem(report.errors, record.line,
                                fmt::format("{}:{}: {}", source, record.line, e));
                for (std::size_t i = 0; i < row.problems.size(); ++i)
                    add_to_groups(report.error_groups, group_keys, row.problems[i], record.line,
                                  fmt::format("{}:{}: {}", source, record.line, row.errors[i]));
                if (options.skip_invalid && options.reject)
                    options.reject(rows->columns(), record, text::join(row.errors, "; "));
                break;
            }
            if (options.progress && report.rows % 4096 == 0)
                options.progress(report.rows, rows->bytes_read());
        }
        if (report.rows == 0) {
            empty = true;
            return fail(std::string(roll_back));
        }
        PIPE_TRY_VOID(importer->finish(report));
        if (options.progress) options.progress(report.rows, rows->bytes_read());
        for (int column : mapping.unknown)
            report.unknown_columns.push_back(rows->columns()[static_cast<std::size_t>(column)]);
        if (report.columns.empty()) {
            detail::FormatDetector shown(options.type, mapping, rows->columns().size(), ctx.dates,
                                         false);
            report.columns = shown.previews(rows->columns(), options.type);
        }
        bool failed = report.invalid > 0 && !options.skip_invalid;
        if (options.dry_run || failed || (report.added == 0 && report.updated == 0))
            return fail(std::string(roll_back));
        auto& counts = book.store.statement(
            "UPDATE import_batches SET added = ?, updated = ?, unchanged = ? WHERE id = ?");
        counts.bind(1, report.added);
        counts.bind(2, report.updated);
        counts.bind(3, report.unchanged + report.skipped);
        counts.bind(4, report.batch);
        counts.exec();
        change.describe(fmt::format("imported {} ({}): {} new, {} updated (batch {})", source,
                                    to_string(options.type), report.added, report.updated,
                                    report.batch));
        book.store.db().exec("DELETE FROM temp.import_seen");
        if (!dropped.empty() && options.step) options.step("making the indexes");
        // Each index is sorted in memory up to the page cache's size, beside the cache itself:
        // a smaller cache while they are made, and the rows' pages written out and handed back
        // to the system first, keep the sorts within the memory the rows had.
        if (!dropped.empty()) {
            book.store.db().exec("PRAGMA cache_size = -8192");
            release_page_cache(book.store.db());
        }
        crm::detail::make_bulk_objects(book.store.db(), dropped);
        if (search_paused && options.step) options.step("indexing for search");
        if (search_paused) crm::detail::catch_up_search_index(book.store.db());
        // Into a book without deals, the import's rows are most of the index.
        if (search_paused && !dropped.empty()) crm::detail::optimize_search_index(book.store.db());
        report.committed = true;
        return {};
    };
    // A bigger page cache keeps the index pages of a big import in memory instead of spilling
    // them to the WAL again and again; bounded, so memory stays flat however long the file.
    // The keys seen so far (temp.import_seen) get a small one: a file of 100,000 rows already
    // fills it, so a longer file takes no more memory.
    book.store.db().exec("PRAGMA cache_size = -24576");
    book.store.db().exec("PRAGMA temp.cache_size = -2048");
    auto written = crm::detail::write_change(book, work);
    book.store.db().exec("PRAGMA cache_size = -2000");
    if (!written && written.error().what != roll_back) return std::unexpected(written.error());
    if (empty)
        return fail(fmt::format("{}: no rows{}", source,
                                rows->columns().empty() ? "" : " after the header"),
                    "nothing to import");
    if (!report.committed) report.batch = 0;
    return report;
}

} // namespace crm::io
