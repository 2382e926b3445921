// Importing activities, logged and planned (Pipedrive's activity export among others): a row
// with a due date and not done is a plan; re-importing a file finds its rows again.

#include "../change.hpp"
#include "../deal_rows.hpp"
#include "../plan_rows.hpp"
#include "../text.hpp"
#include "import_rows.hpp"
#include "pipe/activities.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <fmt/format.h>

namespace crm::io::detail {

namespace {

// In the order of field_names(RecordType::activities).
enum A {
    deal_external_id,
    lead_external_id,
    kind,
    at,
    due,
    done,
    text_field,
    due_time,
    duration,
    planned_at,
    cancelled_at,
    outcome
};

// `Done` / `To do` (Pipedrive), true / false, yes / no, 1 / 0.
std::optional<bool> done_of(std::string_view cell) {
    auto d = text::lower(text::trim(cell));
    for (const char* yes : {"1", "true", "yes", "done", "completed", "y"})
        if (d == yes) return true;
    for (const char* no : {"0", "false", "no", "to do", "todo", "not done", "undone", "open",
                           "planned", "pending", "n"})
        if (d == no) return false;
    return std::nullopt;
}

// Pipedrive's types beyond pipe's: a deadline is a task, a lunch a meeting.
std::string kind_of(std::string_view cell) {
    auto k = text::lower(text::trim(cell));
    if (k == "deadline") return "task";
    if (k == "lunch") return "meeting";
    return k;
}

bool same_plan(const Activity& a, const Activity& b) {
    return a.kind == b.kind && a.due == b.due && a.time == b.time && a.duration == b.duration &&
           a.done == b.done && a.cancelled_at.has_value() == b.cancelled_at.has_value() &&
           a.outcome == b.outcome && a.text == b.text;
}

class ActivityImporter final : public RowImporter {
  public:
    explicit ActivityImporter(ImportContext& ctx) : ctx_(ctx) {}

    Outcome import(RowView& row) override {
        auto& store = ctx_.book.store;
        Activity a;
        read(row, a);
        if (row.failed()) return Outcome::invalid;
        if (a.done) {
            if (logged_exists(a)) return Outcome::unchanged;
            if (auto plan = open_plan(a); plan && plan->state() == ActivityState::planned) {
                auto updated = *plan;
                updated.done = true;
                updated.at = a.at;
                updated.kind = a.kind;
                if (!a.outcome.empty()) updated.outcome = a.outcome;
                crm::detail::update_activity(store, updated);
                after_write(updated);
                return Outcome::updated;
            }
        } else if (auto plan = open_plan(a)) {
            // Done or cancelled here since: the book knows more than the file.
            if (plan->state() != ActivityState::planned && a.state() == ActivityState::planned)
                return Outcome::unchanged;
            auto updated = a;
            updated.id = plan->id;
            if (!at_given_) {
                updated.at = plan->at;
                updated.planned_at = plan->planned_at;
            }
            if (same_plan(updated, *plan) && updated.at == plan->at &&
                updated.planned_at == plan->planned_at)
                return Outcome::unchanged;
            crm::detail::update_activity(store, updated);
            after_write(updated);
            return Outcome::updated;
        }
        crm::detail::insert_activity(store, a, ctx_.batch);
        after_write(a);
        return Outcome::added;
    }

