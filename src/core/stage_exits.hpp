#pragma once
// Stage exits (every time a deal left a stage, with when it entered), kept by the write path
// as stage events are appended, and rebuilt from a deal's events by the same rule.

#include "pipe/history.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace crm {
class Store;
}

namespace crm::detail {

/// One exit of a deal from a stage.
struct StageExit {
    std::int64_t deal_id = 0;
    std::string pipeline;
    std::string stage;
    std::string to_stage;
    std::int64_t entered_at = 0;
    std::int64_t left_at = 0;
};

/// The exits a deal's events (in any order) make, by the one rule: a `stage`, `won` or `lost`
/// event with a from-stage is an exit when the event before it (by time, then id, among
/// `created`, `stage`, `won`, `lost`, `reopened`) entered that stage.
[[nodiscard]] std::vector<StageExit> exits_of(std::int64_t deal_id, const std::string& pipeline,
                                              std::vector<Event> events);

/// After `event` (already inserted, with its id) was appended to a deal: record its exit, or
/// rebuild the deal's exits when it was not the deal's latest stage event.
void record_stage_exit(Store& store, const Event& event);

/// Replace a deal's stage exits with the ones its events make.
void refresh_stage_exits(Store& store, std::int64_t deal_id);

/// Insert exits.
void insert_stage_exits(Store& store, const std::vector<StageExit>& exits);

} // namespace crm::detail
