#include "pipe/store.hpp"

#include "amounts.hpp"
#include "row_images.hpp"
#include "schema.hpp"
#include "search_index.hpp"
#include "store_files.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <cerrno>
#include <chrono>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <malloc.h>
#include <optional>
#include <sqlite3.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
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
    // A sum past 64 bits: ours, SQLite's sum(), or the deal_totals trigger's refusal.
    if (dynamic_cast<const detail::TotalTooLarge*>(&e) ||
        (code == SQLITE_ERROR && std::string_view(e.what()) == "integer overflow") ||
        (code == SQLITE_CONSTRAINT && std::string_view(e.what()) == detail::total_overflow_raise))
        return detail::total_too_large();
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

void configure(SQLite::Database& db, std::chrono::milliseconds busy_timeout) {
    db.setBusyTimeout(static_cast<int>(busy_timeout.count()));
    db.exec("PRAGMA foreign_keys = ON");
}

// After the file is known to be a pipe database (or to be empty): WAL lets readers go on while
// one writes. Two connections switching a file at once: one is told BUSY at once (SQLite calls
// no busy handler there, as that could deadlock), so it tries again. FULL syncs the WAL at
// every commit, so a command that said it saved something did (NORMAL syncs it only at
// checkpoints: a power cut could take the last commits away).
void use_wal(SQLite::Database& db, std::chrono::milliseconds busy_timeout) {
    constexpr std::chrono::milliseconds pause{5};
    for (auto waited = std::chrono::milliseconds(0);; waited += pause) {
        try {
            db.exec("PRAGMA journal_mode = WAL");
            break;
        } catch (const SQLite::Exception& e) {
            if ((e.getErrorCode() & 0xff) != SQLITE_BUSY || waited >= busy_timeout) throw;
            std::this_thread::sleep_for(pause);
        }
    }
    db.exec("PRAGMA synchronous = FULL");
}

// A write leaves its commit in the -wal (synced there, so it is durable) instead of copying the
// pages into the main file as every close would. That copy and its syncs cost a command more
// than its own commit: a deal add touches ~27 pages, each written to the -wal and again to the
// file, with two syncs more. The -wal is copied back and emptied (checkpoint_frames) when it has
// grown past this many pages (512 KiB), so a reader, which reads the whole -wal into its index
// at open, pays at most that. docs/internals.md, "The -wal between commands".
constexpr int checkpoint_frames = 128;

