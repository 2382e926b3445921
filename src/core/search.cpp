#include "pipe/search.hpp"

#include "deal_rows.hpp"
#include "lead_rows.hpp"
#include "party_rows.hpp"
#include "search_index.hpp"
#include "text.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

namespace crm {

namespace {

// The FTS5 query of what was typed: each word quoted, as a prefix, all of them required, in
// the text columns only.
Result<std::string> match_expression(const std::string& typed) {
    std::vector<std::string> terms;
    std::string word;
    auto flush = [&] {
        bool has_text =
            std::ranges::any_of(word, [](unsigned char c) { return std::isalnum(c) || c >= 0x80; });
        if (has_text) {
            std::string quoted = "\"";
            for (char c : word) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
            terms.push_back(quoted + "\" *");
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
    std::string columns;
    for (auto c : detail::search_columns())
        columns += (columns.empty() ? "" : " ") + std::string(c);
    return fmt::format("{{{}}} : ({})", columns, text::join(terms, " AND "));
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

Result<SearchResult> search_book(Book& book, const SearchQuery& q) {
    if (q.limit < 1) return fail("--limit must be 1 or more", "e.g. --limit 20", 2);
    auto match = PIPE_TRY(match_expression(q.text));
    if (q.type) match = fmt::format("kind : {} AND {}", PIPE_TRY(kind_of(*q.type)), match);
    SearchResult out;
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        auto columns = detail::search_columns();
        std::string highlights;
        for (std::size_t i = 0; i < columns.size(); ++i)
            highlights += fmt::format(", highlight(search, {}, char(1), char(2))", i + 1);
        SQLite::Statement st(
            book.store.db(),
            fmt::format("SELECT rowid, snippet(search, -1, char(1), char(2), '…', 10){} FROM "
                        "search WHERE search MATCH ? ORDER BY bm25(search, 0, 10, 3, 3, 2, 1, 2, "
                        "1), rowid LIMIT ?",
                        highlights));
        st.bind(1, match);
        st.bind(2, q.limit);
        while (st.executeStep()) {
            auto rowid = st.getColumn(0).getInt64();
            const auto* kind = detail::indexed_kind(static_cast<int>(rowid % 8));
            if (!kind) continue;
            SearchHit hit;
            hit.kind = kind->kind;
            hit.id = rowid / 8;
            hit.snippet = st.getColumn(1).getString();
            for (std::size_t i = 0; i < columns.size(); ++i)
                if (st.getColumn(static_cast<int>(i + 2)).getString().find('\x01') !=
                    std::string::npos)
                    hit.fields.push_back(field_label(hit.kind, columns[i]));
            out.hits.push_back(std::move(hit));
        }
        for (auto& hit : out.hits) describe(book.store, hit);
        if (static_cast<std::int64_t>(out.hits.size()) < q.limit) {
            out.total = static_cast<std::int64_t>(out.hits.size());
        } else {
            SQLite::Statement count(book.store.db(),
                                    "SELECT count(*) FROM (SELECT 1 FROM search WHERE search "
                                    "MATCH ? LIMIT ?)");
            count.bind(1, match);
            count.bind(2, search_count_cap);
            count.executeStep();
            out.total = count.getColumn(0).getInt64();
        }
        return {};
    }));
    return out;
}

} // namespace crm
