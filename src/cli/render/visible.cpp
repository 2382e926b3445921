#include "render/visible.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <utf8proc.h>

namespace crm::render {

namespace {

std::string_view c0_escape(unsigned char c) {
    switch (c) {
    case '\a':
        return "\\a";
    case '\b':
        return "\\b";
    case '\t':
        return "\\t";
    case '\n':
        return "\\n";
    case '\v':
        return "\\v";
    case '\f':
        return "\\f";
    case '\r':
        return "\\r";
    case 0x1b:
        return "\\e";
    default:
        return {};
    }
}

std::string escaped(std::string_view text, bool keep_lines, std::size_t indent) {
    std::string out;
    out.reserve(text.size());
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    for (std::size_t i = 0; i < text.size();) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if (keep_lines && c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
                ++i; // a CRLF line break is a line break
                continue;
            }
            if (keep_lines && c == '\n') {
                out += '\n';
                out.append(indent, ' ');
            } else if ((keep_lines && c == '\t') || (c >= 0x20 && c != 0x7f)) {
                out += static_cast<char>(c);
            } else if (auto name = c0_escape(c); !name.empty()) {
                out += name;
            } else {
                out += fmt::format("\\x{:02x}", c);
            }
            ++i;
            continue;
        }
        utf8proc_int32_t point = 0;
        auto n =
            utf8proc_iterate(bytes + i, static_cast<utf8proc_ssize_t>(text.size() - i), &point);
        if (n <= 0) {
            out += fmt::format("\\x{:02x}", c);
            ++i;
            continue;
        }
        if (point >= 0x80 && point <= 0x9f)
            out += fmt::format("\\u{:04x}", point);
        else
            out.append(text.substr(i, static_cast<std::size_t>(n)));
        i += static_cast<std::size_t>(n);
    }
    return out;
}

bool is_markdown_syntax(char c) {
    return std::string_view("\\`*_[]<>|#~").find(c) != std::string_view::npos;
}

// Whether text[i] is an `&` that starts an entity reference (`&amp;`, `&#42;`).
bool starts_entity(std::string_view text, std::size_t i) {
    std::size_t j = i + 1;
    while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '#'))
        ++j;
    return j > i + 1 && j < text.size() && text[j] == ';';
}

// Bytes of a block marker at the start of a line that Markdown would act on: `-`, `+`, `=`,
// or an ordered list's `1.` / `1)` before a space or the end.
std::size_t leading_marker(std::string_view text) {
    if (text.empty()) return 0;
    if (text.front() == '-' || text.front() == '+' || text.front() == '=') return 1;
    std::size_t digits = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
    if (digits == 0 || digits >= text.size() || (text[digits] != '.' && text[digits] != ')'))
        return 0;
    if (digits + 1 < text.size() && text[digits + 1] != ' ') return 0;
    return digits + 1;
}

} // namespace

std::string visible(std::string_view text) {
    return escaped(text, false, 0);
}

std::string visible_lines(std::string_view text, std::size_t indent) {
    return escaped(text, true, indent);
}

std::string markdown_text(std::string_view text) {
    auto shown = visible(text);
    std::string_view s = shown;
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    std::string out;
    out.reserve(s.size() + 8);
    auto marker = leading_marker(s);
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (is_markdown_syntax(c) || (c == '&' && starts_entity(s, i)) ||
            (marker && i == marker - 1))
            out += '\\';
        out += c;
    }
    return out;
}

std::string markdown_code(std::string_view text) {
    auto shown = visible(text);
    std::size_t longest = 0;
    for (std::size_t i = 0; i < shown.size();) {
        std::size_t run = 0;
        while (i + run < shown.size() && shown[i + run] == '`') ++run;
        longest = std::max(longest, run);
        i += run ? run : 1;
    }
    std::string fence(longest + 1, '`');
    bool pad = !shown.empty() && (shown.front() == '`' || shown.back() == '`');
    return fence + (pad ? " " : "") + shown + (pad ? " " : "") + fence;
}

std::string json_safe(std::string dumped) {
    std::size_t i = 0;
    while (i < dumped.size() && static_cast<unsigned char>(dumped[i]) != 0x7f &&
           static_cast<unsigned char>(dumped[i]) != 0xc2)
        ++i;
    if (i == dumped.size()) return dumped;
    std::string out = dumped.substr(0, i);
    for (; i < dumped.size(); ++i) {
        auto c = static_cast<unsigned char>(dumped[i]);
        auto next = i + 1 < dumped.size() ? static_cast<unsigned char>(dumped[i + 1]) : 0;
        if (c == 0x7f) {
            out += "\\u007f";
        } else if (c == 0xc2 && next >= 0x80 && next <= 0x9f) {
            out += fmt::format("\\u{:04x}", next);
            ++i;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::string counted(std::int64_t n, std::string_view singular, std::string_view plural) {
    if (n == 1) return fmt::format("1 {}", singular);
    if (plural.empty()) return fmt::format("{} {}s", n, singular);
    return fmt::format("{} {}", n, plural);
}

} // namespace crm::render
