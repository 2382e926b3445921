#pragma once
/// \file store.hpp
/// The one owner of the SQLite database: open, migrate, transactions, statements.

#include "pipe/error.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <string>

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
    /// Reads only: a missing database is an empty one and is not created.
    read,
    /// Reads and writes: the database (and its folders) are created on first use.
    write,
};

/// The schema version this build writes (`PRAGMA user_version`).
inline constexpr int schema_version = 4;

/// How long a command waits for another process's write transaction before it gives up with
/// "database ... is locked".
inline constexpr std::chrono::milliseconds default_busy_timeout{30000};

/// The SQLite database of one book of business.
class Store {
  public:
    /// Open (and create or migrate, as needed) the database at `path`. Files are created
    /// 0600 and folders 0700. A database newer than this build, another program's database
    /// or a damaged file is refused with an Error naming the path. Before migrating an
    /// existing database to a newer schema, a copy is written to `PATH.bak-v<old version>`.
    /// `busy_timeout` is how long to wait for another process's write transaction.
    [[nodiscard]] static Result<Store>
    open(const std::string& path, Access access,
         std::chrono::milliseconds busy_timeout = default_busy_timeout);
    /// A new in-memory database with the current schema (tests, empty reads).
    [[nodiscard]] static Result<Store> open_memory();

    Store(Store&&) noexcept;
    Store& operator=(Store&&) noexcept;
    ~Store();

    /// The underlying connection.
    [[nodiscard]] SQLite::Database& db();
    /// Where the database lives (`:memory:` for in-memory ones).
    [[nodiscard]] const std::string& path() const { return path_; }

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
    [[nodiscard]] Result<void> migrate();
    [[nodiscard]] Result<void> backup_before_migration(int version);
    struct Cache;
    std::unique_ptr<SQLite::Database> db_;
    std::unique_ptr<Cache> cache_;
    std::string path_;
    int depth_ = 0;
    detail::Change* change_ = nullptr;
};

/// Turn an exception thrown by SQLite or the standard library into an Error about `path`.
[[nodiscard]] Error database_error(const std::exception& e, const std::string& path);

} // namespace crm
