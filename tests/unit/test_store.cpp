#include "pipe/store.hpp"
#include "schema.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <array>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sqlite3.h>
#include <string>
#include <sys/stat.h>

using namespace crm;
namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path path = fs::temp_directory_path() / ("pipe-store-test-" + std::to_string(::getpid()));
    TempDir() { fs::remove_all(path); }
    ~TempDir() { fs::remove_all(path); }
};

} // namespace

TEST_CASE("a new database is created with private permissions and the current schema") {
    TempDir dir;
    auto path = (dir.path / "a" / "b" / "pipe.db").string();
    auto old_umask = ::umask(0);
    auto store = Store::open(path, Access::write);
    ::umask(old_umask);
    REQUIRE(store.has_value());
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    REQUIRE(::stat((dir.path / "a" / "b").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    CHECK(store->db().execAndGet("PRAGMA user_version").getInt() == schema_version);
    CHECK(store->db().execAndGet("PRAGMA journal_mode").getString() == "wal");
}

TEST_CASE("reading a missing database does not create it") {
    TempDir dir;
    auto path = (dir.path / "none.db").string();
    auto store = Store::open(path, Access::read);
    REQUIRE(store.has_value());
    CHECK_FALSE(fs::exists(path));
}

TEST_CASE("a database newer than this build is refused") {
    TempDir dir;
    fs::create_directories(dir.path);
    auto path = (dir.path / "new.db").string();
    {
        auto store = Store::open(path, Access::write);
        REQUIRE(store.has_value());
        store->db().exec("PRAGMA user_version = 99");
    }
    auto again = Store::open(path, Access::write);
    REQUIRE_FALSE(again.has_value());
    CHECK(again.error().what.find("schema version 99, newer than this pipe") != std::string::npos);
}

TEST_CASE("another program's database and a damaged file are refused") {
    TempDir dir;
    fs::create_directories(dir.path);
    auto foreign = (dir.path / "foreign.db").string();
    {
        SQLite::Database db(foreign, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("CREATE TABLE t (x)");
    }
    auto r = Store::open(foreign, Access::write);
    REQUIRE_FALSE(r);
    CHECK(r.error().what.find("is not a pipe database") != std::string::npos);
    auto junk = (dir.path / "junk.db").string();
    std::ofstream(junk) << std::string(4096, 'x');
    auto j = Store::open(junk, Access::write);
    REQUIRE_FALSE(j);
    CHECK(j.error().what.find("damaged") != std::string::npos);
}

TEST_CASE("a failed write rolls back everything it did") {
    auto store = *Store::open_memory();
    auto r = store.write([&]() -> Result<void> {
        store.db().exec("INSERT INTO deals (title, currency, pipeline, stage, status, created_at, "
                        "stage_entered_at, "
                        "last_touch_at) VALUES ('x', 'EUR', 'sales', 'A', 'open', 0, 0, 0)");
        return fail("stop");
    });
    CHECK_FALSE(r);
    CHECK(store.db().execAndGet("SELECT count(*) FROM deals").getInt() == 0);
}

namespace {

std::string contents(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Timestamp at_hour(int hour) {
    return Timestamp{std::chrono::hours(24 * 20500 + hour)};
}

// A book with `deals` deals, made and committed at `now`.
std::string book_with_deals(const TempDir& dir, int deals, Timestamp now) {
    fs::create_directories(dir.path);
    auto path = (dir.path / "book.db").string();
    auto store = Store::open(path, Access::write, default_busy_timeout, now);
    REQUIRE(store.has_value());
    store->db().exec(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
        std::to_string(deals) +
        ") INSERT INTO deals (title, currency, pipeline, stage, status, created_at, "
        "stage_entered_at, last_touch_at) SELECT 'Deal ' || i, 'EUR', 'sales', 'Proposal', "
        "'open', i, i, i FROM n");
    return path;
}

} // namespace

TEST_CASE("a read of an older schema is refused with how to upgrade, and changes nothing") {
    TempDir dir;
    fs::create_directories(dir.path);
    auto path = (dir.path / "old.db").string();
    {
        schema::MigrationsOverride first_version(schema::migrations().first(1));
        auto store = Store::open(path, Access::write);
        REQUIRE(store.has_value());
        store->db().exec("INSERT INTO import_batches (at, source, type) VALUES (1, 'x', 'deals')");
    }
    auto before = contents(path);
    for (auto access : {Access::read, Access::dry_run}) {
        auto store = Store::open(path, access);
        REQUIRE_FALSE(store.has_value());
        CHECK(store.error().message() == "database " + path +
                                             " has schema version 1; this pipe reads version " +
                                             std::to_string(schema_version) +
                                             " (run pipe upgrade; a backup is written first)");
    }
    CHECK(contents(path) == before);
    CHECK_FALSE(fs::exists(path + ".bak-v1"));
    CHECK_FALSE(fs::exists(path + "-wal"));
    auto upgraded = upgrade_database(path, default_busy_timeout, std::nullopt);
    REQUIRE(upgraded.has_value());
    CHECK(upgraded->from == 1);
    CHECK(upgraded->to == schema_version);
    CHECK(upgraded->backup == path + ".bak-v1");
    CHECK(Store::open(path, Access::read).has_value());
}

TEST_CASE("a zero-byte file is an empty book to read, and stays empty") {
    TempDir dir;
    fs::create_directories(dir.path);
    auto path = (dir.path / "empty.db").string();
    std::ofstream(path).close();
    for (auto access : {Access::read, Access::dry_run}) {
        auto store = Store::open(path, access);
        REQUIRE(store.has_value());
        CHECK(store->db().execAndGet("SELECT count(*) FROM deals").getInt() == 0);
    }
    {
        auto store = Store::open(path, Access::write);
        REQUIRE(store.has_value());
        CHECK(fs::file_size(path) > 0);
    }
    CHECK(fs::file_size(path) == 0);
    CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);
}

TEST_CASE("a new database nothing was committed to is taken away with its folders") {
    TempDir dir;
    auto path = (dir.path / "a" / "b" / "pipe.db").string();
    {
        auto store = Store::open(path, Access::write);
        REQUIRE(store.has_value());
        CHECK(fs::exists(path));
        auto rolled_back = store->write([]() -> Result<void> { return fail("no"); });
        CHECK_FALSE(rolled_back);
    }
    CHECK_FALSE(fs::exists(dir.path));
    {
        auto store = Store::open(path, Access::dry_run);
        REQUIRE(store.has_value());
        CHECK(store->path() == ":memory:");
    }
    CHECK_FALSE(fs::exists(dir.path));
    SUBCASE("unless something was committed") {
        {
            auto store = Store::open(path, Access::write);
            REQUIRE(store.has_value());
            REQUIRE(store->write([&]() -> Result<void> {
                store->db().exec("INSERT INTO import_batches (at, source, type) VALUES (1, 'x', "
                                 "'deals')");
                return {};
            }));
        }
        CHECK(fs::exists(path));
    }
    SUBCASE("or it is kept") {
        {
            auto store = Store::open(path, Access::write);
            REQUIRE(store.has_value());
            store->keep();
        }
        CHECK(fs::exists(path));
    }
    SUBCASE("or another connection has it open") {
        {
            auto store = Store::open(path, Access::write);
            REQUIRE(store.has_value());
            auto other = Store::open(path, Access::read);
            REQUIRE(other.has_value());
            CHECK(other->db().execAndGet("SELECT count(*) FROM deals").getInt() == 0);
            store = Store::open_memory();
            CHECK(fs::exists(path));
        }
        CHECK(fs::exists(path));
    }
    SUBCASE("or another connection committed to it") {
        {
            auto store = Store::open(path, Access::write);
            REQUIRE(store.has_value());
            {
                auto other = Store::open(path, Access::write);
                REQUIRE(other.has_value());
                other->db().exec(
                    "INSERT INTO import_batches (at, source, type) VALUES (1, 'x', 'deals')");
            }
        }
        REQUIRE(fs::exists(path));
        SQLite::Database db(path, SQLite::OPEN_READONLY);
        CHECK(db.execAndGet("SELECT count(*) FROM import_batches").getInt() == 1);
    }
}

TEST_CASE("a new database whose schema cannot be made is taken away") {
    TempDir dir;
    auto path = (dir.path / "a" / "pipe.db").string();
    std::array<std::string_view, 1> broken{"CREATE TABLE x (y); CREATE TABLE x (y);"};
    schema::MigrationsOverride steps(broken);
    auto store = Store::open(path, Access::write);
    REQUIRE_FALSE(store.has_value());
    CHECK_FALSE(fs::exists(dir.path));
}

TEST_CASE("writes are synchronous; reads cannot write") {
    TempDir dir;
    auto path = (dir.path / "pipe.db").string();
    auto writer = Store::open(path, Access::write);
    REQUIRE(writer.has_value());
    writer->keep();
    CHECK(writer->db().execAndGet("PRAGMA synchronous").getInt() == 2); // FULL
    auto reader = Store::open(path, Access::read);
    REQUIRE(reader.has_value());
    CHECK(reader->db().execAndGet("PRAGMA query_only").getInt() == 1);
    CHECK_THROWS(reader->db().exec("INSERT INTO meta VALUES ('x', 'y')"));
}

TEST_CASE("SQLite is configured before its first use: it keeps no memory statistics") {
    // Store configures the library once, before any connection; had SQLite been initialized
    // first, the configuration would be refused and every allocation counted (and locked).
    auto store = Store::open_memory();
    REQUIRE(store.has_value());
    CHECK(store->db().execAndGet("SELECT count(*) FROM sqlite_schema").getInt() > 0);
    CHECK(sqlite3_memory_used() == 0);
}

TEST_CASE("a write looks for damage first, at most once per damage_check_interval") {
    TempDir dir;
    auto path = book_with_deals(dir, 2000, at_hour(0));
    int page = 0;
    int page_size = 0;
    {
        SQLite::Database db(path, SQLite::OPEN_READONLY);
        page = db.execAndGet("SELECT pageno FROM dbstat WHERE name = 'deals_created_at' AND "
                             "pagetype = 'leaf' LIMIT 1 OFFSET 2")
                   .getInt();
        page_size = db.execAndGet("PRAGMA page_size").getInt();
        CHECK(db.execAndGet("SELECT value FROM meta WHERE key = 'last_quick_check'").getString() ==
              format_timestamp(at_hour(0)));
    }
    REQUIRE(page > 1);
    {
        std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(static_cast<std::streamoff>(page - 1) * page_size);
        file << std::string(static_cast<std::size_t>(page_size), '\xff');
    }
    auto damaged = contents(path);
    // Within the interval the check is not made again (that is its cost bound).
    CHECK(Store::open(path, Access::write, default_busy_timeout, at_hour(23)).has_value());
    CHECK(contents(path) == damaged);
    for (auto now : {std::optional<Timestamp>(at_hour(24)), std::optional<Timestamp>()}) {
        auto store = Store::open(path, Access::write, default_busy_timeout, now);
        REQUIRE_FALSE(store.has_value());
        CHECK(store.error().what.starts_with("database " + path + " is damaged: Page " +
                                             std::to_string(page) + ": "));
        CHECK(store.error().hint.find("pipe backup") != std::string::npos);
        CHECK(contents(path) == damaged);
    }
    CHECK(Store::open(path, Access::read).has_value());
}
