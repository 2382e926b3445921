#pragma once
// The lost reasons of a review period: one reason however it was typed.

#include "figures.hpp"
#include "pipe/review.hpp"

#include <string>
#include <vector>

namespace crm::detail {

/// The lost deals among `closed` by reason, most deals first (then most value, then the
/// reason's name). Reasons that differ only in case and spaces are one (see reason_key:
/// `Price`, `price ` and `PRICE` are one reason, and so are `Préis` and `PRÉIS`), shown in
/// its most used spelling; of spellings used as often, the one used first. A lost deal
/// without a reason counts as `(none)`. Won closes are skipped. Deals of every currency are
/// counted; `value` sums those in `currency` only.
[[nodiscard]] std::vector<LostReason>
group_lost_reasons(const std::vector<const figures::Close*>& closed, const std::string& currency);

} // namespace crm::detail
