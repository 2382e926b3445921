#include "render/step_lines.hpp"

#include "render/visible.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace crm::render {

void StepLines::update(std::string_view step, std::int64_t done, std::int64_t total) {
    if (!enabled_) return;
    if (!any_ && !heading_.empty()) err_ << heading_ << '\n';
    any_ = true;
    auto now = Clock::now();
    if (step != step_) {
        finish(now);
        step_ = std::string(step);
        started_ = now;
    }
    rows_ = std::max(rows_, done);
    if (total > 0 && now - drawn_at_ > std::chrono::milliseconds(200)) {
        err_ << fmt::format("\r\033[K  {}: {} of {}", visible(step_), done, total) << std::flush;
        drawn_at_ = now;
        drawn_ = true;
    }
}

void StepLines::finish() {
    finish(Clock::now());
}

void StepLines::finish(Clock::time_point now) {
    if (!enabled_ || step_.empty()) return;
    auto seconds = std::chrono::duration<double>(now - started_).count();
    if (drawn_) err_ << "\r\033[K";
    err_ << fmt::format("  {:<32} {:7.2f} s", visible(step_), seconds);
    if (rows_ > 0)
        err_ << fmt::format("  {:>9} rows  {:>9.0f} rows/s", rows_,
                            static_cast<double>(rows_) / std::max(seconds, 1e-6));
    err_ << '\n' << std::flush;
    step_.clear();
    rows_ = 0;
    drawn_ = false;
}

} // namespace crm::render
