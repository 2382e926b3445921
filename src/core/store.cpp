#include "pipe/store.hpp"

#include "row_images.hpp"
#include "schema.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <cerrno>
#include <chrono>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <malloc.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>
#include <optional>
#include <unordered_map>

namespace crm {

namespace fs = std::filesystem;

struct Store::Cache {
    std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> statements;
    std::unique_ptr<detail::RowImages> images;
    std::optional<std::string> book_id;
};

namespace {

// SQLite reports some writes that found the disk full (growing the WAL index, for one) as I/O
// errors: tell them apart by the free space left where the database lives.
bool no_space_left(const SQLite::Exception& e, const std::string& path) {
    auto extended = e.getExtendedErrorCode();
    if (extended != SQLITE_IOERR_WRITE && extended != SQLITE_IOERR_SHMSIZE &&
        extended != SQLITE_IOERR_TRUNCATE && extended != SQLITE_IOERR_FSYNC &&
        extended != SQLITE_IOERR_SHMMAP)
        return false;
    std::error_code ec;
    auto folder = fs::absolute(path, ec).parent_path();
    auto space = fs::space(folder, ec);
    return !ec && space.available < 64 * 1024;
}

} // namespace

Error database_error(const std::exception& e, const std::string& path) {
    const auto* sqlite = dynamic_cast<const SQLite::Exception*>(&e);
    int code = sqlite ? (sqlite->getErrorCode() & 0xff) : 0;
    switch (code) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return {fmt::format("database {} is locked by another program", path),
                "wait for it to finish and try again"};
    case SQLITE_READONLY:
        return {fmt::format("database {} is read-only", path),
                "check the permissions of the file and its folder, or use --db"};
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return {fmt::format("database {} is damaged or not a database", path),
                "restore it from a backup, or use --db for another file"};
    case SQLITE_FULL:
        return {fmt::format("disk full while writing {}", path), "free some space and try again"};
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
        return {fmt::format("cannot open database {}", path), "check the path and its permissions"};
    case SQLITE_IOERR:
        if (sqlite && no_space_left(*sqlite, path))
            return {fmt::format("disk full while writing {}", path),
                    "free some space and try again"};
        return {fmt::format("I/O error on database {}: {}", path, e.what()),
                "check the disk and try again"};
    default:
        return {fmt::format("database {}: {}", path, e.what()),
                "run pipe backup, then report a bug"};
    }
}

namespace {

Result<void> ensure_folder(const fs::path& folder) {
    std::error_code ec;
    if (folder.empty() || fs::exists(folder, ec)) return {};
    PIPE_TRY_VOID(ensure_folder(folder.parent_path()));
    if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST)
        return fail(fmt::format("cannot create folder {}", folder.string()),
                    "check permissions, or choose another place with --db");
    return {};
}

Result<void> create_private_file(const std::string& path) {
    int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST) return {};
        return fail(fmt::format("cannot create database {}", path),
                    "check the folder's permissions, or use --db");
    }
    ::fchmod(fd, 0600);
    ::close(fd);
    return {};
}

void configure(SQLite::Database& db, std::chrono::milliseconds busy_timeout) {
    db.setBusyTimeout(static_cast<int>(busy_timeout.count()));
    db.exec("PRAGMA foreign_keys = ON");
}

// After the file is known to be a pipe database: WAL lets readers go on while one writes.
void use_wal(SQLite::Database& db) {
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = NORMAL");
}

} // namespace

Store::Store(std::unique_ptr<SQLite::Database> db, std::string path)
    : db_(std::move(db)), cache_(std::make_unique<Cache>()), path_(std::move(path)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() {
    if (cache_) {
        cache_->statements.clear();
        cache_->images.reset();
    }
}

const std::string& Store::book_id() {
    if (!cache_->book_id) {
        auto& st = statement("SELECT value FROM meta WHERE key = 'book_id'");
        cache_->book_id = st.executeStep() ? st.getColumn(0).getString() : std::string();
        st.reset();
    }
    return *cache_->book_id;
}

void Store::forget_book_id() {
    cache_->book_id.reset();
}

detail::RowImages& Store::images() {
    if (!cache_->images) cache_->images = std::make_unique<detail::RowImages>(*db_);
    return *cache_->images;
}

SQLite::Database& Store::db() {
    return *db_;
}

// Before SQLite's first use: statement journals (a bulk import writes one per statement of its
// long transaction) stay in memory instead of each going to a temporary file. Never spilled: in
// SQLite 3.40 a statement journal spilled past a spill size above the default reports a full
// disk (seen renaming a stage of 200,000 deals, and dropping a big index in a migration).
namespace {
void configure_library() {
    static const bool done = [] {
        sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, -1);
        // Those journals are freed after each statement: without a high trim threshold glibc
        // gives the memory back to the system every time and takes it again for the next one
        // (an import of 100,000 rows made 55,000 brk calls).
        mallopt(M_TRIM_THRESHOLD, 64 << 20);
        return true;
    }();
    (void)done;
}
} // namespace

