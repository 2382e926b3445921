#pragma once
// The input of `pipe import`: a file or standard input (copied to a private temporary file,
// so it can be read twice: once to settle each column's format, once to import), its
// encoding (a byte-order mark or --encoding) converted to UTF-8.

#include "pipe/io/reader.hpp"

#include <fstream>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace crm::cli {

class ImportInput {
  public:
    /// Open `path` (`-`: standard input). Throws CommandError when it cannot be read.
    ImportInput(const std::string& path, std::optional<io::Encoding> encoding);
    ImportInput(const ImportInput&) = delete;
    ImportInput& operator=(const ImportInput&) = delete;
    ~ImportInput();

    /// The first bytes of the raw input (for the archive check).
    [[nodiscard]] const std::string& start() const { return start_; }
    /// The raw input from its start (an archive is read as it is).
    std::istream& raw();
    /// The input from its start, as UTF-8. Earlier streams stay valid.
    std::istream& text();
    /// The input's size in bytes (0 when unknown).
    [[nodiscard]] std::uint64_t size() const { return size_; }
    /// The encoding it is read in.
    [[nodiscard]] io::Encoding encoding() const { return encoding_; }

  private:
    std::ifstream file_;
    std::fstream spool_;
    std::istream* in_ = nullptr;
    std::string start_;
    std::uint64_t size_ = 0;
    io::Encoding encoding_ = io::Encoding::utf8;
    std::vector<std::unique_ptr<std::streambuf>> buffers_;
    std::vector<std::unique_ptr<std::istream>> streams_;
};

} // namespace crm::cli
