#include "render/figures_format.hpp"

#include "pipe/money.hpp"

#include <array>
#include <cmath>
#include <fmt/format.h>

namespace crm::render {

namespace {

constexpr std::array<std::string_view, 12> months{"January",   "February", "March",    "April",
                                                  "May",       "June",     "July",     "August",
                                                  "September", "October",  "November", "December"};

std::string_view short_month(std::chrono::year_month_day ymd) {
    return months[static_cast<unsigned>(ymd.month()) - 1].substr(0, 3);
}

std::string arrow(double delta, const Style& style, bool higher_is_better, std::string text) {
    if (delta == 0) return "=";
    bool good = (delta > 0) == higher_is_better;
    auto s = std::string(delta > 0 ? "▲ " : "▼ ") + text;
    return good ? style.green(s) : style.red(s);
}

} // namespace

std::string percent(std::optional<double> share) {
    if (!share) return "—";
    return fmt::format("{:.0f}%", *share * 100);
}

std::string days_text(std::optional<double> days, int decimals) {
    if (!days) return "—";
    return fmt::format("{:.{}f}", *days, decimals);
}

std::string money(std::int64_t minor, const std::string& currency, bool absent) {
    if (absent) return "—";
    return format_money_short(minor, currency);
}

std::string money_change(std::int64_t now, std::int64_t before, const std::string& currency,
                         const Style& style, bool higher_is_better) {
    auto delta = now - before;
    return arrow(static_cast<double>(delta), style, higher_is_better,
                 format_money_short(delta < 0 ? -delta : delta, currency));
}

std::string points_change(std::optional<double> now, std::optional<double> before,
                          const Style& style) {
    if (!now || !before) return "—";
    auto points = std::lround((*now - *before) * 100);
    auto size = points < 0 ? -points : points;
    return arrow(static_cast<double>(points), style, true,
                 fmt::format("{} {}", size, size == 1 ? "pt" : "pts"));
}

std::string days_change(std::optional<double> now, std::optional<double> before,
                        const Style& style) {
    if (!now || !before) return "—";
    auto delta = std::lround(*now - *before);
    return arrow(static_cast<double>(delta), style, false,
                 fmt::format("{} day{}", std::abs(delta), std::abs(delta) == 1 ? "" : "s"));
}

std::string day_range(Date first, Date last) {
    std::chrono::year_month_day a{first}, b{last};
    auto da = static_cast<unsigned>(a.day()), db = static_cast<unsigned>(b.day());
    auto ya = static_cast<int>(a.year()), yb = static_cast<int>(b.year());
    if (ya != yb)
        return fmt::format("{} {} {} – {} {} {}", da, short_month(a), ya, db, short_month(b), yb);
    if (a.month() != b.month())
        return fmt::format("{} {} – {} {} {}", da, short_month(a), db, short_month(b), yb);
    return fmt::format("{} – {} {} {}", da, db, short_month(b), yb);
}

std::string period_name(Date first, bool quarter) {
    std::chrono::year_month_day ymd{first};
    auto yy = static_cast<int>(ymd.year()) % 100;
    if (quarter)
        return fmt::format("Q{} {:02}", (static_cast<unsigned>(ymd.month()) - 1) / 3 + 1, yy);
    return fmt::format("{} {:02}", short_month(ymd), yy);
}

std::string month_name(Date d) {
    return std::string(months[static_cast<unsigned>(std::chrono::year_month_day{d}.month()) - 1]);
}

double round4(double v) {
    return std::round(v * 10000) / 10000;
}

} // namespace crm::render
