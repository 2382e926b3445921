#pragma once
// The rejected rows of pipe import --skip-invalid F.

#include "context.hpp"
#include "pipe/files.hpp"
#include "pipe/io/reader.hpp"

#include <optional>
#include <string>
#include <vector>

namespace crm::cli {

/// Rows refused with --skip-invalid F. F is written only when a row is rejected, and never in
/// a dry run: the rows go to a new file beside it, renamed onto F once the import has ended,
/// so F stays as it was if the import fails. Each row is written out at once: a full disk ends
/// the import (rolled back) instead of losing rejected rows.
class Rejects {
  public:
    /// Rejects for the file at `path`; none are written when `dry_run`.
    Rejects(std::string path, bool dry_run);

    /// Why writing failed, if it did: the import ends with it instead of its own error.
    std::optional<Error> failure;

    /// Write one rejected row (the importer's reject callback). Throws, after setting
    /// `failure`, when it cannot: the import's transaction then rolls back.
    void add(const std::vector<std::string>& columns, const io::Record& record,
             const std::string& reason);
    /// Put the rows written in place of F (after the import ended well).
    void finish();

  private:
    [[noreturn]] void stop(Error error);

    std::string path_;
    bool dry_run_;
    std::optional<OutputFile> file_;
};

/// Refuse (CommandError, exit 1) a rejects file that is the input `input` (`-`: standard
/// input), or the database at `database` or a file SQLite keeps beside it: writing it would
/// destroy them. Compared by device and inode, so other names and links of them count.
void refuse_rejects_path(const std::string& rejects, const std::string& input,
                         const std::string& database);

} // namespace crm::cli
