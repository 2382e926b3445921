#include "pipe/review.hpp"

#include "amounts.hpp"
#include "deal_rows.hpp"
#include "figures.hpp"
#include "lost_reasons.hpp"
#include "review_parts.hpp"
#include "scope.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <fmt/format.h>

namespace crm {

using detail::seconds;
using std::chrono::days;
using std::chrono::January;
using std::chrono::sys_days;
using std::chrono::weekday;
using std::chrono::year_month_day;

int iso_week(Date d) {
    auto thursday = week_start(d) + days{3};
    year_month_day ymd{thursday};
    auto jan1 = sys_days{ymd.year() / January / 1};
    return static_cast<int>((thursday - jan1).count() / 7) + 1;
}

Date week_start(Date d) {
    auto iso = weekday{d}.iso_encoding(); // Monday 1 .. Sunday 7
    return d - days{iso - 1};
}

namespace {

constexpr auto trailing = days{90};

struct Span {
    Date first;
    Date last;
};

Timestamp end_of(Date last, Timestamp now) {
    return std::min(local_midnight(last + days{1}), now);
}

// Counts, rates and cycle times over every currency; money in `currency`, the rest per
// currency in other_currencies.
void fill_closes(PeriodFigures& f, const std::vector<figures::Close>& closes,
                 const std::string& currency) {
    std::vector<double> cycle;
    std::map<std::string, CurrencyCloses> others;
    auto closed = figures::closed_in(closes, f.from, f.to);
    for (const auto* c : closed) {
        bool main = c->currency == currency;
        auto& other = others[c->currency];
        other.currency = c->currency;
        if (c->kind == "won") {
            ++f.won;
            if (main) detail::add_to(f.won_value, c->value);
            ++other.won;
            detail::add_to(other.won_value, c->value);
            cycle.push_back(days_between(c->created_at, c->at));
        } else {
            ++f.lost;
            if (main) detail::add_to(f.lost_value, c->value);
            ++other.lost;
            detail::add_to(other.lost_value, c->value);
        }
    }
    others.erase(currency);
    for (auto& [code, o] : others) f.other_currencies.push_back(o);
    f.win_rate = figures::ratio(static_cast<double>(f.won), static_cast<double>(f.won + f.lost));
    f.win_rate_value =
        figures::ratio(static_cast<double>(f.won_value),
                       static_cast<double>(f.won_value) + static_cast<double>(f.lost_value));
    f.cycle_mean_days = figures::mean(cycle);
    f.cycle_median_days = figures::median(cycle);
    f.lost_reasons = detail::group_lost_reasons(closed, currency);
}

// Open deals in `currency` × their average won value × the win rate (every currency) ÷ the
// mean cycle, over the trailing window.
void fill_velocity(PeriodFigures& f, const std::vector<figures::Close>& closes,
                   const std::string& currency) {
    PeriodFigures t;
    t.from = f.to - trailing;
    t.to = f.to;
    fill_closes(t, closes, currency);
    std::int64_t won_here = t.won;
    for (const auto& o : t.other_currencies) won_here -= o.won;
    if (won_here == 0 || !t.win_rate || !t.cycle_mean_days || *t.cycle_mean_days <= 0) return;
    auto average = static_cast<double>(t.won_value) / static_cast<double>(won_here);
    f.velocity = static_cast<double>(f.open_deals) * average * *t.win_rate / *t.cycle_mean_days;
    if (!(*f.velocity < 9223372036854775808.0)) throw detail::TotalTooLarge{}; // money per day
}

void fill_new_deals(Book& book, PeriodFigures& f, const std::string& currency) {
    auto& st = book.store.statement(
        "SELECT count(*), coalesce(sum(CASE WHEN d.currency = ?3 THEN coalesce(CAST((SELECT "
        "v.from_value FROM events v WHERE v.deal_id = d.id AND v.kind = 'value' ORDER BY v.at, "
        "v.id LIMIT 1) AS INTEGER), d.value) END), 0) FROM deals d WHERE d.created_at >= ?1 AND "
        "d.created_at < ?2");
    st.bind(1, seconds(f.from));
    st.bind(2, seconds(f.to));
    st.bind(3, currency);
    if (st.executeStep()) {
        f.new_deals = st.getColumn(0).getInt64();
        f.new_value = st.getColumn(1).getInt64();
    }
}

void fill_open(Book& book, PeriodFigures& f, const std::vector<figures::SnapshotRow>& rows,
               const std::string& currency) {
    for (const auto& row : rows) {
        if (row.status != "open" || row.currency != currency) continue;
        f.open_deals += row.deals;
        detail::add_to(f.open_value, row.value);
        detail::add_to(f.weighted, figures::weighted(row, book.stages));
    }
}

Result<PeriodFigures> period_figures(Book& book, Span span, Timestamp now,
                                     const std::vector<figures::Close>& closes,
                                     const std::string& currency,
                                     std::vector<figures::SnapshotRow>& snapshot) {
    PeriodFigures f;
    f.first = span.first;
    f.last = span.last;
    f.from = local_midnight(span.first);
    f.to = std::max(f.from, end_of(span.last, now));
    fill_new_deals(book, f, currency);
    fill_closes(f, closes, currency);
    snapshot = figures::snapshot_at(book, f.to);
    fill_open(book, f, snapshot, currency);
    fill_velocity(f, closes, currency);
    f.activity = PIPE_TRY(activity_figures(book, f.from, f.to));
    return f;
}

Result<std::pair<Span, Span>> periods(Review& review, const ReviewOptions& o, Date today,
                                      DateOrder order) {
    if (o.since || o.until) {
        if (!o.since) return fail("--until needs --since", "e.g. --since 2026-03-01", 2);
        if (o.last_week) return fail("--last-week and --since do not mix", "use one of them", 2);
        auto since = PIPE_TRY(parse_date(*o.since, today, order));
        auto until = o.until ? PIPE_TRY(parse_date(*o.until, today, order)) : today;
        if (until < since)
            return fail(fmt::format("the period ends ({}) before it starts ({})",
                                    format_date(until), format_date(since)),
                        "swap --since and --until", 2);
        review.kind = "range";
        auto length = until - since + days{1};
        return std::pair{Span{since, until}, Span{since - length, since - days{1}}};
    }
    review.kind = "week";
    auto monday = week_start(today) - (o.last_week ? days{7} : days{0});
    review.week = iso_week(monday);
    review.previous_week = iso_week(monday - days{7});
    return std::pair{Span{monday, monday + days{6}}, Span{monday - days{7}, monday - days{1}}};
}

} // namespace

Result<Review> build_review(Book& book, const ReviewOptions& options) {
    Review review;
    review.currency = book.stages.currency;
    auto now = book.clock.now() + std::chrono::seconds{1};
    review.today = book.today();
    if (options.as_of) {
        auto day = PIPE_TRY(parse_date(*options.as_of, review.today, book.date_order()));
        if (day > review.today)
            return fail(fmt::format("--as-of {} is in the future", format_date(day)),
                        "use today or a past date", 2);
        review.as_of = true;
        review.today = day;
        now = std::min(now, local_midnight(day + days{1}));
    }
    auto [current, previous] = PIPE_TRY(periods(review, options, review.today, book.date_order()));
    auto scope = PIPE_TRY(detail::DealScope::open(book, options.deals));
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        book.store.map_for_reading();
        auto earliest =
            std::min(local_midnight(previous.first), end_of(previous.last, now) - trailing);
        auto closes = figures::closes_between(book, earliest, now);
        std::vector<figures::SnapshotRow> snapshot, earlier;
        review.current =
            PIPE_TRY(period_figures(book, current, now, closes, review.currency, snapshot));
        review.previous =
            PIPE_TRY(period_figures(book, previous, now, closes, review.currency, earlier));
        review.funnel = review_parts::funnel(book, snapshot, review.currency, review.current.from,
                                             review.current.to);
        review.other_currency_deals = review_parts::other_currency_deals(book, review.currency);
        if (!review.as_of) {
            review.hygiene = PIPE_TRY(review_parts::hygiene(book, options.hygiene_limit));
            review.goal = review_parts::goal(book, review.today);
        }
        return {};
    }));
    return review;
}

} // namespace crm
