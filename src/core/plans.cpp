// Planning activities and what happens to plans: done, snoozed, edited, removed; a deal's next
// step moved, dropped or completed.

#include "pipe/plans.hpp"

#include "change.hpp"
#include "deal_rows.hpp"
#include "lead_rows.hpp"
#include "party_rows.hpp"
#include "plan_rows.hpp"
#include "text.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <fmt/format.h>

namespace crm {

using detail::seconds;

const std::vector<std::string>& plan_kinds() {
    static const std::vector<std::string> kinds{"call", "email", "meeting", "task"};
    return kinds;
}

namespace {

// The command noun of a subject: deal, lead, person, org.
std::string noun_of(Subject::Kind kind) {
    return kind == Subject::Kind::organization ? "org" : std::string(to_string(kind));
}

Result<std::string> plan_kind(const std::string& typed, Subject subject) {
    auto kind = text::lower(text::trim(typed));
    auto noun = noun_of(subject.kind);
    if (kind == "note")
        return fail("a note is logged, not planned",
                    act(noun, "log", subject.id).arg("note").arg("…"), 2);
    if (std::ranges::find(plan_kinds(), kind) == plan_kinds().end())
        return fail(fmt::format("unknown activity kind '{}' to plan", typed),
                    "use call, email, meeting or task", 2);
    return kind;
}

template <class T> Result<T> labelled(Result<T> r, std::string_view what) {
    if (r) return r;
    auto e = r.error();
    e.what = fmt::format("{}: {}", what, e.what);
    return std::unexpected(e);
}

// Set the due date (and a time in it) and the time of day of `a` from what was typed.
Result<void> apply_when(const Book& book, Activity& a, const std::optional<std::string>& due,
                        const std::optional<std::string>& time) {
    bool time_in_due = false;
    if (due) {
        auto when = PIPE_TRY(labelled(read_due(book, *due), "due date"));
        a.due = when.date;
        if (when.time) {
            a.time = when.time;
            time_in_due = true;
        }
    }
    if (time) {
        if (text::iequals(text::trim(*time), "none")) {
            if (time_in_due)
                return fail("the time is given twice: in the due date and --at", "give it once", 2);
            a.time.reset();
            return {};
        }
        if (time_in_due)
            return fail("the time is given twice: in the due date and --at", "give it once", 2);
        if (!a.due) return fail("a time of day needs a due date", "e.g. --due fri --at 14:30", 2);
        a.time = PIPE_TRY(labelled(parse_time_of_day(*time), "time"));
    }
    return {};
}

Result<std::optional<std::chrono::minutes>> duration_of(const std::string& typed) {
    if (text::iequals(text::trim(typed), "none")) return std::optional<std::chrono::minutes>{};
    return std::optional(PIPE_TRY(labelled(parse_duration(typed), "duration")));
}

// The subject exists and takes plans: an open deal, a lead not converted or disqualified, a
// person or an organization (not in the trash).
Result<std::string> plannable(Store& store, Subject subject) {
    if (subject.kind == Subject::Kind::person)
        return PIPE_TRY(detail::require_person(store, subject.id)).name;
    if (subject.kind == Subject::Kind::organization)
        return PIPE_TRY(detail::require_organization(store, subject.id)).name;
    if (subject.kind == Subject::Kind::deal) {
        auto deal = PIPE_TRY(detail::require_deal(store, subject.id));
        if (deal.status != DealStatus::open)
            return fail(fmt::format("deal {} is {}: a closed deal keeps no plans", deal.id,
                                    to_string(deal.status)),
                        act("deal", "reopen", deal.id));
        return deal.title;
    }
    auto lead = PIPE_TRY(detail::require_lead(store, subject.id));
    if (lead.status == "converted")
        return fail(fmt::format("lead {} is converted into deal {}: plan on the deal", lead.id,
                                lead.deal_id.value_or(0)),
                    act("deal", "plan", lead.deal_id.value_or(0)).arg("call").arg("…"));
    if (lead.status == "disqualified")
        return fail(fmt::format("lead {} is disqualified", lead.id),
                    act("lead", "edit", lead.id).option("--status", "new"));
    return lead.name;
}

// What planned activities change on their subject: the rotting clock, a deal's next step.
// A person or an organization keeps no clock: its last touch is read from its activities.
void touch(Store& store, Subject subject, Timestamp now) {
    if (subject.kind == Subject::Kind::person || subject.kind == Subject::Kind::organization)
        return;
    const auto& s = detail::subject_table(subject.kind);
    auto& st = store.statement(
        fmt::format("UPDATE {} SET last_touch_at = max(last_touch_at, ?1){} WHERE id = ?2", s.table,
                    subject.kind == Subject::Kind::lead ? ", updated_at = ?1" : ""));
    st.bind(1, seconds(now));
    st.bind(2, subject.id);
    st.exec();
    if (subject.kind == Subject::Kind::deal) detail::refresh_next_step(store, subject.id);
}

std::string named(Subject s, const std::string& title) {
    return fmt::format("{} {} · {}", to_string(s.kind), s.id, title);
}

std::string due_text(const Activity& a) {
    if (!a.due) return "no date";
    return a.time ? format_date(*a.due) + " " + format_time_of_day(*a.time) : format_date(*a.due);
}

Result<Activity> require_plan(Store& store, std::int64_t id, std::string_view doing) {
    auto a = PIPE_TRY(detail::require_activity(store, id));
    if (a.state() == ActivityState::done)
        return fail(fmt::format("task {} is done already: nothing to {}", id, doing),
                    act(noun_of(a.subject().kind), "show", a.subject().id));
    if (a.state() == ActivityState::cancelled)
        return fail(fmt::format("task {} was cancelled: nothing to {}", id, doing),
                    act(noun_of(a.subject().kind), "plan", a.subject().id)
                        .arg(a.kind)
                        .arg("…")
                        .option("--due", "…"));
    return a;
}

// One change to plan `id`; `work` changes it, then it is written and its subject touched.
Result<Activity> change_plan(Book& book, std::int64_t id, std::string_view doing,
                             const std::function<Result<void>(Activity&)>& work,
                             const std::function<std::string(const Activity&)>& describe) {
    Activity a;
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& c) -> Result<void> {
        a = PIPE_TRY(require_plan(book.store, id, doing));
        PIPE_TRY_VOID(work(a));
        detail::update_activity(book.store, a);
        touch(book.store, a.subject(), book.clock.now());
        c.describe(describe(a));
        return {};
    }));
    return a;
}

