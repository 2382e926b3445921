#pragma once
// Sums of money that never overflow unseen. Every amount is at most max_amount (money.hpp), so
// 9,223 of them always fit in 64 bits; a sum of more is added with a check, and one that does
// not fit throws TotalTooLarge, which the store's boundary (Store::read, Store::write) turns
// into its Error, like SQLite's own "integer overflow" of sum() and the deal_totals trigger's
// refusal (schema v5).

#include "pipe/error.hpp"

#include <cstdint>
#include <exception>
#include <string_view>

namespace crm::detail {

/// A sum of amounts that does not fit in 64 bits.
class TotalTooLarge : public std::exception {
  public:
    [[nodiscard]] const char* what() const noexcept override { return "total too large"; }
};

/// The error of a sum that does not fit: what the user reads, and where to look.
[[nodiscard]] Error total_too_large();

/// The message of the RAISE by which the deal_totals trigger refuses a running total that would
/// no longer be a 64-bit integer (SQLite turns an integer `+` that overflows into a REAL).
inline constexpr std::string_view total_overflow_raise = "pipe: running total too large";

/// `total += value`; throws TotalTooLarge when the sum does not fit.
inline void add_to(std::int64_t& total, std::int64_t value) {
    if (__builtin_add_overflow(total, value, &total)) throw TotalTooLarge{};
}

/// `a + b`; throws TotalTooLarge when the sum does not fit.
[[nodiscard]] inline std::int64_t plus(std::int64_t a, std::int64_t b) {
    std::int64_t sum = 0;
    if (__builtin_add_overflow(a, b, &sum)) throw TotalTooLarge{};
    return sum;
}

/// `value × p` rounded, for a probability p from 0 to 1; throws TotalTooLarge when it does
/// not fit (only a value near the 64-bit limit with p near 1 comes close).
[[nodiscard]] std::int64_t share_of(std::int64_t value, double p);

/// Run `work`, turning TotalTooLarge into its Error (for sums made outside a store read).
template <class Work> [[nodiscard]] Result<void> summing(Work&& work) {
    try {
        work();
        return {};
    } catch (const TotalTooLarge&) {
        return std::unexpected(total_too_large());
    }
}

} // namespace crm::detail
