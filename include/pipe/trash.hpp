#pragma once
/// \file trash.hpp
/// The trash: removed deals, leads, people and organizations, each with its history and activities,
/// until restored or the trash is emptied. Records in the trash are gone from lists, reports, the
/// agenda, completions and exports; their ids are never given to another record.

#include "pipe/deals.hpp"
#include "pipe/leads.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace crm {

/// One record in the trash.
struct TrashItem {
    std::string kind;            ///< `deal`, `lead`, `person` or `organization`.
    std::int64_t id = 0;         ///< The record's id (kept for its restore).
    std::string title;           ///< Its title or name.
    Timestamp removed_at{};      ///< When it was removed.
    std::int64_t events = 0;     ///< History rows it holds.
    std::int64_t activities = 0; ///< Activities it holds.
};

/// The trash, most recently removed first.
[[nodiscard]] Result<std::vector<TrashItem>> list_trash(Book& book);

/// Bring a removed deal back exactly (same id, history, activities).
[[nodiscard]] Result<Deal> restore_deal(Book& book, std::int64_t id);
/// Bring a removed lead back exactly.
[[nodiscard]] Result<Lead> restore_lead(Book& book, std::int64_t id);

/// What emptying the trash deleted.
struct TrashEmptied {
    std::int64_t deals = 0;         ///< Deals deleted for good.
    std::int64_t leads = 0;         ///< Leads deleted for good.
    std::int64_t people = 0;        ///< People deleted for good.
    std::int64_t organizations = 0; ///< Organizations deleted for good.
};

/// Delete what is in the trash for good — everything, or what was removed more than
/// `older_than` ago (`30d`, `2w`, `6m`: days, weeks, months of 30 days). Links other records
/// kept to what is deleted are cleared. (`pipe undo` can still take it back while the
/// journal holds the change.)
[[nodiscard]] Result<TrashEmptied> empty_trash(Book& book, std::optional<std::string> older_than);

} // namespace crm
