#pragma once
/// \file files.hpp
/// Files that pipe writes beside the database (exports, rejected rows): telling one file from
/// another whatever its name, and replacing a file whole.

#include "pipe/error.hpp"

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <sys/types.h>

namespace crm {

/// What tells files apart on Linux: the device and inode, whatever the name or link used.
struct FileId {
    dev_t device = 0; ///< st_dev
    ino_t inode = 0;  ///< st_ino
    friend bool operator==(const FileId&, const FileId&) = default;
};

/// The identity of the file at `path` (symbolic links followed), if it exists.
[[nodiscard]] std::optional<FileId> file_id(const std::string& path);

/// The identity of the file open as `fd` (standard input is 0), if it has one.
[[nodiscard]] std::optional<FileId> file_id(int fd);

/// Whether `path` names the database at `database` or one of the files SQLite keeps beside it
/// (`-wal`, `-shm`, `-journal`): by device and inode where the files exist (so a hard link or a
/// symbolic link to them counts), else by their absolute paths.
[[nodiscard]] bool is_database_file(const std::string& path, const std::string& database);

/// A file that pipe writes (an export, rejected rows): written in full beside `target`, then
/// put in its place with one rename, so `target` is never seen half written and stays as it
/// was if the writing fails or is abandoned. An existing character device or FIFO
/// (`/dev/null`, `/dev/stdout`, a pipe to another program) is written directly instead.
class OutputFile {
  public:
    /// Create the new file in the folder of `target` under an unpredictable name
    /// (`TARGET.partial-XXXXXXXXXXXX`), exclusively (`O_CREAT | O_EXCL | O_NOFOLLOW`: never
    /// through a link planted there), mode 0600 whatever the umask. A device or FIFO is opened
    /// as it is; a folder or any other kind of file is an error.
    [[nodiscard]] static Result<OutputFile> create(const std::string& target);

    OutputFile(OutputFile&&) noexcept;
    OutputFile& operator=(OutputFile&&) noexcept;
    /// Removes the new file unless commit() succeeded.
    ~OutputFile();

    /// Where to write. Its errors (a full disk) are reported by flush() and commit().
    [[nodiscard]] std::ostream& stream();
    /// Write out what is buffered; an Error if any write so far failed.
    [[nodiscard]] Result<void> flush();
    /// Flush, sync to disk and rename the new file onto the target (a device or FIFO: flush).
    [[nodiscard]] Result<void> commit();
    /// The target's path.
    [[nodiscard]] const std::string& target() const;

  private:
    struct State;
    explicit OutputFile(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

} // namespace crm
