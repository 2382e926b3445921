#include "pipe/deals.hpp"

#include "change.hpp"
#include "deal_rows.hpp"
#include "names.hpp"
#include "pipe/plans.hpp"
#include "plan_rows.hpp"
#include "text.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <set>

namespace crm {

namespace {

Result<const Pipeline*> pipeline_of(Book& book, const Deal& deal) {
    auto pipeline = book.stages.pipeline(deal.pipeline);
    if (!pipeline)
        return fail(
            fmt::format("deal {} is in pipeline \"{}\", which the stage file no longer defines",
                        deal.id, deal.pipeline),
            "add the pipeline back to " + book.stages.source);
    return *pipeline;
}

// Put a deal into `stage` at `at`, closing or reopening it as the stage's kind says.
void enter_stage(Store& store, Deal& deal, const Stage& stage, Timestamp at,
                 const std::string& detail) {
    auto from = deal.stage;
    auto was = deal.status;
    std::string kind = "stage";
    // A closed deal keeps no plans: they would show as overdue, and come back so on reopen.
    if (stage.kind != StageKind::open) detail::cancel_open_plans(store, deal, at);
    if (stage.kind == StageKind::won) {
        kind = "won";
        deal.status = DealStatus::won;
        deal.closed_at = at;
    } else if (stage.kind == StageKind::lost) {
        kind = "lost";
        deal.status = DealStatus::lost;
        deal.closed_at = at;
        deal.lost_reason = detail;
    } else {
        if (was != DealStatus::open) kind = "reopened";
        deal.status = DealStatus::open;
        deal.closed_at.reset();
        deal.lost_reason.clear();
    }
    deal.stage = stage.name;
    deal.stage_entered_at = at;
    deal.last_touch_at = std::max(deal.last_touch_at, at);
    detail::update_deal(store, deal);
    append_event(store, detail::deal_event(deal, at, kind, from, stage.name, detail));
}

// One change of deal `id`; `describe` words it for the journal once `work` has run.
Result<Deal> change(Book& book, std::int64_t id, const std::function<Result<void>(Deal&)>& work,
                    const std::function<std::string(const Deal&)>& describe) {
    Deal deal;
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& c) -> Result<void> {
        deal = PIPE_TRY(detail::require_deal(book.store, id));
        PIPE_TRY_VOID(work(deal));
        c.describe(describe(deal));
        return {};
    }));
    return deal;
}

std::string named(const Deal& d) {
    return fmt::format("deal {} · {}", d.id, d.title);
}

std::string reason_of(const std::string& reason) {
    return std::string(text::trim(reason));
}

// A lost reason as stored: the stage file's spelling when it lists the reason.
std::string lost_reason_of(const Book& book, const std::string& reason) {
    const auto* listed = book.stages.lost_reason(reason);
    return listed ? *listed : reason_of(reason);
}

// Every (pipeline, stage) that holds deals, from the kept totals (a row per pipeline, stage,
// status, currency and probability, kept with every deal by triggers and checked by doctor):
// one small read instead of seeks through the deals.
std::set<std::pair<std::string, std::string>> distinct_stages(Store& store) {
    std::set<std::pair<std::string, std::string>> out;
    auto& st = store.statement("SELECT DISTINCT pipeline, stage FROM deal_totals WHERE deals > 0");
    while (st.executeStep()) out.emplace(st.getColumn(0).getString(), st.getColumn(1).getString());
    return out;
}

} // namespace

Result<Deal> move_deal(Book& book, std::int64_t id, const std::string& stage_text,
                       const std::string& note) {
    return change(
        book, id,
        [&](Deal& deal) -> Result<void> {
            const auto* pipeline = PIPE_TRY(pipeline_of(book, deal));
            const auto* stage = PIPE_TRY(pipeline->match(stage_text));
            if (text::iequals(stage->name, deal.stage))
                return fail(fmt::format("deal {} is already in {}", id, stage->name),
                            act("deal", "show", id));
            if (stage->kind == StageKind::lost && reason_of(note).empty())
                return fail(fmt::format("losing deal {} needs a reason", id),
                            act("deal", "lost", id).option("--reason", "price"));
            enter_stage(book.store, deal, *stage, book.clock.now(),
                        stage->kind == StageKind::lost ? lost_reason_of(book, note)
                                                       : reason_of(note));
            return {};
        },
        [](const Deal& d) { return fmt::format("moved {} to {}", named(d), d.stage); });
}

