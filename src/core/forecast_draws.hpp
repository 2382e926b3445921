#pragma once
// The inner loop of the forecast's range (docs/figures.md, "Range"): the sums of a stretch of
// draws, in a file of its own, built for the vector units the machine has.

#include <cstddef>
#include <cstdint>

namespace crm::detail {

/// The deals of one period that a draw may win, split by the half of a number they use: deal
/// 2k takes the low 32 bits of the draw's k-th number, deal 2k + 1 its high 32 bits.
struct DrawDeals {
    const std::int64_t* low_values = nullptr;       ///< Values of deals 0, 2, 4, …
    const std::uint64_t* low_thresholds = nullptr;  ///< p × 2³² of those deals.
    const std::int64_t* high_values = nullptr;      ///< Values of deals 1, 3, 5, …
    const std::uint64_t* high_thresholds = nullptr; ///< p × 2³² of those deals.
    std::size_t pairs = 0;                          ///< Deals 2k and 2k + 1 for k < pairs.
    bool odd = false; ///< One more deal, low_*[pairs], on the high bits of number `pairs`.
};

/// Sets sums[d - first], for each draw d in [first, last), to `certain` plus the value of each
/// deal the draw wins: a deal is won when its 32 bits of splitmix64's number are below its
/// threshold. Draw d takes the numbers d·m + 1, …, d·m + m of the stream from `seed` (m = pairs
/// + odd), so a stretch can start anywhere and gives the same sums however draws are shared.
void draw_sums(const DrawDeals& deals, std::uint64_t seed, std::int64_t certain, std::size_t first,
               std::size_t last, std::int64_t* sums);

} // namespace crm::detail
