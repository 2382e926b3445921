#include "pipe/io/reader.hpp"

#include "../text.hpp"
#include "readers.hpp"

#include <array>
#include <cstring>
#include <fmt/format.h>

namespace crm::io {

std::string_view to_string(Format format) {
    switch (format) {
    case Format::tsv:
        return "tsv";
    case Format::json:
        return "json";
    case Format::ndjson:
        return "ndjson";
    default:
        return "csv";
    }
}

Result<Format> parse_format(std::string_view name) {
    for (auto f : {Format::csv, Format::tsv, Format::json, Format::ndjson})
        if (text::iequals(name, to_string(f))) return f;
    return fail(fmt::format("unknown format '{}'", name), "use csv, tsv, json or ndjson", 2);
}

std::optional<Format> format_of_path(std::string_view path) {
    auto dot = path.rfind('.');
    if (dot == std::string_view::npos) return std::nullopt;
    auto ext = text::lower(path.substr(dot + 1));
    if (ext == "csv") return Format::csv;
    if (ext == "tsv" || ext == "tab") return Format::tsv;
    if (ext == "json") return Format::json;
    if (ext == "ndjson" || ext == "jsonl") return Format::ndjson;
    return std::nullopt;
}

bool valid_utf8(std::string_view s, std::size_t& bad) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    std::size_t n = s.size(), i = 0;
    while (i < n) {
        while (i + 8 <= n) {
            std::uint64_t chunk;
            std::memcpy(&chunk, p + i, 8);
            if (chunk & 0x8080808080808080ULL) break;
            i += 8;
        }
        if (i >= n) break;
        unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
        if (len == 0 || c > 0xF4 || c == 0xC0 || c == 0xC1 || i + len > n) {
            bad = i;
            return false;
        }
        for (std::size_t k = 1; k < len; ++k)
            if ((p[i + k] & 0xC0) != 0x80) {
                bad = i;
                return false;
            }
        unsigned char c1 = p[i + 1];
        if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) || (c == 0xF0 && c1 < 0x90) ||
            (c == 0xF4 && c1 > 0x8F)) {
            bad = i;
            return false;
        }
        i += len;
    }
    return true;
}

std::size_t formula_start(std::string_view cell) {
    if (cell.empty()) return 0;
    char c = cell.front();
    if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') return 1;
    static constexpr std::string_view wide[] = {
        "\uFF1D", "\uFF0B", "\uFF0D", "\uFF20", // ＝ ＋ － ＠
        "\uFE62", "\uFE63", "\uFE66", "\uFE6B", // ﹢ ﹣ ﹦ ﹫
    };
    for (auto w : wide)
        if (cell.starts_with(w)) return w.size();
    return 0;
}

std::string_view unguard(std::string_view cell) {
    if (cell.size() < 2 || cell.front() != '\'') return cell;
    auto rest = cell.substr(1);
    if (formula_start(rest) > 0 || rest.front() == '\'') return rest;
    return cell;
}

namespace {

// The most frequent of `,` `;` tab `|` outside quotes on the header line; `,` when none.
char sniff_delimiter(std::string_view start) {
    std::array<std::size_t, 4> counts{};
    constexpr std::array<char, 4> candidates{',', ';', '\t', '|'};
    bool quoted = false;
    for (char c : start) {
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        if (c == '\n' || c == '\r') break;
        for (std::size_t i = 0; i < candidates.size(); ++i)
            if (c == candidates[i]) ++counts[i];
    }
    std::size_t best = 0;
    for (std::size_t i = 1; i < counts.size(); ++i)
        if (counts[i] > counts[best]) best = i;
    return candidates[best];
}

class DelimitedReader final : public Reader {
  public:
    DelimitedReader(std::istream& in, std::string source, char sep)
        : in_(in), source_(std::move(source)), sep_(sep), buffer_(1 << 20) {}

    Result<void> read_header(bool sniff) {
        fill();
        if (len_ >= 3 && std::string_view(buffer_.data(), 3) == "\xEF\xBB\xBF") {
            pos_ = 3;
            bytes_ = 3;
        }
        if (sniff) sep_ = sniff_delimiter(std::string_view(buffer_.data(), len_).substr(pos_));
        Record header;
        if (!PIPE_TRY(next(header)))
            return fail(fmt::format("{} is empty", source_),
                        "the first line must name the columns, e.g. title,value,stage");
        if (!header.problem.empty())
            return fail(fmt::format("{}:{}: header: {}", source_, header.line, header.problem),
                        "fix the header line");
        for (std::size_t i = 0; i < header.cells.size(); ++i) {
            auto name = std::string(text::trim(header.cells[i]));
            columns_.push_back(name.empty() ? fmt::format("column {}", i + 1) : name);
        }
        return {};
    }