Result<Deal> win_deal(Book& book, std::int64_t id, std::optional<std::string> value,
                      std::optional<std::string> date) {
    return change(
        book, id,
        [&](Deal& deal) -> Result<void> {
            const auto* pipeline = PIPE_TRY(pipeline_of(book, deal));
            if (deal.status == DealStatus::won)
                return fail(fmt::format("deal {} is already won", id), act("deal", "reopen", id));
            auto now = book.clock.now();
            auto at = now;
            if (date) {
                auto day = PIPE_TRY(detail::parse_optional_date(*date, book, "won date"));
                if (!day) return fail("--date needs a date", "e.g. --date today", 2);
                if (*day > book.today())
                    return fail(fmt::format("won date {} is in the future", format_date(*day)),
                                "use today or a past date");
                if (*day < local_date(deal.created_at))
                    return fail(fmt::format("won date {} is before deal {} was created ({})",
                                            format_date(*day), id,
                                            format_date(local_date(deal.created_at))),
                                "use a date on or after its creation");
                if (*day < local_date(deal.stage_entered_at))
                    return fail(fmt::format("won date {} is before deal {} entered {} ({})",
                                            format_date(*day), id, deal.stage,
                                            format_date(local_date(deal.stage_entered_at))),
                                "use a date on or after it");
                if (*day < book.today())
                    at = std::max(PIPE_TRY(within_years(
                                      local_midnight(*day) + std::chrono::hours(12), *date)),
                                  deal.stage_entered_at);
            }
            if (value) {
                auto minor = parse_amount(*value, currency_digits(deal.value.currency));
                if (!minor) {
                    auto error = minor.error();
                    error.what = "value: " + error.what;
                    return std::unexpected(error);
                }
                if (*minor < 0)
                    return fail(fmt::format("value: '{}' is negative", text::trim(*value)),
                                "a deal's value is 0 or more");
                if (*minor != deal.value.minor) {
                    append_event(book.store, detail::deal_event(deal, at, "value",
                                                                std::to_string(deal.value.minor),
                                                                std::to_string(*minor)));
                    deal.value.minor = *minor;
                }
            }
            enter_stage(book.store, deal, pipeline->won(), at, "");
            return {};
        },
        [](const Deal& d) { return "won " + named(d); });
}

Result<Deal> lose_deal(Book& book, std::int64_t id, const std::string& reason) {
    return change(
        book, id,
        [&](Deal& deal) -> Result<void> {
            const auto* pipeline = PIPE_TRY(pipeline_of(book, deal));
            if (reason_of(reason).empty())
                return fail(fmt::format("losing deal {} needs a reason", id),
                            act("deal", "lost", id).option("--reason", "price"), 2);
            if (deal.status == DealStatus::lost)
                return fail(fmt::format("deal {} is already lost", id), act("deal", "reopen", id));
            enter_stage(book.store, deal, pipeline->lost(), book.clock.now(),
                        lost_reason_of(book, reason));
            return {};
        },
        [](const Deal& d) { return fmt::format("lost {} ({})", named(d), d.lost_reason); });
}

Result<Deal> reopen_deal(Book& book, std::int64_t id, std::optional<std::string> stage_text) {
    return change(
        book, id,
        [&](Deal& deal) -> Result<void> {
            const auto* pipeline = PIPE_TRY(pipeline_of(book, deal));
            if (deal.status == DealStatus::open)
                return fail(fmt::format("deal {} is open already", id),
                            act("deal", "move", id).arg("STAGE"));
            const Stage* stage = nullptr;
            if (stage_text) {
                stage = PIPE_TRY(pipeline->match(*stage_text));
                if (stage->kind != StageKind::open)
                    return fail(fmt::format("reopen needs an open stage, not \"{}\"", stage->name),
                                "stages: " + pipeline->names());
            } else {
                auto events = deal_events(book.store, id);
                for (auto it = events.rbegin(); it != events.rend() && !stage; ++it)
                    if ((it->kind == "won" || it->kind == "lost") && it->from)
                        if (const auto* s = pipeline->find(*it->from);
                            s && s->kind == StageKind::open)
                            stage = s;
                if (!stage) stage = &pipeline->first_open();
            }
            enter_stage(book.store, deal, *stage, book.clock.now(), "");
            return {};
        },
        [](const Deal& d) { return fmt::format("reopened {} into {}", named(d), d.stage); });
}

Result<Deal> set_next_step(Book& book, std::int64_t id, const std::string& step,
                           std::optional<std::string> due) {
    if (reason_of(step).empty())
        return fail("the next step is empty",
                    act("deal", "next", id).arg("Send the proposal").option("--due", "fri"), 2);
    PIPE_TRY_VOID(
        plan_activity(book, {Subject::Kind::deal, id}, PlanInput{"task", step, due, {}, {}}));
    return get_deal(book, id);
}

Result<Deal> complete_next_step(Book& book, std::int64_t id) {
    return complete_and_plan(book, id, std::nullopt, std::nullopt);
}

Result<std::vector<Deal>> deals_in_undefined_stages(Book& book) {
    std::vector<Deal> out;
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        std::set<std::pair<std::string, std::string>> missing;
        for (const auto& [pipeline, stage] : distinct_stages(book.store)) {
            auto p = book.stages.pipeline(pipeline);
            if (!p || !(*p)->find(stage)) missing.emplace(pipeline, stage);
        }
        for (const auto& [pipeline, stage] : missing) {
            auto& rows =
                book.store.statement("SELECT " + deal_columns() +
                                     " FROM deals WHERE pipeline = ? AND stage = ? ORDER BY id");
            rows.bind(1, pipeline);
            rows.bind(2, stage);
            while (rows.executeStep()) out.push_back(read_deal_row(rows));
        }
        return {};
    }));
    return out;
}

