#pragma once
// Shared pieces of the importers: a view of one row through the mapping, typed cell parsers
// with the row's error list, events stamped with the batch, undo records.

#include "pipe/deals.hpp"
#include "pipe/history.hpp"
#include "pipe/io/import.hpp"

#include <memory>
#include <unordered_map>

namespace crm::io::detail {

/// What one row did.
enum class Outcome { added, updated, unchanged, skipped, invalid };

/// Dates and instants of cells: ISO or `--date-format`; a date alone means local noon (the
/// time `pipe deal won --date` uses), so day counts between two dates stay whole.
class DateParser {
  public:
    explicit DateParser(std::optional<std::string> format) : format_(std::move(format)) {}
    /// An instant.
    [[nodiscard]] Result<Timestamp> instant(std::string_view text);
    /// A calendar date (a date-time's local date).
    [[nodiscard]] Result<Date> date(std::string_view text);

  private:
    std::optional<std::string> format_;
    bool format_has_time_ = false;
    bool checked_format_ = false;
    std::unordered_map<std::string, Timestamp> noon_;
};

/// One row seen through the mapping, collecting its problems.
class RowView {
  public:
    RowView(const Reader& reader, const Mapping& mapping, const std::vector<std::string>& defaults,
            const Record& record, RecordType type);

    /// The cell of field `field` (formula guard removed, trimmed), else its `--default`, else
    /// nullopt when absent or empty.
    [[nodiscard]] std::optional<std::string_view> get(int field) const;
    /// A pseudo column (close_date, first/last name) by column index.
    [[nodiscard]] std::optional<std::string_view> column(int column) const;
    /// Record a problem with field `field`: `column 'x': value 'y': reason`.
    void error(int field, std::string_view reason);
    /// Record a problem with a column by index.
    void column_error(int column, std::string_view reason);
    /// Record a problem with the row as a whole.
    void row_error(std::string_view reason);
    /// Record a warning about field `field`.
    void warn(int field, std::string_view reason);
    /// `name: value` lines of the non-empty unknown columns.
    [[nodiscard]] std::string unknown_lines() const;
    /// The mapping the row is read through.
    [[nodiscard]] const Mapping& mapping() const { return mapping_; }
    /// The line the row starts on.
    [[nodiscard]] std::int64_t line() const { return record_.line; }
    /// Whether any error was recorded.
    [[nodiscard]] bool failed() const { return !errors.empty(); }

    /// Errors, without the `FILE:LINE: ` prefix.
    std::vector<std::string> errors;
    /// Warnings, without the prefix.
    std::vector<std::string> warnings;

  private:
    [[nodiscard]] std::string describe(int column, int field) const;
    const Reader& reader_;
    const Mapping& mapping_;
    const std::vector<std::string>& defaults_;
    const Record& record_;
    RecordType type_;
};

/// Everything a row importer needs.
struct ImportContext {
    Book& book;
    const ImportOptions& options;
    std::int64_t batch = 0;
    DateParser dates;
    /// --stage-map, keys lower case.
    std::unordered_map<std::string, std::string> stage_map;
};

/// Imports rows of one record type.
class RowImporter {
  public:
    virtual ~RowImporter() = default;
    /// Import one valid-looking row; problems go into `row`.
    [[nodiscard]] virtual Outcome import(RowView& row) = 0;
    /// After the last row (stage history is rebuilt here).
    [[nodiscard]] virtual Result<void> finish(ImportReport& report) {
        (void)report;
        return {};
    }
};

/// The importer of a record type.
std::unique_ptr<RowImporter> deal_importer(ImportContext& ctx);
std::unique_ptr<RowImporter> lead_importer(ImportContext& ctx);
std::unique_ptr<RowImporter> activity_importer(ImportContext& ctx);
std::unique_ptr<RowImporter> event_importer(ImportContext& ctx);

/// Remember `key` (an external id) as seen on `line` in this import; returns the line it was
/// first seen on when it was seen before.
std::optional<std::int64_t> seen_before(Store& store, const std::string& key, std::int64_t line);
/// Notes with the lines of `extra` that they lack appended (unknown columns of a re-import add
/// to a record's notes, never replace what the user wrote).
std::string merge_notes(const std::string& notes, const std::string& extra);
/// `text` after --stage-map.
std::string mapped_stage(const ImportContext& ctx, std::string_view text);
/// The external id exported for a deal or lead that has none: `pipe:BOOK:deal:7`, naming
/// this book (its random id) and the record's id.
std::string synthetic_id(Store& store, std::string_view kind, std::int64_t id);
/// The id inside a synthetic external id of `kind` made by this book, if `text` is one. An id
/// made by another book (or by pipe before books had an id, `pipe:deal:7`) is an external id
/// like any other.
std::optional<std::int64_t> synthetic_of(Store& store, std::string_view kind,
                                         std::string_view text);
/// The deal an imported row's external id names: by its external_id, or by a synthetic id
/// of this book for a deal that has none.
std::optional<Deal> find_deal_by_external_id(Store& store, const std::string& ext);

} // namespace crm::io::detail