// Makes an open for writing leave its commits in the -wal. Used for a book that was there
// before: a file the open made is closed the ordinary way, so that taking it back finds no -wal.
void keep_commits_in_wal(sqlite3* handle, int* wal_frames) {
    sqlite3_db_config(handle, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    // In place of SQLite's checkpoint after a commit (at 1,000 pages), which cannot restart the
    // -wal a later process recovered, and which finds the connection still reading anyway.
    sqlite3_wal_hook(
        handle,
        [](void* frames, sqlite3*, const char*, int count) {
            *static_cast<int*>(frames) = count;
            return SQLITE_OK;
        },
        wal_frames);
}

// The checkpoint that copies a -wal past checkpoint_frames into the file and empties it, at the
// close of a write. Never waits: a reader still at an older snapshot leaves it for a later write.
void checkpoint_if_long(sqlite3* handle, int wal_frames) {
    if (wal_frames < checkpoint_frames) return;
    sqlite3_busy_timeout(handle, 0);
    sqlite3_wal_checkpoint_v2(handle, "main", SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
}

constexpr const char* last_check_key = "last_quick_check";

bool has_meta(SQLite::Database& db) {
    return db.execAndGet("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = "
                         "'meta'")
               .getInt() > 0;
}

// The first problem that quick_check reports, on one line.
std::string first_problem(std::string text) {
    constexpr std::string_view banner = "*** in database main ***";
    if (text.starts_with(banner)) text.erase(0, banner.size());
    for (auto& c : text)
        if (c == '\n' || c == '\r') c = ' ';
    auto start = text.find_first_not_of(' ');
    return start == std::string::npos ? std::string("unknown damage") : text.substr(start);
}

void record_check(SQLite::Database& db, Timestamp at) {
    SQLite::Statement record(db, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
    record.bind(1, last_check_key);
    record.bind(2, format_timestamp(at));
    record.exec();
}

Error read_only(const std::string& path) {
    return {fmt::format("database {} is read-only", path),
            "check the permissions of the file and its folder, or use --db"};
}

} // namespace

// What one open database has done, for the destructor: take a new file back when nothing was
// committed to it, else record a damage check that passed.
struct Store::Session {
    sqlite3* handle = nullptr;
    // Write transactions committed to the main database since open() returned.
    std::uint64_t commits = 0;
    // A file this open made (or found empty): taken back unless another process migrated it
    // first, or committed to it after our migration made its schema (PRAGMA data_version, read
    // inside that migration's transaction, changes when another connection commits).
    std::optional<store_files::MadeFile> made;
    bool schema_made = false;
    std::int64_t data_version = 0;
    std::optional<store_files::FileId> opened;
    bool keep = false;
    // The damage check that passed at open() (or the creation of the file), and whether it is
    // in the file already.
    std::optional<Timestamp> checked_at;
    bool check_recorded = false;
    SchemaChange change;
    // A write's: whether it leaves its commits in the -wal (keep_commits_in_wal), the pages
    // there after its last commit, and whether a -wal was there at open.
    bool keeps_wal = false;
    int wal_frames = 0;
    bool had_wal = false;
};

Store::Store(std::unique_ptr<SQLite::Database> db, std::string path)
    : db_(std::move(db)), cache_(std::make_unique<Cache>()), session_(std::make_unique<Session>()),
      path_(std::move(path)) {
    session_->handle = db_->getHandle();
}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&& other) noexcept {
    if (this == &other) return *this;
    if (cache_) {
        cache_->statements.clear();
        cache_->images.reset();
    }
    if (db_ && session_) finish();
    db_ = std::move(other.db_);
    cache_ = std::move(other.cache_);
    session_ = std::move(other.session_);
    path_ = std::move(other.path_);
    depth_ = other.depth_;
    change_ = other.change_;
    return *this;
}
Store::~Store() {
    if (cache_) {
        cache_->statements.clear();
        cache_->images.reset();
    }
    if (db_ && session_) finish();
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

void Store::finish() noexcept {
    auto& s = *session_;
    bool take_back = false;
    try {
        if (s.made && !s.keep && s.commits == 0)
            take_back = s.schema_made
                            ? db_->execAndGet("PRAGMA data_version").getInt64() == s.data_version
                            : db_->execAndGet("PRAGMA user_version").getInt() == 0;
        // Recorded only by a command that committed, so a failing one leaves the file as it was
        // (an upgrade records it in its own transaction).
        if (!take_back && s.commits > 0 && s.checked_at && !s.check_recorded && has_meta(*db_)) {
            db_->setBusyTimeout(0);
            record_check(*db_, *s.checked_at);
        }
    } catch (...) {
        // A check not recorded is made again by the next write.
    }
    // A write that committed nothing leaves the files as they were: a -wal it found stays (what
    // it spilled there past the last commit is never read), one it made goes as at any close.
    if (s.keeps_wal && s.commits == 0 && !s.had_wal)
        sqlite3_db_config(s.handle, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, nullptr);
    checkpoint_if_long(s.handle, s.wal_frames);
    db_.reset();
    if (take_back) store_files::take_back(*s.made);
}

SQLite::Database& Store::db() {
    return *db_;
}

const SchemaChange& Store::schema_change() const {
    return session_->change;
}

void Store::keep() {
    if (session_) session_->keep = true;
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
        // One connection per Store, used by one thread at a time (the forecast's other
        // threads only draw numbers), and no memory statistics read: SQLite can skip its
        // connection mutex and the lock around each allocation's statistics.
        sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
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
        PIPE_TRY_VOID(store.migrate(0)); // a new in-memory database has no schema yet
        return store;
    } catch (const std::exception& e) {
        return std::unexpected(database_error(e, ":memory:"));
    }
}

Result<Store> Store::open(const std::string& path, Access access,
                          std::chrono::milliseconds busy_timeout, std::optional<Timestamp> now,
                          const UpgradeProgress& progress) {
    std::error_code ec;
    bool exists = fs::exists(path, ec);
    if (ec)
        return fail(fmt::format("cannot reach database {}: {}", path, ec.message()),
                    "check the permissions of its folders, or use --db");
    if (exists && fs::is_directory(path, ec))
        return fail(fmt::format("database {} is a folder", path), "give a file path with --db");
    if (exists && ::access(path.c_str(), R_OK) != 0)
        return fail(fmt::format("cannot read database {}", path), "check its permissions");
    configure_library();
    if (access == Access::write) {
        // A process that made a new file and committed nothing takes it back, perhaps between
        // our look at the path and our lock on the file: then the path names another file, or
        // none, and we open again.
        for (int attempt = 1;; ++attempt) {
            auto store = open_for_writing(path, busy_timeout, now, progress);
            if (!store || attempt == 3 || store->session_->opened == store_files::file_id(path))
                return store;
        }
    }
    auto size = exists ? fs::file_size(path, ec) : 0;
    if (!exists || (!ec && size == 0)) return open_memory();
    return open_for_reading(path, access, busy_timeout);
}

Result<Store> Store::open_for_reading(const std::string& path, Access access,
                                      std::chrono::milliseconds busy_timeout) {
    using store_files::ReadMode;
    auto mode = ReadMode::read_write;
    if (access == Access::read)
        mode = PIPE_TRY(store_files::read_mode(path));
    else if (!store_files::writable_place(path))
        return std::unexpected(read_only(path));
    std::error_code ec;
    bool had_wal = fs::exists(path + "-wal", ec);
    try {
        std::unique_ptr<SQLite::Database> db;
        if (mode == ReadMode::read_write) {
            db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE);
            // A -wal that was there stays as it was (no checkpoint into the file on close).
            if (had_wal)
                sqlite3_db_config(db->getHandle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
        } else {
            auto query = mode == ReadMode::read_only ? "mode=ro" : "immutable=1";
            db = std::make_unique<SQLite::Database>(store_files::file_uri(path, query),
                                                    SQLite::OPEN_READONLY | SQLite::OPEN_URI);
        }
        configure(*db, busy_timeout);
        if (access == Access::read) db->exec("PRAGMA query_only = ON");
        Store store(std::move(db), path);
        auto version = PIPE_TRY(store.schema_in_file());
        if (version == 0) return open_memory();
        auto target = static_cast<int>(schema::migrations().size());
        if (version < target)
            return fail(fmt::format("database {} has schema version {}; this pipe reads version {}",
                                    path, version, target),
                        "run pipe upgrade; a backup is written first");
        return store;
    } catch (const std::exception& e) {
        return std::unexpected(database_error(e, path));
    }
}

Result<Store> Store::open_for_writing(const std::string& path,
                                      std::chrono::milliseconds busy_timeout,
                                      std::optional<Timestamp> now,
                                      const UpgradeProgress& progress) {
    std::optional<store_files::MadeFile> made;
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        made = PIPE_TRY(store_files::make_database_file(path));
    } else if (!store_files::writable_place(path)) {
        return std::unexpected(read_only(path));
    } else if (fs::file_size(path, ec) == 0 && !ec) {
        if (auto id = store_files::file_id(path)) made = store_files::MadeFile{path, *id, true, {}};
    }
    auto opened = store_files::file_id(path);
    bool had_wal = fs::exists(path + "-wal", ec);
    std::unique_ptr<SQLite::Database> db;
    try {
        db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE);
    } catch (const std::exception& e) {
        if (made) store_files::take_back(*made);
        return std::unexpected(database_error(e, path));
    }
    Store store(std::move(db), path);
    auto& session = *store.session_;
    session.opened = opened;
    session.made = std::move(made);
    session.had_wal = had_wal;
    try {
        configure(*store.db_, busy_timeout);
        auto version = PIPE_TRY(store.schema_in_file());
        if (session.made) {
            session.checked_at = now;
            // An empty file: WAL from the start, so that nothing after the migration (which
            // reads data_version) changes data_version but another connection's commit.
            if (version == 0) use_wal(*store.db_, busy_timeout);
        } else {
            auto target = static_cast<int>(schema::migrations().size());
            if (progress && version > 0 && version < target) progress("damage check", 0, 0);
            PIPE_TRY_VOID(store.check_for_damage(now));
        }
        PIPE_TRY_VOID(store.migrate(version, progress));
        if (!session.schema_made) session.made.reset();
        use_wal(*store.db_, busy_timeout);
        if (!session.made) {
            keep_commits_in_wal(session.handle, &session.wal_frames);
            session.keeps_wal = true;
        }
        sqlite3_commit_hook(
            session.handle,
            [](void* data) {
                auto* s = static_cast<Session*>(data);
                if (sqlite3_txn_state(s->handle, "main") == SQLITE_TXN_WRITE) ++s->commits;
                return 0;
            },
            &session);
        return store;
    } catch (const std::exception& e) {
        return std::unexpected(database_error(e, path));
    }
}

