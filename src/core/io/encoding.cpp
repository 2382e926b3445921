// Reading inputs that are not UTF-8: UTF-16 with a byte-order mark, Latin-1 and CP1252 when
// `--encoding` says, converted to UTF-8 as a stream (memory stays flat).

#include "../text.hpp"
#include "pipe/io/reader.hpp"

#include <array>
#include <fmt/format.h>
#include <istream>

namespace crm::io {

namespace {

// CP1252's 0x80-0x9F; 0 marks the five bytes it leaves unused.
constexpr std::array<char32_t, 32> cp1252_high{
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

void put_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

// Three bytes that are not UTF-8 (a surrogate encoded as if it were a character).
void put_bytes(std::string& out, unsigned char a, unsigned char b, unsigned char c) {
    out.push_back(static_cast<char>(a));
    out.push_back(static_cast<char>(b));
    out.push_back(static_cast<char>(c));
}

// Converts blocks of the input to UTF-8 on demand. What it cannot convert (a byte CP1252
// leaves unused, an unpaired UTF-16 surrogate, an odd last byte) is passed on as bytes that
// are not UTF-8, so the readers report it with its line and column like any invalid text.
class DecodingBuf final : public std::streambuf {
  public:
    DecodingBuf(std::istream& in, Encoding encoding) : in_(in), encoding_(encoding) {}

  protected:
    int_type underflow() override {
        if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
        if (!refill()) return traits_type::eof();
        return traits_type::to_int_type(*gptr());
    }

  private:
    bool refill() {
        out_.clear();
        while (out_.empty()) {
            std::array<char, 1 << 16> raw{};
            in_.read(raw.data(), static_cast<std::streamsize>(raw.size()));
            auto n = static_cast<std::size_t>(in_.gcount());
            if (n == 0) {
                if (pending_.empty()) return false;
                out_.push_back(static_cast<char>(0xFF));
                pending_.clear();
                break;
            }
            convert(std::string_view(raw.data(), n));
        }
        setg(out_.data(), out_.data(), out_.data() + out_.size());
        return true;
    }

    void convert(std::string_view bytes) {
        if (encoding_ == Encoding::latin1 || encoding_ == Encoding::cp1252) {
            for (unsigned char b : bytes) {
                ++offset_;
                char32_t c = b;
                if (encoding_ == Encoding::cp1252 && b >= 0x80 && b < 0xA0) {
                    c = cp1252_high[b - 0x80];
                    if (c == 0) {
                        out_ += static_cast<char>(b);
                        continue;
                    }
                }
                put_utf8(out_, c);
            }
            return;
        }
        pending_.append(bytes);
        std::size_t i = 0;
        bool le = encoding_ == Encoding::utf16le;
        auto unit = [&](std::size_t at) {
            auto a = static_cast<unsigned char>(pending_[at]);
            auto b = static_cast<unsigned char>(pending_[at + 1]);
            return static_cast<char16_t>(le ? a | (b << 8) : (a << 8) | b);
        };
        while (i + 2 <= pending_.size()) {
            char16_t u = unit(i);
            if (!started_) {
                started_ = true;
                if (u == 0xFEFF) {
                    i += 2;
                    offset_ += 2;
                    continue;
                }
            }
            if (u >= 0xD800 && u <= 0xDBFF) {
                if (i + 4 > pending_.size()) break;
                char16_t low = unit(i + 2);
                if (low < 0xDC00 || low > 0xDFFF) {
                    put_bytes(out_, 0xED, 0xA0, 0x80);
                    i += 2;
                    offset_ += 2;
                    continue;
                }
                put_utf8(out_, 0x10000 + ((static_cast<char32_t>(u) - 0xD800) << 10) +
                                   (static_cast<char32_t>(low) - 0xDC00));
                i += 4;
                offset_ += 4;
                continue;
            }
            if (u >= 0xDC00 && u <= 0xDFFF)
                put_bytes(out_, 0xED, 0xB0, 0x80);
            else
                put_utf8(out_, u);
            i += 2;
            offset_ += 2;
        }
        pending_.erase(0, i);
    }

    std::istream& in_;
    Encoding encoding_;
    std::string out_, pending_;
    bool started_ = false;
    std::uint64_t offset_ = 0;
};

} // namespace

std::string_view to_string(Encoding encoding) {
    switch (encoding) {
    case Encoding::utf16le:
        return "utf-16le";
    case Encoding::utf16be:
        return "utf-16be";
    case Encoding::latin1:
        return "latin1";
    case Encoding::cp1252:
        return "cp1252";
    default:
        return "utf-8";
    }
}

Result<Encoding> parse_encoding(std::string_view name) {
    auto n = text::lower(text::trim(name));
    std::erase(n, '-');
    std::erase(n, '_');
    if (n == "utf8") return Encoding::utf8;
    if (n == "utf16le") return Encoding::utf16le;
    if (n == "utf16be") return Encoding::utf16be;
    if (n == "utf16") return Encoding::utf16le; // the byte-order mark decides
    if (n == "latin1" || n == "iso88591" || n == "l1") return Encoding::latin1;
    if (n == "cp1252" || n == "windows1252" || n == "win1252") return Encoding::cp1252;
    return fail(fmt::format("unknown encoding '{}'", name),
                "use --encoding utf-8, utf-16, latin1 or cp1252", 2);
}

std::optional<Encoding> encoding_of_bom(std::string_view start) {
    if (start.starts_with("\xFF\xFE")) return Encoding::utf16le;
    if (start.starts_with("\xFE\xFF")) return Encoding::utf16be;
    return std::nullopt;
}

std::unique_ptr<std::streambuf> utf8_from(std::istream& in, Encoding encoding) {
    return std::make_unique<DecodingBuf>(in, encoding);
}

} // namespace crm::io
