#include "lost_reasons.hpp"

#include "amounts.hpp"
#include "names.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace crm::detail {

namespace {

struct Spelling {
    std::int64_t uses = 0;
    std::pair<Timestamp, std::int64_t> first{Timestamp::max(), 0}; // (at, event id)
};

struct Group {
    LostReason reason;
    std::map<std::string, Spelling> spellings;

    [[nodiscard]] std::string shown() const {
        const std::pair<const std::string, Spelling>* best = nullptr;
        for (const auto& entry : spellings)
            if (!best || entry.second.uses > best->second.uses ||
                (entry.second.uses == best->second.uses && entry.second.first < best->second.first))
                best = &entry;
        return best ? best->first : std::string();
    }
};

} // namespace

std::vector<LostReason> group_lost_reasons(const std::vector<const figures::Close*>& closed,
                                           const std::string& currency) {
    std::map<std::string, Group> groups; // reason_key -> its deals and spellings
    // A book has a few spellings of its reasons, each the key of many closes: each is folded
    // once (folding is most of the grouping's time on a big book).
    std::map<std::string, Group*, std::less<>> group_of; // spelling -> its group
    for (const auto* c : closed) {
        if (c->kind != "lost") continue;
        auto spelling = c->reason.empty() ? std::string("(none)") : c->reason;
        auto known = group_of.find(spelling);
        if (known == group_of.end())
            known = group_of.emplace(spelling, &groups[reason_key(spelling)]).first;
        auto& group = *known->second;
        ++group.reason.deals;
        if (c->currency == currency) add_to(group.reason.value, c->value);
        auto& s = group.spellings[spelling];
        ++s.uses;
        s.first = std::min(s.first, std::pair{c->at, c->event_id});
    }
    std::vector<LostReason> out;
    for (auto& [key, group] : groups) {
        group.reason.reason = group.shown();
        out.push_back(std::move(group.reason));
    }
    std::ranges::sort(out, [](const LostReason& a, const LostReason& b) {
        return std::tie(b.deals, b.value, a.reason) < std::tie(a.deals, a.value, b.reason);
    });
    return out;
}

} // namespace crm::detail
