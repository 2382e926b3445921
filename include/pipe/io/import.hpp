#pragma once
/// \file import.hpp
/// Bulk import of deals, leads, activities, stage history, organizations and people from a
/// Reader, in one transaction; import batches, their list and their undo.

#include "pipe/book.hpp"
#include "pipe/io/mapping.hpp"
#include "pipe/io/reader.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crm::io {

/// What to do with a row whose external id is already in the database.
enum class OnDuplicate { update, skip, error };

/// Parse `update`, `skip` or `error`; a usage error otherwise.
[[nodiscard]] Result<OnDuplicate> parse_on_duplicate(std::string_view text);

/// Which character separates an amount's decimals: detected per column (unknown), or
/// `--decimal-comma` / `--decimal-point` for every column.
enum class Decimal { unknown, point, comma };

/// How to import.
struct ImportOptions {
    /// What the rows are.
    RecordType type = RecordType::deals;
    /// The input's name in messages and in the batch list (`deals.csv`, `-`).
    std::string source;
    /// `--map FIELD=COLUMN`.
    Pairs maps;
    /// `--stage-map FROM=TO` (for leads: status values).
    Pairs stage_maps;
    /// `--date-format` (strftime-style) for every date and time cell.
    std::optional<std::string> date_format;
    /// `--date-format COLUMN=FMT`: the format of one column's dates (column names match as
    /// `--map` ones do).
    Pairs column_date_formats;
    /// `--decimal-comma` / `--decimal-point`; unknown: detected per column.
    Decimal decimal = Decimal::unknown;
    /// A fresh reader of the same input from its start. When set, a first pass reads rows
    /// until each date, amount and probability column's format is settled (or the end), and
    /// the import reads the reopened input; without it, formats are settled by the values
    /// already read.
    std::function<Result<std::unique_ptr<Reader>>()> reopen;
    /// `--default FIELD=VALUE`, used where a cell is empty or its column absent.
    Pairs defaults;
    /// Rows whose external id exists already.
    OnDuplicate on_duplicate = OnDuplicate::update;
    /// Validate and count, then roll everything back.
    bool dry_run = false;
    /// Import the good rows and hand the bad ones to `reject` instead of failing.
    bool skip_invalid = false;
    /// Called for each rejected row with `skip_invalid`: the columns, the row and the reason.
    std::function<void(const std::vector<std::string>& columns, const Record& record,
                       const std::string& reason)>
        reject;
    /// Called every few thousand rows with rows read and bytes consumed.
    std::function<void(std::int64_t rows, std::uint64_t bytes)> progress;
    /// Called after the last row with what the import does before it commits (making the
    /// indexes of a book that had no deals, indexing the rows for search), as it starts each.
    std::function<void(std::string_view step)> step;
};

/// One problem of a row, taken apart.
struct ImportProblem {
    std::string column; ///< The column (or field) it is about; empty: the row as a whole.
    std::string value;  ///< The cell as written (shortened).
    std::string reason; ///< What is wrong.
};

/// The same problem on many rows: `column 'Amount': 3,632 rows: not an amount: '$10,700.00',
/// '$22,700.00', … (lines 2, 3, 5, …)`.
struct ProblemGroup {
    std::string column;              ///< The column; empty: the row as a whole.
    std::string reason;              ///< The first row's reason, without its value.
    std::int64_t rows = 0;           ///< How many rows have it.
    std::vector<std::int64_t> lines; ///< The first lines (at most 5).
    std::vector<std::string> values; ///< The first distinct bad values (at most 3).
    bool more_values = false;        ///< Whether there are more distinct values.
    std::string first;               ///< The first row's whole message (`FILE:LINE: ...`).
};

/// A column of the file as the import reads it (for `--dry-run`).
struct ColumnPreview {
    std::string column;               ///< As named in the file.
    std::string field;                ///< The field it fills; `notes` or empty (ignored).
    std::vector<std::string> samples; ///< The first three non-empty values.
    std::string format;               ///< The detected format (`day/month`, `decimal comma`).
};

/// Rows with one stage and status value of the file, and where they land.
struct StageTally {
    std::string pipeline; ///< The pipeline they land in.
    std::string stage;    ///< The stage as written in the file (empty: none).
    std::string status;   ///< The status as the file says it (empty: none).
    std::string lands_in; ///< The stage they land in (empty: invalid rows).
    std::int64_t rows = 0;
};

/// One problem with one row: `FILE:LINE: column 'x': value 'y': reason`.
struct RowProblem {
    /// Line in the file.
    std::int64_t line = 0;
    /// The whole message, starting with `FILE:LINE: `.
    std::string message;
};