Result<Activity> earliest_plan(Store& store, std::int64_t deal_id) {
    auto& st = store.statement(fmt::format(
        "SELECT {} FROM activities INDEXED BY activities_open_deal WHERE deal_id = ? AND done = "
        "0 AND cancelled_at IS NULL ORDER BY {} LIMIT 1",
        detail::activity_columns(), detail::plan_order));
    st.bind(1, deal_id);
    if (!st.executeStep())
        return fail(fmt::format("deal {} has no next step", deal_id),
                    act("deal", "next", deal_id).arg("…").option("--due", "…"));
    return detail::read_activity_row(st);
}

// Complete `a` now (inside a change): done, noted, the subject touched; a lead's due
// follow-up cleared by a call, email or meeting unless kept.
Logged finish(Book& book, Activity a, const DoneOptions& options) {
    auto now = book.clock.now();
    a.done = true;
    a.at = now;
    if (options.note) a.outcome = std::string(text::trim(*options.note));
    detail::update_activity(book.store, a);
    touch(book.store, a.subject(), now);
    Logged out{a, std::nullopt};
    bool contact = a.kind == "call" || a.kind == "email" || a.kind == "meeting";
    if (a.lead_id && contact && !options.keep_follow_up)
        out.cleared_follow_up =
            detail::clear_due_follow_up(book.store, *a.lead_id, book.today(), now, a.kind);
    return out;
}

} // namespace

Result<When> read_due(const Book& book, const std::string& due) {
    return parse_when(due, book.today(), book.date_order());
}

Result<Activity> plan_activity(Book& book, Subject subject, const PlanInput& in) {
    Activity a;
    a.kind = PIPE_TRY(plan_kind(in.kind, subject));
    a.text = std::string(text::trim(in.text));
    if (a.text.empty())
        return fail("the plan's text is empty",
                    act(noun_of(subject.kind), "plan", subject.id)
                        .arg(a.kind)
                        .arg("Call the CFO")
                        .option("--due", "fri"),
                    2);
    PIPE_TRY_VOID(apply_when(book, a, in.due, in.time));
    if (in.duration) a.duration = PIPE_TRY(duration_of(*in.duration));
    auto now = book.clock.now();
    a.done = false;
    a.at = now;
    a.planned_at = now;
    switch (subject.kind) {
    case Subject::Kind::deal:
        a.deal_id = subject.id;
        break;
    case Subject::Kind::lead:
        a.lead_id = subject.id;
        break;
    case Subject::Kind::person:
        a.person_id = subject.id;
        break;
    case Subject::Kind::organization:
        a.organization_id = subject.id;
        break;
    }
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& c) -> Result<void> {
        auto title = PIPE_TRY(plannable(book.store, subject));
        detail::insert_activity(book.store, a);
        touch(book.store, subject, now);
        c.describe(fmt::format("planned a {} on {} ({}): {}", a.kind, named(subject, title),
                               due_text(a), a.text));
        return {};
    }));
    return a;
}

Result<Logged> complete_task(Book& book, std::int64_t id, const DoneOptions& options) {
    Logged out;
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& c) -> Result<void> {
        auto a = PIPE_TRY(require_plan(book.store, id, "do"));
        out = finish(book, a, options);
        c.describe(fmt::format("did task {} ({} on {} {}): {}", id, a.kind,
                               to_string(a.subject().kind), a.subject().id, a.text));
        return {};
    }));
    return out;
}

