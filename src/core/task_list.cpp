// Reading plans: the task list, one task, in the order people work through them.

#include "pipe/plans.hpp"

#include "deal_rows.hpp"
#include "plan_rows.hpp"
#include "scope.hpp"
#include "task_rows.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

namespace crm {

namespace detail {

std::string task_select(std::string_view index) {
    std::string joins, titles;
    int i = 0;
    for (auto kind : {Subject::Kind::deal, Subject::Kind::lead, Subject::Kind::person,
                      Subject::Kind::organization}) {
        const auto& s = subject_table(kind);
        joins += fmt::format(" LEFT JOIN {0} s{1} ON s{1}.id = a.{2}", s.table, i, s.column);
        titles += fmt::format("{}s{}.{}", titles.empty() ? "" : ", ", i, s.title);
        ++i;
    }
    return fmt::format("SELECT {}, coalesce({}, '') FROM activities a {}{}", activity_columns("a."),
                       titles, index, joins);
}

Task read_task_row(SQLite::Statement& st) {
    Task t{read_activity_row(st), st.getColumn(activity_column_count).getString()};
    return t;
}

std::vector<Task> open_tasks(Store& store, const std::string& where,
                             const std::vector<std::string>& binds, std::int64_t limit) {
    std::vector<Task> out;
    if (limit <= 0) return out;
    auto& st = store.statement(task_select(indexed_by("activities_open_due")) +
                               " WHERE a.done = 0 AND a.cancelled_at IS "
                               "NULL AND " +
                               where + " ORDER BY a.due, a.time IS NULL, a.time, a.id LIMIT " +
                               std::to_string(limit));
    for (std::size_t i = 0; i < binds.size(); ++i) st.bind(static_cast<int>(i + 1), binds[i]);
    while (st.executeStep()) out.push_back(read_task_row(st));
    return out;
}

std::int64_t count_open(Store& store, const std::string& where,
                        const std::vector<std::string>& binds) {
    auto& st =
        store.statement("SELECT count(*) FROM activities a " + indexed_by("activities_open_due") +
                        " WHERE a.done = 0 AND a.cancelled_at IS NULL AND " + where);
    for (std::size_t i = 0; i < binds.size(); ++i) st.bind(static_cast<int>(i + 1), binds[i]);
    st.executeStep();
    return st.getColumn(0).getInt64();
}

std::int64_t count_open_on_days(Store& store, const std::string& where,
                                const std::vector<std::string>& binds) {
    auto& st = store.statement("SELECT coalesce(sum(a.plans), 0) FROM plan_days a WHERE " + where);
    for (std::size_t i = 0; i < binds.size(); ++i) st.bind(static_cast<int>(i + 1), binds[i]);
    st.executeStep();
    auto n = st.getColumn(0).getInt64();
    st.reset();
    return n;
}

} // namespace detail

namespace {

using detail::count_open;
using detail::open_tasks;

// The plans of one deal or lead, in order (a handful: read and sorted whole).
TaskList subject_tasks(Store& store, Subject subject, const std::string& where,
                       const std::vector<std::string>& binds, std::int64_t limit) {
    TaskList out;
    const auto& s = detail::subject_table(subject.kind);
    auto& st = store.statement(detail::task_select("") + " WHERE a." + std::string(s.column) +
                               " = ? AND a.done = 0 AND a.cancelled_at IS NULL AND " + where +
                               " ORDER BY a.due IS NULL, a.due, a.time IS NULL, a.time, a.id");
    st.bind(1, subject.id);
    for (std::size_t i = 0; i < binds.size(); ++i) st.bind(static_cast<int>(i + 2), binds[i]);
    while (st.executeStep()) {
        if (static_cast<std::int64_t>(out.tasks.size()) < limit)
            out.tasks.push_back(detail::read_task_row(st));
        ++out.total;
    }
    return out;
}

} // namespace

Result<TaskList> list_tasks(Book& book, const TaskQuery& q) {
    if (q.limit && *q.limit < 0) return fail("--limit must be 0 or more", "e.g. --limit 50", 2);
    auto today = book.today();
    std::string where;
    std::vector<std::string> binds;
    switch (q.span) {
    case TaskQuery::Span::overdue:
        where = "a.due < ?";
        binds = {format_date(today)};
        break;
    case TaskQuery::Span::today:
        where = "a.due = ?";
        binds = {format_date(today)};
        break;
    case TaskQuery::Span::week:
        where = "a.due >= ? AND a.due <= ?";
        binds = {format_date(today), format_date(today + std::chrono::days{6})};
        break;
    default:
        where = "1";
    }
    auto limit = q.limit.value_or(INT64_MAX);
    TaskList out;
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        if (q.subject) {
            PIPE_TRY_VOID(detail::require_subject(book.store, *q.subject));
            out = subject_tasks(book.store, *q.subject, where, binds, limit);
            return {};
        }
        if (q.span != TaskQuery::Span::all) {
            out.tasks = open_tasks(book.store, where, binds, limit);
            out.total = detail::count_open_on_days(book.store, where, binds);
            return {};
        }
        // Dated plans in index order, then the undated ones.
        out.tasks = open_tasks(book.store, "a.due IS NOT NULL", {}, limit);
        auto left = limit - static_cast<std::int64_t>(out.tasks.size());
        for (auto& t : open_tasks(book.store, "a.due IS NULL", {}, left))
            out.tasks.push_back(std::move(t));
        out.total = count_open(book.store, "1", {});
        return {};
    }));
    return out;
}

Result<Task> get_task(Book& book, std::int64_t id) {
    Task out;
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        auto a = PIPE_TRY(detail::require_activity(book.store, id));
        out = {a, PIPE_TRY(detail::require_subject(book.store, a.subject()))};
        return {};
    }));
    return out;
}

} // namespace crm
