#pragma once
// Shared pieces of the importers: a view of one row through the mapping, typed cell parsers
// with the row's error list, events stamped with the batch, undo records.

#include "cells.hpp"
#include "pipe/deals.hpp"
#include "pipe/history.hpp"
#include "pipe/io/import.hpp"
#include "pipe/leads.hpp"

#include <functional>
#include <memory>
#include <unordered_map>

namespace crm::io::detail {

/// What one row did.
enum class Outcome { added, updated, unchanged, skipped, invalid };

/// Dates and instants of cells: ISO, the layouts other CRMs export (see cells.hpp) with each
/// column's day/month order, or `--date-format` (for all columns or one); a date alone means
/// local noon (the time `pipe deal won --date` uses), so day counts between two dates stay
/// whole.
class DateParser {
  public:
    explicit DateParser(std::optional<std::string> format) : format_(std::move(format)) {}
    /// Use `format` for column `column` (a `--date-format COLUMN=FMT`).
    void set_format(int column, std::string format);
    /// The day/month order detected for a column.
    void set_order(int column, DayOrder order);
    /// The format given for a column, if any.
    [[nodiscard]] const std::string* format_of(int column) const;
    /// An instant from column `column` (-1: a `--default`).
    [[nodiscard]] Result<Timestamp> instant(std::string_view text, int column = -1);
    /// A calendar date (a date-time's local date).
    [[nodiscard]] Result<Date> date(std::string_view text, int column = -1);

  private:
    struct Column {
        std::optional<std::string> format;
        DayOrder order = DayOrder::unknown;
    };
    [[nodiscard]] Result<Timestamp> with_format(std::string_view text, const std::string& format);
    std::optional<std::string> format_;
    std::vector<Column> columns_;
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
    /// The column the value of field `field` comes from, or -1 (empty or absent: a
    /// `--default`, whose dates are read without a column's format).
    [[nodiscard]] int source(int field) const {
        auto c = mapping_.column_of[static_cast<std::size_t>(field)];
        return column(c) ? c : -1;
    }
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
    /// The same errors taken apart, for grouping: one per entry of `errors`.
    std::vector<ImportProblem> problems;
    /// Warnings, without the prefix.
    std::vector<std::string> warnings;

    /// The name of column `column` ("" for none).
    [[nodiscard]] std::string column_name(int column) const;

  private:
    [[nodiscard]] std::string describe(int column, int field) const;
    void add(int column, int field, std::string_view reason);
    const Reader& reader_;
    const Mapping& mapping_;
    const std::vector<std::string>& defaults_;
    const Record& record_;
    RecordType type_;
};

/// An organization or person a row was linked to: its id, name, first email and phone.
struct LinkedParty {
    std::int64_t id = 0;
    std::string name, email, phone;
};

/// Everything a row importer needs.
struct ImportContext {
    Book& book;
    const ImportOptions& options;
    std::int64_t batch = 0;
    DateParser dates;
    /// --stage-map, keys lower case.
    std::unordered_map<std::string, std::string> stage_map;
    /// The decimal separator of each amount column (by column index), as detected or given.
    std::vector<Decimal> decimals = {};
    /// The scale of each probability column, as detected.
    std::vector<ProbabilityScale> scales = {};
    /// What the report collects beyond the counts (stages, own probabilities).
    ImportReport* report = nullptr;
    /// The organizations and people that linking made in this import (see link_imported).
    std::vector<CreatedRecord> created = {};
    /// The first organization and person id linking made in this import (later ones are
    /// higher), to tell records made by the import from those that were there.
    std::optional<std::int64_t> first_organization = {}, first_person = {};
    /// Links made by earlier rows, by what they linked (see link_imported_deal).
    std::unordered_map<std::string, LinkedParty> links = {};

