#pragma once
// The files around a database, for the store: the folders and the empty file made on a first
// write (and taken back when nothing was committed to it), and how a database is opened for
// reading without creating or changing a file.

#include "pipe/error.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace crm::store_files {

/// Which file a path names: device and inode.
struct FileId {
    dev_t device = 0;
    ino_t inode = 0;
    bool operator==(const FileId&) const = default;
};

/// The file `path` names now, if any.
[[nodiscard]] std::optional<FileId> file_id(const std::string& path);

/// A database file this process made for a write (or found empty), with the folders it made
/// for it: what to take back if the command commits nothing.
struct MadeFile {
    std::string path;
    FileId id;
    /// It existed with zero bytes: empty it again rather than remove it.
    bool was_empty = false;
    /// Folders made for it, outermost first.
    std::vector<std::filesystem::path> folders;
};

/// Make the missing folders (0700) and an empty file (0600) for a new database at `path`.
/// Nothing when another process made the file first.
[[nodiscard]] Result<std::optional<MadeFile>> make_database_file(const std::string& path);

/// Create an empty file only this user can read (0600); fine if it exists already.
[[nodiscard]] Result<void> create_private_file(const std::string& path);

/// Make a rename or a new file in `folder` survive a power cut.
void sync_folder(const std::filesystem::path& folder);

/// Remove the file `made` (or empty it again), and the folders made for it; call it right after
/// this process closed its connection to it. The file is left alone when another process may
/// use it: unless it is the same file, no -wal, -shm or -journal file is beside it, and it is
/// unchanged while this holds a lock that excludes every SQLite lock on it.
void take_back(const MadeFile& made);

/// Whether this process may write both the file at `path` and the folder it is in.
[[nodiscard]] bool writable_place(const std::string& path);

/// How a database is opened for reading.
enum class ReadMode {
    /// Read-write, but nothing is written: SQLite then takes its -wal and -shm files away again
    /// when the connection closes, as a read-only connection would not.
    read_write,
    /// SQLite's read-only mode, using the -wal and -shm files that are there.
    read_only,
    /// SQLite's immutable mode: the file alone, no lock and no -shm (no -wal with changes
    /// exists, and none can be made). A write by another user that starts meanwhile is not
    /// seen, and could make this read fail as if the file were damaged.
    immutable,
};

/// How to read the database at `path` without creating or changing a file; an Error when its
/// -wal holds changes that its folder keeps from being read, or a rollback journal left by an
/// unfinished write cannot be played back.
[[nodiscard]] Result<ReadMode> read_mode(const std::string& path);

/// The `file:` URI of `path` with a query such as "immutable=1".
[[nodiscard]] std::string file_uri(const std::string& path, std::string_view query);

} // namespace crm::store_files
