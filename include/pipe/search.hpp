#pragma once
/// \file search.hpp
/// `pipe search`: every word a user typed found across the book — deal titles, names of
/// leads, people and organizations, emails, phones, notes, tags, activity texts, lost reasons
/// — case- and accent-insensitively (`muller` finds Müller), each word also as a prefix,
/// ranked by relevance (BM25, a title or name weighing most).

#include "pipe/action.hpp"
#include "pipe/book.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace crm {

/// What to search for.
struct SearchQuery {
    /// The words; a record matches when it has every one (each as a word or a word's start).
    std::string text;
    /// Only this kind: `deal`, `lead`, `person`, `organization` (or `org`), `activity`.
    std::optional<std::string> type;
    /// At most this many hits.
    std::int64_t limit = 20;
};

/// One record found.
struct SearchHit {
    std::string kind;                ///< `deal`, `lead`, `person`, `organization`, `activity`.
    std::int64_t id = 0;             ///< Its id.
    std::string title;               ///< Its title or name; for an activity what it is on.
    std::string detail;              ///< A few words about it (organization, stage, ...).
    std::vector<std::string> fields; ///< Where the words were: `title`, `name`,
                                     ///< `organization`, `contact`, `email/phone`, `tags`,
                                     ///< `notes`, `lost reason`, `drop reason`, `next step`,
                                     ///< `job title`, `text`.
    /// The text around the words, each found word between \x01 and \x02.
    std::string snippet;
    Action open; ///< The command that opens it.
};

/// The hits of a search.
struct SearchResult {
    std::vector<SearchHit> hits; ///< Best first, at most `limit`.
    std::int64_t total = 0;      ///< Records that match, counted up to `search_count_cap`.
};

/// How far search counts the records that match.
inline constexpr std::int64_t search_count_cap = 10000;

/// Search the book. Errors: no word to search for, an unknown type (exit 2), a limit below 1.
[[nodiscard]] Result<SearchResult> search_book(Book& book, const SearchQuery& query);

} // namespace crm
