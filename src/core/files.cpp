#include "pipe/files.hpp"

#include <array>
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <random>
#include <streambuf>
#include <sys/stat.h>
#include <unistd.h>

namespace crm {

namespace fs = std::filesystem;

std::optional<FileId> file_id(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return std::nullopt;
    return FileId{info.st_dev, info.st_ino};
}

std::optional<FileId> file_id(int fd) {
    struct stat info {};
    if (::fstat(fd, &info) != 0) return std::nullopt;
    return FileId{info.st_dev, info.st_ino};
}

bool is_database_file(const std::string& path, const std::string& database) {
    auto id = file_id(path);
    std::error_code ec;
    auto absolute = fs::weakly_canonical(path, ec);
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        auto companion = database + suffix;
        if (auto other = file_id(companion); id && other && *id == *other) return true;
        std::error_code other_ec;
        auto other_absolute = fs::weakly_canonical(companion, other_ec);
        if (!ec && !other_ec && absolute == other_absolute) return true;
    }
    return false;
}

namespace {

// An output buffer over a file descriptor that remembers whether any write failed.
class DescriptorBuffer final : public std::streambuf {
  public:
    explicit DescriptorBuffer(int fd) : fd_(fd) { setp(buffer_.data(), buffer_.data() + size); }
    [[nodiscard]] bool failed() const { return failed_; }
    bool drain() {
        const char* at = pbase();
        while (at < pptr() && !failed_) {
            auto n = ::write(fd_, at, static_cast<std::size_t>(pptr() - at));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0)
                failed_ = true;
            else
                at += n;
        }
        setp(buffer_.data(), buffer_.data() + size);
        return !failed_;
    }

  protected:
    int_type overflow(int_type c) override {
        if (traits_type::eq_int_type(c, traits_type::eof())) return drain() ? 0 : c;
        *pptr() = traits_type::to_char_type(c);
        pbump(1);
        return drain() ? c : traits_type::eof();
    }
    int sync() override { return drain() ? 0 : -1; }

  private:
    static constexpr std::size_t size = (1 << 16) - 1; // one byte left for overflow()
    int fd_;
    bool failed_ = false;
    std::array<char, size + 1> buffer_{};
};

std::string random_suffix() {
    static constexpr std::string_view letters = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::random_device device;
    std::uniform_int_distribution<std::size_t> pick(0, letters.size() - 1);
    std::string out;
    for (int i = 0; i < 12; ++i) out += letters[pick(device)];
    return out;
}

} // namespace

struct OutputFile::State {
    State(int descriptor, std::string target_path, std::string partial_path)
        : fd(descriptor), target(std::move(target_path)), partial(std::move(partial_path)),
          buffer(descriptor), out(&buffer) {}
    ~State() {
        if (fd >= 0) ::close(fd);
        if (!committed && !partial.empty()) std::remove(partial.c_str());
    }
    State(const State&) = delete;
    State& operator=(const State&) = delete;
    int fd;
    std::string target;
    std::string partial; ///< Empty when the target (a device or FIFO) is written directly.
    DescriptorBuffer buffer;
    std::ostream out;
    bool committed = false;
};

OutputFile::OutputFile(std::unique_ptr<State> state) : state_(std::move(state)) {}
OutputFile::OutputFile(OutputFile&&) noexcept = default;
OutputFile& OutputFile::operator=(OutputFile&&) noexcept = default;
OutputFile::~OutputFile() = default;

Result<OutputFile> OutputFile::create(const std::string& target) {
    if (struct stat info{}; ::stat(target.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
        if (!S_ISCHR(info.st_mode) && !S_ISFIFO(info.st_mode))
            return fail(fmt::format("{} is not a regular file", target),
                        S_ISDIR(info.st_mode) ? "give a file name in that folder"
                                              : "give the name of a file to write");
        // Renaming onto a device or FIFO (or a link to one, as /dev/stdout is) would replace
        // it in its folder for everyone: it is written as it is.
        int fd = ::open(target.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
        if (fd < 0) return fail(fmt::format("cannot write {}", target), "check its permissions");
        return OutputFile(std::make_unique<State>(fd, target, std::string()));
    }
    for (int attempt = 0; attempt < 100; ++attempt) {
        auto partial = fmt::format("{}.partial-{}", target, random_suffix());
        int fd =
            ::open(partial.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0 && errno == EEXIST) continue;
        if (fd < 0)
            return fail(fmt::format("cannot write {}", target),
                        "check the folder exists and is writable");
        ::fchmod(fd, 0600);
        return OutputFile(std::make_unique<State>(fd, target, std::move(partial)));
    }
    return fail(fmt::format("cannot write {}", target), "check the folder is writable");
}

std::ostream& OutputFile::stream() {
    return state_->out;
}

const std::string& OutputFile::target() const {
    return state_->target;
}

Result<void> OutputFile::flush() {
    state_->out.flush();
    if (state_->buffer.failed() || !state_->out)
        return fail(fmt::format("cannot write {}", state_->target), "check the disk has room");
    return {};
}

Result<void> OutputFile::commit() {
    PIPE_TRY_VOID(flush());
    if (state_->partial.empty()) {
        state_->committed = true;
        return {};
    }
    bool synced = ::fsync(state_->fd) == 0;
    bool closed = ::close(state_->fd) == 0;
    state_->fd = -1;
    if (!synced || !closed)
        return fail(fmt::format("cannot write {}", state_->target), "check the disk has room");
    if (std::rename(state_->partial.c_str(), state_->target.c_str()) != 0)
        return fail(fmt::format("cannot write {}", state_->target),
                    "check the folder is writable and the name is not a folder");
    state_->committed = true;
    return {};
}

} // namespace crm
