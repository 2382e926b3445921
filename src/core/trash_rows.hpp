#pragma once
// Moving a record with everything that hangs on it into the trash, and back.

#include "change.hpp"

#include <cstdint>
#include <string>

namespace crm::detail {

/// What a trash entry holds.
enum class TrashKind { deal, lead, person, organization };

/// `deal`, `lead`, `person` or `organization`.
[[nodiscard]] std::string_view to_string(TrashKind kind);

/// Delete record `id` of `kind` with everything that hangs on it (events, activities, a
/// deal's stage exits, the roles of people on a deal or of a person on deals): the one place a
/// record's rows are removed (the trash keeps them first; an import's undo removes what the
/// import added).
void delete_record(Store& store, TrashKind kind, std::int64_t id);

/// Move record `id` of `kind` with its events, activities (a deal's stage exits, the roles of
/// people on a deal or of a person on deals) into the
/// trash, as one entry titled `title`; the rows leave the book, so every list, report and
/// export stops seeing them. Links to it from other records stay, for a restore.
void trash_record(Change& change, TrashKind kind, std::int64_t id, const std::string& title);

/// Put the trashed record `id` of `kind` back exactly (same ids, history and activities);
/// false when it is not in the trash.
[[nodiscard]] bool restore_record(Change& change, TrashKind kind, std::int64_t id);

} // namespace crm::detail
