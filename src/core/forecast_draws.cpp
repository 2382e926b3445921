#include "forecast_draws.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define PIPE_NO_CLONES
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PIPE_NO_CLONES
#endif
#endif

namespace crm::detail {

namespace {

// splitmix64: a tiny generator whose output is fixed by its definition, so draws do not depend
// on the standard library's implementation. Its state after n steps is seed + n·γ.
constexpr std::uint64_t gamma = 0x9e3779b97f4a7c15ULL;

// splitmix64's output for a state.
inline std::uint64_t mixed(std::uint64_t state) {
    auto z = state;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// Each number is a function of its own counter, so the loop over a draw's deals has no chain
// from one number to the next and the compiler runs it on vector units; branch-free (a mask,
// not a jump), as each outcome is a coin flip the CPU cannot guess.
// One copy per x86-64 level, chosen when the program starts (not under the sanitizers, whose
// run-time is not ready that early).
#if defined(__x86_64__) && !defined(PIPE_NO_CLONES)
[[gnu::target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")]]
#endif
void sums_of(const DrawDeals& deals, std::uint64_t seed, std::int64_t certain, std::size_t first,
             std::size_t last, std::int64_t* sums) {
    auto per_draw = deals.pairs + (deals.odd ? 1 : 0);
    for (auto d = first; d < last; ++d) {
        auto base = seed + d * per_draw * gamma;
        std::int64_t s = certain;
        for (std::size_t k = 0; k < deals.pairs; ++k) {
            auto r = mixed(base + (k + 1) * gamma);
            s += deals.low_values[k] &
                 -static_cast<std::int64_t>((r & 0xffffffffULL) < deals.low_thresholds[k]);
            s += deals.high_values[k] &
                 -static_cast<std::int64_t>((r >> 32) < deals.high_thresholds[k]);
        }
        if (deals.odd) {
            auto r = mixed(base + (deals.pairs + 1) * gamma);
            if ((r >> 32) < deals.low_thresholds[deals.pairs]) s += deals.low_values[deals.pairs];
        }
        sums[d - first] = s;
    }
}

} // namespace

void draw_sums(const DrawDeals& deals, std::uint64_t seed, std::int64_t certain, std::size_t first,
               std::size_t last, std::int64_t* sums) {
    sums_of(deals, seed, certain, first, last, sums);
}

} // namespace crm::detail
