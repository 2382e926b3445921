#pragma once
/// \file book.hpp
/// The book of business: what every core operation works on.

#include "pipe/clock.hpp"
#include "pipe/stages.hpp"
#include "pipe/store.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace crm {

/// Who asks for the changes of a session: recorded in the journal with each change.
struct Origin {
    /// The command as typed, e.g. `pipe deal move 4 nego`.
    std::string command;
    /// The process making the changes.
    std::int64_t pid = 0;
    /// The user, if known.
    std::string user;
};

/// A record that a command created on the way (`deal add --org NEW` makes the organization),
/// for the user to hear of.
struct CreatedRecord {
    std::string kind;    ///< `organization` or `person`.
    std::int64_t id = 0; ///< Its id.
    std::string name;    ///< Its name.
};

/// The database, the stage definitions and the clock, handed to every operation.
struct Book {
    /// The open database.
    Store& store;
    /// Pipelines and stages in force.
    const StageConfig& stages;
    /// Source of "now".
    const Clock& clock;
    /// Who is asking, for the journal; changes made without one are recorded as `pipe`.
    const Origin* origin = nullptr;
    /// Where operations list the records they created on the way; none when null.
    std::vector<CreatedRecord>* created = nullptr;

    /// Today's local calendar date by the clock.
    [[nodiscard]] Date today() const { return local_date(clock.now()); }
    /// How dates of numbers only are read: the stage file's date_order, else day first.
    [[nodiscard]] DateOrder date_order() const {
        return stages.date_order.value_or(DateOrder::dmy);
    }
};

} // namespace crm
