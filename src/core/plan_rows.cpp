#include "plan_rows.hpp"

#include "change.hpp"
#include "deal_rows.hpp"
#include "pipe/history.hpp"
#include "scope.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <array>
#include <fmt/format.h>

namespace crm {

std::string_view to_string(Subject::Kind kind) {
    return detail::subject_table(kind).noun;
}

std::string_view to_string(ActivityState state) {
    switch (state) {
    case ActivityState::planned:
        return "planned";
    case ActivityState::cancelled:
        return "cancelled";
    default:
        return "done";
    }
}

namespace detail {

namespace {

constexpr std::array<SubjectTable, 4> subjects{{
    {Subject::Kind::deal, "deal", "deals", "deal_id", "title"},
    {Subject::Kind::lead, "lead", "leads", "lead_id", "name"},
    {Subject::Kind::person, "person", "persons", "person_id", "name"},
    {Subject::Kind::organization, "organization", "organizations", "organization_id", "name"},
}};

std::optional<TimeOfDay> time_of(SQLite::Column c) {
    if (c.isNull()) return std::nullopt;
    auto t = parse_time_of_day(c.getString());
    return t ? std::optional<TimeOfDay>(*t) : std::nullopt;
}

std::optional<Timestamp> instant_of(SQLite::Column c) {
    if (c.isNull()) return std::nullopt;
    return from_seconds(c.getInt64());
}

void bind_optional_date(SQLite::Statement& st, int i, const std::optional<Date>& d) {
    if (d)
        st.bind(i, format_date(*d));
    else
        st.bind(i);
}

// Bind every column after the id, in activity_columns() order, from position 1.
void bind_columns(SQLite::Statement& st, const Activity& a) {
    if (a.deal_id)
        st.bind(1, *a.deal_id);
    else
        st.bind(1);
    if (a.lead_id)
        st.bind(2, *a.lead_id);
    else
        st.bind(2);
    st.bind(3, a.kind);
    st.bind(4, seconds(a.at));
    bind_optional_date(st, 5, a.due);
    st.bind(6, a.done ? 1 : 0);
    st.bind(7, a.text);
    if (a.time)
        st.bind(8, format_time_of_day(*a.time));
    else
        st.bind(8);
    if (a.duration)
        st.bind(9, static_cast<std::int64_t>(a.duration->count()));
    else
        st.bind(9);
    if (a.planned_at)
        st.bind(10, seconds(*a.planned_at));
    else
        st.bind(10);
    if (a.cancelled_at)
        st.bind(11, seconds(*a.cancelled_at));
    else
        st.bind(11);
    st.bind(12, a.snoozes);
    st.bind(13, a.outcome);
    if (a.person_id)
        st.bind(14, *a.person_id);
    else
        st.bind(14);
    if (a.organization_id)
        st.bind(15, *a.organization_id);
    else
        st.bind(15);
}

constexpr std::string_view open_plans = "done = 0 AND cancelled_at IS NULL";

} // namespace

const SubjectTable& subject_table(Subject::Kind kind) {
    for (const auto& s : subjects)
        if (s.kind == kind) return s;
    return subjects.front();
}

std::string activity_columns(std::string_view p) {
    return fmt::format(
        "{0}id, {0}deal_id, {0}lead_id, {0}kind, {0}at, {0}due, {0}done, {0}text, "
        "{0}time, {0}duration, {0}planned_at, {0}cancelled_at, {0}snoozes, {0}outcome, "
        "{0}person_id, {0}organization_id",
        p);
}

Activity read_activity_row(SQLite::Statement& st, int f) {
    Activity a;
    a.id = st.getColumn(f).getInt64();
    if (!st.getColumn(f + 1).isNull()) a.deal_id = st.getColumn(f + 1).getInt64();
    if (!st.getColumn(f + 2).isNull()) a.lead_id = st.getColumn(f + 2).getInt64();
    a.kind = st.getColumn(f + 3).getString();
    a.at = from_seconds(st.getColumn(f + 4).getInt64());
    if (!st.getColumn(f + 5).isNull())
        if (auto due = parse_iso_date(st.getColumn(f + 5).getString())) a.due = *due;
    a.done = st.getColumn(f + 6).getInt() != 0;
    a.text = st.getColumn(f + 7).getString();
    a.time = time_of(st.getColumn(f + 8));
    if (!st.getColumn(f + 9).isNull())
        a.duration = std::chrono::minutes{st.getColumn(f + 9).getInt64()};
    a.planned_at = instant_of(st.getColumn(f + 10));
    a.cancelled_at = instant_of(st.getColumn(f + 11));
    a.snoozes = st.getColumn(f + 12).getInt();
    a.outcome = st.getColumn(f + 13).getString();
    if (!st.getColumn(f + 14).isNull()) a.person_id = st.getColumn(f + 14).getInt64();
    if (!st.getColumn(f + 15).isNull()) a.organization_id = st.getColumn(f + 15).getInt64();
    return a;
}

Result<Activity> require_activity(Store& store, std::int64_t id) {
    auto& st = store.statement("SELECT " + activity_columns() + " FROM activities WHERE id = ?");
    st.bind(1, id);
    if (!st.executeStep()) return fail(fmt::format("task {} not found", id), act("task", "list"));
    return read_activity_row(st);
}

Result<std::string> require_subject(Store& store, Subject subject) {
    const auto& s = subject_table(subject.kind);
    auto& st = store.statement(fmt::format("SELECT {} FROM {} WHERE id = ?", s.title, s.table));
    st.bind(1, subject.id);
    if (!st.executeStep())
        return fail(fmt::format("{} {} not found", s.noun, subject.id),
                    subject.kind == Subject::Kind::organization ? act("org", "list")
                    : subject.kind == Subject::Kind::person
                        ? act("person", "list")
                        : act(std::string(s.noun), "list").option("--status", "all"));
    return st.getColumn(0).getString();
}

std::int64_t insert_activity(Store& store, Activity& a, std::optional<std::int64_t> batch) {
    a.id = require_change(store).next_id("activities");
    auto& st = store.statement(
        "INSERT INTO activities (deal_id, lead_id, kind, at, due, done, text, time, duration, "
        "planned_at, cancelled_at, snoozes, outcome, person_id, organization_id, batch_id, id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    bind_columns(st, a);
    if (batch)
        st.bind(16, *batch);
    else
        st.bind(16);
    st.bind(17, a.id);
    st.exec();
    return a.id;
}

void update_activity(Store& store, const Activity& a) {
    auto& st = store.statement(
        "UPDATE activities SET deal_id = ?, lead_id = ?, kind = ?, at = ?, due = ?, done = ?, "
        "text = ?, time = ?, duration = ?, planned_at = ?, cancelled_at = ?, snoozes = ?, "
        "outcome = ?, person_id = ?, organization_id = ? WHERE id = ?");
    bind_columns(st, a);
    st.bind(16, a.id);
    st.exec();
}

void refresh_next_step(Store& store, std::int64_t deal_id) {
    auto& first = store.statement(fmt::format(
        "SELECT text, due FROM activities INDEXED BY activities_open_deal WHERE deal_id = ? "
        "AND {} ORDER BY {} LIMIT 1",
        open_plans, plan_order));
    first.bind(1, deal_id);
    std::string text;
    std::optional<std::string> due;
    if (first.executeStep()) {
        text = first.getColumn(0).getString();
        if (!first.getColumn(1).isNull()) due = first.getColumn(1).getString();
    }
    first.reset();
    auto& write =
        store.statement("UPDATE deals SET next_step = ?1, next_step_due = ?2 WHERE id = ?3 AND "
                        "(next_step IS NOT ?1 OR next_step_due IS NOT ?2)");
    write.bind(1, text);
    if (due)
        write.bind(2, *due);
    else
        write.bind(2);
    write.bind(3, deal_id);
    write.exec();
}

std::vector<std::int64_t> deals_with_wrong_next_step(Store& store) {
    auto first = [](std::string_view column) {
        return fmt::format("(SELECT a.{} FROM activities a INDEXED BY activities_open_deal WHERE "
                           "a.deal_id = d.id AND a.done = 0 AND a.cancelled_at IS NULL ORDER BY "
                           "a.due IS NULL, a.due, a.time IS NULL, a.time, a.id LIMIT 1)",
                           column);
    };
    SQLite::Statement st(store.db(),
                         fmt::format("SELECT d.id FROM deals d WHERE d.next_step IS NOT "
                                     "coalesce({}, '') OR d.next_step_due IS NOT {} ORDER BY d.id",
                                     first("text"), first("due")));
    std::vector<std::int64_t> out;
    while (st.executeStep()) out.push_back(st.getColumn(0).getInt64());
    return out;
}

int cancel_open_plans(Store& store, Deal& deal, Timestamp at) {
    auto& st = store.statement(
        fmt::format("UPDATE activities SET cancelled_at = ? WHERE deal_id = ? AND {}", open_plans));
    st.bind(1, seconds(at));
    st.bind(2, deal.id);
    auto n = st.exec();
    deal.next_step.clear();
    deal.next_step_due.reset();
    return n;
}

int cancel_lead_plans(Store& store, std::int64_t lead_id, Timestamp at) {
    auto& st = store.statement(
        fmt::format("UPDATE activities SET cancelled_at = ? WHERE lead_id = ? AND {}", open_plans));
    st.bind(1, seconds(at));
    st.bind(2, lead_id);
    return st.exec();
}

int move_lead_plans(Store& store, std::int64_t lead_id, std::int64_t deal_id) {
    auto& st = store.statement(fmt::format(
        "UPDATE activities SET deal_id = ?, lead_id = NULL WHERE lead_id = ? AND {}", open_plans));
    st.bind(1, deal_id);
    st.bind(2, lead_id);
    auto n = st.exec();
    if (n > 0) refresh_next_step(store, deal_id);
    return n;
}

void adopt_imported_next_step(Store& store, const Deal& deal, Timestamp now,
                              std::optional<std::int64_t> batch) {
    if (deal.status != DealStatus::open) {
        Deal copy = deal;
        if (cancel_open_plans(store, copy, deal.closed_at.value_or(now)) > 0 ||
            !deal.next_step.empty())
            refresh_next_step(store, deal.id);
        return;
    }
    if (!deal.next_step.empty()) {
        auto& same = store.statement(fmt::format(
            "SELECT id, due FROM activities WHERE deal_id = ? AND {} AND text = ? ORDER BY {} "
            "LIMIT 1",
            open_plans, plan_order));
        same.bind(1, deal.id);
        same.bind(2, deal.next_step);
        if (same.executeStep()) {
            auto id = same.getColumn(0).getInt64();
            std::optional<std::string> due;
            if (!same.getColumn(1).isNull()) due = same.getColumn(1).getString();
            same.reset();
            auto wanted =
                deal.next_step_due ? std::optional(format_date(*deal.next_step_due)) : std::nullopt;
            if (due != wanted) {
                auto& move = store.statement("UPDATE activities SET due = ? WHERE id = ?");
                if (wanted)
                    move.bind(1, *wanted);
                else
                    move.bind(1);
                move.bind(2, id);
                move.exec();
            }
        } else {
            same.reset();
            Activity plan;
            plan.deal_id = deal.id;
            plan.kind = "task";
            plan.at = now;
            plan.planned_at = now;
            plan.done = false;
            plan.due = deal.next_step_due;
            plan.text = deal.next_step;
            insert_activity(store, plan, batch);
        }
    }
    refresh_next_step(store, deal.id);
}

std::optional<Date> clear_due_follow_up(Store& store, std::int64_t lead_id, Date today,
                                        Timestamp now, const std::string& kind) {
    auto& st = store.statement("SELECT follow_up FROM leads WHERE id = ? AND follow_up <= ?");
    st.bind(1, lead_id);
    st.bind(2, format_date(today));
    if (!st.executeStep()) return std::nullopt;
    auto was = parse_iso_date(st.getColumn(0).getString());
    st.reset();
    if (!was) return std::nullopt;
    auto& clear = store.statement("UPDATE leads SET follow_up = NULL, updated_at = ? WHERE id = ?");
    clear.bind(1, seconds(now));
    clear.bind(2, lead_id);
    clear.exec();
    Event e;
    e.at = now;
    e.lead_id = lead_id;
    e.kind = "follow_up_cleared";
    e.from = format_date(*was);
    e.detail = kind;
    append_event(store, e);
    return *was;
}

void plan_figures(Store& store, Timestamp from, Timestamp to, Timestamp now, ActivityFigures& f) {
    auto count = [&](const std::string& sql, const std::vector<std::int64_t>& ints,
                     std::optional<std::string> text = {}) {
        auto& st = store.statement(sql);
        int i = 1;
        for (auto v : ints) st.bind(i++, v);
        if (text) st.bind(i, *text);
        st.executeStep();
        return st.getColumn(0).getInt64();
    };
    f.planned = count("SELECT count(*) FROM activities " + indexed_by("activities_planned_at") +
                          " WHERE "
                          "planned_at >= ? AND planned_at < ?",
                      {seconds(from), seconds(to)});
    f.planned_done = count("SELECT count(*) FROM activities " + indexed_by("activities_done_at") +
                               " WHERE done = 1 AND at >= ? AND at < ? AND planned_at IS NOT NULL",
                           {seconds(from), seconds(to)});
    // Overdue at the end: open now and planned by then, or done or cancelled only since.
    auto end = std::min(to, now);
    auto day = format_date(local_date(end));
    auto open =
        end >= now
            ? count(fmt::format("SELECT count(*) FROM activities {} WHERE {} AND due < ?",
                                indexed_by("activities_open_due"), open_plans),
                    {}, day)
            : count(fmt::format("SELECT count(*) FROM activities {} WHERE {} AND planned_at <= ? "
                                "AND due < ?",
                                indexed_by("activities_open_due"), open_plans),
                    {seconds(end)}, day);
    auto closed_since =
        count("SELECT count(*) FROM activities " + indexed_by("activities_done_at") +
                  " WHERE done = 1 AND at > ? AND planned_at <= ? AND due < ?",
              {seconds(end), seconds(end)}, day) +
        count("SELECT count(*) FROM activities " + indexed_by("activities_cancelled_at") +
                  " WHERE cancelled_at > ? AND planned_at <= ? AND due < ?",
              {seconds(end), seconds(end)}, day);
    f.overdue = open + closed_since;
}

} // namespace detail
} // namespace crm
