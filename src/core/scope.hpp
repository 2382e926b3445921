#pragma once
// Reports over some deals only (`--pipeline`, `--owner`): while a DealScope lives, the names
// `deals`, `events`, `activities`, `stage_exits`, `closes`, `deal_totals`, `stage_reach`,
// `plan_days`, `stage_entries` and `step_totals` are TEMP views of just those deals, which shadow
// the tables of the same names, so every report query runs unchanged over the scope. Temporary
// objects live in memory, never in the book's file: read-only commands stay read-only.

#include "pipe/book.hpp"
#include "pipe/deals.hpp"

#include <functional>
#include <string>
#include <string_view>

namespace SQLite {
class Database;
}

namespace crm::detail {

/// Run `make`, which creates temporary tables or views, with temporary objects kept in memory
/// (where that can still be said) and, on a read-only command's connection, its refusal of
/// every write (query_only) lifted meanwhile and put back after. The book's file is never
/// written: a read-only connection cannot write it anyway.
void make_temporary(SQLite::Database& db, const std::function<void()>& make);

class DealScope {
  public:
    /// Scope `book` to `filter` (nothing when it filters nothing). Error for an unknown pipeline.
    [[nodiscard]] static Result<DealScope> open(Book& book, const DealFilter& filter);
    DealScope(DealScope&& other) noexcept;
    DealScope& operator=(DealScope&&) = delete;
    DealScope(const DealScope&) = delete;
    ~DealScope();

  private:
    explicit DealScope(Book* book) : book_(book) {}
    Book* book_ = nullptr;
};

/// Whether a DealScope is open (the kept totals are then views that read the scope's deals).
[[nodiscard]] bool in_scope();

/// `INDEXED BY index`, or nothing while a DealScope is open (a view has no indexes; the
/// planner uses the table's through the view).
[[nodiscard]] std::string indexed_by(std::string_view index);

} // namespace crm::detail
