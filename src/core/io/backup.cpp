#include "pipe/io/backup.hpp"

#include "pipe/files.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <cstdio>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

namespace crm::io {

Result<void> backup_database(Store& store, const std::string& path) {
    if (store.path() == ":memory:")
        return fail("there is no database file to back up", "check --db or PIPE_DB");
    if (is_database_file(path, store.path()))
        return fail(
            fmt::format("{} is the database itself, or a file SQLite keeps beside it", path),
            "back up to another file");
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0)
        return fail(fmt::format("{} exists already", path), "choose a new file name");
    auto partial = fmt::format("{}.partial-{}", path, ::getpid());
    int fd = ::open(partial.c_str(), O_CREAT | O_EXCL | O_WRONLY, 0600);
    if (fd < 0)
        return fail(fmt::format("cannot write {}", path),
                    "check the folder exists and is writable");
    ::close(fd);
    try {
        {
            SQLite::Database copy(partial, SQLite::OPEN_READWRITE);
            SQLite::Backup backup(copy, store.db());
            backup.executeStep(-1);
        }
        if (std::rename(partial.c_str(), path.c_str()) != 0) {
            std::remove(partial.c_str());
            return fail(fmt::format("cannot write {}", path), "check the folder is writable");
        }
    } catch (const std::exception& e) {
        std::remove(partial.c_str());
        return fail(fmt::format("backup to {} failed: {}", path, e.what()),
                    "check the disk has room and the folder is writable");
    }
    return {};
}

} // namespace crm::io