Result<int> Store::schema_in_file() {
    auto target = static_cast<int>(schema::migrations().size());
    // One statement, so one snapshot: another process may be creating the schema meanwhile.
    SQLite::Statement header(*db_, "SELECT (SELECT user_version FROM pragma_user_version), "
                                   "(SELECT application_id FROM pragma_application_id), "
                                   "(SELECT count(*) FROM sqlite_master)");
    header.executeStep();
    auto version = header.getColumn(0).getInt();
    auto application_id = header.getColumn(1).getInt();
    auto objects = header.getColumn(2).getInt();
    header.reset();
    auto foreign = [&] {
        return fail(fmt::format("{} is not a pipe database", path_),
                    "use --db to choose a pipe database");
    };
    if (version > target)
        return fail(fmt::format("database {} has schema version {}, newer than this pipe ({})",
                                path_, version, target),
                    "upgrade pipe to open it");
    if (version == 0 ? objects > 0 : application_id != schema::application_id) return foreign();
    return version;
}

// PRAGMA quick_check reads every page and checks each b-tree's structure (not that indexes
// match their tables): damage anywhere in the file is found before a write builds on it.
Result<void> Store::check_for_damage(std::optional<Timestamp> now) {
    if (now && has_meta(*db_)) {
        SQLite::Statement last(*db_, "SELECT value FROM meta WHERE key = ?");
        last.bind(1, last_check_key);
        if (last.executeStep()) {
            auto at = parse_timestamp(last.getColumn(0).getString(), *now);
            if (at && *at <= *now && *now - *at < damage_check_interval) return {};
        }
    }
    SQLite::Statement check(*db_, "PRAGMA quick_check(1)");
    auto result = check.executeStep() ? check.getColumn(0).getString() : std::string("ok");
    if (result != "ok")
        return fail(fmt::format("database {} is damaged: {}", path_, first_problem(result)),
                    "nothing was written; copy your last good pipe backup over it, or use --db; "
                    "commands that only read still try");
    session_->checked_at = now;
    return {};
}

