#pragma once
// Aligned text tables measured in display width (Unicode aware, ANSI colour ignored).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace crm::render {

/// Horizontal alignment of a column.
enum class Align { left, right };

/// One column of a Table.
struct Column {
    /// Header text; an all-empty header row is not printed.
    std::string header;
    /// Alignment of the cells and the header.
    Align align = Align::left;
    /// True when cells may be cut with `…` to make the table fit the width.
    bool shrink = false;
};

/// Width in terminal columns of UTF-8 text: wide (CJK, emoji) characters count 2,
/// combining marks 0; ANSI escape sequences (colour) count 0. Invalid UTF-8 bytes count 1.
[[nodiscard]] std::size_t display_width(std::string_view text);

/// Cut text to at most `width` columns, ending with `…` when cut. Keeps whole characters
/// and any ANSI colour sequences balanced (appends a reset when it cut inside colour).
[[nodiscard]] std::string truncate(std::string_view text, std::size_t width);

/// Pad text with spaces to `width` columns (left or right aligned); never cuts.
[[nodiscard]] std::string pad(std::string_view text, std::size_t width, Align align = Align::left);

/// A table of rows rendered with aligned columns two spaces apart.
class Table {
  public:
    /// A table with these columns.
    explicit Table(std::vector<Column> columns);
    /// Add a row; missing cells are empty, extra cells are ignored.
    void add_row(std::vector<std::string> cells);
    /// Number of rows added.
    [[nodiscard]] std::size_t size() const { return rows_.size(); }
    /// Render with `indent` leading spaces, within `max_width` columns: shrinkable columns
    /// are cut (never below 8 columns, or their header's width) until the table fits.
    /// Each line ends with '\n'; trailing spaces are removed.
    [[nodiscard]] std::string render(std::size_t max_width, std::size_t indent = 2) const;

  private:
    std::vector<Column> columns_;
    std::vector<std::vector<std::string>> rows_;
};

} // namespace crm::render
