#include "readers.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unordered_map>

namespace crm::io {

namespace {

std::string cell_of(const nlohmann::ordered_json& value) {
    switch (value.type()) {
    case nlohmann::ordered_json::value_t::null:
        return {};
    case nlohmann::ordered_json::value_t::string:
        return value.get<std::string>();
    case nlohmann::ordered_json::value_t::boolean:
        return value.get<bool>() ? "true" : "false";
    case nlohmann::ordered_json::value_t::array: {
        std::string out;
        for (const auto& item : value) {
            if (!out.empty()) out += ';';
            out += item.is_string() ? item.get<std::string>() : item.dump();
        }
        return out;
    }
    default:
        return value.dump();
    }
}

// Whether `text` (one JSON value) nests arrays and objects deeper than max_json_depth. Checked
// before parsing: nlohmann-json parses any depth, but writing a value back out (a cell) recurses
// once per level, and a value 70,000 levels deep overflowed the stack.
bool too_deep(std::string_view text) {
    std::size_t depth = 0;
    bool in_string = false, escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (++depth > max_json_depth) return true;
        } else if ((c == '}' || c == ']') && depth > 0) {
            --depth;
        }
    }
    return false;
}

// The line of byte `offset` of `text`, counting from `first_line`.
std::int64_t line_at(std::string_view text, std::size_t offset, std::int64_t first_line) {
    offset = std::min(offset, text.size());
    return first_line + std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n');
}

class JsonReader final : public Reader {
  public:
    JsonReader(std::istream& in, bool ndjson, std::string source)
        : in_(in), ndjson_(ndjson), source_(std::move(source)), buffer_(1 << 16) {}

    Result<bool> next(Record& record) override {
        record.problem.clear();
        record.problem_column = -1;
        std::string text;
        std::int64_t start = 0;
        if (ndjson_) {
            if (!read_line(text, start)) return false;
        } else if (!PIPE_TRY(read_element(text, start))) {
            return false;
        }
        record.line = start;
        std::size_t bad = 0;
        if (!valid_utf8(text, bad)) {
            if (ndjson_) {
                record.cells.assign(columns_.size(), {});
                record.problem =
                    fmt::format("invalid UTF-8 (byte 0x{:02X}); save the file as UTF-8",
                                static_cast<unsigned char>(text[bad]));
                return true;
            }
            return fail(fmt::format("{}:{}: invalid UTF-8 (byte 0x{:02X})", source_,
                                    line_at(text, bad, start),
                                    static_cast<unsigned char>(text[bad])),
                        "save the file as UTF-8");
        }
        if (too_deep(text)) {
            record.cells.assign(columns_.size(), {});
            record.problem = fmt::format("a value nested more than {} levels deep (pipe reads at "
                                         "most {} levels of {{}} and []); flatten it",
                                         max_json_depth, max_json_depth);
            return true;
        }
        nlohmann::ordered_json object;
        try {
            object = nlohmann::ordered_json::parse(text);
        } catch (const nlohmann::json::parse_error& e) {
            auto line = line_at(text, e.byte == 0 ? 0 : e.byte - 1, start);
            std::string what = e.what();
            if (auto cut = what.find("parse error"); cut != std::string::npos)
                what = what.substr(cut);
            if (ndjson_) {
                record.cells.assign(columns_.size(), {});
                record.problem = "not valid JSON: " + what;
                return true;
            }
            return fail(fmt::format("{}:{}: not valid JSON: {}", source_, line, what),
                        "check the file with jq . FILE");
        } catch (const nlohmann::json::exception& e) {
            // A number too large for a double (found by tests/fuzz/fuzz_reader), and the like.
            std::string what = e.what();
            if (auto cut = what.find("] "); cut != std::string::npos) what = what.substr(cut + 2);
            if (ndjson_) {
                record.cells.assign(columns_.size(), {});
                record.problem = "not valid JSON: " + what;
                return true;
            }
            return fail(
                fmt::format("{}:{}: not valid JSON: {}", source_, line_at(text, 0, start), what),
                "write numbers within ±1e308, or quote them");
        }
        if (!object.is_object()) {
            record.cells.assign(columns_.size(), {});
            record.problem =
                fmt::format("expected an object {{...}}, found {}", object.type_name());
            return true;
        }
        record.cells.assign(columns_.size(), {});
        for (const auto& [key, value] : object.items()) {
            auto [it, added] = index_.try_emplace(key, columns_.size());
            if (added) {
                columns_.push_back(key);
                record.cells.emplace_back();
            }
            record.cells[it->second] = cell_of(value);
        }
        return true;
    }