Result<void> Store::migrate(int version, const UpgradeProgress& progress) {
    auto steps = schema::migrations();
    auto target = static_cast<int>(steps.size());
    session_->change = {version, version, {}};
    if (version == target) return {};
    PIPE_TRY_VOID(write([&]() -> Result<void> {
        version = db_->execAndGet("PRAGMA user_version").getInt();
        session_->change.from = version;
        if (version == target) return {};
        auto report = [&](const std::string& step) {
            if (progress && version > 0) progress(step, 0, 0);
        };
        report(fmt::format("backup of version {}", version));
        if (version > 0) PIPE_TRY_VOID(backup_before_migration(version));
        bool indexed = false; // whether a step filled the search index (version 7's code)
        for (auto i = static_cast<std::size_t>(version); i < steps.size(); ++i) {
            report(fmt::format("schema version {}", i + 1));
            db_->exec(std::string(steps[i]));
            if (auto code = schema::code_after(i + 1)) {
                code(*db_, progress);
                indexed = true;
            }
        }
        // Filled in bulk and added to by the later steps: merged once (search_index.hpp).
        if (indexed) {
            report("search index merge");
            detail::optimize_search_index(*db_);
        }
        report("journal triggers");
        if (target >= 4) detail::refresh_journal_triggers(*db_);
        db_->exec(fmt::format("PRAGMA application_id = {}", schema::application_id));
        db_->exec(fmt::format("PRAGMA user_version = {}", target));
        if (session_->checked_at && has_meta(*db_)) record_check(*db_, *session_->checked_at);
        session_->data_version = db_->execAndGet("PRAGMA data_version").getInt64();
        report("commit");
        return {};
    }));
    session_->schema_made = session_->change.from == 0;
    session_->change.to = target;
    session_->check_recorded = session_->checked_at.has_value();
    return {};
}

Result<void> Store::backup_before_migration(int version) {
    if (path_ == ":memory:") return {};
    auto target = fmt::format("{}.bak-v{}", path_, version);
    auto partial = target + ".partial";
    fs::remove(partial);
    PIPE_TRY_VOID(store_files::create_private_file(partial));
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
    store_files::sync_folder(fs::path(target).parent_path());
    session_->change.backup = target;
    return {};
}

Result<SchemaChange> upgrade_database(const std::string& path,
                                      std::chrono::milliseconds busy_timeout,
                                      std::optional<Timestamp> now,
                                      const UpgradeProgress& progress) {
    std::error_code ec;
    bool exists = fs::exists(path, ec);
    if (!ec && !exists)
        return fail(fmt::format("no database at {}", path),
                    "nothing to upgrade; pipe init creates one");
    if (exists && fs::is_regular_file(path, ec) && fs::file_size(path, ec) == 0 && !ec)
        return fail(fmt::format("database {} is empty", path),
                    "nothing to upgrade; pipe init makes it a book");
    auto store = PIPE_TRY(Store::open(path, Access::write, busy_timeout, now, progress));
    return store.schema_change();
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
        // sqlite3_reset returns the error of a step that failed (a refused write), which
        // reset() would throw again now: tryReset drops it, so the statement can be used again.
        slot->tryReset();
        slot->clearBindings();
    }
    return *slot;
}

} // namespace crm
