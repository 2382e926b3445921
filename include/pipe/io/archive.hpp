#pragma once
/// \file archive.hpp
/// The whole-book archive: one JSON document with everything a book holds — deals, leads,
/// activities, history, stage exits, import batches, the trash, the id counters, the book's
/// identity and the stage definitions it was used with — which `pipe import` turns back into
/// the same book in an empty database (same ids; every list and report prints the same).
///
/// Layout: `{"pipe_archive": 1, "book_id", "schema_version", "exported_at", "stages":
/// {"source", "text"}, "counters": {table: last id}, "tables": {table: [row, …]}}`, each row
/// an object of the table's columns. The journal is not part of it.

#include "pipe/book.hpp"

#include <functional>
#include <istream>
#include <string>
#include <string_view>

namespace crm::io {

/// The archive format's version (`pipe_archive`).
inline constexpr int archive_version = 1;

/// Write the archive of the book, in pieces, to `write`.
[[nodiscard]] Result<void> export_archive(Book& book,
                                          const std::function<void(std::string_view)>& write);

/// What restoring an archive did.
struct ArchiveImport {
    std::int64_t rows = 0;     ///< Rows written.
    std::int64_t deals = 0;    ///< Deals among them.
    std::int64_t leads = 0;    ///< Leads among them.
    std::string book_id;       ///< The identity the book took from the archive.
    std::string stages_text;   ///< The stage file the archive was made with.
    std::string stages_source; ///< Where that stage file was.
    bool same_stages = true;   ///< Whether it is the stage file in force now.
};

/// Whether `start` (the first bytes of a file) look like an archive.
[[nodiscard]] bool looks_like_archive(std::string_view start);

/// Restore an archive into the book, which must be empty, as one change. Errors: not an
/// archive, a newer archive version, a book that is not empty, a row the schema refuses.
[[nodiscard]] Result<ArchiveImport> import_archive(Book& book, std::istream& in,
                                                   const std::string& source);

} // namespace crm::io
