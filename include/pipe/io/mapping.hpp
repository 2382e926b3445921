#pragma once
/// \file mapping.hpp
/// Which column of an input file fills which field: SPEC field names matched
/// case-insensitively (ignoring spaces, `_` and `-`), common aliases of other CRMs' exports,
/// and the user's `--map FIELD=COLUMN`.

#include "pipe/error.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace crm::io {

/// What an import or export is about.
enum class RecordType { deals, leads, activities, events, organizations, persons };

/// `deals`, `leads`, `activities`, `events`, `organizations` or `persons`.
[[nodiscard]] std::string_view to_string(RecordType type);

/// Parse a record type name (`deal` and `deals` both work; `org`, `orgs`, `organizations`;
/// `person`, `persons`, `people`); a usage error otherwise.
[[nodiscard]] Result<RecordType> parse_record_type(std::string_view name);

/// The field names of a record type in export order (SPEC "Import and export").
[[nodiscard]] const std::vector<std::string>& field_names(RecordType type);

/// `amount`, `close_value` … → `value`: a header name reduced to lower-case letters and digits.
[[nodiscard]] std::string normalize_name(std::string_view header);

/// FIELD=VALUE pairs as the user typed them (`--map`, `--default`, `--stage-map`).
using Pairs = std::vector<std::pair<std::string, std::string>>;

/// Split `FIELD=VALUE`; a usage error naming `option` when there is no `=`.
[[nodiscard]] Result<std::pair<std::string, std::string>> split_pair(std::string_view text,
                                                                     std::string_view option);

/// Where each field comes from.
struct Mapping {
    /// Column index for each field of field_names(type), or -1 when no column fills it.
    std::vector<int> column_of;
    /// Deals: the column of a `close_date` (expected close of open deals, closing time of
    /// closed ones), or -1. Leads and persons: the column of a first name, or -1.
    int close_date = -1;
    /// Leads and persons: the column of a last name, or -1.
    int last_name = -1;
    /// Deals: a status column (`won`, `lost`, `open`; `Deal - Status`, Close's `status_type`),
    /// or -1.
    int status = -1;
    /// Deals: a yes/no column saying the deal was won (Salesforce `IsWon`, HubSpot
    /// `is_closed_won`), or -1.
    int is_won = -1;
    /// Deals: a yes/no column saying the deal is closed (Salesforce `IsClosed`), or -1.
    int is_closed = -1;
    /// Deals: the time a won deal was won (`Deal - Won time`), or -1.
    int won_time = -1;
    /// Deals: the time a lost deal was lost (`Deal - Lost time`), or -1.
    int lost_time = -1;
    /// Columns that fill no field, by index, in file order.
    std::vector<int> unknown;
};

/// Map `columns` to the fields of `type`. `maps` are `--map FIELD=COLUMN` pairs; with
/// `strict`, a mapped column missing from `columns` is an error (CSV/TSV, whose header is
/// known up front). Errors are usage errors (exit 2).
[[nodiscard]] Result<Mapping> map_columns(RecordType type, const std::vector<std::string>& columns,
                                          const Pairs& maps, bool strict);

/// The pseudo-fields of a record type that `--map` takes besides field_names(type): for deals
/// `close_date`, `status`, `is_won`, `is_closed`, `won_time`, `lost_time`; for leads
/// `first_name`, `last_name`.
[[nodiscard]] std::vector<std::string> pseudo_fields(RecordType type);

/// The name a header is matched by once a CRM's prefix is taken off: `Deal - Title` → `title`,
/// and in a deals file `Person - Name` → `contactname`, `Organization - Name` →
/// `organization`; otherwise normalize_name(header).
[[nodiscard]] std::string match_name(RecordType type, std::string_view header);

/// The record type that `columns` name (a leads export has no deal's stage or amount), or
/// an Error that says `--type` when the headers do not tell.
[[nodiscard]] Result<RecordType> type_of_columns(const std::vector<std::string>& columns);

/// An Error naming the `--map` that fixes it when no column of `columns` (nor a `--default`)
/// fills what every row of `type` needs: a deal's title, organization or external id; a
/// lead's name (or first/last name), organization, email or external id; an activity's
/// deal or lead, kind and text; a history row's external id, stage and time. `source` names
/// the file in the message.
[[nodiscard]] Result<void> require_columns(RecordType type, const Mapping& mapping,
                                           const std::vector<std::string>& columns,
                                           const Pairs& defaults, std::string_view source);

/// Check `--default FIELD=VALUE` field names; returns the values by field index (empty when
/// not given).
[[nodiscard]] Result<std::vector<std::string>> map_defaults(RecordType type, const Pairs& defaults);

} // namespace crm::io
