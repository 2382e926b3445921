#include "render/table.hpp"

#include <algorithm>
#include <utf8proc.h>

namespace crm::render {

namespace {

constexpr std::string_view reset = "\x1b[0m";

// Length of an ANSI CSI sequence (`ESC [ … final`) starting at text[i]; 0 when none starts there.
std::size_t escape_length(std::string_view text, std::size_t i) {
    if (text[i] != '\x1b' || i + 1 >= text.size() || text[i + 1] != '[') return 0;
    std::size_t j = i + 2;
    while (j < text.size() && !(text[j] >= 0x40 && text[j] <= 0x7e)) ++j;
    return j < text.size() ? j - i + 1 : text.size() - i;
}

// Whether an SGR escape sequence resets colour (`ESC[m`, `ESC[0m`).
bool is_reset(std::string_view seq) {
    return seq.back() == 'm' &&
           seq.substr(2, seq.size() - 3).find_first_not_of('0') == std::string_view::npos;
}

struct Code {
    std::size_t bytes;
    std::size_t width;
    utf8proc_int32_t point; // -1 for an invalid byte
};

Code next_code(std::string_view text, std::size_t i) {
    utf8proc_int32_t point = 0;
    auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + i),
                              static_cast<utf8proc_ssize_t>(text.size() - i), &point);
    if (n <= 0) return {1, 1, -1};
    return {static_cast<std::size_t>(n),
            static_cast<std::size_t>(std::max(utf8proc_charwidth(point), 0)), point};
}

// The user-perceived character (grapheme cluster) starting at text[i]; it never spans an
// escape sequence or an invalid byte.
Code next_cluster(std::string_view text, std::size_t i) {
    Code cluster = next_code(text, i);
    if (cluster.point < 0) return cluster;
    utf8proc_int32_t state = 0;
    auto previous = cluster.point;
    for (auto j = i + cluster.bytes; j < text.size() && escape_length(text, j) == 0;) {
        auto code = next_code(text, j);
        if (code.point < 0 || utf8proc_grapheme_break_stateful(previous, code.point, &state)) break;
        cluster.bytes += code.bytes;
        cluster.width += code.width;
        previous = code.point;
        j += code.bytes;
    }
    return cluster;
}

} // namespace

std::size_t display_width(std::string_view text) {
    std::size_t width = 0;
    for (std::size_t i = 0; i < text.size();) {
        if (auto esc = escape_length(text, i)) {
            i += esc;
            continue;
        }
        auto code = next_code(text, i);
        width += code.width;
        i += code.bytes;
    }
    return width;
}

std::string truncate(std::string_view text, std::size_t width) {
    if (display_width(text) <= width) return std::string(text);
    if (width == 0) return {};
    std::string out;
    std::size_t used = 0;
    bool in_colour = false;
    for (std::size_t i = 0; i < text.size();) {
        if (auto esc = escape_length(text, i)) {
            auto seq = text.substr(i, esc);
            out += seq;
            if (seq.back() == 'm') in_colour = !is_reset(seq);
            i += esc;
            continue;
        }
        auto cluster = next_cluster(text, i);
        if (used + cluster.width > width - 1) break;
        out += text.substr(i, cluster.bytes);
        used += cluster.width;
        i += cluster.bytes;
    }
    out += "…";
    if (in_colour) out += reset;
    return out;
}

std::string pad(std::string_view text, std::size_t width, Align align) {
    auto w = display_width(text);
    if (w >= width) return std::string(text);
    std::string spaces(width - w, ' ');
    return align == Align::left ? std::string(text) + spaces : spaces + std::string(text);
}

Table::Table(std::vector<Column> columns) : columns_(std::move(columns)) {}

void Table::add_row(std::vector<std::string> cells) {
    cells.resize(columns_.size());
    rows_.push_back(std::move(cells));
}

std::string Table::render(std::size_t max_width, std::size_t indent) const {
    auto n = columns_.size();
    std::vector<std::size_t> widths(n, 0);
    bool has_header = false;
    for (std::size_t c = 0; c < n; ++c) {
        widths[c] = display_width(columns_[c].header);
        has_header = has_header || !columns_[c].header.empty();
        for (const auto& row : rows_) widths[c] = std::max(widths[c], display_width(row[c]));
    }
    std::size_t total = indent + (n ? 2 * (n - 1) : 0);
    for (auto w : widths) total += w;
    while (total > max_width) {
        std::size_t widest = n;
        for (std::size_t c = 0; c < n; ++c) {
            auto floor = std::max<std::size_t>(8, display_width(columns_[c].header));
            if (columns_[c].shrink && widths[c] > floor &&
                (widest == n || widths[c] > widths[widest]))
                widest = c;
        }
        if (widest == n) break;
        --widths[widest];
        --total;
    }
    auto line = [&](const std::vector<std::string>& cells) {
        std::string out(indent, ' ');
        for (std::size_t c = 0; c < n; ++c) {
            if (c) out += "  ";
            out += pad(truncate(cells[c], widths[c]), widths[c], columns_[c].align);
        }
        while (!out.empty() && out.back() == ' ') out.pop_back();
        return out + "\n";
    };
    std::string out;
    if (has_header) {
        std::vector<std::string> headers;
        for (const auto& column : columns_) headers.push_back(column.header);
        out += line(headers);
    }
    for (const auto& row : rows_) out += line(row);
    return out;
}

} // namespace crm::render