/// What an import did (or, with dry_run or errors, would have done).
struct ImportReport {
    /// Batch id; 0 when nothing was written.
    std::int64_t batch = 0;
    /// Whether the changes were committed.
    bool committed = false;
    std::int64_t rows = 0;      ///< Data rows read.
    std::int64_t added = 0;     ///< Records created.
    std::int64_t updated = 0;   ///< Records changed.
    std::int64_t unchanged = 0; ///< Rows equal to what is stored.
    std::int64_t skipped = 0;   ///< Existing external ids left alone (`--on-duplicate skip`).
    std::int64_t invalid = 0;   ///< Rows rejected.
    /// Columns that fill no field (kept in notes for deals and leads).
    std::vector<std::string> unknown_columns;
    /// The first 20 errors.
    std::vector<RowProblem> errors;
    /// Every error, grouped by column and reason, in the order first seen (at most 200
    /// groups; more are counted in the last).
    std::vector<ProblemGroup> error_groups;
    /// The columns and what fills them (deals and leads: unknown columns go to notes).
    std::vector<ColumnPreview> columns;
    /// Deals: the distinct stage and status values and where they land, in the order seen.
    std::vector<StageTally> stages;
    /// Deals: rows whose probability differs from their stage's, kept as their own.
    std::int64_t own_probability = 0;
    /// Organizations made by linking rows to them (a deal's or lead's organization, a
    /// person's).
    std::int64_t organizations_created = 0;
    /// People made by linking rows to them (a deal's contact, a lead).
    std::int64_t persons_created = 0;
    /// Rows linked to an organization or person that was in the book before the import.
    std::int64_t linked_existing = 0;
    /// The first 20 warnings (e.g. a won deal without a value, imported as 0).
    std::vector<RowProblem> warnings;
    /// All warnings.
    std::int64_t warning_count = 0;
};

/// How many errors and warnings a report keeps.
inline constexpr std::size_t max_listed_problems = 20;

/// Import every record of `reader` in one transaction. Rolled back when dry_run, or when a
/// row is invalid without skip_invalid (the report then lists the errors). An Error is
/// returned for input that cannot be read at all (malformed CSV/JSON, an empty file, no rows)
/// and for bad options.
[[nodiscard]] Result<ImportReport> import_records(Book& book, Reader& reader,
                                                  const ImportOptions& options);

/// A stage file (TOML) for the deals of `reader`: every pipeline the rows name, with the
/// current stage file's stages and the ones the rows add that it lacks, open stages in the
/// order the rows' probabilities imply (else the order they first appear), probabilities
/// from the rows' own where they have them; a stage whose rows are all won (or lost, by a
/// status column or by its name) becomes the won (lost) stage. Reads every row; writes
/// nothing.
[[nodiscard]] Result<std::string> suggest_stages(Book& book, Reader& reader,
                                                 const ImportOptions& options);

/// One import batch.
struct Batch {
    std::int64_t id = 0;                ///< Batch id.
    Timestamp at{};                     ///< When it ran.
    std::string source;                 ///< File name.
    std::string type;                   ///< deals, leads, activities, events, organizations
                                        ///< or persons.
    std::int64_t added = 0;             ///< Records created.
    std::int64_t updated = 0;           ///< Records changed.
    std::int64_t unchanged = 0;         ///< Rows that changed nothing.
    std::optional<Timestamp> undone_at; ///< When it was undone.
    std::int64_t left_alone = 0;        ///< Records its undo left as they were (changed since).
};

/// Every batch, newest first.
[[nodiscard]] Result<std::vector<Batch>> list_batches(Book& book);

/// A record that `import undo` left as it was because a later change touched it.
struct LeftAlone {
    std::string kind;       ///< `deal`, `lead`, `person` or `organization`.
    std::int64_t id = 0;    ///< Its id.
    std::string title;      ///< Its title or name.
    std::string changed_by; ///< The later change, as typed (`pipe deal move 4 nego`).
};

/// What undoing a batch did.
struct BatchUndo {
    Batch batch;               ///< The batch, now undone.
    std::int64_t removed = 0;  ///< Records it had added, removed.
    std::int64_t restored = 0; ///< Records it had updated, put back as they were.
    /// Organizations and people a deals or leads batch made by linking, removed with it (those
    /// a record that stays still links to are kept, and not listed in `left`).
    std::int64_t made_removed = 0;
    std::vector<LeftAlone> left; ///< Records left alone because they changed since.
};

/// Undo a batch (default: the newest one not undone), any batch, never discarding later work:
/// it removes what the batch added and restores what it updated, record by record, only where
/// no later change touched the record; the others are left as they are and listed. One change
/// (`pipe undo` takes it back). Error when the batch is undone already, or older than the
/// journal (its records can still be removed one by one).
[[nodiscard]] Result<BatchUndo> undo_batch(Book& book, std::optional<std::int64_t> id);

} // namespace crm::io