    Result<void> start() {
        if (ndjson_) {
            skip_bom();
            return {};
        }
        skip_bom();
        int c = skip_space();
        if (c == EOF)
            return fail(fmt::format("{} is empty", source_),
                        "a JSON import is an array of objects");
        if (c != '[')
            return fail(
                fmt::format("{}:{}: expected a JSON array [ {{...}}, ... ]", source_, line_),
                "use --format ndjson for one object per line");
        get();
        return {};
    }

  private:
    bool fill() {
        if (eof_) return false;
        in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
        len_ = static_cast<std::size_t>(in_.gcount());
        pos_ = 0;
        if (len_ == 0) eof_ = true;
        return len_ > 0;
    }
    int peek() {
        if (pos_ == len_ && !fill()) return EOF;
        return static_cast<unsigned char>(buffer_[pos_]);
    }
    int get() {
        int c = peek();
        if (c == EOF) return c;
        ++pos_;
        ++bytes_;
        if (c == '\n') ++line_;
        return c;
    }
    void skip_bom() {
        if (peek() == 0xEF && len_ - pos_ >= 3 && buffer_[pos_ + 1] == '\xBB' &&
            buffer_[pos_ + 2] == '\xBF') {
            pos_ += 3;
            bytes_ += 3;
        }
    }
    int skip_space() {
        int c = peek();
        while (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            get();
            c = peek();
        }
        return c;
    }

    bool read_line(std::string& text, std::int64_t& start) {
        while (true) {
            start = line_;
            text.clear();
            int c = get();
            if (c == EOF) return false;
            while (c != EOF && c != '\n') {
                text += static_cast<char>(c);
                c = get();
            }
            if (text.find_first_not_of(" \t\r") != std::string::npos) return true;
        }
    }

    // The text of the next element of the array, from its first to its last byte.
    Result<bool> read_element(std::string& text, std::int64_t& start) {
        if (done_) return false;
        int c = skip_space();
        if (c == EOF)
            return fail(fmt::format("{}:{}: the JSON array is never closed", source_, line_),
                        "end it with ]");
        if (c == ',' && seen_) {
            get();
            c = skip_space();
        } else if (c != ']' && seen_) {
            return fail(fmt::format("{}:{}: expected , or ] between objects", source_, line_),
                        "check the file with jq . FILE");
        }
        if (c == ']') {
            get();
            done_ = true;
            if (skip_space() != EOF)
                return fail(fmt::format("{}:{}: text after the closing ]", source_, line_),
                            "check the file with jq . FILE");
            return false;
        }
        if (c == EOF)
            return fail(fmt::format("{}:{}: the JSON array is never closed", source_, line_),
                        "end it with ]");
        start = line_;
        seen_ = true;
        int depth = 0;
        bool in_string = false, escaped = false;
        while (true) {
            c = get();
            if (c == EOF)
                return fail(fmt::format("{}:{}: the JSON value is never closed", source_, start),
                            "check the file with jq . FILE");
            text += static_cast<char>(c);
            if (in_string) {
                if (escaped)
                    escaped = false;
                else if (c == '\\')
                    escaped = true;
                else if (c == '"')
                    in_string = false;
                continue;
            }
            if (c == '"') {
                in_string = true;
            } else if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (--depth <= 0) return true;
            } else if (depth == 0 && (c == ',' || c == ' ' || c == '\n')) {
                text.pop_back();
                return true;
            }
            if (depth == 0 && (peek() == ',' || peek() == ']')) return true;
        }
    }

    std::istream& in_;
    bool ndjson_;
    std::string source_;
    std::vector<char> buffer_;
    std::size_t pos_ = 0, len_ = 0;
    bool eof_ = false, done_ = false, seen_ = false;
    std::int64_t line_ = 1;
    std::unordered_map<std::string, std::size_t> index_;
};

} // namespace

Result<std::unique_ptr<Reader>> open_json_reader(std::istream& in, bool ndjson,
                                                 std::string source) {
    auto reader = std::make_unique<JsonReader>(in, ndjson, std::move(source));
    PIPE_TRY_VOID(reader->start());
    return std::unique_ptr<Reader>(std::move(reader));
}

} // namespace crm::io
