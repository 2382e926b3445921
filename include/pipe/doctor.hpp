#pragma once
/// \file doctor.hpp
/// `pipe doctor`: checks the file, the derived tables against a rebuild from rows and events,
/// the links between records, the stages in use, the ids and the journal; and repairs what
/// can be repaired (as one change, which `pipe undo` takes back).
///
/// The derived tables are kept by the write path: `deal_totals` (running totals of deals per
/// stage), `stage_exits` (every exit of a deal from a stage), `closes` (every close and
/// reopening) and `stage_reach` (deals of each status that left each stage). Each is defined
/// by its rebuild, which this module also performs.

#include "pipe/book.hpp"
#include "pipe/journal.hpp"

#include <string>
#include <vector>

namespace crm {

/// One problem found, with how to fix it.
struct Finding {
    /// What was checked: `file`, `derived`, `links`, `stages`, `ids`, `journal`.
    std::string area;
    /// What is wrong.
    std::string problem;
    /// How to fix it.
    std::string fix;
    /// Whether `pipe doctor --fix` repairs it.
    bool fixable = false;
};

/// What the doctor found.
struct DoctorReport {
    std::vector<Finding> findings; ///< Problems, empty when the book is healthy.
    JournalStats journal;          ///< The journal's size.
    std::int64_t deals = 0;        ///< Deals in the book.
    std::int64_t leads = 0;        ///< Leads in the book.
    std::int64_t events = 0;       ///< History rows.
    std::int64_t activities = 0;   ///< Activities.
    std::int64_t trash = 0;        ///< Records in the trash.
    std::int64_t repaired = 0;     ///< Rows rewritten by a repair (fix_book).
};

/// Check the book (reads only).
[[nodiscard]] Result<DoctorReport> check_book(Book& book);

/// Repair what check_book finds fixable — rebuild every derived table from rows and events,
/// clear links to records that exist nowhere (not even in the trash), raise id counters below
/// an id in use — as one change; then check again.
[[nodiscard]] Result<DoctorReport> fix_book(Book& book);

} // namespace crm
