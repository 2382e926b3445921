#pragma once
/// \file clock.hpp
/// The source of "now", injected into the core so tests and scripts can fix it.

#include "pipe/dates.hpp"

namespace crm {

/// Tells the current time.
class Clock {
  public:
    virtual ~Clock() = default;
    /// The current instant, UTC, whole seconds.
    [[nodiscard]] virtual Timestamp now() const = 0;
};

/// The system clock.
class SystemClock final : public Clock {
  public:
    [[nodiscard]] Timestamp now() const override;
};

/// A clock stopped at one instant (PIPE_NOW, tests).
class FixedClock final : public Clock {
  public:
    /// A clock that always answers `at`.
    explicit FixedClock(Timestamp at) : at_(at) {}
    [[nodiscard]] Timestamp now() const override { return at_; }
    /// Move the clock to another instant (tests that script a history).
    void set(Timestamp at) { at_ = at; }

  private:
    Timestamp at_;
};

} // namespace crm