  private:
    void read(RowView& row, Activity& a) {
        auto deal_ext = row.get(deal_external_id), lead_ext = row.get(lead_external_id);
        if (deal_ext) {
            a.deal_id = subject("deals", "deal", *deal_ext);
            if (!a.deal_id)
                row.error(deal_external_id,
                          "no deal has this external id (import the deals first)");
        } else if (lead_ext) {
            a.lead_id = subject("leads", "lead", *lead_ext);
            if (!a.lead_id)
                row.error(lead_external_id,
                          "no lead has this external id (import the leads first)");
        } else {
            row.row_error("an activity needs a deal_external_id or a lead_external_id");
        }
        a.kind = kind_of(row.get(kind).value_or(""));
        const auto& kinds = activity_kinds();
        if (std::ranges::find(kinds, a.kind) == kinds.end())
            row.error(kind, "unknown kind (call, email, meeting, note or task)");
        auto now = ctx_.book.clock.now();
        std::optional<Timestamp> at_cell;
        if (auto v = row.get(at)) {
            if (auto t = ctx_.dates.instant(*v, row.source(at)))
                at_cell = *t;
            else
                row.error(at, t.error().what);
        }
        if (auto v = row.get(due)) {
            if (auto d = ctx_.dates.date(*v, row.source(due)))
                a.due = *d;
            else
                row.error(due, d.error().what);
        }
        if (auto v = row.get(due_time)) {
            if (auto t = parse_time_of_day(*v))
                a.time = *t;
            else
                row.error(due_time, t.error().what);
            if (!a.due) row.error(due_time, "a time of day needs a due date");
        }
        if (auto v = row.get(duration)) {
            auto trimmed = text::trim(*v);
            bool zero = std::ranges::all_of(trimmed, [](char c) { return c == '0' || c == ':'; });
            if (!zero) {
                if (auto d = parse_duration(trimmed))
                    a.duration = *d;
                else
                    row.error(duration, d.error().what);
            }
        }
        a.done = !a.due;
        if (auto v = row.get(done)) {
            if (auto d = done_of(*v))
                a.done = *d;
            else
                row.error(done, "done is true or false (Done or To do)");
        }
        for (auto [field, target] :
             {std::pair{planned_at, &a.planned_at}, std::pair{cancelled_at, &a.cancelled_at}})
            if (auto v = row.get(field)) {
                if (auto t = ctx_.dates.instant(*v, row.source(field)))
                    *target = *t;
                else
                    row.error(field, t.error().what);
            }
        if (a.done && a.cancelled_at) row.error(cancelled_at, "a done activity is not cancelled");
        a.text = std::string(row.get(text_field).value_or(""));
        if (a.text.empty()) row.error(text_field, "an activity needs a text");
        a.outcome = std::string(row.get(outcome).value_or(""));
        // When it happened: as given; a done plan, when it was due; else now.
        at_given_ = at_cell.has_value();
        if (at_cell)
            a.at = *at_cell;
        else if (a.done && a.due)
            a.at = a.time ? local_instant(*a.due, *a.time)
                          : local_midnight(*a.due) + std::chrono::hours(12);
        else
            a.at = now;
        if (!a.done && !a.planned_at) a.planned_at = at_cell.value_or(now);
        // A closed deal keeps no open plans.
        if (!a.done && !a.cancelled_at && a.deal_id) {
            auto& closed = ctx_.book.store.statement(
                "SELECT closed_at FROM deals WHERE id = ? AND status <> 'open'");
            closed.bind(1, *a.deal_id);
            if (closed.executeStep())
                a.cancelled_at = closed.getColumn(0).isNull()
                                     ? now
                                     : crm::detail::from_seconds(closed.getColumn(0).getInt64());
        }
    }

    static void bind_subject(SQLite::Statement& st, const Activity& a) {
        if (a.deal_id)
            st.bind(1, *a.deal_id);
        else
            st.bind(1);
        if (a.lead_id)
            st.bind(2, *a.lead_id);
        else
            st.bind(2);
    }

    bool logged_exists(const Activity& a) {
        auto& exists = ctx_.book.store.statement(
            "SELECT 1 FROM activities WHERE deal_id IS ? AND lead_id IS ? AND kind = ? AND at = ? "
            "AND text = ? AND done = 1");
        bind_subject(exists, a);
        exists.bind(3, a.kind);
        exists.bind(4, crm::detail::seconds(a.at));
        exists.bind(5, a.text);
        return exists.executeStep();
    }

    // The plan (open first, then any) on the same record with the same text and due date.
    std::optional<Activity> open_plan(const Activity& a) {
        if (!a.due) return std::nullopt;
        auto& st = ctx_.book.store.statement(
            "SELECT " + crm::detail::activity_columns() +
            " FROM activities WHERE deal_id IS ? AND lead_id IS ? AND text = ? AND due = ? AND "
            "planned_at IS NOT NULL ORDER BY done, cancelled_at IS NOT NULL, kind <> ?, id LIMIT "
            "1");
        bind_subject(st, a);
        st.bind(3, a.text);
        st.bind(4, format_date(*a.due));
        st.bind(5, a.kind);
        if (!st.executeStep()) return std::nullopt;
        auto found = crm::detail::read_activity_row(st);
        st.reset();
        return found;
    }

    // A done activity resets its record's rotting clock; a deal's next step follows its plans.
    void after_write(const Activity& a) {
        auto& store = ctx_.book.store;
        if (a.done) {
            SQLite::Statement touch(store.db(),
                                    fmt::format("UPDATE {} SET last_touch_at = max(last_touch_at, "
                                                "?) WHERE id = ?",
                                                a.deal_id ? "deals" : "leads"));
            touch.bind(1, crm::detail::seconds(a.at));
            touch.bind(2, a.deal_id ? *a.deal_id : *a.lead_id);
            touch.exec();
        }
        if (a.deal_id) crm::detail::refresh_next_step(store, *a.deal_id);
    }

    std::optional<std::int64_t> subject(const std::string& table, std::string_view noun,
                                        std::string_view ext) {
        auto& st = ctx_.book.store.statement("SELECT id FROM " + table + " WHERE external_id = ?");
        st.bind(1, std::string(ext));
        if (st.executeStep()) return st.getColumn(0).getInt64();
        if (auto id = synthetic_of(ctx_.book.store, noun, ext)) {
            auto& by_id = ctx_.book.store.statement("SELECT id FROM " + table +
                                                    " WHERE id = ? AND external_id IS NULL");
            by_id.bind(1, *id);
            if (by_id.executeStep()) return *id;
        }
        return std::nullopt;
    }

    ImportContext& ctx_;
    bool at_given_ = false; // whether the row being read gave when it happened
};

} // namespace

std::unique_ptr<RowImporter> activity_importer(ImportContext& ctx) {
    return std::make_unique<ActivityImporter>(ctx);
}

} // namespace crm::io::detail
