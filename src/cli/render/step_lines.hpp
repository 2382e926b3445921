#pragma once
// The lines a long schema upgrade writes on a terminal: one per step when it ends, with its
// time, and the rows of the step under way. `pipe upgrade` and the upgrade that a write to an
// older book runs first both show them.

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace crm::render {

/// Writes the steps of an upgrade to `err` as they end (nothing when not `enabled`): the step,
/// its seconds, and with rows, how many and how many a second. A step that counts rows shows
/// `step: done of total` on one redrawn line meanwhile. A `heading`, if any, is its own line
/// before the first step.
class StepLines {
  public:
    StepLines(std::ostream& err, bool enabled, std::string heading = {})
        : err_(err), enabled_(enabled), heading_(std::move(heading)) {}
    /// An UpgradeProgress report: `step` under way, `done` of `total` rows (0 of 0: none).
    void update(std::string_view step, std::int64_t done, std::int64_t total);
    /// Ends the step under way, if any.
    void finish();
    /// Whether a step was reported.
    [[nodiscard]] bool any() const { return any_; }

  private:
    using Clock = std::chrono::steady_clock;
    void finish(Clock::time_point now);
    std::ostream& err_;
    bool enabled_;
    std::string heading_;
    bool any_ = false;
    std::string step_;
    std::int64_t rows_ = 0;
    Clock::time_point started_, drawn_at_;
    bool drawn_ = false;
};

} // namespace crm::render
