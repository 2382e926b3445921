#include "names.hpp"

#include <cstdlib>
#include <memory>
#include <utf8proc.h>

namespace crm::detail {

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

} // namespace crm::detail
