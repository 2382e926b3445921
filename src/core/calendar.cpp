// What a calendar feed holds: plans, expected closes and lead follow-ups over a span of days.

#include "pipe/calendar.hpp"

#include "deal_rows.hpp"
#include "scope.hpp"
#include "task_rows.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

namespace crm {

Result<CalendarFeed> calendar_feed(Book& book, int days, const DealFilter& deals) {
    if (days < 0 || days > 366)
        return fail("--days must be between 0 and 366", "e.g. --days 30", 2);
    auto scope = PIPE_TRY(detail::DealScope::open(book, deals));
    CalendarFeed feed;
    auto today = book.today();
    feed.generated = book.clock.now();
    feed.first = today - std::chrono::days{calendar_days_back};
    feed.last = today + std::chrono::days{days};
    auto first = format_date(feed.first), last = format_date(feed.last);
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        feed.book_id = book.store.book_id();
        if (feed.book_id.empty()) feed.book_id = "pipe.invalid";
        auto& plans = book.store.statement(
            detail::task_select(detail::indexed_by("activities_plan_due")) +
            " WHERE a.planned_at IS NOT NULL AND a.due >= ? AND a.due <= ? ORDER BY a.due, "
            "a.time IS NULL, a.time, a.id");
        plans.bind(1, first);
        plans.bind(2, last);
        while (plans.executeStep()) feed.plans.push_back(detail::read_task_row(plans));
        auto& closes = book.store.statement(
            "SELECT id, title, value, currency, stage, expected_close FROM deals WHERE status = "
            "'open' AND expected_close >= ? AND expected_close <= ? ORDER BY expected_close, id");
        closes.bind(1, format_date(today));
        closes.bind(2, last);
        while (closes.executeStep()) {
            CloseDate c;
            c.deal_id = closes.getColumn(0).getInt64();
            c.title = closes.getColumn(1).getString();
            c.value = Money{closes.getColumn(2).getInt64(), closes.getColumn(3).getString()};
            c.stage = closes.getColumn(4).getString();
            if (auto d = parse_iso_date(closes.getColumn(5).getString())) c.date = *d;
            feed.closes.push_back(std::move(c));
        }
        auto& leads = book.store.statement(
            "SELECT id, name, organization, follow_up FROM leads INDEXED BY leads_follow_up WHERE "
            "follow_up >= ? AND follow_up <= ? AND status IN ('new', 'qualified') ORDER BY "
            "follow_up, id");
        leads.bind(1, first);
        leads.bind(2, last);
        while (leads.executeStep()) {
            FollowUpDate f;
            f.lead_id = leads.getColumn(0).getInt64();
            f.name = leads.getColumn(1).getString();
            f.organization = leads.getColumn(2).getString();
            if (auto d = parse_iso_date(leads.getColumn(3).getString())) f.date = *d;
            feed.follow_ups.push_back(std::move(f));
        }
        return {};
    }));
    return feed;
}

} // namespace crm
