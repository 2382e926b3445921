#include "suggest.hpp"

#include <algorithm>
#include <cctype>
#include <numeric>

namespace crm::cli {

namespace {

bool same(char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
}

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.size() > prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), text.begin(), same);
}

} // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
    // Optimal string alignment: three rows of the Damerau–Levenshtein table.
    std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), row(b.size() + 1);
    std::iota(previous.begin(), previous.end(), 0);
    for (std::size_t i = 1; i <= a.size(); ++i) {
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t cost = same(a[i - 1], b[j - 1]) ? 0 : 1;
            row[j] = std::min({previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1]))
                row[j] = std::min(row[j], before[j - 2] + 1);
        }
        before.swap(previous);
        previous.swap(row);
    }
    return previous[b.size()];
}

std::vector<std::string> closest(std::string_view word,
                                 const std::vector<std::string>& candidates) {
    std::size_t limit = word.size() <= 4 ? 1 : word.size() <= 8 ? 2 : 3;
    std::size_t best = limit + 1;
    std::vector<std::string> out;
    for (const auto& c : candidates) {
        auto d = edit_distance(word, c);
        if (d == 0) return {};
        if (d > limit || d > best) continue;
        if (d < best) out.clear();
        best = d;
        if (std::ranges::find(out, c) == out.end()) out.push_back(c);
    }
    if (!out.empty() || word.size() < 2) return out;
    for (const auto& c : candidates)
        if (starts_with(c, word) && std::ranges::find(out, c) == out.end()) out.push_back(c);
    return out;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
    return did_you_mean(closest(word, candidates));
}

std::string did_you_mean(const std::vector<std::string>& found) {
    if (found.empty() || found.size() > 3) return {};
    std::string out = "did you mean ";
    for (std::size_t i = 0; i < found.size(); ++i) {
        if (i) out += i + 1 == found.size() ? " or " : ", ";
        out += found[i];
    }
    return out + "?";
}

} // namespace crm::cli
