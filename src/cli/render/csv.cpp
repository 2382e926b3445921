#include "render/csv.hpp"

#include "pipe/io/reader.hpp"

#include <cctype>

namespace crm::render {

namespace {

bool is_number(std::string_view s) {
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
    if (s.empty()) return false;
    bool dot = false;
    for (char c : s) {
        if (c == '.' && !dot)
            dot = true;
        else if (!std::isdigit(static_cast<unsigned char>(c)))
            return false;
    }
    return true;
}

} // namespace

std::string guard_formula(std::string_view cell) {
    if (cell.empty()) return std::string(cell);
    // A cell that already looks guarded is guarded once more, so that importing can always take
    // exactly one guard off again (pipe import).
    bool looks_guarded = io::unguard(cell).size() != cell.size();
    if ((io::formula_start(cell) > 0 && !is_number(cell)) || looks_guarded)
        return "'" + std::string(cell);
    return std::string(cell);
}

std::string csv_row(const std::vector<std::string>& cells, char sep, bool raw) {
    std::string line;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i) line += sep;
        auto cell = raw ? cells[i] : guard_formula(cells[i]);
        bool quote = cell.find_first_of(std::string{sep, '"', '\r', '\n'}) != std::string::npos;
        if (!quote) {
            line += cell;
            continue;
        }
        line += '"';
        for (char c : cell) {
            if (c == '"') line += '"';
            line += c;
        }
        line += '"';
    }
    return line + "\n";
}

} // namespace crm::render
