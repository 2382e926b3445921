#pragma once
/// \file journal.hpp
/// The journal of changes: every change to a book (a command, an import, a restore) is one
/// entry with what it takes to reverse it, so `pipe undo` takes back the last change exactly
/// and `pipe redo` applies it again.
///
/// The journal keeps the newest 1,000 changes or those of the last 90 days, whichever keeps
/// more; older entries are pruned a few at a time as new changes are written.

#include "pipe/book.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace crm {

/// Where an entry stands: `done` (can be undone), `undone` (can be redone), or `legacy` (an
/// import made before the journal existed: only `pipe import undo` takes it back).
enum class JournalState { done, undone, legacy };

/// `done`, `undone` or `legacy`.
[[nodiscard]] std::string_view to_string(JournalState state);

/// One change of the journal.
struct JournalEntry {
    std::int64_t id = 0;                     ///< Change number, increasing.
    Timestamp at{};                          ///< When it was made.
    std::string command;                     ///< The command as typed (`pipe deal move 4 nego`).
    std::string summary;                     ///< What it changed (`moved deal 4 to Negotiation`).
    JournalState state = JournalState::done; ///< Done, undone or legacy.
    std::optional<Timestamp> undone_at;      ///< When it was undone, if it is.
    std::int64_t pid = 0;                    ///< The process that made it.
    std::string user;                        ///< The user who made it, if known.
    std::int64_t rows = 0;                   ///< Rows it recorded to reverse it.
    std::optional<std::int64_t> batch;       ///< The import batch it made, if any.
};

/// The journal, newest first: at most `limit` entries (all when unset).
[[nodiscard]] Result<std::vector<JournalEntry>> journal_entries(Book& book,
                                                                std::optional<std::int64_t> limit);

/// Take back the book's last change (whoever made it) exactly: rows, history, derived tables
/// and ids as they were. Returns the entry, now `undone`. Error when there is nothing to undo.
[[nodiscard]] Result<JournalEntry> undo_last_change(Book& book);

/// Apply again the change undone last. Error when there is nothing to redo (nothing was
/// undone, or a new change was made since, which ends what can be redone).
[[nodiscard]] Result<JournalEntry> redo_change(Book& book);

/// The journal's size, for `pipe doctor`.
struct JournalStats {
    std::int64_t entries = 0;        ///< Entries kept.
    std::int64_t undoable = 0;       ///< Of them, changes `pipe undo` can take back.
    std::int64_t redoable = 0;       ///< Changes `pipe redo` can apply again.
    std::int64_t rows = 0;           ///< Rows recorded to reverse them.
    std::int64_t bytes = 0;          ///< Bytes of those rows.
    std::optional<Timestamp> oldest; ///< The oldest entry's time.
    bool writing = false;            ///< A change was left half-recorded (should not happen).
};

/// The journal's size now.
[[nodiscard]] Result<JournalStats> journal_stats(Book& book);

} // namespace crm
