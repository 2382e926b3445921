#include "render/style.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>
#include <sys/ioctl.h>
#include <unistd.h>

namespace crm::render {

std::string Style::wrap(std::string_view code, std::string_view text) const {
    if (!enabled_ || text.empty()) return std::string(text);
    return "\x1b[" + std::string(code) + "m" + std::string(text) + "\x1b[0m";
}

std::string Style::green(std::string_view text) const {
    return wrap("32", text);
}
std::string Style::red(std::string_view text) const {
    return wrap("31", text);
}
std::string Style::yellow(std::string_view text) const {
    return wrap("33", text);
}
std::string Style::dim(std::string_view text) const {
    return wrap("2", text);
}
std::string Style::bold(std::string_view text) const {
    return wrap("1", text);
}

bool colour_enabled(std::string_view mode, bool no_color_set, bool stdout_is_tty) {
    if (mode == "always") return true;
    if (mode == "never") return false;
    return stdout_is_tty && !no_color_set;
}

std::size_t output_width(bool stdout_is_tty, const char* columns, std::size_t tty_columns) {
    if (!stdout_is_tty) return unlimited_width;
    if (columns) {
        std::string_view text(columns);
        std::size_t value = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec == std::errc{} && end == text.data() + text.size() && value > 0) return value;
    }
    return tty_columns > 0 ? tty_columns : 100;
}

std::size_t terminal_width() {
    bool tty = ::isatty(STDOUT_FILENO) != 0;
    winsize size{};
    std::size_t tty_columns = 0;
    if (tty && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0) tty_columns = size.ws_col;
    return output_width(tty, std::getenv("COLUMNS"), tty_columns);
}

std::string bar(double value, double max, std::size_t width) {
    if (!(max > 0) || !(value > 0) || width == 0) return {};
    static constexpr std::string_view eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    double cells = std::min(value / max, 1.0) * static_cast<double>(width);
    auto total_eighths = static_cast<long>(std::lround(cells * 8));
    std::string out;
    for (long i = 0; i < total_eighths / 8; ++i) out += "█";
    out += eighths[total_eighths % 8];
    return out;
}

} // namespace crm::render