    Result<bool> next(Record& record) override {
        while (true) {
            record.problem.clear();
            record.problem_column = -1;
            bool blank = false;
            if (!PIPE_TRY(read_record(record, blank))) return false;
            if (blank) continue;
            if (!columns_.empty() && record.cells.size() != columns_.size() &&
                record.problem.empty())
                record.problem = fmt::format("has {} fields, the header has {}",
                                             record.cells.size(), columns_.size());
            return true;
        }
    }

    [[nodiscard]] bool guarded() const override { return true; }

  private:
    bool fill() {
        if (eof_) return false;
        in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
        len_ = static_cast<std::size_t>(in_.gcount());
        pos_ = 0;
        if (len_ == 0) eof_ = true;
        return len_ > 0;
    }
    int get() {
        if (pos_ == len_ && !fill()) return EOF;
        ++bytes_;
        return static_cast<unsigned char>(buffer_[pos_++]);
    }
    int peek() {
        if (pos_ == len_ && !fill()) return EOF;
        return static_cast<unsigned char>(buffer_[pos_]);
    }

    void note(Record& record, std::size_t column, std::string problem) {
        if (!record.problem.empty()) return;
        record.problem = std::move(problem);
        record.problem_column = static_cast<int>(column);
    }

    Result<bool> read_record(Record& record, bool& blank) {
        std::size_t count = 0;
        record.line = line_;
        int c = get();
        if (c == EOF) return false;
        bool first_quoted = false;
        while (true) {
            if (record.cells.size() <= count) record.cells.emplace_back();
            auto& field = record.cells[count];
            field.clear();
            if (c == '"') {
                if (count == 0) first_quoted = true;
                auto quote_line = line_;
                while (true) {
                    c = get();
                    if (c == EOF)
                        return fail(fmt::format("{}:{}: a quoted field is never closed", source_,
                                                quote_line),
                                    "a field that starts with \" must end with \"; double "
                                    "quotes inside it (\"\")");
                    if (c == '"') {
                        if (peek() != '"') break;
                        get();
                    } else if (c == '\n') {
                        ++line_;
                    }
                    field += static_cast<char>(c);
                }
                c = get();
                if (c != sep_ && c != '\n' && c != '\r' && c != EOF) {
                    note(record, count, "text after the closing quote of a quoted field");
                    while (c != sep_ && c != '\n' && c != '\r' && c != EOF) {
                        field += static_cast<char>(c);
                        c = get();
                    }
                }
            } else {
                while (c != sep_ && c != '\n' && c != '\r' && c != EOF) {
                    if (c == '"')
                        note(record, count,
                             "a quote inside an unquoted field (quote the field and double the "
                             "quote)");
                    field += static_cast<char>(c);
                    c = get();
                }
            }
            std::size_t bad = 0;
            if (!valid_utf8(field, bad))
                note(record, count,
                     fmt::format("invalid UTF-8 (byte 0x{:02X}); save the file as UTF-8 or "
                                 "give its encoding (--encoding latin1 or cp1252)",
                                 static_cast<unsigned char>(field[bad])));
            ++count;
            if (c == sep_) {
                c = get();
                if (c == '\r' || c == '\n' || c == EOF) {
                    if (record.cells.size() <= count) record.cells.emplace_back();
                    record.cells[count++].clear();
                } else {
                    continue;
                }
            }
            if (c == '\r' && peek() == '\n') get();
            if (c == '\r' || c == '\n') ++line_;
            break;
        }
        record.cells.resize(count);
        blank = count == 1 && !first_quoted && record.cells[0].empty();
        return true;
    }

    std::istream& in_;
    std::string source_;
    char sep_;
    std::vector<char> buffer_;
    std::size_t pos_ = 0, len_ = 0;
    bool eof_ = false;
    std::int64_t line_ = 1;
};

} // namespace

Result<std::unique_ptr<Reader>> open_reader(std::istream& in, Format format, std::string source) {
    if (format == Format::json || format == Format::ndjson)
        return open_json_reader(in, format == Format::ndjson, std::move(source));
    auto reader = std::make_unique<DelimitedReader>(in, std::move(source),
                                                    format == Format::tsv ? '\t' : ',');
    PIPE_TRY_VOID(reader->read_header(format == Format::csv));
    return std::unique_ptr<Reader>(std::move(reader));
}

} // namespace crm::io
