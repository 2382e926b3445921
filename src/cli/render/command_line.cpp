#include "render/command_line.hpp"

#include <algorithm>
#include <string_view>

namespace crm::render {

namespace {

std::string word(const std::string& w) {
    bool plain = !w.empty() && std::ranges::all_of(w, [](unsigned char c) {
        return c >= 0x80 || std::isalnum(c) ||
               std::string_view("-_./:=+,@%").find(static_cast<char>(c)) != std::string_view::npos;
    });
    if (plain) return w;
    std::string out = "\"";
    for (char c : w) {
        if (c == '"' || c == '\\' || c == '$' || c == '`') out += '\\';
        out += c;
    }
    return out + "\"";
}

} // namespace

std::string command_line(const Action& a) {
    std::string out = "pipe " + a.noun;
    if (!a.verb.empty()) out += " " + a.verb;
    if (a.id) out += " " + std::to_string(*a.id);
    for (const auto& arg : a.args) out += " " + (arg == "…" ? std::string("\"…\"") : word(arg));
    for (const auto& [name, value] : a.options) {
        out += " " + name;
        if (!value.empty()) out += " " + (value == "…" ? value : word(value));
    }
    return out;
}

std::string error_text(const Error& e) {
    if (e.fix) return e.what + " (" + command_line(*e.fix) + ")";
    return e.message();
}

} // namespace crm::render