Result<Store> Store::open_memory() {
    configure_library();
    try {
        auto db = std::make_unique<SQLite::Database>(":memory:",
                                                     SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        configure(*db, default_busy_timeout);
        Store store(std::move(db), ":memory:");
        PIPE_TRY_VOID(store.migrate());
        return store;
    } catch (const std::exception& e) {
        return std::unexpected(database_error(e, ":memory:"));
    }
}

Result<Store> Store::open(const std::string& path, Access access,
                          std::chrono::milliseconds busy_timeout) {
    std::error_code ec;
    bool exists = fs::exists(path, ec);
    if (ec)
        return fail(fmt::format("cannot reach database {}: {}", path, ec.message()),
                    "check the permissions of its folders, or use --db");
    if (!exists && access == Access::read) return open_memory();
    if (exists && fs::is_directory(path, ec))
        return fail(fmt::format("database {} is a folder", path), "give a file path with --db");
    if (!exists) {
        PIPE_TRY_VOID(ensure_folder(fs::path(path).parent_path()));
        PIPE_TRY_VOID(create_private_file(path));
    } else if (::access(path.c_str(), R_OK) != 0) {
        return fail(fmt::format("cannot read database {}", path), "check its permissions");
    } else if (access == Access::write && ::access(path.c_str(), W_OK) != 0) {
        return fail(fmt::format("database {} is read-only", path),
                    "check the permissions of the file and its folder, or use --db");
    }
    configure_library();
    try {
        bool writable = access == Access::write || ::access(path.c_str(), W_OK) == 0;
        int flags = writable ? SQLite::OPEN_READWRITE : SQLite::OPEN_READONLY;
        auto db = std::make_unique<SQLite::Database>(path, flags);
        configure(*db, busy_timeout);
        Store store(std::move(db), path);
        PIPE_TRY_VOID(store.migrate());
        if (writable) use_wal(store.db());
        return store;
    } catch (const std::exception& e) {
        return std::unexpected(database_error(e, path));
    }
}

Result<void> Store::migrate() {
    auto steps = schema::migrations();
    auto target = static_cast<int>(steps.size());
    auto version = db_->execAndGet("PRAGMA user_version").getInt();
    auto foreign = [&] {
        return fail(fmt::format("{} is not a pipe database", path_),
                    "use --db to choose a pipe database");
    };
    if (version > target)
        return fail(fmt::format("database {} has schema version {}, newer than this pipe ({})",
                                path_, version, target),
                    "upgrade pipe to open it");
    if (version == 0) {
        if (db_->execAndGet("SELECT count(*) FROM sqlite_master").getInt() > 0) return foreign();
    } else if (db_->execAndGet("PRAGMA application_id").getInt() != schema::application_id) {
        return foreign();
    }
    if (version == target) return {};
    return write([&]() -> Result<void> {
        version = db_->execAndGet("PRAGMA user_version").getInt();
        if (version == target) return {};
        if (version > 0) PIPE_TRY_VOID(backup_before_migration(version));
        for (auto i = static_cast<std::size_t>(version); i < steps.size(); ++i)
            db_->exec(std::string(steps[i]));
        if (target >= 4) detail::refresh_journal_triggers(*db_);
        db_->exec(fmt::format("PRAGMA application_id = {}", schema::application_id));
        db_->exec(fmt::format("PRAGMA user_version = {}", target));
        return {};
    });
}

Result<void> Store::backup_before_migration(int version) {
    if (path_ == ":memory:") return {};
    auto target = fmt::format("{}.bak-v{}", path_, version);
    auto partial = target + ".partial";
    fs::remove(partial);
    PIPE_TRY_VOID(create_private_file(partial));
    {
        SQLite::Database source(path_, SQLite::OPEN_READONLY);
        SQLite::Database copy(partial, SQLite::OPEN_READWRITE);
        SQLite::Backup backup(copy, source);
        if (backup.executeStep(-1) != SQLITE_DONE)
            return fail(fmt::format("cannot back up {} before upgrading it", path_),
                        "close other programs using it and try again");
    }
    std::error_code ec;
    fs::rename(partial, target, ec);
    if (ec)
        return fail(fmt::format("cannot write the backup {} before upgrading {}", target, path_),
                    "check the folder's permissions and free space");
    return {};
}

// A review of a million deals spent more time in read() than in SQLite before this.
void Store::map_for_reading() {
    if (path_ != ":memory:") db_->exec("PRAGMA mmap_size = 2147483648");
}

Result<void> Store::write(const std::function<Result<void>()>& work) {
    if (depth_ > 0) {
        auto name = fmt::format("pipe_nested_{}", depth_);
        try {
            db_->exec("SAVEPOINT " + name);
        } catch (const std::exception& e) {
            return std::unexpected(database_error(e, path_));
        }
        ++depth_;
        Result<void> result;
        try {
            result = work();
        } catch (const std::exception& e) {
            result = std::unexpected(database_error(e, path_));
        }
        --depth_;
        try {
            if (!result) db_->exec("ROLLBACK TO " + name);
            db_->exec("RELEASE " + name);
        } catch (const std::exception& e) {
            return std::unexpected(database_error(e, path_));
        }
        return result;
    }
    try {
        db_->exec("BEGIN IMMEDIATE");
    } catch (const std::exception& e) {
        return std::unexpected(database_error(e, path_));
    }
    ++depth_;
    Result<void> result;
    try {
        result = work();
    } catch (const std::exception& e) {
        result = std::unexpected(database_error(e, path_));
    }
    --depth_;
    try {
        if (result) {
            db_->exec("COMMIT");
        } else {
            db_->exec("ROLLBACK");
        }
    } catch (const std::exception& e) {
        try {
            db_->exec("ROLLBACK");
        } catch (...) {}
        return std::unexpected(database_error(e, path_));
    }
    return result;
}

Result<void> Store::read(const std::function<Result<void>()>& work) {
    try {
        return work();
    } catch (const std::exception& e) {
        return std::unexpected(database_error(e, path_));
    }
}

SQLite::Statement& Store::statement(const std::string& sql) {
    auto& slot = cache_->statements[sql];
    if (!slot) {
        slot = std::make_unique<SQLite::Statement>(*db_, sql);
    } else {
        slot->reset();
        slot->clearBindings();
    }
    return *slot;
}

} // namespace crm
