#pragma once
// The indexes an import into a book without deals makes at its end instead of row by row.
// Building an index from all its rows at once (one sort) costs far less than inserting each
// row into it as it comes: the deals' indexes are ordered by columns (stage, dates, values)
// that an import's rows arrive in no order of, so each row touched a page of each index, and
// past the page cache each of those was a read and a write. An import of 300,000 deals took
// 18.3 s with them, 7.9 s without and 2.1 s more to build them.

#include <SQLiteCpp/SQLiteCpp.h>
#include <string>
#include <vector>

namespace crm::detail {

/// In the change being written: when the book has no deals, drops the indexes that an import
/// does not read (the deals' own, and those of their history by kind, batch and stage) and
/// returns the SQL that makes them again; otherwise drops nothing and returns nothing. A
/// rolled-back import brings them back with its transaction.
[[nodiscard]] std::vector<std::string> drop_bulk_indexes(SQLite::Database& db);

/// Makes again the indexes drop_bulk_indexes dropped (each from its rows, in one statement).
void make_bulk_indexes(SQLite::Database& db, const std::vector<std::string>& made_by);

} // namespace crm::detail
