#include "commands/import_input.hpp"

#include "commands/common.hpp"

#include <cstdlib>
#include <fmt/format.h>
#include <iostream>
#include <sys/stat.h>
#include <unistd.h>

namespace crm::cli {

namespace {

std::string temp_folder() {
    const char* dir = std::getenv("TMPDIR");
    return dir && *dir ? dir : "/tmp";
}

} // namespace

ImportInput::ImportInput(const std::string& path, std::optional<io::Encoding> encoding) {
    if (path == "-") {
        std::string name = temp_folder() + "/pipe-import-XXXXXX";
        int fd = ::mkstemp(name.data());
        if (fd < 0)
            throw CommandError{
                Error{"cannot copy standard input to a temporary file",
                      fmt::format("check that {} is writable (TMPDIR)", temp_folder()), 1}};
        spool_.open(name, std::ios::in | std::ios::out | std::ios::trunc | std::ios::binary);
        ::close(fd);
        ::unlink(name.c_str());
        if (!spool_)
            throw CommandError{
                Error{"cannot copy standard input to a temporary file", "check TMPDIR", 1}};
        spool_ << std::cin.rdbuf();
        spool_.flush();
        if (!spool_)
            throw CommandError{Error{"cannot copy standard input to a temporary file",
                                     "check the free space of TMPDIR", 1}};
        in_ = &spool_;
    } else {
        struct stat info {};
        if (::stat(path.c_str(), &info) != 0)
            throw CommandError{Error{fmt::format("{} not found", path), "check the path", 1}};
        if (S_ISDIR(info.st_mode))
            throw CommandError{Error{fmt::format("{} is a folder", path), "give a file", 1}};
        size_ = static_cast<std::uint64_t>(info.st_size);
        file_.open(path, std::ios::binary);
        if (!file_)
            throw CommandError{
                Error{fmt::format("cannot read {}", path), "check its permissions", 1}};
        in_ = &file_;
    }
    auto& in = raw();
    start_.assign(512, '\0');
    in.read(start_.data(), static_cast<std::streamsize>(start_.size()));
    start_.resize(static_cast<std::size_t>(in.gcount()));
    in.clear();
    if (auto bom = io::encoding_of_bom(start_)) {
        if (encoding && *encoding != io::Encoding::utf16le && *encoding != io::Encoding::utf16be)
            throw CommandError{Error{fmt::format("{} starts with a UTF-16 byte-order mark, not {}",
                                                 path, io::to_string(*encoding)),
                                     "leave out --encoding, or give --encoding utf-16", 2}};
        encoding_ = *bom;
    } else if (encoding) {
        if (*encoding == io::Encoding::utf16le || *encoding == io::Encoding::utf16be)
            throw CommandError{Error{fmt::format("{} has no UTF-16 byte-order mark", path),
                                     "give --encoding utf-8, latin1 or cp1252", 2}};
        encoding_ = *encoding;
    }
}

ImportInput::~ImportInput() = default;

std::istream& ImportInput::raw() {
    in_->clear();
    in_->seekg(0);
    return *in_;
}

std::istream& ImportInput::text() {
    auto& in = raw();
    if (encoding_ == io::Encoding::utf8) return in;
    buffers_.push_back(io::utf8_from(in, encoding_));
    streams_.push_back(std::make_unique<std::istream>(buffers_.back().get()));
    return *streams_.back();
}

} // namespace crm::cli