namespace {

// A renamed stage's deals keep their status: the new stage must be of the kind it says.
Result<void> check_kind(Store& store, const Pipeline& pipeline, const std::string& stage,
                        const Stage& target) {
    SQLite::Statement statuses(store.db(), "SELECT status, count(*) FROM deals WHERE pipeline = "
                                           "? AND stage = ? GROUP BY status ORDER BY status");
    statuses.bind(1, pipeline.name);
    statuses.bind(2, stage);
    while (statuses.executeStep()) {
        auto status = statuses.getColumn(0).getString();
        if (status == to_string(target.kind)) continue;
        auto n = statuses.getColumn(1).getInt64();
        auto what = fmt::format("stage \"{}\" holds {} {} deal{}, and \"{}\" is a{} {} stage",
                                stage, n, status, n == 1 ? "" : "s", target.name,
                                target.kind == StageKind::open ? "n" : "", to_string(target.kind));
        if (status == "won")
            return fail(what, act("stages", "rename").arg(stage).arg(pipeline.won().name));
        if (status == "lost")
            return fail(what, act("stages", "rename").arg(stage).arg(pipeline.lost().name));
        std::vector<std::string> open;
        for (const auto& s : pipeline.stages)
            if (s.kind == StageKind::open) open.push_back(s.name);
        return fail(what, "rename it to an open stage: " + text::join(open, ", "));
    }
    return {};
}

// Deals, history and stage exits of `stage` in `pipeline` renamed to `target`; the deals moved.
std::int64_t rename_in(Store& store, const std::string& pipeline, const std::string& stage,
                       const std::string& target) {
    SQLite::Statement events_from(
        store.db(), "UPDATE events SET from_value = ?1 WHERE from_value = ?3 COLLATE NOCASE "
                    "AND kind IN ('stage','won','lost','reopened') AND deal_id IN "
                    "(SELECT id FROM deals WHERE pipeline = ?2)");
    SQLite::Statement events_to(
        store.db(), "UPDATE events SET to_value = ?1 WHERE to_value = ?3 COLLATE NOCASE "
                    "AND kind IN ('created','stage','won','lost','reopened') AND deal_id IN "
                    "(SELECT id FROM deals WHERE pipeline = ?2)");
    SQLite::Statement exits(store.db(), "UPDATE stage_exits SET stage = ?1 WHERE "
                                        "pipeline = ?2 AND stage = ?3 COLLATE NOCASE");
    SQLite::Statement exits_to(store.db(), "UPDATE stage_exits SET to_stage = ?1 WHERE pipeline "
                                           "= ?2 AND to_stage = ?3 COLLATE NOCASE");
    SQLite::Statement deals(store.db(),
                            "UPDATE deals SET stage = ?1 WHERE pipeline = ?2 AND stage = ?3");
    for (auto* st : {&events_from, &events_to, &exits, &exits_to, &deals}) {
        st->bind(1, target);
        st->bind(2, pipeline);
        st->bind(3, stage);
    }
    for (auto* st : {&events_from, &events_to, &exits, &exits_to}) st->exec();
    return deals.exec();
}

} // namespace

Result<std::vector<StageRename>> rename_stage(Book& book, const std::string& from,
                                              const std::string& to) {
    std::vector<StageRename> out;
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& change) -> Result<void> {
        auto wanted = text::trim(from);
        std::vector<std::pair<std::string, std::string>> held;
        for (const auto& [pipeline, stage] : distinct_stages(book.store))
            if (detail::same_name(stage, wanted)) held.emplace_back(pipeline, stage);
        if (held.empty())
            return fail(fmt::format("no deal is in a stage named \"{}\"", wanted),
                        act("stages", ""));
        std::int64_t moved = 0;
        for (const auto& [name, stage] : held) {
            const auto* pipeline = PIPE_TRY(book.stages.pipeline(name));
            if (const auto* defined = pipeline->find(stage))
                return fail(fmt::format("stage \"{}\" is still defined in pipeline \"{}\"",
                                        defined->name, pipeline->name),
                            "rename it in the stage file first");
            const auto* target = PIPE_TRY(pipeline->match(to));
            PIPE_TRY_VOID(check_kind(book.store, *pipeline, stage, *target));
            auto n = rename_in(book.store, pipeline->name, stage, target->name);
            moved += n;
            if (!out.empty() && out.back().pipeline == pipeline->name)
                out.back().deals += n;
            else
                out.push_back({pipeline->name, stage, target->name, n});
        }
        change.describe(fmt::format("renamed stage \"{}\" to \"{}\" on {} deal{}", out.front().from,
                                    out.front().to, moved, moved == 1 ? "" : "s"));
        return {};
    }));
    return out;
}

} // namespace crm
