#pragma once
// Reading and writing whole lead rows; shared by the lead operations and the importer.

#include "pipe/leads.hpp"

namespace SQLite {
class Statement;
} // namespace SQLite

namespace crm::detail {

/// The column list, in order, that read_lead_row expects.
const std::string& lead_columns();
/// Read the lead at the current row of a statement that selected lead_columns() first.
Lead read_lead_row(SQLite::Statement& st);
/// The lead with this id, or a "not found" Error with the command that lists leads.
Result<Lead> require_lead(Store& store, std::int64_t id);
/// Insert a new lead row with the next lead id (set in `lead`, and returned), inside the
/// change being written.
std::int64_t insert_lead(Store& store, Lead& lead, std::optional<std::int64_t> batch = {});
/// Write every mutable column of an existing lead.
void update_lead(Store& store, const Lead& lead);

} // namespace crm::detail
