#pragma once
// Small helpers the command files share.

#include "context.hpp"

#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace crm::cli {

/// An option that sets `target` only when given.
CLI::Option* optional_text(CLI::App* app, const std::string& name,
                           std::optional<std::string>& target, const std::string& description);

/// A positional ID argument (required) parsed into `target`.
CLI::Option* id_argument(CLI::App* app, std::int64_t& target, const std::string& what);

/// Print JSON (pretty, 2 spaces) and a newline to ctx.out.
void print_json(Context& ctx, const nlohmann::ordered_json& value);

/// A new subcommand whose callback runs `action` with a fresh options struct `O`.
template <class O, class F>
CLI::App* verb(CLI::App* parent, const std::string& name, const std::string& description,
               std::shared_ptr<O>& opts, F action) {
    opts = std::make_shared<O>();
    auto* sub = parent->add_subcommand(name, description);
    sub->callback([opts, action]() { action(*opts); });
    return sub;
}

} // namespace crm::cli
