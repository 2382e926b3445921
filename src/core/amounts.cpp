#include "amounts.hpp"

#include <cmath>

namespace crm::detail {

Error total_too_large() {
    return {"the deals' values add up to more than pipe can total (9,223,372,036,854,775,807 "
            "minor units): look for wrong values",
            act("export", "").option("--type", "deals")};
}

std::int64_t share_of(std::int64_t value, double p) {
    auto product = static_cast<double>(value) * p;
    // 2^63, the first double past what an int64 holds.
    constexpr double limit = 9223372036854775808.0;
    if (!(product < limit && product > -limit)) throw TotalTooLarge{};
    return std::llround(product);
}

} // namespace crm::detail
