#pragma once
// Small helpers the command files share.

#include "context.hpp"
#include "pipe/fields.hpp"
#include "pipe/people.hpp"

#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace crm::cli {

/// An option that sets `target` only when given.
CLI::Option* optional_text(CLI::App* app, const std::string& name,
                           std::optional<std::string>& target, const std::string& description);

/// An option that sets field `name` of `input` only when given (FieldKind::tags: repeatable,
/// the values joined with `;`).
CLI::Option* field_option(CLI::App* app, FieldInput& input, std::string_view name, FieldKind kind,
                          std::string_view option, std::string_view help);

/// The add/edit options of a record type, from its field table: every field that edits (and,
/// when `is_add`, the add-only ones), except its title (a positional argument of add).
template <class R>
void add_field_options(CLI::App* app, const FieldTable<R>& table, FieldInput& input, bool is_add) {
    for (const auto& f : table) {
        bool editable = f.has(field_use::edit) || (is_add && f.has(field_use::add_only));
        if (!editable || f.option.empty() || (is_add && f.kind == FieldKind::title)) continue;
        if (is_add && f.name == "status") continue;
        field_option(app, input, f.name, f.kind, f.option, f.help);
    }
}

/// A positional ID argument (required) parsed into `target`: a plain number only.
CLI::Option* id_argument(CLI::App* app, std::int64_t& target, const std::string& what);

/// The direct subcommand `name` of `app`, or null when it was not built (a command builds only
/// the part of the tree it runs).
CLI::App* find_subcommand(CLI::App& app, std::string_view name);
/// A positional argument naming a record of `what` (`deal`, `lead`, `person`, `organization`)
/// by id or by name: a name is resolved when the book opens (see Context::defer_ref).
CLI::Option* id_argument(CLI::App* app, Context& ctx, std::int64_t& target,
                         const std::string& what);
/// An optional record option (`--deal 4`, `--org acme`): an id or a name, resolved as
/// id_argument resolves one; `target` stays 0 when the option is not given.
CLI::Option* ref_option(CLI::App* app, Context& ctx, const std::string& name, std::int64_t& target,
                        const std::string& what, const std::string& description);
/// A named record argument other than `id` (`INTO` of a merge), as id_argument.
CLI::Option* ref_argument(CLI::App* app, Context& ctx, const std::string& name,
                          std::int64_t& target, const std::string& what,
                          const std::string& description);
/// The record kind of `deal`, `lead`, `person`, `organization` (or `org`).
RecordKind record_kind(std::string_view what);

/// `--add-person P`, `--role R`, `--remove-person P` of `deal edit`.
void add_deal_people_options(CLI::App* app, Context& ctx, DealPeopleEdit& people);

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
