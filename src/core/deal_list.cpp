// pipe deal list: deals matching a query, with totals over every match.

#include "amounts.hpp"
#include "deal_rows.hpp"
#include "pipe/deals.hpp"
#include "pipe/flow.hpp"
#include "pipe/refs.hpp"
#include "text.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <map>

namespace crm {

using detail::seconds;

namespace {

std::string order_by(const DealQuery& q) {
    static const std::map<std::string, std::string> columns = {
        {"id", "deals.id"},
        {"title", "title COLLATE NOCASE, deals.id"},
        {"org", "organization COLLATE NOCASE, deals.id"},
        {"organization", "organization COLLATE NOCASE, deals.id"},
        {"value", "value, deals.id"},
        {"close", "expected_close IS NULL, expected_close, deals.id"},
        {"stage", "pipeline, stage, deals.id"},
        {"created", "created_at, deals.id"},
        {"updated", "last_touch_at, deals.id"},
    };
    auto it = columns.find(q.sort);
    std::string order = it == columns.end() ? "deals.id" : it->second;
    if (!q.descending) return order;
    std::string out;
    for (auto& part : text::split(order, ',')) out += (out.empty() ? "" : ", ") + part + " DESC";
    return out;
}

} // namespace

Result<std::map<std::pair<std::string, std::string>, std::int64_t>>
open_deals_per_stage(Book& book) {
    std::map<std::pair<std::string, std::string>, std::int64_t> counts;
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        auto& st = book.store.statement("SELECT pipeline, stage, sum(deals) FROM deal_totals WHERE "
                                        "status = 'open' GROUP BY 1, 2");
        while (st.executeStep())
            counts[{st.getColumn(0).getString(), st.getColumn(1).getString()}] =
                st.getColumn(2).getInt64();
        return {};
    }));
    return counts;
}

Result<DealList> list_deals(Book& book, const DealQuery& q) {
    std::string where = "1";
    std::vector<std::string> binds;
    if (q.status != "all") {
        if (q.status != "open" && q.status != "won" && q.status != "lost")
            return fail(fmt::format("unknown status '{}'", q.status), "use open, won, lost or all",
                        2);
        where += " AND status = ?";
        binds.push_back(q.status);
    }
    const Pipeline* pipeline = nullptr;
    if (q.pipeline || q.stage) pipeline = PIPE_TRY(book.stages.pipeline(q.pipeline.value_or("")));
    if (q.pipeline) {
        where += " AND pipeline = ?";
        binds.push_back(pipeline->name);
    }
    if (q.stage) {
        const auto* stage = PIPE_TRY(pipeline->match(*q.stage));
        where += " AND pipeline = ? AND stage = ?";
        binds.push_back(pipeline->name);
        binds.push_back(stage->name);
    }
    if (q.tag) {
        where += " AND tags LIKE ? ESCAPE '\\'";
        std::string escaped;
        for (char c : text::trim(*q.tag)) {
            if (c == '%' || c == '_' || c == '\\') escaped += '\\';
            escaped += c;
        }
        binds.push_back("%;" + escaped + ";%");
    }
    if (q.owner) {
        where += " AND owner = ? COLLATE NOCASE";
        binds.emplace_back(text::trim(*q.owner));
    }
    if (q.organization) {
        auto org = PIPE_TRY(resolve_ref(book, RecordKind::organization, *q.organization));
        where += " AND organization_id = ?";
        binds.push_back(std::to_string(org));
    }
    if (q.closing_before) {
        auto date =
            PIPE_TRY(detail::parse_optional_date(*q.closing_before, book, "--closing-before"));
        if (!date) return fail("--closing-before needs a date", "e.g. --closing-before eom", 2);
        where += " AND expected_close IS NOT NULL AND expected_close <= ?";
        binds.push_back(format_date(*date));
    }
    if (q.rotting) {
        std::string any = "0";
        for (const auto& p : book.stages.pipelines)
            for (const auto& s : p.stages)
                if (s.kind == StageKind::open && s.rot_days) {
                    any += " OR (pipeline = ? AND stage = ? AND last_touch_at < ?)";
                    binds.push_back(p.name);
                    binds.push_back(s.name);
                    binds.push_back(
                        std::to_string(seconds(book.clock.now()) - *s.rot_days * 86400LL));
                }
        where += " AND status = 'open' AND (" + any + ")";
    }
    if (q.stuck) {
        auto stuck = PIPE_TRY(stuck_deal_ids(book));
        std::string ids = "0";
        for (auto id : stuck) ids += "," + std::to_string(id);
        where += " AND deals.id IN (" + ids + ")";
    }
    if (q.limit && *q.limit < 0) return fail("--limit must be 0 or more", "e.g. --limit 50", 2);
    DealList out;
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        auto bind_all = [&](SQLite::Statement& st) {
            for (std::size_t i = 0; i < binds.size(); ++i)
                st.bind(static_cast<int>(i + 1), binds[i]);
        };
        SQLite::Statement rows(book.store.db(), "SELECT " + deal_columns() + " FROM deals WHERE " +
                                                    where + " ORDER BY " + order_by(q) + " LIMIT " +
                                                    std::to_string(q.limit.value_or(-1)));
        bind_all(rows);
        while (rows.executeStep()) out.deals.push_back(read_deal_row(rows));
        // Filters on status, pipeline and stage alone are answered by the running totals.
        bool simple =
            !q.tag && !q.owner && !q.organization && !q.closing_before && !q.rotting && !q.stuck;
        auto sums_sql =
            simple
                ? "SELECT pipeline, stage, status, currency, nullif(probability, -1), deals, value "
                  "FROM deal_totals WHERE " +
                      where
                : "SELECT pipeline, stage, status, currency, probability, count(*), sum(value) "
                  "FROM deals WHERE " +
                      where + " GROUP BY pipeline, stage, status, currency, probability";
        SQLite::Statement sums(book.store.db(), sums_sql);
        bind_all(sums);
        std::map<std::pair<std::string, std::string>, DealList::Total> totals;
        while (sums.executeStep()) {
            Deal probe;
            probe.pipeline = sums.getColumn(0).getString();
            probe.stage = sums.getColumn(1).getString();
            auto status = sums.getColumn(2).getString();
            auto currency = sums.getColumn(3).getString();
            if (!sums.getColumn(4).isNull()) probe.probability = sums.getColumn(4).getInt();
            auto count = sums.getColumn(5).getInt64();
            auto value = sums.getColumn(6).getInt64();
            auto& total = totals[{status, currency}];
            total.status = status;
            total.currency = currency;
            total.deals += count;
            detail::add_to(total.value, value);
            if (status == "open")
                detail::add_to(total.weighted,
                               weighted_value(value, effective_probability(probe, book.stages)));
            out.total_count += count;
        }
        for (auto& [key, total] : totals) out.totals.push_back(total);
        auto rank = [](const std::string& status) {
            return status == "open" ? 0 : status == "won" ? 1 : 2;
        };
        std::ranges::sort(out.totals, [&](const auto& a, const auto& b) {
            return rank(a.status) != rank(b.status) ? rank(a.status) < rank(b.status)
                                                    : a.value > b.value;
        });
        return {};
    }));
    return out;
}

} // namespace crm