Result<Activity> snooze_task(Book& book, std::int64_t id, const std::string& when_text) {
    auto when = PIPE_TRY(labelled(read_due(book, when_text), "snooze to"));
    if (when.date < book.today())
        return fail(fmt::format("snoozing task {} to {} would leave it overdue", id,
                                format_date(when.date)),
                    "snooze to today or later, e.g. +2d or tomorrow 9am");
    return change_plan(
        book, id, "snooze",
        [&](Activity& a) -> Result<void> {
            if (!a.due || when.date > *a.due) ++a.snoozes;
            a.due = when.date;
            if (when.time) a.time = when.time;
            return {};
        },
        [&](const Activity& a) {
            return fmt::format("snoozed task {} ({}) to {}", id, a.text, due_text(a));
        });
}

Result<Activity> edit_task(Book& book, std::int64_t id, const TaskEdit& e) {
    if (!e.kind && !e.text && !e.due && !e.time && !e.duration)
        return fail("nothing to change", act("task", "edit", id).option("--due", "…"), 2);
    return change_plan(
        book, id, "edit",
        [&](Activity& a) -> Result<void> {
            if (e.kind) a.kind = PIPE_TRY(plan_kind(*e.kind, a.subject()));
            if (e.text) {
                auto t = std::string(text::trim(*e.text));
                if (t.empty())
                    return fail("the plan's text is empty",
                                act("task", "edit", id).option("--text", "…"), 2);
                a.text = t;
            }
            PIPE_TRY_VOID(apply_when(book, a, e.due, e.time));
            if (e.duration) a.duration = PIPE_TRY(duration_of(*e.duration));
            return {};
        },
        [&](const Activity& a) { return fmt::format("edited task {} ({})", id, a.text); });
}

Result<Activity> remove_task(Book& book, std::int64_t id) {
    Activity a;
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& c) -> Result<void> {
        a = PIPE_TRY(detail::require_activity(book.store, id));
        auto& st = book.store.statement("DELETE FROM activities WHERE id = ?");
        st.bind(1, id);
        st.exec();
        if (a.deal_id) detail::refresh_next_step(book.store, *a.deal_id);
        c.describe(fmt::format("removed {} {} {} on {} {}: {}", to_string(a.state()), a.kind, id,
                               to_string(a.subject().kind), a.subject().id, a.text));
        return {};
    }));
    return a;
}

Result<std::optional<Activity>> next_step_of(Book& book, std::int64_t deal_id) {
    std::optional<Activity> out;
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        PIPE_TRY_VOID(detail::require_deal(book.store, deal_id));
        if (auto a = earliest_plan(book.store, deal_id)) out = *a;
        return {};
    }));
    return out;
}

Result<Deal> reschedule_next_step(Book& book, std::int64_t deal_id, const std::string& when_text) {
    auto when = PIPE_TRY(labelled(read_due(book, when_text), "due date"));
    Deal deal;
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& c) -> Result<void> {
        deal = PIPE_TRY(detail::require_deal(book.store, deal_id));
        auto a = PIPE_TRY(earliest_plan(book.store, deal_id));
        if (a.due && when.date > *a.due) ++a.snoozes;
        a.due = when.date;
        if (when.time) a.time = when.time;
        detail::update_activity(book.store, a);
        touch(book.store, a.subject(), book.clock.now());
        deal = *detail::find_deal(book.store, deal_id);
        c.describe(fmt::format("moved the next step of deal {} · {} to {}: {}", deal_id, deal.title,
                               due_text(a), a.text));
        return {};
    }));
    return deal;
}

Result<Deal> drop_next_step(Book& book, std::int64_t deal_id) {
    Deal deal;
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& c) -> Result<void> {
        PIPE_TRY_VOID(detail::require_deal(book.store, deal_id));
        auto a = PIPE_TRY(earliest_plan(book.store, deal_id));
        a.cancelled_at = book.clock.now();
        detail::update_activity(book.store, a);
        detail::refresh_next_step(book.store, deal_id);
        deal = *detail::find_deal(book.store, deal_id);
        c.describe(
            fmt::format("dropped the next step of deal {} · {}: {}", deal_id, deal.title, a.text));
        return {};
    }));
    return deal;
}

Result<Deal> complete_and_plan(Book& book, std::int64_t deal_id, std::optional<std::string> note,
                               std::optional<PlanInput> next) {
    Deal deal;
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& c) -> Result<void> {
        PIPE_TRY_VOID(detail::require_deal(book.store, deal_id));
        auto a = PIPE_TRY(earliest_plan(book.store, deal_id));
        finish(book, a, DoneOptions{note, false});
        std::string then;
        if (next) {
            auto planned = PIPE_TRY(plan_activity(book, {Subject::Kind::deal, deal_id}, *next));
            then = fmt::format("; next: {} ({})", planned.text, due_text(planned));
        }
        deal = *detail::find_deal(book.store, deal_id);
        c.describe(fmt::format("completed the next step of deal {} · {}: {}{}", deal_id, deal.title,
                               a.text, then));
        return {};
    }));
    return deal;
}

} // namespace crm
