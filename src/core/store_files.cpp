#include "store_files.hpp"

#include <cerrno>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

namespace crm::store_files {

namespace fs = std::filesystem;

namespace {

fs::path folder_of(const std::string& path) {
    auto folder = fs::path(path).parent_path();
    return folder.empty() ? fs::path(".") : folder;
}

bool same_state(const struct stat& a, const struct stat& b) {
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino && a.st_size == b.st_size &&
           a.st_mtim.tv_sec == b.st_mtim.tv_sec && a.st_mtim.tv_nsec == b.st_mtim.tv_nsec;
}

bool has_companions(const std::string& path) {
    std::error_code ec;
    for (const char* suffix : {"-wal", "-shm", "-journal"})
        if (fs::exists(path + suffix, ec) || ec) return true;
    return false;
}

// The bytes SQLite's unix locks take (PENDING_BYTE, RESERVED_BYTE and the 510 SHARED bytes):
// a write lock on them is refused while any connection anywhere holds a lock on the database.
constexpr off_t sqlite_lock_start = 0x40000000;
constexpr off_t sqlite_lock_length = 512;

// Folders from the outermost missing one down to `folder`, made 0700.
Result<void> make_folders(const fs::path& folder, std::vector<fs::path>& made) {
    std::error_code ec;
    if (folder.empty() || fs::exists(folder, ec)) return {};
    PIPE_TRY_VOID(make_folders(folder.parent_path(), made));
    if (::mkdir(folder.c_str(), 0700) != 0) {
        if (errno == EEXIST) return {};
        return fail(fmt::format("cannot create folder {}", folder.string()),
                    "check permissions, or choose another place with --db");
    }
    made.push_back(folder);
    return {};
}

void remove_folders(const std::vector<fs::path>& folders) {
    for (auto it = folders.rbegin(); it != folders.rend(); ++it)
        if (::rmdir(it->c_str()) != 0) return;
}

} // namespace

std::optional<FileId> file_id(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return std::nullopt;
    return FileId{info.st_dev, info.st_ino};
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

void sync_folder(const fs::path& folder) {
    int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

Result<std::optional<MadeFile>> make_database_file(const std::string& path) {
    MadeFile made{path, {}, false, {}};
    auto folder = fs::path(path).parent_path();
    auto folders_made = make_folders(folder, made.folders);
    if (!folders_made) {
        remove_folders(made.folders);
        return std::unexpected(folders_made.error());
    }
    int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST) return std::optional<MadeFile>();
        remove_folders(made.folders);
        return fail(fmt::format("cannot create database {}", path),
                    "check the folder's permissions, or use --db");
    }
    ::fchmod(fd, 0600);
    struct stat info {};
    ::fstat(fd, &info);
    ::close(fd);
    made.id = {info.st_dev, info.st_ino};
    sync_folder(folder);
    return std::optional<MadeFile>(std::move(made));
}

void take_back(const MadeFile& made) {
    struct stat closed {};
    if (::stat(made.path.c_str(), &closed) != 0 || FileId{closed.st_dev, closed.st_ino} != made.id)
        return;
    if (has_companions(made.path)) return;
    int fd = ::open(made.path.c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return;
    struct flock lock {};
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    lock.l_start = sqlite_lock_start;
    lock.l_len = sqlite_lock_length;
    struct stat locked {};
    bool taken = false;
    if (::fcntl(fd, F_SETLK, &lock) == 0 && ::fstat(fd, &locked) == 0 &&
        same_state(locked, closed) && !has_companions(made.path)) {
        taken = made.was_empty ? ::ftruncate(fd, 0) == 0 : ::unlink(made.path.c_str()) == 0;
    }
    ::close(fd);
    if (taken && !made.was_empty) {
        remove_folders(made.folders);
        sync_folder(folder_of(made.path));
    }
}

bool writable_place(const std::string& path) {
    return ::access(path.c_str(), W_OK) == 0 && ::access(folder_of(path).c_str(), W_OK) == 0;
}

Result<ReadMode> read_mode(const std::string& path) {
    if (writable_place(path)) return ReadMode::read_write;
    std::error_code ec;
    auto journal = path + "-journal";
    if (fs::exists(journal, ec) && fs::file_size(journal, ec) > 0 && !ec)
        return fail(fmt::format("database {} has an unfinished write in {} that cannot be undone "
                                "while the file or its folder cannot be written",
                                path, journal),
                    "run pipe on it once where both are writable");
    auto wal = path + "-wal";
    if (!fs::exists(wal, ec)) return ReadMode::immutable;
    if (fs::exists(path + "-shm", ec) || ::access(folder_of(path).c_str(), W_OK) == 0)
        return ReadMode::read_only;
    auto size = fs::file_size(wal, ec);
    if (!ec && size == 0) return ReadMode::immutable;
    return fail(fmt::format("database {} has changes in {} that cannot be read while its folder "
                            "cannot be written",
                            path, wal),
                "run pipe on it once where its folder is writable, or copy the database with "
                "its -wal file to a writable folder");
}

std::string file_uri(const std::string& path, std::string_view query) {
    std::error_code ec;
    auto absolute = fs::absolute(path, ec);
    std::string text = ec ? path : absolute.string();
    std::string uri = "file:";
    for (char c : text) {
        if (c == '%' || c == '?' || c == '#')
            uri += fmt::format("%{:02X}", static_cast<unsigned char>(c));
        else
            uri += c;
    }
    uri += '?';
    uri += query;
    return uri;
}

} // namespace crm::store_files
