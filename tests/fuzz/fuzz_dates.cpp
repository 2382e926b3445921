// libFuzzer target: date and timestamp parsing (ISO, words like eom/+3d, and --date-format).
// Input: TEXT, or FORMAT '\n' TEXT for the strftime-style import formats. Invariants: a parsed
// date formats to ISO text that parses back to the same date; a parsed instant likewise (so
// none lies outside the years 0000-9999 that the ISO form holds).
#include "pipe/dates.hpp"

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace std::chrono;
    std::string_view text(reinterpret_cast<const char*>(data), size);
    const crm::Date today = sys_days(year{2026} / March / 2);
    const crm::Timestamp now = time_point_cast<seconds>(sys_days(today)) + hours(9);
    if (auto date = crm::parse_date(text, today)) {
        auto iso = crm::format_date(*date);
        auto again = crm::parse_iso_date(iso);
        if (!again || *again != *date) std::abort();
        (void)crm::format_short_date(*date);
        (void)crm::format_long_date(*date);
    }
    (void)crm::parse_iso_date(text);
    auto round_trips = [&](crm::Timestamp at) {
        auto again = crm::parse_timestamp(crm::format_timestamp(at), now);
        return again && *again == at;
    };
    if (auto at = crm::parse_timestamp(text, now)) {
        if (!round_trips(*at)) std::abort();
        (void)crm::format_local_datetime(*at);
    }
    if (auto newline = text.find('\n'); newline != std::string_view::npos)
        if (auto at = crm::parse_with_format(text.substr(newline + 1), text.substr(0, newline)))
            if (!round_trips(*at)) std::abort();
    return 0;
}
