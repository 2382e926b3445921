#include "pipe/store.hpp"
#include "schema.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <array>
#include <doctest/doctest.h>
#include <filesystem>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

using namespace crm;
namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path path =
        fs::temp_directory_path() / ("pipe-migration-test-" + std::to_string(::getpid()));
    TempDir() {
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
};

// A database at schema version 1 holding one deal, closed again.
std::string database_with_a_deal(const TempDir& dir) {
    auto path = (dir.path / "pipe.db").string();
    schema::MigrationsOverride first_version(schema::migrations().first(1));
    auto store = Store::open(path, Access::write);
    REQUIRE(store.has_value());
    store->db().exec("INSERT INTO deals (title, currency, pipeline, stage, status, created_at, "
                     "stage_entered_at, last_touch_at, value) VALUES ('Acme', 'EUR', 'sales', "
                     "'Proposal', 'open', 1, 1, 1, 1250000)");
    return path;
}

int count(SQLite::Database& db, const std::string& sql) {
    return db.execAndGet(sql).getInt();
}

} // namespace

TEST_CASE("the schema version is the number of migrations") {
    CHECK(schema::migrations().size() == static_cast<std::size_t>(schema_version));
}

TEST_CASE("upgrading a database keeps every row and first writes a backup of the old version") {
    TempDir dir;
    auto path = database_with_a_deal(dir);
    auto current = schema::migrations();
    std::array<std::string_view, 2> steps{current[0],
                                          "ALTER TABLE deals ADD COLUMN upgraded INTEGER "
                                          "NOT NULL DEFAULT 7; CREATE TABLE extra (x);"};
    schema::MigrationsOverride next(steps);
    auto store = Store::open(path, Access::write);
    REQUIRE(store.has_value());
    CHECK(count(store->db(), "PRAGMA user_version") == 2);
    CHECK(count(store->db(), "SELECT count(*) FROM deals WHERE title = 'Acme' AND value = "
                             "1250000 AND upgraded = 7") == 1);
    auto backup = path + ".bak-v1";
    REQUIRE(fs::exists(backup));
    CHECK_FALSE(fs::exists(backup + ".partial"));
    struct stat st {};
    REQUIRE(::stat(backup.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    SQLite::Database old(backup, SQLite::OPEN_READONLY);
    CHECK(count(old, "PRAGMA user_version") == 1);
    CHECK(count(old, "SELECT count(*) FROM deals WHERE title = 'Acme'") == 1);
    CHECK(count(old, "SELECT count(*) FROM sqlite_master WHERE name = 'extra'") == 0);
}

TEST_CASE("a failed migration leaves the database as it was, with the backup beside it") {
    TempDir dir;
    auto path = database_with_a_deal(dir);
    auto current = schema::migrations();
    std::array<std::string_view, 2> steps{current[0],
                                          "CREATE TABLE extra (x); CREATE TABLE deals (x);"};
    schema::MigrationsOverride broken(steps);
    auto store = Store::open(path, Access::write);
    REQUIRE_FALSE(store.has_value());
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    CHECK(count(db, "PRAGMA user_version") == 1);
    CHECK(count(db, "SELECT count(*) FROM sqlite_master WHERE name = 'extra'") == 0);
    CHECK(count(db, "SELECT count(*) FROM deals") == 1);
    CHECK(fs::exists(path + ".bak-v1"));
}

TEST_CASE("a new database is created without a backup") {
    TempDir dir;
    auto path = (dir.path / "new.db").string();
    REQUIRE(Store::open(path, Access::write).has_value());
    CHECK_FALSE(fs::exists(path + ".bak-v0"));
}

TEST_CASE("a lower busy timeout is used for the connection") {
    TempDir dir;
    auto path = (dir.path / "t.db").string();
    auto store = Store::open(path, Access::write, std::chrono::milliseconds(150));
    REQUIRE(store.has_value());
    CHECK(count(store->db(), "PRAGMA busy_timeout") == 150);
}
