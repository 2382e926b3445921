#pragma once
// One registration function per command group; app.cpp wires them.

#include "context.hpp"

#include <CLI/CLI.hpp>

namespace crm::cli {

/// pipe init, pipe stages [--check], pipe stages rename.
void add_stage_commands(CLI::App& app, Context& ctx);
/// pipe lead add|list|show|edit|rm|qualify|convert|drop.
void add_lead_commands(CLI::App& app, Context& ctx);
/// pipe deal add|list|show|edit|rm|move|won|lost|reopen|next.
void add_deal_commands(CLI::App& app, Context& ctx);

/// pipe org add|list|show|edit|rm|restore|merge|log.
void add_org_commands(CLI::App& app, Context& ctx);
/// pipe person add|list|show|edit|rm|restore|merge|log.
void add_person_commands(CLI::App& app, Context& ctx);
/// pipe search TEXT.
void add_search_command(CLI::App& app, Context& ctx);

/// pipe agenda.
void add_agenda_commands(CLI::App& app, Context& ctx);
/// pipe review.
void add_review_commands(CLI::App& app, Context& ctx);
/// pipe forecast.
void add_forecast_commands(CLI::App& app, Context& ctx);
/// pipe import FILE | list | undo.
void add_import_commands(CLI::App& app, Context& ctx);
/// pipe export, pipe backup.
void add_export_commands(CLI::App& app, Context& ctx);
/// pipe undo [--list], pipe redo.
void add_journal_commands(CLI::App& app, Context& ctx);
/// pipe trash [empty], and pipe deal restore, pipe lead restore on those of the deal and lead
/// groups that were built already.
void add_trash_commands(CLI::App& app, Context& ctx);
/// pipe doctor [--fix].
void add_doctor_commands(CLI::App& app, Context& ctx);
/// pipe completion bash|zsh|fish, and the hidden pipe __complete the scripts call.
void add_completion_commands(CLI::App& app, Context& ctx);
/// pipe upgrade: the database to this pipe's schema, with a backup of the old version first.
void add_upgrade_command(CLI::App& app, Context& ctx);
/// pipe help [COMMAND]: the command's man page (man pipe-COMMAND), else its --help.
void add_help_command(CLI::App& app, Context& ctx);

/// Parse an id argument ("42" or "#42"); usage error otherwise.
std::int64_t parse_id(const std::string& text, std::string_view what);

} // namespace crm::cli
