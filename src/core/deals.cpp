#include "pipe/deals.hpp"

#include "deal_rows.hpp"
#include "pipe/flow.hpp"
#include "text.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <map>

namespace crm {

using detail::seconds;

namespace {

Result<std::int64_t> parse_value(const std::string& input, const std::string& currency) {
    auto minor = parse_amount(input, currency_digits(currency));
    if (!minor) {
        auto error = minor.error();
        error.what = "value: " + error.what;
        return std::unexpected(error);
    }
    if (*minor < 0)
        return fail(fmt::format("value: '{}' is negative", input), "a deal's value is 0 or more");
    return *minor;
}

Result<std::string> required_text(const std::string& input, std::string_view what) {
    auto trimmed = text::trim(input);
    if (trimmed.empty())
        return fail(fmt::format("{} is empty", what), fmt::format("give the deal a {}", what));
    return std::string(trimmed);
}

// Apply the fields that add and edit share; records value and close-date events on edits.
Result<void> apply_common(Book& book, Deal& deal, const DealFields& f, bool is_new,
                          std::vector<Event>& events) {
    auto now = book.clock.now();
    if (f.title) deal.title = PIPE_TRY(required_text(*f.title, "title"));
    if (f.organization) deal.organization = text::trim(*f.organization);
    if (f.contact) deal.contact = text::trim(*f.contact);
    if (f.email) deal.email = text::trim(*f.email);
    if (f.phone) deal.phone = text::trim(*f.phone);
    if (f.source) deal.source = text::trim(*f.source);
    if (f.notes) deal.notes = *f.notes;
    if (f.tags) deal.tags = *f.tags;
    if (f.currency) deal.value.currency = PIPE_TRY(parse_currency(*f.currency));
    if (f.value) {
        auto minor = PIPE_TRY(parse_value(*f.value, deal.value.currency));
        if (!is_new && minor != deal.value.minor)
            events.push_back(detail::deal_event(
                deal, now, "value", std::to_string(deal.value.minor), std::to_string(minor)));
        deal.value.minor = minor;
    }
    if (f.probability) deal.probability = PIPE_TRY(detail::parse_probability(*f.probability));
    if (f.close) {
        auto close = PIPE_TRY(detail::parse_optional_date(*f.close, book.today(), "close date"));
        if (!is_new && close != deal.expected_close) {
            auto show = [](const std::optional<Date>& d) {
                return d ? std::optional<std::string>(format_date(*d)) : std::nullopt;
            };
            events.push_back(detail::deal_event(deal, now, "close_date", show(deal.expected_close),
                                                show(close)));
            if (deal.expected_close && close && *close > *deal.expected_close) ++deal.close_pushes;
        }
        deal.expected_close = close;
    }
    return {};
}

void append_all(Store& store, std::int64_t deal_id, std::vector<Event>& events) {
    for (auto& e : events) {
        e.deal_id = deal_id;
        append_event(store, e);
    }
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

Result<Deal> add_deal(Book& book, const DealFields& fields) {
    Deal deal;
    auto now = book.clock.now();
    const auto* pipeline = PIPE_TRY(book.stages.pipeline(fields.pipeline.value_or("")));
    const Stage* stage = &pipeline->first_open();
    if (fields.stage) stage = PIPE_TRY(pipeline->match(*fields.stage));
    if (stage->kind != StageKind::open)
        return fail(fmt::format("a new deal cannot start in the {} stage \"{}\"",
                                to_string(stage->kind), stage->name),
                    "add it in an open stage, then pipe deal won/lost");
    if (!fields.title) return fail("a deal needs a title", "pipe deal add \"Acme rollout\"", 2);
    deal.pipeline = pipeline->name;
    deal.stage = stage->name;
    deal.value.currency = book.stages.currency;
    deal.created_at = deal.stage_entered_at = deal.last_touch_at = now;
    std::vector<Event> events;
    PIPE_TRY_VOID(apply_common(book, deal, fields, true, events));
    PIPE_TRY_VOID(book.store.write([&]() -> Result<void> {
        deal.id = detail::insert_deal(book.store, deal);
        append_event(book.store, detail::deal_event(deal, now, "created", std::nullopt, deal.stage,
                                                    std::to_string(deal.value.minor)));
        return {};
    }));
    return deal;
}

Result<Deal> get_deal(Book& book, std::int64_t id) {
    Result<Deal> result = fail("unreachable");
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        result = detail::require_deal(book.store, id);
        return {};
    }));
    return result;
}

Result<Deal> edit_deal(Book& book, std::int64_t id, const DealFields& fields) {
    if (fields.stage || fields.pipeline)
        return fail("edit does not change the stage", fmt::format("pipe deal move {} STAGE", id),
                    2);
    Deal deal;
    PIPE_TRY_VOID(book.store.write([&]() -> Result<void> {
        deal = PIPE_TRY(detail::require_deal(book.store, id));
        std::vector<Event> events;
        PIPE_TRY_VOID(apply_common(book, deal, fields, false, events));
        auto now = book.clock.now();
        deal.last_touch_at = now;
        if (events.empty()) events.push_back(detail::deal_event(deal, now, "edited"));
        detail::update_deal(book.store, deal);
        append_all(book.store, deal.id, events);
        return {};
    }));
    return deal;
}

Result<Deal> remove_deal(Book& book, std::int64_t id) {
    Deal deal;
    PIPE_TRY_VOID(book.store.write([&]() -> Result<void> {
        deal = PIPE_TRY(detail::require_deal(book.store, id));
        for (const char* sql :
             {"DELETE FROM events WHERE deal_id = ?", "DELETE FROM activities WHERE deal_id = ?",
              "DELETE FROM stage_exits WHERE deal_id = ?",
              "UPDATE leads SET deal_id = NULL WHERE deal_id = ?",
              "DELETE FROM deals WHERE id = ?"}) {
            auto& st = book.store.statement(sql);
            st.bind(1, id);
            st.exec();
        }
        return {};
    }));
    return deal;
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
    if (q.closing_before) {
        auto date = PIPE_TRY(
            detail::parse_optional_date(*q.closing_before, book.today(), "--closing-before"));
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
        bool simple = !q.tag && !q.closing_before && !q.rotting && !q.stuck;
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
            total.value += value;
            if (status == "open")
                total.weighted += weighted_value(value, effective_probability(probe, book.stages));
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
