#pragma once
// The one write path: every change to a book (each command, an import, an undo, a restore)
// runs through write_change, which opens one transaction, journals what it takes to reverse
// the change, and keeps the derived tables right. Operations nested inside another run in a
// SAVEPOINT of the same change.

#include "pipe/book.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace crm::detail {

/// A change being written: its journal entry, and the ids it hands out.
class Change {
  public:
    /// Begin a change: a journal entry, and each journaled table's high-water mark (rows
    /// above it are new in this change; rows at or below it are recorded before they change).
    explicit Change(Book& book);
    Change(const Change&) = delete;
    Change& operator=(const Change&) = delete;

    /// The journal entry's id.
    [[nodiscard]] std::int64_t id() const { return id_; }
    /// What the change did, in a few words (`moved deal 4 to Negotiation`), for the journal.
    /// The outermost operation describes it last, so its words win.
    void describe(std::string summary) { summary_ = std::move(summary); }
    /// The next id of a table with an id counter (deals, leads, events, activities,
    /// import_batches, trash): never one handed out before, whatever was removed or undone
    /// since. Counted in memory; written back when the change finishes.
    [[nodiscard]] std::int64_t next_id(std::string_view table);
    /// Link the journal entry to the import batch it made.
    void set_batch(std::int64_t batch);
    /// The change's book.
    [[nodiscard]] Book& book() { return book_; }
    /// Finish: write the summary, drop what can no longer be redone, prune the journal.
    void finish();

  private:
    Book& book_;
    std::int64_t id_ = 0;
    std::string summary_;
    std::map<std::string, std::int64_t, std::less<>> last_ids_;
};

/// The book's identity: a random hex id made when the book was created (or upgraded to
/// version 4), stored in the file.
[[nodiscard]] const std::string& book_id(Store& store);

/// The change being written on `store`; a logic error when there is none (every write goes
/// through write_change).
[[nodiscard]] Change& require_change(Store& store);

/// Run `work` as one change of the book (see above). Errors roll everything back.
[[nodiscard]] Result<void> write_change(Book& book,
                                        const std::function<Result<void>(Change&)>& work);

/// How much of the journal is kept: the newest `journal_keep_changes` changes or those of the
/// last `journal_keep_days` days, whichever keeps more.
inline constexpr int journal_keep_changes = 1000;
/// See journal_keep_changes.
inline constexpr int journal_keep_days = 90;
/// The bound is checked every this many changes (so the journal may hold that many more).
inline constexpr std::int64_t journal_prune_every = 16;

/// The high-water rowid of each journaled table now (ids from counters count as used).
[[nodiscard]] std::map<std::string, std::int64_t> high_water_marks(Store& store);

/// Start recording every row the following writes touch into journal rows of `change_id`,
/// with `marks` as the high-water marks.
void begin_capture(Store& store, std::int64_t change_id,
                   const std::map<std::string, std::int64_t>& marks);
/// Stop recording.
void end_capture(Store& store);

/// Record the whole content of derived table `table` in journal rows of `change_id` (as
/// `=table`), before a repair replaces it, so undo can put it back.
void save_snapshot(Store& store, std::int64_t change_id, std::string_view table);

} // namespace crm::detail
