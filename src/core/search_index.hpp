#pragma once
// The search index: one FTS5 table, `search`, over the text of deals, leads, people,
// organizations and activities. It is a derived table kept by SQL triggers on those tables (so
// every change, an import, an undo and a restore keep it right in the same transaction), never
// journaled, and rebuilt by `pipe doctor --fix`. Its rowid is the record's id × 8 + its kind's
// code; its columns are what a hit says the word was in.

#include <SQLiteCpp/SQLiteCpp.h>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>

namespace crm::detail {

/// One kind of record in the index.
struct IndexedKind {
    std::string_view kind;  ///< `deal`, `lead`, `person`, `organization`, `activity`.
    int code = 0;           ///< rowid = id × 8 + code.
    std::string_view table; ///< Its table.
    /// The SQL expression of each column of search_columns() (with `{0}` for the row, e.g.
    /// `NEW.`).
    std::span<const std::string_view> columns;
};

/// The indexed text columns, in order (after `kind`): title, people, contact, tags, notes,
/// reason, text.
[[nodiscard]] std::span<const std::string_view> search_columns();

/// Every indexed kind.
[[nodiscard]] std::span<const IndexedKind> indexed_kinds();

/// The kind whose code is `code` (rowid % 8), or nullptr.
[[nodiscard]] const IndexedKind* indexed_kind(int code);

/// The kind called `kind`, or nullptr.
[[nodiscard]] const IndexedKind* indexed_kind(std::string_view kind);

/// Create the search table (empty).
void create_search_table(SQLite::Database& db);

/// (Re)create the triggers that keep the index in step with its tables.
void create_search_triggers(SQLite::Database& db);

/// Drop the triggers that keep the index, for a bulk write inside a change (a change being
/// written: journal_now set) that then indexes its rows at once with catch_up_search_index. An
/// FTS5 write inside a statement's own transaction flushes the index at the end of each
/// statement, so an import writing the index row by row spent a quarter of its time there.
/// Returns false (and drops nothing) when no change is being written. The triggers come back
/// with the transaction if it is rolled back.
[[nodiscard]] bool pause_search_triggers(SQLite::Database& db);

/// Index again, in one statement a kind, every row of the indexed tables that the change being
/// written has touched (its journal rows, and the rows above its high-water marks: the rows it
/// added), then recreate the triggers. Call it once after pause_search_triggers returned true,
/// before the change ends.
void catch_up_search_index(SQLite::Database& db);

/// Fill the index from every indexed table, reporting rows done of `total` as it goes.
void fill_search_index(SQLite::Database& db,
                       const std::function<void(std::int64_t done, std::int64_t total)>& progress);

/// Rows in which the index differs from its rebuild (both ways), by the index's own content.
[[nodiscard]] std::int64_t search_differences(SQLite::Database& db);

/// Whether FTS5's own check of the index against its content passes.
[[nodiscard]] bool search_index_sound(SQLite::Database& db);

/// Merge the index into one segment (FTS5's 'optimize'). FTS5 keeps an index as segments,
/// each of them a b-tree of words that every search looks each word up in; a bulk fill leaves
/// several (seven for the bench book's 1.2 million records), and a common word then took 1.3
/// ms more to find. Its cost is a pass over the whole index (1.5 s for those records), so it
/// follows the fills that write most of the index, not everyday writes, whose small segments
/// FTS5 merges as they come.
void optimize_search_index(SQLite::Database& db);

/// Empty the index and fill it again, as one segment; returns the rows indexed.
std::int64_t rebuild_search_index(SQLite::Database& db);

} // namespace crm::detail
