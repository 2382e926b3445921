#include "party_names.hpp"

#include "names.hpp"
#include "text.hpp"

#include <cctype>
#include <cstdlib>
#include <memory>
#include <utf8proc.h>

namespace crm::detail {

std::string tidy_name(std::string_view text) {
    std::string out;
    bool space = false;
    for (char c : text::trim(text)) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = true;
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

std::string party_key(std::string_view name) {
    return name_key(tidy_name(name));
}

std::string email_key(std::string_view email) {
    return text::lower(text::trim(email));
}

std::string match_key(std::string_view name) {
    auto tidy = tidy_name(name);
    utf8proc_uint8_t* mapped = nullptr;
    auto options =
        static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
                                       UTF8PROC_IGNORE | UTF8PROC_STRIPMARK);
    auto length = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(tidy.data()),
                               static_cast<utf8proc_ssize_t>(tidy.size()), &mapped, options);
    std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(mapped, &std::free);
    if (length < 0) return text::lower(tidy);
    return {reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(length)};
}

} // namespace crm::detail
