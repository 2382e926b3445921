// pipe deal list: deals matching a query, with totals over every match.

#include "amounts.hpp"
#include "deal_rows.hpp"
#include "pipe/deals.hpp"
#include "pipe/flow.hpp"
#include "pipe/refs.hpp"
#include "scope.hpp"
#include "stage_cutoffs.hpp"
#include "text.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <map>
#include <optional>

namespace crm {

using detail::seconds;

namespace {

/// A stage whose open deals match `--rotting` or `--stuck` when `column` is before `before`.
struct StageCutoff {
    std::string pipeline;
    std::string stage;
    std::int64_t before = 0;
};

/// One group of matching deals: what the footer sums, per pipeline, stage, status, currency and
/// probability (the weighted value is taken of each group's sum).
struct GroupKey {
    std::string pipeline, stage, status, currency;
    std::optional<int> probability;
    auto operator<=>(const GroupKey&) const = default;
};
struct GroupSum {
    std::int64_t deals = 0;
    std::int64_t value = 0;
};
using GroupSums = std::map<GroupKey, GroupSum>;

// Adds the groups a query returns (pipeline, stage, status, currency, probability or NULL,
// deals, value), times `sign`.
void add_groups(SQLite::Statement& st, GroupSums& sums, int sign) {
    while (st.executeStep()) {
        GroupKey key{st.getColumn(0).getString(), st.getColumn(1).getString(),
                     st.getColumn(2).getString(), st.getColumn(3).getString(), std::nullopt};
        if (!st.getColumn(4).isNull()) key.probability = st.getColumn(4).getInt();
        auto& sum = sums[key];
        sum.deals += sign * st.getColumn(5).getInt64();
        sum.value += sign * st.getColumn(6).getInt64();
    }
    st.reset();
}

// The footer of `--rotting` or `--stuck` alone, stage by stage from the smaller side: the
// matching deals summed, or the stage's kept totals less the deals that do not match (touched
// or moved since the cutoff). On a book where most open deals match, summing them read every
// one of them. The deals that do not match are summed per kept group (currency and
// probability), each group's sum a range of the column's index: a GROUP BY would sort them,
// three times the work for the one group a stage mostly has.
GroupSums cutoff_sums(Store& store, const std::vector<StageCutoff>& cutoffs,
                      detail::CutoffColumn on) {
    GroupSums sums;
    auto group = fmt::format("SELECT pipeline, stage, status, currency, probability, count(*), "
                             "sum(value) FROM deals {} WHERE status = 'open' AND "
                             "pipeline = ? AND stage = ? AND {} ",
                             detail::indexed_by(on.index), on.column);
    auto& kept = store.statement("SELECT pipeline, stage, status, currency, "
                                 "nullif(probability, -1), deals, value FROM deal_totals WHERE "
                                 "status = 'open' AND pipeline = ? AND stage = ?");
    auto& matching = store.statement(group + "< ? GROUP BY currency, probability");
    auto& others = store.statement(
        fmt::format("SELECT count(*), coalesce(sum(value), 0) FROM deals {} WHERE status = 'open' "
                    "AND pipeline = ? AND stage = ? AND {} >= ? AND currency = ? AND "
                    "probability IS ?",
                    detail::indexed_by(on.index), on.column));
    for (const auto& c : cutoffs) {
        auto count = detail::count_cutoff(store, c.pipeline, c.stage, on, c.before);
        if (count.before == 0) continue;
        if (!count.most_match()) {
            matching.bind(1, c.pipeline);
            matching.bind(2, c.stage);
            matching.bind(3, c.before);
            add_groups(matching, sums, 1);
            continue;
        }
        GroupSums stage;
        kept.bind(1, c.pipeline);
        kept.bind(2, c.stage);
        add_groups(kept, stage, 1);
        for (auto& [key, sum] : stage) {
            others.bind(1, c.pipeline);
            others.bind(2, c.stage);
            others.bind(3, c.before);
            others.bind(4, key.currency);
            if (key.probability)
                others.bind(5, *key.probability);
            else
                others.bind(5);
            others.executeStep();
            sum.deals -= others.getColumn(0).getInt64();
            sum.value -= others.getColumn(1).getInt64();
            others.reset();
            auto& total = sums[key];
            total.deals += sum.deals;
            total.value += sum.value;
        }
    }
    std::erase_if(sums, [](const auto& entry) { return entry.second.deals == 0; });
    return sums;
}

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
    std::optional<std::string> stage_name_filter;
    if (q.pipeline || q.stage) pipeline = PIPE_TRY(book.stages.pipeline(q.pipeline.value_or("")));
    if (q.pipeline) {
        where += " AND pipeline = ?";
        binds.push_back(pipeline->name);
    }
    if (q.stage) {
        const auto* stage = PIPE_TRY(pipeline->match(*q.stage));
        stage_name_filter = stage->name;
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
    // The stages --rotting or --stuck look at, within --pipeline and --stage.
    auto in_scope = [&](const std::string& pipeline_name, const std::string& stage_name) {
        return (!pipeline || pipeline_name == pipeline->name) &&
               (!stage_name_filter || stage_name == *stage_name_filter);
    };
    std::vector<StageCutoff> cutoffs;
    auto cutoff_on = detail::touch_cutoff;
    auto add_cutoffs = [&](const std::string& column) {
        std::string any = "0";
        for (const auto& c : cutoffs) {
            any += " OR (pipeline = ? AND stage = ? AND " + column + " < ?)";
            binds.push_back(c.pipeline);
            binds.push_back(c.stage);
            binds.push_back(std::to_string(c.before));
        }
        where += " AND status = 'open' AND (" + any + ")";
    };
    if (q.rotting) {
        for (const auto& p : book.stages.pipelines)
            for (const auto& s : p.stages)
                if (s.kind == StageKind::open && s.rot_days && in_scope(p.name, s.name))
                    cutoffs.push_back(
                        {p.name, s.name, seconds(book.clock.now()) - *s.rot_days * 86400LL});
        add_cutoffs(std::string(detail::touch_cutoff.column));
    }
    if (q.stuck) {
        if (q.rotting) cutoffs.clear();
        for (const auto& [key, median_days] : PIPE_TRY(typical_stage_days(book)))
            if (in_scope(key.first, key.second))
                cutoffs.push_back(
                    {key.first, key.second, seconds(stuck_cutoff(book.clock.now(), median_days))});
        add_cutoffs(std::string(detail::entered_cutoff.column));
        cutoff_on = detail::entered_cutoff;
    }
    if (q.limit && *q.limit < 0) return fail("--limit must be 0 or more", "e.g. --limit 50", 2);
    DealList out;
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        auto bind_all = [&](SQLite::Statement& st) {
            for (std::size_t i = 0; i < binds.size(); ++i)
                st.bind(static_cast<int>(i + 1), binds[i]);
        };
        // The rows matching `where` and `extra`, in `order`, up to what --limit leaves.
        auto read_rows = [&](const std::string& extra, const std::string& order) {
            auto left = q.limit ? *q.limit - static_cast<std::int64_t>(out.deals.size()) : -1;
            if (left == 0) return;
            SQLite::Statement rows(
                book.store.db(), "SELECT " + deal_columns() + " FROM deals WHERE " + where + extra +
                                     " ORDER BY " + order + " LIMIT " + std::to_string(left));
            bind_all(rows);
            while (rows.executeStep()) out.deals.push_back(read_deal_row(rows));
        };
        if (q.sort == "close") {
            // The dated deals, then the undated (the reverse with --desc), each in its own
            // query: in one, the sort key's `expected_close IS NULL` keeps the planner from the
            // order of deals_close, and the first 50 of 200,000 took a sort of them all.
            std::string dated = " AND expected_close IS NOT NULL";
            std::string undated = " AND expected_close IS NULL";
            if (q.descending) {
                read_rows(undated, "deals.id DESC");
                read_rows(dated, "expected_close DESC, deals.id DESC");
            } else {
                read_rows(dated, "expected_close, deals.id");
                read_rows(undated, "deals.id");
            }
        } else {
            read_rows("", order_by(q));
        }
        // Filters on status, pipeline and stage alone are answered by the running totals, and
        // --rotting or --stuck alone by them and the deals on the smaller side of each cutoff.
        bool others = q.tag || q.owner || q.organization || q.closing_before;
        bool simple = !others && !q.rotting && !q.stuck;
        bool by_cutoff =
            !others && (q.rotting != q.stuck) && q.status != "won" && q.status != "lost";
        GroupSums groups;
        if (by_cutoff) {
            groups = cutoff_sums(book.store, cutoffs, cutoff_on);
        } else {
            auto sums_sql =
                simple ? "SELECT pipeline, stage, status, currency, nullif(probability, -1), "
                         "deals, value FROM deal_totals WHERE " +
                             where
                       : "SELECT pipeline, stage, status, currency, probability, count(*), "
                         "sum(value) FROM deals WHERE " +
                             where + " GROUP BY pipeline, stage, status, currency, probability";
            SQLite::Statement sums(book.store.db(), sums_sql);
            bind_all(sums);
            add_groups(sums, groups, 1);
        }
        std::map<std::pair<std::string, std::string>, DealList::Total> totals;
        for (const auto& [key, sum] : groups) {
            Deal probe;
            probe.pipeline = key.pipeline;
            probe.stage = key.stage;
            probe.probability = key.probability;
            auto& total = totals[{key.status, key.currency}];
            total.status = key.status;
            total.currency = key.currency;
            total.deals += sum.deals;
            detail::add_to(total.value, sum.value);
            if (key.status == "open")
                detail::add_to(total.weighted, weighted_value(sum.value, effective_probability(
                                                                             probe, book.stages)));
            out.total_count += sum.deals;
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
