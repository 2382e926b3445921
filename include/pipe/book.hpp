#pragma once
/// \file book.hpp
/// The book of business: what every core operation works on.

#include "pipe/clock.hpp"
#include "pipe/stages.hpp"
#include "pipe/store.hpp"

namespace crm {

/// The database, the stage definitions and the clock, handed to every operation.
struct Book {
    /// The open database.
    Store& store;
    /// Pipelines and stages in force.
    const StageConfig& stages;
    /// Source of "now".
    const Clock& clock;

    /// Today's local calendar date by the clock.
    [[nodiscard]] Date today() const { return local_date(clock.now()); }
};

} // namespace crm
