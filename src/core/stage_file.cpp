#include "stage_file.hpp"

#include <cerrno>
#include <fcntl.h>
#include <fmt/format.h>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

namespace crm::detail {

Result<std::string> read_stage_file(const std::string& path) {
    // O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer.
    int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return fail(fmt::format("cannot read stage file {}", path),
                    "check the path, or unset PIPE_STAGES");
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat info {};
    if (::fstat(fd, &info) != 0)
        return fail(fmt::format("cannot read stage file {}", path), "check the path");
    if (S_ISDIR(info.st_mode))
        return fail(fmt::format("stage file {} is a folder", path),
                    "give the path of a TOML file, e.g. ~/.config/pipe/stages.toml");
    if (!S_ISREG(info.st_mode))
        return fail(fmt::format("stage file {} is not a regular file", path),
                    "give the path of a TOML file, not a device, FIFO or socket");
    auto too_large = [&] {
        return fail(
            fmt::format("stage file {} is larger than {} MiB", path, max_stage_file_bytes >> 20),
            "a stage file is a few kilobytes: check the path");
    };
    if (static_cast<std::size_t>(info.st_size) > max_stage_file_bytes) return too_large();
    std::string text;
    char buffer[1 << 16];
    while (true) {
        auto n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0)
            return fail(fmt::format("cannot read stage file {}", path), "check its permissions");
        if (n == 0) break;
        text.append(buffer, static_cast<std::size_t>(n));
        if (text.size() > max_stage_file_bytes) return too_large(); // it grew while read
    }
    return text;
}

namespace {

// The code point of the UTF-8 sequence at text[i] and its length; none if it is not valid.
std::optional<std::pair<char32_t, std::size_t>> utf8_at(std::string_view text, std::size_t i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    auto lead = byte(i);
    std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
    if (lead > 0xF4 || length == 0 || i + length > text.size()) return std::nullopt;
    char32_t c = lead & (0x3F >> (length - 1));
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return std::nullopt;
        c = (c << 6) | (byte(i + k) & 0x3F);
    }
    static constexpr char32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < least[length] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return std::nullopt;
    return std::pair{c, length};
}

} // namespace

std::variant<std::string, Refusal> ascii_toml(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    std::string out;
    out.reserve(text.size());
    int line = 1;
    std::size_t line_start = 0;
    std::string_view closing; // the quote that ends the string we are in, if any
    bool literal = false;     // that string is a 'literal' one, written out as a "basic" one
    bool comment = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (static_cast<unsigned char>(c) >= 0x80) {
            auto where = fmt::format("{}:{}", line, i - line_start + 1);
            auto decoded = utf8_at(text, i);
            if (!decoded) return Refusal{where, "not valid UTF-8", "save the file as UTF-8"};
            if (!comment && closing.empty())
                return Refusal{where,
                               "a character outside ASCII that is not inside a quoted string",
                               "quote names with such characters, e.g. name = \"Négociation\""};
            auto [code, length] = *decoded;
            out += comment          ? std::string("?")
                   : code <= 0xFFFF ? fmt::format("\\u{:04X}", static_cast<std::uint32_t>(code))
                                    : fmt::format("\\U{:08X}", static_cast<std::uint32_t>(code));
            i += length - 1;
            continue;
        }
        if (c == '\n') {
            ++line;
            line_start = i + 1;
            comment = false;
            if (closing.size() == 1) closing = {}; // a one-line string ends with its line
            out += c;
            continue;
        }
        if (comment) {
            out += c;
        } else if (!closing.empty()) {
            if (text.substr(i).starts_with(closing)) {
                out.append(closing.size(), '"');
                i += closing.size() - 1;
                closing = {};
            } else if (literal && (c == '\\' || c == '"')) {
                out += '\\';
                out += c;
            } else if (!literal && c == '\\' && i + 1 < text.size() &&
                       static_cast<unsigned char>(text[i + 1]) < 0x80 && text[i + 1] != '\n') {
                out += text.substr(i, 2); // an escape: \" does not end the string
                ++i;
            } else {
                out += c;
            }
        } else if (c == '"' || c == '\'') {
            auto triple = text.substr(i, 3);
            bool multi = triple.size() == 3 && triple[1] == c && triple[2] == c;
            closing = multi ? triple : text.substr(i, 1);
            literal = c == '\'';
            out.append(closing.size(), '"');
            i += closing.size() - 1;
        } else {
            comment = c == '#';
            out += c;
        }
    }
    return out;
}

} // namespace crm::detail
