#include "scope.hpp"

#include "pipe/refs.hpp"
#include "pipe/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

namespace crm::detail {

namespace {

int open_scopes = 0;

std::string sql_text(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        out += c;
        if (c == '\'') out += '\'';
    }
    return out + "'";
}

constexpr std::string_view views[] = {"stage_reach", "deal_totals", "closes", "stage_exits",
                                      "activities",  "events",      "deals"};

} // namespace

Result<DealScope> DealScope::open(Book& book, const DealFilter& filter) {
    if (!filter.any()) return DealScope(nullptr);
    std::string where = "1";
    if (filter.pipeline) {
        const auto* p = PIPE_TRY(book.stages.pipeline(*filter.pipeline));
        where += " AND pipeline = " + sql_text(p->name);
    }
    if (filter.owner) where += " AND owner = " + sql_text(*filter.owner) + " COLLATE NOCASE";
    if (filter.organization) {
        auto id = PIPE_TRY(resolve_ref(book, RecordKind::organization, *filter.organization));
        where += fmt::format(" AND organization_id = {}", id);
    }
    auto& db = book.store.db();
    // A read-only command's connection refuses every write (query_only), temporary views too:
    // lift that while the views are made, in memory, and put it back. The book's file stays
    // as it was (a read-only connection cannot write it anyway).
    db.exec("PRAGMA temp_store = MEMORY");
    bool query_only = db.execAndGet("PRAGMA query_only").getInt() != 0;
    if (query_only) db.exec("PRAGMA query_only = OFF");
    struct Restore {
        SQLite::Database& db;
        bool on;
        ~Restore() {
            try {
                if (on) db.exec("PRAGMA query_only = ON");
            } catch (...) {
                // The connection closes with the command.
            }
        }
    } restore{db, query_only};
    auto in_scope = std::string("deal_id IN (SELECT id FROM temp.deals)");
    db.exec("CREATE TEMP VIEW deals AS SELECT * FROM main.deals WHERE " + where);
    db.exec("CREATE TEMP VIEW events AS SELECT * FROM main.events WHERE " + in_scope);
    db.exec("CREATE TEMP VIEW activities AS SELECT * FROM main.activities WHERE " + in_scope);
    db.exec("CREATE TEMP VIEW stage_exits AS SELECT * FROM main.stage_exits WHERE " + in_scope);
    db.exec("CREATE TEMP VIEW closes AS SELECT * FROM main.closes WHERE " + in_scope);
    db.exec("CREATE TEMP VIEW deal_totals AS SELECT pipeline, stage, status, currency, "
            "coalesce(probability, -1) AS probability, count(*) AS deals, sum(value) AS value "
            "FROM temp.deals GROUP BY pipeline, stage, status, currency, "
            "coalesce(probability, -1)");
    db.exec("CREATE TEMP VIEW stage_reach AS SELECT x.pipeline AS pipeline, x.stage AS stage, "
            "d.status AS status, count(DISTINCT x.deal_id) AS deals FROM temp.stage_exits x "
            "JOIN temp.deals d ON d.id = x.deal_id GROUP BY 1, 2, 3");
    ++open_scopes;
    return DealScope(&book);
}

DealScope::DealScope(DealScope&& other) noexcept : book_(other.book_) {
    other.book_ = nullptr;
}

DealScope::~DealScope() {
    if (!book_) return;
    --open_scopes;
    try {
        for (auto name : views)
            book_->store.db().exec(fmt::format("DROP VIEW IF EXISTS temp.{}", name));
    } catch (...) {
        // Temporary views go with the connection anyway.
    }
}

std::string indexed_by(std::string_view index) {
    return open_scopes > 0 ? std::string() : fmt::format("INDEXED BY {}", index);
}

} // namespace crm::detail
