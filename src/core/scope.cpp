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

constexpr std::string_view views[] = {"step_totals", "stage_entries", "plan_days",   "stage_reach",
                                      "deal_totals", "closes",        "stage_exits", "activities",
                                      "events",      "deals"};

// The views of the scope: the deals that `where` keeps, and what hangs on them.
void make_views(SQLite::Database& db, const std::string& where) {
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
    db.exec("CREATE TEMP VIEW plan_days AS SELECT due, count(*) AS plans FROM temp.activities "
            "WHERE done = 0 AND cancelled_at IS NULL AND due IS NOT NULL GROUP BY due");
    db.exec("CREATE TEMP VIEW stage_entries AS SELECT pipeline, stage, stage_entered_at >> 16 AS "
            "span, count(*) AS deals FROM temp.deals WHERE status = 'open' GROUP BY 1, 2, 3");
    db.exec("CREATE TEMP VIEW step_totals AS SELECT status, count(*) AS deals FROM temp.deals "
            "WHERE next_step <> '' GROUP BY 1");
}

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
    make_temporary(db, [&] { make_views(db, where); });
    ++open_scopes;
    return DealScope(&book);
}

void make_temporary(SQLite::Database& db, const std::function<void()>& make) {
    try {
        if (db.execAndGet("PRAGMA temp_store").getInt() != 2) db.exec("PRAGMA temp_store = MEMORY");
    } catch (const SQLite::Exception&) {
        // Not once temporary objects were used in the transaction: they stay where they are.
    }
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
    make();
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

bool in_scope() {
    return open_scopes > 0;
}

std::string indexed_by(std::string_view index) {
    return open_scopes > 0 ? std::string() : fmt::format("INDEXED BY {}", index);
}

} // namespace crm::detail
