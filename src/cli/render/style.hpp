#pragma once
// Colour for terminals: green for won and gains, red for lost and overdue, yellow for
// warnings, dim for secondary text. A disabled Style returns text unchanged.

#include <string>
#include <string_view>

namespace crm::render {

/// Wraps text in ANSI SGR sequences when enabled.
class Style {
  public:
    /// A style that colours only when `enabled`.
    explicit Style(bool enabled = false) : enabled_(enabled) {}
    /// Whether colour is on.
    [[nodiscard]] bool enabled() const { return enabled_; }
    /// Green text (won, gains).
    [[nodiscard]] std::string green(std::string_view text) const;
    /// Red text (lost, overdue, losses).
    [[nodiscard]] std::string red(std::string_view text) const;
    /// Yellow text (warnings).
    [[nodiscard]] std::string yellow(std::string_view text) const;
    /// Dim text (secondary).
    [[nodiscard]] std::string dim(std::string_view text) const;
    /// Bold text (headings).
    [[nodiscard]] std::string bold(std::string_view text) const;

  private:
    [[nodiscard]] std::string wrap(std::string_view code, std::string_view text) const;
    bool enabled_;
};

/// Decide colour from the --color value (`auto`, `always`, `never`), whether NO_COLOR is set,
/// and whether stdout is a terminal. NO_COLOR wins over `auto` but not over `always`.
[[nodiscard]] bool colour_enabled(std::string_view mode, bool no_color_set, bool stdout_is_tty);

/// The width of output that is not on a terminal: no limit, text is never cut.
inline constexpr std::size_t unlimited_width = static_cast<std::size_t>(-1);

/// The width text output may fill, from these facts: on a terminal, COLUMNS if a positive
/// number, else the terminal's own width (`tty_columns`, 0 when unknown), else 100. Not on a
/// terminal (a pipe, a file), unlimited_width whatever COLUMNS says, so `| grep` sees whole
/// fields.
[[nodiscard]] std::size_t output_width(bool stdout_is_tty, const char* columns,
                                       std::size_t tty_columns);

/// output_width for this process's stdout and environment.
[[nodiscard]] std::size_t terminal_width();

/// A horizontal bar of `value / max` of `width` cells with eighth-block precision (`█▌`).
[[nodiscard]] std::string bar(double value, double max, std::size_t width);

} // namespace crm::render
