#pragma once
/// \file history.hpp
/// Events: the append-only history of every change of a deal or a lead.

#include "pipe/dates.hpp"
#include "pipe/error.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace crm {

class Store;

/// One history row. Kinds: `created`, `stage` (from→to), `won`, `lost` (detail = reason),
/// `reopened`, `value` (old→new minor units), `close_date` (old→new), `converted`,
/// `imported`, `edited` (detail = field), `next_step`, `next_step_done`, `qualified`,
/// `status` (leads, from→to), `dropped`.
struct Event {
    /// Row id, increasing with time of writing.
    std::int64_t id = 0;
    /// When it happened (UTC).
    Timestamp at{};
    /// The deal it is about, if any.
    std::optional<std::int64_t> deal_id;
    /// The lead it is about, if any.
    std::optional<std::int64_t> lead_id;
    /// What happened (see above).
    std::string kind;
    /// Value before the change, if it has one.
    std::optional<std::string> from;
    /// Value after the change, if it has one.
    std::optional<std::string> to;
    /// Free text: reason, field name, note.
    std::string detail;
};

/// Append an event (inside the caller's transaction), stamped with an import batch when
/// `batch_id` is not 0; a stage event also records the deal's stage exit. Returns its id.
std::int64_t append_event(Store& store, const Event& event, std::int64_t batch_id = 0);

/// Every event of a deal, oldest first.
[[nodiscard]] std::vector<Event> deal_events(Store& store, std::int64_t deal_id);

/// Every event of a lead, oldest first.
[[nodiscard]] std::vector<Event> lead_events(Store& store, std::int64_t lead_id);

/// The history of deal `id` (`deal` true) or lead `id`, oldest first, read as one read.
[[nodiscard]] Result<std::vector<Event>> history_of(Store& store, bool deal, std::int64_t id);

} // namespace crm
