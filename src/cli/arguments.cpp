#include "arguments.hpp"

#include "context.hpp"
#include "pipe/io/reader.hpp"

#include <fmt/format.h>

namespace crm::cli {

namespace {

constexpr std::string_view file_type = "FILE";

// Flags report a type size of 1 in CLI11 2.1, but expect no value.
bool takes_value(const CLI::Option* option) {
    return option->get_expected_max() > 0;
}

bool is_whole_number(const CLI::Option* option) {
    auto type = option->get_type_name();
    return type.starts_with("INT") || type.starts_with("UINT");
}

std::string argument_name(const CLI::Option* option) {
    return option->get_positional() ? "argument " + option->get_name() : option->get_name();
}

// Validators with no description leave --help and the completions as they were. transform()
// puts them before the command's own checks (IsMember, Range), so those see clean text.
void require_utf8(CLI::Option* option) {
    auto name = argument_name(option);
    option->transform(CLI::Validator(
        [name](std::string& value) {
            if (!is_utf8(value))
                throw CommandError{
                    Error{fmt::format("{}: '{}' is not valid UTF-8", name, printable(value)),
                          "write it in UTF-8; check the encoding of the terminal or script", 2}};
            return std::string();
        },
        ""));
}

void require_decimal(CLI::Option* option) {
    auto name = argument_name(option);
    option->transform(CLI::Validator(
        [name](std::string& value) {
            bool digits =
                !value.empty() && value.find_first_not_of("0123456789") == std::string::npos;
            if (!digits)
                throw CommandError{Error{
                    fmt::format("{}: '{}' is not a plain decimal number", name, printable(value)),
                    "write digits 0-9 only, e.g. 10", 2}};
            // CLI11 reads a leading 0 as octal: 010 is ten here, as for ids.
            auto first = value.find_first_not_of('0');
            value = first == std::string::npos ? "0" : value.substr(first);
            return std::string();
        },
        ""));
}

} // namespace

CLI::Option* file_option(CLI::Option* option) {
    return option->type_name(std::string(file_type));
}

bool names_a_file(const CLI::Option* option) {
    return option->get_type_name().starts_with(file_type);
}

void apply_argument_rules(CLI::App& app) {
    // The hidden word source of the completion scripts gets what the shell has, file names
    // half typed included, and only prints candidates.
    if (app.get_name() == "__complete") return;
    for (auto* option : app.get_options()) {
        if (!takes_value(option)) continue;
        if (is_whole_number(option)) require_decimal(option);
        if (!names_a_file(option)) require_utf8(option);
    }
    for (auto* sub : app.get_subcommands({})) apply_argument_rules(*sub);
}

bool is_utf8(std::string_view text) {
    std::size_t bad = 0;
    return io::valid_utf8(text, bad);
}

std::string printable(std::string_view text) {
    std::string out;
    while (true) {
        std::size_t bad = 0;
        if (io::valid_utf8(text, bad)) break;
        out += text.substr(0, bad);
        out += fmt::format("\\x{:02X}", static_cast<unsigned char>(text[bad]));
        text.remove_prefix(bad + 1);
    }
    out += text;
    return out;
}

} // namespace crm::cli
