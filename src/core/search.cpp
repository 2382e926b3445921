#include "pipe/search.hpp"

#include "deal_rows.hpp"
#include "lead_rows.hpp"
#include "party_rows.hpp"
#include "scope.hpp"
#include "search_index.hpp"
#include "text.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

namespace crm {

namespace {

// How many words of the index a typed word may stand for before it is left a prefix query.
constexpr std::size_t expanded_at_most = 16;

// The vocabulary of the index, in a temporary table of the connection (in memory), which a
// read-only command may make too.
void open_vocabulary(SQLite::Database& db) {
    detail::make_temporary(db, [&] {
        db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_words USING fts5vocab(main, "
                "search, instance)");
    });
}

// The words of the index that start with `prefix`, up to one more than expanded_at_most: one
// look-up each, from the word after the last one found (reading no list of occurrences).
std::vector<std::string> words_starting(SQLite::Database& db, const std::string& prefix) {
    SQLite::Statement next(db, "SELECT term FROM temp.search_words WHERE term >= ? AND term < ? "
                               "LIMIT 1");
    std::vector<std::string> out;
    auto from = prefix;
    while (out.size() <= expanded_at_most) {
        next.bind(1, from);
        next.bind(2, prefix + "\xff");
        if (!next.executeStep()) break;
        out.push_back(next.getColumn(0).getString());
        next.reset();
        from = out.back() + '\x01';
    }
    return out;
}

// The FTS5 query of one typed word: the word as a prefix. A word of three or more ASCII
// letters and digits that starts few words of the index is those words, one of them required
// (FTS5 merges the occurrences of every word of a prefix before it returns a first match,
// millions for a word in every activity; it reads the occurrences of the words one by one).
std::string word_query(SQLite::Database& db, const std::string& word, bool& vocabulary) {
    std::string quoted = "\"";
    for (char c : word) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    auto prefix_query = quoted + "\" *";
    bool plain = word.size() >= 3 && std::ranges::all_of(word, [](unsigned char c) {
                     return c < 0x80 && std::isalnum(c);
                 });
    if (!plain) return prefix_query;
    if (!vocabulary) {
        open_vocabulary(db);
        vocabulary = true;
    }
    auto words = words_starting(db, text::lower(word));
    if (words.empty() || words.size() > expanded_at_most) return prefix_query;
    std::vector<std::string> each;
    for (const auto& w : words) each.push_back("\"" + w + "\"");
    return "(" + text::join(each, " OR ") + ")";
}

// Whether a typed word could match in the column `kind`, which holds one of the kinds' names:
// some run of its letters and digits starts one (or it has a letter beyond ASCII, which the
// index may fold to one).
bool may_match_kind(std::string_view word) {
    std::string run;
    auto starts_a_kind = [&] {
        return !run.empty() && std::ranges::any_of(detail::indexed_kinds(), [&](const auto& k) {
            return k.kind.starts_with(run);
        });
    };
    for (char c : word) {
        auto u = static_cast<unsigned char>(c);
        if (u >= 0x80) return true;
        if (std::isalnum(u)) {
            run += static_cast<char>(std::tolower(u));
            continue;
        }
        if (starts_a_kind()) return true;
        run.clear();
    }
    return starts_a_kind();
}

// The FTS5 query of what was typed: each word as a prefix (see word_query), all of them
// required, in the text columns only. A word that cannot match in the column `kind` is not
// confined to the others: a column filter costs a look at every match's positions.
Result<std::string> match_expression(SQLite::Database& db, const std::string& typed) {
    std::string columns;
    for (auto c : detail::search_columns())
        columns += (columns.empty() ? "" : " ") + std::string(c);
    std::vector<std::string> terms;
    std::string word;
    bool vocabulary = false;
    auto flush = [&] {
        bool has_text =
            std::ranges::any_of(word, [](unsigned char c) { return std::isalnum(c) || c >= 0x80; });
        if (has_text) {
            auto query = word_query(db, word, vocabulary);
            terms.push_back(may_match_kind(word) ? fmt::format("({{{}}} : {})", columns, query)
                                                 : query);
        }
        word.clear();
    };
    for (char c : typed) {
        if (std::isspace(static_cast<unsigned char>(c)))
            flush();
        else
            word += c;
    }
    flush();
    if (terms.empty())
        return fail(fmt::format("nothing to search for in '{}'", typed),
                    "give a word, e.g. pipe search acme", 2);
    return fmt::format("({})", text::join(terms, " AND "));
}

Result<std::string> kind_of(const std::string& type) {
    auto t = text::lower(text::trim(type));
    if (t == "org" || t == "orgs" || t == "organizations") t = "organization";
    if (t == "people" || t == "persons") t = "person";
    if (t == "deals" || t == "leads" || t == "activities")
        t = t == "activities" ? "activity" : t.substr(0, t.size() - 1);
    if (!detail::indexed_kind(t))
        return fail(fmt::format("unknown type '{}'", type),
                    "use deal, lead, person, org or activity", 2);
    return t;
}

std::string field_label(std::string_view kind, std::string_view column) {
    if (column == "title") return kind == "deal" ? "title" : "name";
    if (column == "people") return kind == "deal" ? "organization/contact" : "organization";
    if (column == "contact") return kind == "organization" ? "domain/phone/address" : "email/phone";
    if (column == "reason") return kind == "deal" ? "lost reason" : "drop reason";
    if (column == "text")
        return kind == "deal" ? "next step" : kind == "person" ? "job title" : "text";
    return std::string(column);
}

std::string joined(std::initializer_list<std::string> parts) {
    std::string out;
    for (const auto& p : parts)
        if (!p.empty()) out += (out.empty() ? "" : " · ") + p;
    return out;
}

// Title, detail and the opening command of a hit.
void describe(Store& store, SearchHit& hit) {
    if (hit.kind == "deal") {
        if (auto d = detail::find_deal(store, hit.id)) {
            hit.title = d->title;
            hit.detail =
                joined({d->organization, d->stage,
                        d->status == DealStatus::open ? "" : std::string(to_string(d->status))});
        }
        hit.open = act("deal", "show", hit.id);
    } else if (hit.kind == "lead") {
        if (auto l = detail::require_lead(store, hit.id)) {
            hit.title = l->name;
            hit.detail = joined({l->organization, l->status});
        }
        hit.open = act("lead", "show", hit.id);
    } else if (hit.kind == "person") {
        if (auto p = detail::find_person(store, hit.id)) {
            hit.title = p->name;
            hit.detail = joined({p->title, p->organization});
        }
        hit.open = act("person", "show", hit.id);
    } else if (hit.kind == "organization") {
        if (auto o = detail::find_organization(store, hit.id)) {
            hit.title = o->name;
            hit.detail = o->domain;
        }
        hit.open = act("org", "show", hit.id);
    } else {
        auto& st = store.statement("SELECT kind, deal_id, lead_id, person_id, organization_id "
                                   "FROM activities WHERE id = ?");
        st.bind(1, hit.id);
        if (!st.executeStep()) return;
        auto kind = st.getColumn(0).getString();
        struct On {
            int column;
            const char* noun;
            const char* verb_noun;
        };
        for (auto on : {On{1, "deal", "deal"}, On{2, "lead", "lead"}, On{3, "person", "person"},
                        On{4, "organization", "org"}}) {
            if (st.getColumn(on.column).isNull()) continue;
            auto id = st.getColumn(on.column).getInt64();
            SearchHit owner{on.noun, id, {}, {}, {}, {}, {}};
            st.reset();
            describe(store, owner);
            hit.title = fmt::format("{} on {} {} · {}", kind, on.noun, id, owner.title);
            hit.detail = owner.detail;
            hit.open = act(on.verb_noun, "show", id);
            return;
        }
    }
}

} // namespace

namespace {

constexpr std::string_view score = "bm25(search, 0, 10, 3, 3, 2, 1, 2, 1)";

// How many of the records that match are ranked by relevance: all of them up to this many;
// beyond, this many of the most recently added are ordered more cheaply (see best_rowids).
constexpr std::int64_t search_rank_cap = 2000;

std::vector<std::int64_t> rowids_of(SQLite::Database& db, const std::string& sql,
                                    const std::string& match, std::int64_t bound) {
    SQLite::Statement st(db, sql);
    st.bind(1, match);
    st.bind(2, bound);
    std::vector<std::int64_t> out;
    while (st.executeStep()) out.push_back(st.getColumn(0).getInt64());
    return out;
}

// The rowids of the best `limit` of `total` records that match, best first. Up to
// search_rank_cap matches are all ranked by BM25. Beyond, BM25 would cost a pass over every
// match (its weight of a word is the share of records that have it), so of the search_rank_cap
// most recently added (the highest rowids, which FTS5 reads in order) those with the words in
// their title or name come first, then the others, each newest first.
std::vector<std::int64_t> best_rowids(SQLite::Database& db, const std::string& match,
                                      const std::string& in_titles, std::int64_t total,
                                      std::int64_t limit) {
    if (total <= search_rank_cap)
        return rowids_of(db,
                         fmt::format("SELECT rowid FROM search WHERE search MATCH ? ORDER BY {}, "
                                     "rowid LIMIT ?",
                                     score),
                         match, limit);
    SQLite::Statement oldest(db, fmt::format("SELECT min(rowid) FROM (SELECT rowid FROM search "
                                             "WHERE search MATCH ? ORDER BY rowid DESC LIMIT {})",
                                             search_rank_cap));
    oldest.bind(1, match);
    oldest.executeStep();
    auto from = oldest.getColumn(0).getInt64();
    // Read upwards from `from` (FTS5 reads a descending range with a column filter to its end).
    constexpr std::string_view window = "SELECT rowid FROM search WHERE search MATCH ? AND rowid "
                                        ">= ?";
    auto titled = rowids_of(db, std::string(window), in_titles, from);
    auto rest = rowids_of(db, std::string(window), match, from);
    std::ranges::sort(titled, std::greater<>());
    std::ranges::sort(rest, std::greater<>());
    std::vector<std::int64_t> out;
    for (auto r : titled)
        if (std::ssize(out) < limit) out.push_back(r);
    for (auto r : rest)
        if (std::ssize(out) < limit && !std::ranges::binary_search(titled, r, std::greater<>()))
            out.push_back(r);
    return out;
}

// The snippet and the fields where the words are, of the hits only (the auxiliary functions
// are costly: evaluated in the ranking query they would run for every record that matches).
// One query over the hits' rowid range, which FTS5 reads as a range.
void add_snippets(SQLite::Database& db, const std::string& match, std::vector<SearchHit>& hits,
                  const std::vector<std::int64_t>& rowids) {
    if (rowids.empty()) return;
    auto columns = detail::search_columns();
    std::string highlights;
    for (std::size_t i = 0; i < columns.size(); ++i)
        highlights += fmt::format(", highlight(search, {}, char(1), char(2))", i + 1);
    std::string listed;
    for (auto r : rowids) listed += fmt::format("{}{}", listed.empty() ? "" : ", ", r);
    SQLite::Statement st(
        db, fmt::format("SELECT rowid, snippet(search, -1, char(1), char(2), '…', 10){} FROM "
                        "search WHERE search MATCH ? AND rowid BETWEEN ? AND ? AND +rowid IN "
                        "({})",
                        highlights, listed));
    st.bind(1, match);
    st.bind(2, std::ranges::min(rowids));
    st.bind(3, std::ranges::max(rowids));
    while (st.executeStep()) {
        auto at = std::ranges::find(rowids, st.getColumn(0).getInt64()) - rowids.begin();
        auto& hit = hits[static_cast<std::size_t>(at)];
        hit.snippet = st.getColumn(1).getString();
        for (std::size_t i = 0; i < columns.size(); ++i)
            if (st.getColumn(static_cast<int>(i + 2)).getString().find('\x01') != std::string::npos)
                hit.fields.push_back(field_label(hit.kind, columns[i]));
    }
}

} // namespace

Result<SearchResult> search_book(Book& book, const SearchQuery& q) {
    if (q.limit < 1) return fail("--limit must be 1 or more", "e.g. --limit 20", 2);
    SearchResult out;
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        auto& db = book.store.db();
        // The words alone (for the snippets), and with the kind (for finding and counting).
        auto words = PIPE_TRY(match_expression(db, q.text));
        auto match = words;
        auto in_titles = fmt::format("{{title}} : {}", words);
        if (q.type) {
            auto kind = PIPE_TRY(kind_of(*q.type));
            match = fmt::format("kind : {} AND {}", kind, words);
            in_titles = fmt::format("kind : {} AND {}", kind, in_titles);
        }
        SQLite::Statement count(db, "SELECT count(*) FROM (SELECT 1 FROM search WHERE search "
                                    "MATCH ? LIMIT ?)");
        count.bind(1, match);
        count.bind(2, search_count_cap);
        count.executeStep();
        out.total = count.getColumn(0).getInt64();
        if (out.total == 0) return {};
        std::vector<std::int64_t> rowids;
        for (auto rowid : best_rowids(db, match, in_titles, out.total, q.limit)) {
            const auto* kind = detail::indexed_kind(static_cast<int>(rowid % 8));
            if (!kind) continue;
            SearchHit hit;
            hit.kind = kind->kind;
            hit.id = rowid / 8;
            out.hits.push_back(std::move(hit));
            rowids.push_back(rowid);
        }
        add_snippets(db, words, out.hits, rowids);
        for (auto& hit : out.hits) describe(book.store, hit);
        return {};
    }));
    return out;
}

} // namespace crm
