// Resolving what a user typed for a record: an id, or a name matched whole, by prefix, then by
// words. Deals and leads are found through the search index's title column; people and
// organizations by their name keys too.

#include "pipe/refs.hpp"

#include "party_names.hpp"
#include "party_rows.hpp"
#include "refs_match.hpp"
#include "search_index.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <charconv>
#include <fmt/format.h>

namespace crm {

std::string_view to_string(RecordKind kind) {
    switch (kind) {
    case RecordKind::deal:
        return "deal";
    case RecordKind::lead:
        return "lead";
    case RecordKind::person:
        return "person";
    default:
        return "organization";
    }
}

std::optional<std::int64_t> plain_id(std::string_view text) {
    if (!text.empty() && text.front() == '#') text.remove_prefix(1);
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc{} || end != text.data() + text.size() || id <= 0 || text.empty())
        return std::nullopt;
    return id;
}

namespace detail {

namespace {

struct KindInfo {
    std::string_view table;
    std::string_view name_column;
    std::string_view noun; // the CLI noun of the list command
    std::string_view plural;
};

KindInfo info(RecordKind kind) {
    switch (kind) {
    case RecordKind::deal:
        return {"deals", "title", "deal", "deals"};
    case RecordKind::lead:
        return {"leads", "name", "lead", "leads"};
    case RecordKind::person:
        return {"persons", "name", "person", "people"};
    default:
        return {"organizations", "name", "org", "organizations"};
    }
}

// `"w1 w2"`, each FTS token quoted (a double quote doubled).
std::string phrase(const std::vector<std::string>& words) {
    std::string out = "\"";
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i) out += ' ';
        for (char c : words[i]) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return out + "\"";
}

std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> out;
    std::string word;
    for (char c : text) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            if (!word.empty()) out.push_back(std::move(word));
            word.clear();
        } else {
            word += c;
        }
    }
    if (!word.empty()) out.push_back(std::move(word));
    return out;
}

std::vector<Candidate> by_index(Store& store, RecordKind kind, const std::string& match,
                                int limit) {
    const auto* indexed = indexed_kind(to_string(kind));
    auto k = info(kind);
    auto& st = store.statement(fmt::format(
        "SELECT t.id, t.{0} FROM search JOIN {1} t ON t.id = search.rowid >> 3 WHERE search "
        "MATCH ? AND search.rowid & 7 = {2} ORDER BY t.id LIMIT ?",
        k.name_column, k.table, indexed->code));
    st.bind(1, fmt::format("kind : {} AND title : {}", to_string(kind), match));
    st.bind(2, limit);
    std::vector<Candidate> out;
    while (st.executeStep())
        out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getString()});
    return out;
}

} // namespace

std::vector<Candidate> name_matches(Store& store, RecordKind kind, std::string_view text) {
    auto words = words_of(text);
    if (words.empty()) return {};
    auto wanted = match_key(text);
    // Whole: the names that start with the words as a phrase, compared in full.
    constexpr int many = 5000;
    auto starting = by_index(store, kind, "^" + phrase(words), many);
    std::vector<Candidate> exact;
    for (const auto& c : starting)
        if (match_key(c.name) == wanted) exact.push_back(c);
    if (!exact.empty()) return exact;
    constexpr int shown = max_candidates + 1;
    auto prefix = by_index(store, kind, "^" + phrase(words) + " *", shown);
    if (!prefix.empty()) return prefix;
    std::string all;
    for (const auto& w : words) all += (all.empty() ? "" : " AND ") + phrase({w}) + " *";
    return by_index(store, kind, "(" + all + ")", shown);
}

Error ambiguous(RecordKind kind, std::string_view text, const std::vector<Candidate>& found,
                std::string_view extra_hint) {
    std::string list;
    for (std::size_t i = 0; i < found.size() && i < max_candidates; ++i)
        list += fmt::format("{}{} {}", i ? ", " : "", found[i].id, found[i].name);
    if (found.size() > max_candidates) list += ", …";
    auto count = found.size() > max_candidates ? fmt::format("more than {}", max_candidates)
                                               : std::to_string(found.size());
    std::string hint = "give more of the name, or the id";
    if (!extra_hint.empty()) hint += fmt::format("; {}", extra_hint);
    return Error{fmt::format("{} \"{}\" matches {} {}: {}", to_string(kind), text, count,
                             info(kind).plural, list),
                 hint};
}

Error no_match(RecordKind kind, std::string_view text) {
    auto k = info(kind);
    return Error{fmt::format("no {} matches \"{}\"", to_string(kind), text),
                 act(std::string(k.noun), "list")};
}

} // namespace detail

Result<std::int64_t> resolve_ref(Book& book, RecordKind kind, std::string_view text) {
    if (auto id = plain_id(text)) return *id;
    auto trimmed = detail::tidy_name(text);
    if (trimmed.empty())
        return fail(fmt::format("an empty {} reference", to_string(kind)),
                    fmt::format("give the {}'s id or name", to_string(kind)), 2);
    std::vector<detail::Candidate> found;
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        bool email = detail::checked_email(trimmed).has_value();
        if (kind == RecordKind::person && email) {
            for (auto id : detail::persons_with_email(book.store, trimmed))
                found.push_back({id, std::string(trimmed)});
            if (!found.empty()) return {};
        }
        if (kind == RecordKind::organization && email) {
            found = detail::organizations_with_domain(book.store, trimmed);
            if (!found.empty()) return {};
        }
        found = detail::name_matches(book.store, kind, trimmed);
        return {};
    }));
    // The messages quote the reference as typed (what the user can find in their command).
    if (found.empty()) return std::unexpected(detail::no_match(kind, text));
    if (found.size() > 1) return std::unexpected(detail::ambiguous(kind, text, found, {}));
    return found.front().id;
}

} // namespace crm
