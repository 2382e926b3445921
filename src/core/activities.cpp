#include "pipe/activities.hpp"

#include "activity_input.hpp"
#include "change.hpp"
#include "deal_rows.hpp"
#include "lead_rows.hpp"
#include "plan_rows.hpp"
#include "text.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <set>

namespace crm {

using detail::seconds;

const std::vector<std::string>& activity_kinds() {
    static const std::vector<std::string> kinds{"call", "email", "meeting", "note", "task"};
    return kinds;
}

namespace {

const char* column_of(Subject s) {
    return s.kind == Subject::Kind::deal ? "deal_id" : "lead_id";
}

Result<void> require_subject(Store& store, Subject s) {
    if (s.kind == Subject::Kind::deal) {
        PIPE_TRY_VOID(detail::require_deal(store, s.id));
    } else {
        PIPE_TRY_VOID(detail::require_lead(store, s.id));
    }
    return {};
}

std::optional<double> median(std::vector<double> values) {
    if (values.empty()) return std::nullopt;
    std::ranges::sort(values);
    auto n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

} // namespace

Result<Activity> detail::activity_from_input(Book& book, const std::string& kind,
                                             const std::string& input,
                                             const std::optional<std::string>& at_text) {
    auto wanted = text::lower(text::trim(kind));
    if (std::ranges::find(activity_kinds(), wanted) == activity_kinds().end())
        return fail(fmt::format("unknown activity kind '{}'", kind),
                    "use call, email, meeting, note or task", 2);
    auto body = std::string(text::trim(input));
    if (body.empty())
        return fail("the activity text is empty", "say what happened, e.g. \"Left a voicemail\"");
    auto now = book.clock.now();
    auto at = now;
    if (at_text) {
        at = PIPE_TRY(parse_timestamp(*at_text, now, book.date_order()));
        if (at > now)
            return fail(fmt::format("--at {} is in the future", *at_text),
                        "log what already happened");
    }
    Activity activity;
    activity.kind = wanted;
    activity.at = at;
    activity.text = body;
    return activity;
}

Result<Activity> log_activity(Book& book, Subject subject, const std::string& kind,
                              const std::string& input, std::optional<std::string> at_text) {
    auto logged = PIPE_TRY(log(book, subject, kind, input, LogOptions{std::move(at_text), false}));
    return logged.activity;
}

Result<Logged> log(Book& book, Subject subject, const std::string& kind, const std::string& input,
                   const LogOptions& options) {
    auto activity = PIPE_TRY(detail::activity_from_input(book, kind, input, options.at));
    auto now = book.clock.now();
    std::optional<Date> cleared;
    (subject.kind == Subject::Kind::deal ? activity.deal_id : activity.lead_id) = subject.id;
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& change) -> Result<void> {
        PIPE_TRY_VOID(require_subject(book.store, subject));
        auto& st = book.store.statement(fmt::format(
            "INSERT INTO activities ({}, kind, at, done, text, id) VALUES (?, ?, ?, 1, ?, ?)",
            column_of(subject)));
        activity.id = change.next_id("activities");
        st.bind(5, activity.id);
        st.bind(1, subject.id);
        st.bind(2, activity.kind);
        st.bind(3, seconds(activity.at));
        st.bind(4, activity.text);
        st.exec();
        auto& touch = book.store.statement(
            fmt::format("UPDATE {} SET last_touch_at = max(last_touch_at, ?) WHERE id = ?",
                        subject.kind == Subject::Kind::deal ? "deals" : "leads"));
        touch.bind(1, seconds(activity.at));
        touch.bind(2, subject.id);
        touch.exec();
        bool contact =
            activity.kind == "call" || activity.kind == "email" || activity.kind == "meeting";
        if (subject.kind == Subject::Kind::lead && contact && !options.keep_follow_up)
            cleared = detail::clear_due_follow_up(book.store, subject.id, book.today(), now,
                                                  activity.kind);
        change.describe(fmt::format("logged a {} on {} {}{}", activity.kind,
                                    subject.kind == Subject::Kind::deal ? "deal" : "lead",
                                    subject.id, cleared ? " (follow-up cleared)" : ""));
        return {};
    }));
    return Logged{activity, cleared};
}

Result<std::vector<Activity>> activities_of(Book& book, Subject subject) {
    std::vector<Activity> out;
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        auto& st = book.store.statement(
            fmt::format("SELECT {} FROM activities WHERE {} = ? ORDER BY at, id",
                        detail::activity_columns(), column_of(subject)));
        st.bind(1, subject.id);
        while (st.executeStep()) out.push_back(detail::read_activity_row(st));
        return {};
    }));
    return out;
}

Result<ActivityFigures> activity_figures(Book& book, Timestamp from, Timestamp to) {
    ActivityFigures f;
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        auto& counts = book.store.statement(
            "SELECT kind, count(*) FROM activities WHERE done = 1 AND at >= ? AND at < ? GROUP BY "
            "kind");
        counts.bind(1, seconds(from));
        counts.bind(2, seconds(to));
        while (counts.executeStep()) {
            auto kind = counts.getColumn(0).getString();
            auto n = counts.getColumn(1).getInt64();
            if (kind == "call") f.calls = n;
            if (kind == "email") f.emails = n;
            if (kind == "meeting") f.meetings = n;
        }
        auto& leads = book.store.statement(
            "SELECT l.created_at, (SELECT min(a.at) FROM activities a WHERE a.lead_id = l.id AND "
            "a.done = 1) "
            "FROM leads l WHERE l.created_at >= ? AND l.created_at < ?");
        leads.bind(1, seconds(from));
        leads.bind(2, seconds(to));
        std::vector<double> hours;
        while (leads.executeStep()) {
            ++f.new_leads;
            if (leads.getColumn(1).isNull()) continue;
            auto first = leads.getColumn(1).getInt64();
            hours.push_back(static_cast<double>(
                                std::max<std::int64_t>(0, first - leads.getColumn(0).getInt64())) /
                            3600.0);
        }
        f.lead_response_hours = median(std::move(hours));
        auto& contacted = book.store.statement(
            "SELECT count(DISTINCT coalesce('d' || deal_id, 'l' || lead_id)), "
            "count(DISTINCT CASE WHEN kind = 'meeting' THEN coalesce('d' || deal_id, 'l' || "
            "lead_id) END) "
            "FROM activities WHERE done = 1 AND at >= ? AND at < ? AND kind IN ('call', 'email', "
            "'meeting')");
        contacted.bind(1, seconds(from));
        contacted.bind(2, seconds(to));
        if (contacted.executeStep()) {
            auto all = contacted.getColumn(0).getInt64();
            if (all > 0)
                f.meeting_rate = static_cast<double>(contacted.getColumn(1).getInt64()) /
                                 static_cast<double>(all);
        }
        detail::plan_figures(book.store, from, to, book.clock.now(), f);
        return {};
    }));
    return f;
}

} // namespace crm
