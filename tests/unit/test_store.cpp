#include "pipe/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
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
