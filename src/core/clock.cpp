#include "pipe/clock.hpp"

namespace crm {

Timestamp SystemClock::now() const {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

} // namespace crm
