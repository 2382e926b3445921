#pragma once
/// \file store.hpp
/// The one owner of the SQLite database: open, migrate, transactions, statements.

#include "pipe/dates.hpp"
#include "pipe/error.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace SQLite {
class Database;
class Statement;
} // namespace SQLite

namespace crm {

namespace detail {
class Change;
class RowImages;
} // namespace detail

/// What a command needs of the database.
enum class Access {
    /// Reads only, creating and changing no file: a missing or empty (zero-byte) database is an
    /// empty book; one of an older schema is refused with how to upgrade it (`pipe upgrade`).
    /// Where the file or its folder cannot be written (a read-only folder or mount), the file
    /// is opened with SQLite's read-only or immutable mode, so no -shm file is needed.
    read,
    /// Writes that are always rolled back (`import --dry-run`): as `read`, except that a
    /// missing or empty database is an empty in-memory book one can write to.
    dry_run,
    /// Reads and writes: the database (and its folders) are created on first use, an older
    /// schema is upgraded, and damage is looked for first (see `damage_check_interval`).
    write,
};

/// The schema version this build writes (`PRAGMA user_version`).
inline constexpr int schema_version = 11;

/// How often a write looks for damage in the whole file (`PRAGMA quick_check`, which reads
/// every page: about 25 ms for a book of 3,000 deals, 1.5 s for 200,000 deals with a million
/// activities, 335 MB) before it writes. The time of the last check that passed is kept in the
/// file (table `meta`, key `last_quick_check`), by a command that commits.
inline constexpr std::chrono::hours damage_check_interval{24};

/// How long a command waits for another process's write transaction before it gives up with
/// "database ... is locked".
inline constexpr std::chrono::milliseconds default_busy_timeout{30000};

/// What opening a database did to its schema.
struct SchemaChange {
    /// The version found (0: a new or empty database).
    int from = 0;
    /// The version now.
    int to = 0;
    /// The copy of the old version written first (`PATH.bak-v<from>`); empty if none.
    std::string backup;
};

/// Reports the progress of a long schema upgrade (a big book's first open by a newer pipe):
/// what it is doing, and rows done of total.
using UpgradeProgress =
    std::function<void(std::string_view step, std::int64_t done, std::int64_t total)>;

/// The SQLite database of one book of business.
class Store {
  public:
    /// Open the database at `path` for `access` (see Access). Files are created 0600 and
    /// folders 0700. A database newer than this build, another program's database or a
    /// damaged file is refused with an Error naming the path. For a write, before migrating an
    /// existing database to a newer schema, a copy is written to `PATH.bak-v<old version>`;
    /// the file is checked for damage first when its last check is `damage_check_interval`
    /// older than `now` (or on every write without `now`); a database this call created (or
    /// an empty file it gave a schema) is taken away again, with the folders made for it (or
    /// emptied again), when the Store is destroyed without a commit, unless `keep()` or another
    /// process uses it or committed to it. Writes are synchronous: a commit is on disk when it
    /// returns.
    /// `busy_timeout` is how long to wait for another process's write transaction; `progress`
    /// hears how far an upgrade of the schema is.
    [[nodiscard]] static Result<Store>
    open(const std::string& path, Access access,
         std::chrono::milliseconds busy_timeout = default_busy_timeout,
         std::optional<Timestamp> now = std::nullopt, const UpgradeProgress& progress = {});
    /// A new in-memory database with the current schema (tests, empty reads).
    [[nodiscard]] static Result<Store> open_memory();

    Store(Store&&) noexcept;
    Store& operator=(Store&&) noexcept;
    ~Store();

    /// The underlying connection.
    [[nodiscard]] SQLite::Database& db();
    /// Where the database lives (`:memory:` for in-memory ones).
    [[nodiscard]] const std::string& path() const { return path_; }
    /// What opening it did to its schema.
    [[nodiscard]] const SchemaChange& schema_change() const;
    /// Keep a database that open() created even if nothing is committed to it (`pipe init`).
    void keep();

    /// Run `work` in one `BEGIN IMMEDIATE` transaction: commit when it succeeds, roll back
    /// when it returns an error or throws. A nested call runs in a SAVEPOINT of the outer
    /// transaction, so its failure undoes only its own part. SQLite exceptions become Errors
    /// naming the database. (Changes to the book go through crm::detail::write_change, which
    /// journals them; this is the transaction underneath.)
    [[nodiscard]] Result<void> write(const std::function<Result<void>()>& work);
    /// Run `work`, turning SQLite exceptions into Errors (for reads).
    [[nodiscard]] Result<void> read(const std::function<Result<void>()>& work);

    /// From now on, read pages through a memory mapping of the file rather than one read()
    /// and copy each: for reports that sweep much of a large book (review, forecast). Short
    /// commands are faster without it (faulting the mapping in costs more than a few reads).
    void map_for_reading();

    /// A cached prepared statement for `sql`, reset and with bindings cleared.
    [[nodiscard]] SQLite::Statement& statement(const std::string& sql);

    /// The book's identity: a random hex id made when the book was created (or upgraded to
    /// schema version 4), empty for a file without one.
    [[nodiscard]] const std::string& book_id();
    /// Read the book's identity again next time (after a restore or an undo changed it).
    void forget_book_id();
    /// Row images of this connection's tables (journal, trash, archive).
    [[nodiscard]] detail::RowImages& images();
    /// The change being written on this connection, if any (the write path's own state).
    [[nodiscard]] detail::Change* current_change() const { return change_; }
    /// Set or clear the change being written (the write path only).
    void set_current_change(detail::Change* change) { change_ = change; }

  private:
    Store(std::unique_ptr<SQLite::Database> db, std::string path);
    [[nodiscard]] static Result<Store> open_for_reading(const std::string& path, Access access,
                                                        std::chrono::milliseconds busy_timeout);
    [[nodiscard]] static Result<Store> open_for_writing(const std::string& path,
                                                        std::chrono::milliseconds busy_timeout,
                                                        std::optional<Timestamp> now,
                                                        const UpgradeProgress& progress);
    [[nodiscard]] Result<int> schema_in_file();
    [[nodiscard]] Result<void> check_for_damage(std::optional<Timestamp> now);
    /// Brings the schema from VERSION (schema_in_file's, read when the store opened; the
    /// write re-reads it under its lock) to this pipe's.
    [[nodiscard]] Result<void> migrate(int version, const UpgradeProgress& progress = {});
    [[nodiscard]] Result<void> backup_before_migration(int version);
    void finish() noexcept;
    struct Cache;
    struct Session;
    std::unique_ptr<SQLite::Database> db_;
    std::unique_ptr<Cache> cache_;
    std::unique_ptr<Session> session_;
    std::string path_;
    int depth_ = 0;
    detail::Change* change_ = nullptr;
};

/// `pipe upgrade`: bring the database at `path` to this build's schema, with the backup of the
/// old version first (and the damage check of a write). A missing or empty database is an Error.
[[nodiscard]] Result<SchemaChange> upgrade_database(const std::string& path,
                                                    std::chrono::milliseconds busy_timeout,
                                                    std::optional<Timestamp> now,
                                                    const UpgradeProgress& progress = {});

/// Turn an exception thrown by SQLite or the standard library into an Error about `path`.
[[nodiscard]] Error database_error(const std::exception& e, const std::string& path);

} // namespace crm
