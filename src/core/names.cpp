#include "names.hpp"

#include "text.hpp"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <utf8proc.h>

namespace crm::detail {

namespace {

bool ascii(std::string_view s) {
    return std::ranges::all_of(s, [](unsigned char c) { return c < 0x80; });
}

bool is_space(utf8proc_int32_t c) {
    if (c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r') return true;
    auto category = utf8proc_category(c);
    return category == UTF8PROC_CATEGORY_ZS || category == UTF8PROC_CATEGORY_ZL ||
           category == UTF8PROC_CATEGORY_ZP;
}

// Each run of spaces one ASCII space, none at either end; text that is not UTF-8 as it is.
std::string collapse_spaces(std::string_view text) {
    std::string out;
    bool pending = false;
    const auto* at = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    auto left = static_cast<utf8proc_ssize_t>(text.size());
    while (left > 0) {
        utf8proc_int32_t c = 0;
        auto length = utf8proc_iterate(at, left, &c);
        if (length <= 0) return std::string(text::trim(text));
        if (is_space(c)) {
            pending = !out.empty();
        } else {
            if (pending) out += ' ';
            pending = false;
            out.append(reinterpret_cast<const char*>(at), static_cast<std::size_t>(length));
        }
        at += length;
        left -= length;
    }
    return out;
}

} // namespace

std::string name_key(std::string_view name) {
    utf8proc_uint8_t* mapped = nullptr;
    auto options = static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                                  UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
    auto length = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(name.data()),
                               static_cast<utf8proc_ssize_t>(name.size()), &mapped, options);
    std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(mapped, &std::free);
    if (length < 0) return std::string(name);
    return {reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(length)};
}

bool same_name(std::string_view a, std::string_view b) {
    if (a == b) return true;
    if (ascii(a) && ascii(b)) return text::iequals(a, b);
    return name_key(a) == name_key(b);
}

bool name_starts_with(std::string_view name, std::string_view prefix) {
    if (ascii(name) && ascii(prefix)) return text::istarts_with(name, prefix);
    return name_key(name).starts_with(name_key(prefix));
}

std::string reason_key(std::string_view reason) {
    return name_key(collapse_spaces(reason));
}

} // namespace crm::detail
