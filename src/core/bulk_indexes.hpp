#pragma once
// The indexes an import into a book without deals makes at its end instead of row by row.
// Building an index from all its rows at once (one sort) costs far less than inserting each
// row into it as it comes: the deals' indexes are ordered by columns (stage, dates, values)
// that an import's rows arrive in no order of, so each row touched a page of each index, and
// past the page cache each of those was a read and a write. An import of 300,000 deals took
// 18.3 s with them, 7.9 s without and 2.1 s more to build them.
// The same import also drops the triggers that keep the derived tables (running totals,
// closes, stage reach) row by row, and fills those tables at its end from their definitions
// (derived_tables.hpp): with no deals before it, every row they count is the import's own.
// 100,000 deals: the row loop took 1.7 s with those triggers, 1.2 s without.

#include <SQLiteCpp/SQLiteCpp.h>
#include <string>
#include <vector>

namespace crm::detail {

/// What an import into a book without deals makes again at its end: the indexes it dropped
/// and the derived tables' triggers it dropped, each as the SQL that makes it.
struct BulkObjects {
    std::vector<std::string> indexes;
    std::vector<std::string> triggers;
    [[nodiscard]] bool empty() const { return indexes.empty() && triggers.empty(); }
};

/// In the change being written: when the book has no deals, drops the indexes that an import
/// does not read (the deals' own, and those of their history by kind, batch and stage) and the
/// triggers that keep the derived tables from deals, events and stage exits, and returns the
/// SQL that makes each again; otherwise drops nothing and returns nothing. The derived tables
/// are stale until make_bulk_objects fills them. A rolled-back import brings everything back
/// with its transaction.
[[nodiscard]] BulkObjects drop_bulk_objects(SQLite::Database& db);

/// Makes again the indexes drop_bulk_objects dropped (each from its rows, in one statement),
/// then fills every derived table from its definition and makes its triggers again, when
/// they were dropped.
void make_bulk_objects(SQLite::Database& db, const BulkObjects& dropped);

} // namespace crm::detail
