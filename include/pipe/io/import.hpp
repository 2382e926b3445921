#pragma once
/// \file import.hpp
/// Bulk import of deals, leads, activities and stage history from a Reader, in one
/// transaction; import batches, their list and their undo.

#include "pipe/book.hpp"
#include "pipe/io/mapping.hpp"
#include "pipe/io/reader.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace crm::io {

/// What to do with a row whose external id is already in the database.
enum class OnDuplicate { update, skip, error };

/// Parse `update`, `skip` or `error`; a usage error otherwise.
[[nodiscard]] Result<OnDuplicate> parse_on_duplicate(std::string_view text);

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

/// One import batch.
struct Batch {
    std::int64_t id = 0;                ///< Batch id.
    Timestamp at{};                     ///< When it ran.
    std::string source;                 ///< File name.
    std::string type;                   ///< deals, leads, activities or events.
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
    std::string kind;       ///< `deal` or `lead`.
    std::int64_t id = 0;    ///< Its id.
    std::string title;      ///< Its title or name.
    std::string changed_by; ///< The later change, as typed (`pipe deal move 4 nego`).
};

/// What undoing a batch did.
struct BatchUndo {
    Batch batch;                 ///< The batch, now undone.
    std::int64_t removed = 0;    ///< Records it had added, removed.
    std::int64_t restored = 0;   ///< Records it had updated, put back as they were.
    std::vector<LeftAlone> left; ///< Records left alone because they changed since.
};

/// Undo a batch (default: the newest one not undone), any batch, never discarding later work:
/// it removes what the batch added and restores what it updated, record by record, only where
/// no later change touched the record; the others are left as they are and listed. One change
/// (`pipe undo` takes it back). Error when the batch is undone already, or older than the
/// journal (its records can still be removed one by one).
[[nodiscard]] Result<BatchUndo> undo_batch(Book& book, std::optional<std::int64_t> id);

} // namespace crm::io