    /// The decimal separator of column `column`.
    [[nodiscard]] Decimal decimal_of(int column) const {
        if (options.decimal != Decimal::unknown) return options.decimal;
        return column >= 0 && static_cast<std::size_t>(column) < decimals.size()
                   ? decimals[static_cast<std::size_t>(column)]
                   : Decimal::unknown;
    }
    /// The probability scale of column `column`.
    [[nodiscard]] ProbabilityScale scale_of(int column) const {
        return column >= 0 && static_cast<std::size_t>(column) < scales.size()
                   ? scales[static_cast<std::size_t>(column)]
                   : ProbabilityScale::unknown;
    }
};

/// What a column's cells are read as.
enum class CellKind { text, date, money, probability };

/// Settles each date, amount and probability column's format from its values: the day/month
/// order of dates, the decimal separator of amounts, percent or fraction; and keeps the first
/// three values of every column for the dry run.
class FormatDetector {
  public:
    FormatDetector(RecordType type, const Mapping& mapping, std::size_t columns,
                   const DateParser& dates, bool samples);
    /// Look at one record's cells.
    void see(const Record& record, bool guarded);
    /// Whether every typed column is settled (and, with samples, every column has three).
    [[nodiscard]] bool done() const;
    /// Put what was settled into `ctx` (orders into its DateParser, separators, scales).
    void apply(ImportContext& ctx) const;
    /// A date column whose every date read two ways, with an example; nullopt when none.
    [[nodiscard]] std::optional<std::pair<int, std::string>> unsettled_dates() const;
    /// The columns as previews (field names from `mapping`, formats as detected).
    [[nodiscard]] std::vector<ColumnPreview> previews(const std::vector<std::string>& names,
                                                      RecordType type) const;
    /// Rows seen.
    [[nodiscard]] std::int64_t rows() const { return rows_; }

  private:
    struct Column {
        CellKind kind = CellKind::text;
        bool settled = false;
        DayOrder order = DayOrder::unknown;
        bool question = false;
        bool times = false;
        std::string example;
        std::string given; // the `--date-format` of the column
        Decimal decimal = Decimal::unknown;
        bool symbol = false;
        ProbabilityScale scale = ProbabilityScale::unknown;
        std::vector<std::string> samples;
    };
    const Mapping& mapping_;
    std::vector<Column> columns_;
    bool samples_ = false;
    std::int64_t rows_ = 0;
    std::size_t unsettled_ = 0;
};

/// Give `dates` the `--date-format COLUMN=FMT` formats of `options` by column index; with
/// `strict`, a column missing from `columns` is a usage error.
Result<void> set_column_formats(DateParser& dates, const std::vector<std::string>& columns,
                                const ImportOptions& options, bool strict);

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
std::unique_ptr<RowImporter> organization_importer(ImportContext& ctx);
std::unique_ptr<RowImporter> person_importer(ImportContext& ctx);

/// A link that could not be made: which of the row's fields (the organization, or the
/// person) and why (a name several records have, an email's domain no organization has).
struct LinkProblem {
    bool person = false;
    std::string reason;
};

/// Link a deal's organization (when `organization`) and contact (when `contact`) from its
/// text fields by the rule of `deal add --org/--contact` for imported names (an email, else
/// the whole name; a new name makes the record). What is made carries the batch and is
/// counted in the report, as are rows that link to records already in the book. A link that
/// cannot be made leaves that field unlinked, its text as the row has it, and is returned
/// (the importer warns: the deal still imports).
std::vector<LinkProblem> link_imported_deal(ImportContext& ctx, Deal& deal, bool organization,
                                            bool contact);
/// Run `link` (which may make organizations and people through link_organization and
/// link_person) with the book's created list pointed at the import's: what it made gets the
/// batch and is counted in the report. With `guarded`, in a savepoint rolled back when `link`
/// returns a problem, so a row whose person cannot be linked leaves no organization behind.
std::optional<LinkProblem> linked_records(ImportContext& ctx,
                                          const std::function<std::optional<LinkProblem>()>& link,
                                          bool guarded);
/// Whether two names are one organization's or person's (case and spaces aside), the key
/// linking matches by.
bool same_party_name(std::string_view a, std::string_view b);
/// Link a lead's organization and person likewise (the rule of `lead add`).
std::vector<LinkProblem> link_imported_lead(ImportContext& ctx, Lead& lead, bool organization,
                                            bool person);

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
