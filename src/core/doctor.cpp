#include "pipe/doctor.hpp"

#include "change.hpp"
#include "derived_tables.hpp"
#include "pipe/deals.hpp"
#include "plan_rows.hpp"
#include "row_images.hpp"
#include "search_index.hpp"
#include "stage_exits.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <fmt/format.h>
#include <map>

namespace crm {

namespace {

using detail::Derived;
constexpr const auto& derived = detail::derived_definitions;

std::int64_t count(SQLite::Database& db, const std::string& sql) {
    return db.execAndGet(sql).getInt64();
}

// A link to an organization or a person, and the rows whose link points nowhere (not even
// into the trash).
struct PartyLink {
    std::string_view table;
    std::string_view column;
    std::string_view target;
    std::string dangling;
};

const std::vector<PartyLink>& party_links() {
    static const std::vector<PartyLink> links = [] {
        std::vector<PartyLink> out;
        struct Spec {
            std::string_view table, column, target, kind;
        };
        for (auto s : {Spec{"deals", "organization_id", "organizations", "organization"},
                       Spec{"deals", "contact_id", "persons", "person"},
                       Spec{"leads", "organization_id", "organizations", "organization"},
                       Spec{"leads", "person_id", "persons", "person"},
                       Spec{"persons", "organization_id", "organizations", "organization"}}) {
            out.push_back({s.table, s.column, s.target == "persons" ? "people" : "organizations",
                           fmt::format("{0} IS NOT NULL AND {0} NOT IN (SELECT id FROM {1}) AND "
                                       "{0} NOT IN (SELECT record_id FROM trash WHERE kind = "
                                       "'{2}')",
                                       s.column, s.target, s.kind)});
        }
        return out;
    }();
    return links;
}

// Rows in which a derived table and its rebuild differ (either way).
std::int64_t differences(SQLite::Database& db, const Derived& d) {
    return count(db, fmt::format("SELECT (SELECT count(*) FROM (SELECT {0} FROM {1} EXCEPT {2})) + "
                                 "(SELECT count(*) FROM ({2} EXCEPT SELECT {0} FROM {1}))",
                                 d.columns, d.table, d.rebuild));
}

using Exits =
    std::vector<std::tuple<std::string, std::string, std::string, std::int64_t, std::int64_t>>;

// Deals whose kept stage exits differ from the ones their events make; one ordered pass over
// each table.
std::vector<std::int64_t> deals_with_wrong_exits(Store& store) {
    std::map<std::int64_t, Exits> kept;
    std::vector<std::int64_t> wrong;
    SQLite::Statement exits(store.db(), "SELECT deal_id, pipeline, stage, to_stage, entered_at, "
                                        "left_at FROM stage_exits ORDER BY deal_id");
    SQLite::Statement events(
        store.db(), "SELECT e.deal_id, e.id, e.at, e.kind, e.from_value, e.to_value, d.pipeline "
                    "FROM events e JOIN deals d ON d.id = e.deal_id WHERE e.kind IN ('created', "
                    "'stage', 'won', 'lost', 'reopened') ORDER BY e.deal_id, e.at, e.id");
    bool more_exits = exits.executeStep(), more_events = events.executeStep();
    auto next_deal = [&] {
        std::int64_t a = more_exits ? exits.getColumn(0).getInt64() : INT64_MAX;
        std::int64_t b = more_events ? events.getColumn(0).getInt64() : INT64_MAX;
        return std::min(a, b);
    };
    for (auto deal = next_deal(); deal != INT64_MAX; deal = next_deal()) {
        Exits have, want;
        while (more_exits && exits.getColumn(0).getInt64() == deal) {
            have.emplace_back(exits.getColumn(1).getString(), exits.getColumn(2).getString(),
                              exits.getColumn(3).getString(), exits.getColumn(4).getInt64(),
                              exits.getColumn(5).getInt64());
            more_exits = exits.executeStep();
        }
        std::vector<Event> history;
        std::string pipeline;
        while (more_events && events.getColumn(0).getInt64() == deal) {
            Event e;
            e.deal_id = deal;
            e.id = events.getColumn(1).getInt64();
            e.at = Timestamp{std::chrono::seconds{events.getColumn(2).getInt64()}};
            e.kind = events.getColumn(3).getString();
            if (!events.getColumn(4).isNull()) e.from = events.getColumn(4).getString();
            if (!events.getColumn(5).isNull()) e.to = events.getColumn(5).getString();
            pipeline = events.getColumn(6).getString();
            history.push_back(std::move(e));
            more_events = events.executeStep();
        }
        for (const auto& x : detail::exits_of(deal, pipeline, std::move(history)))
            want.emplace_back(x.pipeline, x.stage, x.to_stage, x.entered_at, x.left_at);
        std::ranges::sort(have);
        std::ranges::sort(want);
        if (have != want) wrong.push_back(deal);
    }
    return wrong;
}

void check_file(SQLite::Database& db, DoctorReport& r) {
    SQLite::Statement st(db, "PRAGMA integrity_check(20)");
    std::vector<std::string> problems;
    while (st.executeStep())
        if (auto line = st.getColumn(0).getString(); line != "ok") problems.push_back(line);
    for (const auto& p : problems)
        r.findings.push_back({"file", "the file is damaged: " + p,
                              "restore a backup (pipe backup FILE makes one), or export what still "
                              "reads with pipe export --all",
                              false});
}

void check_links(SQLite::Database& db, DoctorReport& r) {
    struct Link {
        const char* sql;
        const char* problem;
        const char* fix;
        bool fixable;
    };
    const Link links[] = {
        {"SELECT count(*) FROM events WHERE deal_id IS NOT NULL AND deal_id NOT IN (SELECT id FROM "
         "deals)",
         "{} history rows belong to deals that do not exist",
         "restore the deals from a backup; the rows are otherwise unused", false},
        {"SELECT count(*) FROM events WHERE lead_id IS NOT NULL AND lead_id NOT IN (SELECT id FROM "
         "leads)",
         "{} history rows belong to leads that do not exist",
         "restore the leads from a backup; the rows are otherwise unused", false},
        {"SELECT count(*) FROM activities WHERE deal_id IS NOT NULL AND deal_id NOT IN (SELECT id "
         "FROM deals)",
         "{} activities belong to deals that do not exist",
         "restore the deals from a backup; the activities are otherwise unused", false},
        {"SELECT count(*) FROM activities WHERE lead_id IS NOT NULL AND lead_id NOT IN (SELECT id "
         "FROM leads)",
         "{} activities belong to leads that do not exist",
         "restore the leads from a backup; the activities are otherwise unused", false},
        {"SELECT count(*) FROM deals WHERE lead_id IS NOT NULL AND lead_id NOT IN (SELECT id FROM "
         "leads) AND lead_id NOT IN (SELECT record_id FROM trash WHERE kind = 'lead')",
         "{} deals are linked to leads that exist nowhere (not even in the trash)",
         "pipe doctor --fix clears those links", true},
        {"SELECT count(*) FROM leads WHERE deal_id IS NOT NULL AND deal_id NOT IN (SELECT id FROM "
         "deals) AND deal_id NOT IN (SELECT record_id FROM trash WHERE kind = 'deal')",
         "{} leads are linked to deals that exist nowhere (not even in the trash)",
         "pipe doctor --fix clears those links", true},
    };
    for (const auto& l : links)
        if (auto n = count(db, l.sql); n > 0)
            r.findings.push_back(
                {"links", fmt::format(fmt::runtime(l.problem), n), l.fix, l.fixable});
    for (const auto& link : party_links())
        if (auto n = count(
                db, fmt::format("SELECT count(*) FROM {} WHERE {}", link.table, link.dangling));
            n > 0)
            r.findings.push_back({"links",
                                  fmt::format("{} {} are linked to {} that exist nowhere (not even "
                                              "in the trash)",
                                              n, link.table, link.target),
                                  "pipe doctor --fix clears those links", true});
}

void check_party_activities(SQLite::Database& db, DoctorReport& r) {
    struct Link {
        const char* sql;
        const char* problem;
        const char* fix;
        bool fixable;
    };
    const Link links[] = {
        {"SELECT count(*) FROM activities WHERE person_id IS NOT NULL AND person_id NOT IN "
         "(SELECT id FROM persons)",
         "{} activities belong to people who do not exist",
         "restore the people from a backup; the activities are otherwise unused", false},
        {"SELECT count(*) FROM activities WHERE organization_id IS NOT NULL AND organization_id "
         "NOT IN (SELECT id FROM organizations)",
         "{} activities belong to organizations that do not exist",
         "restore the organizations from a backup; the activities are otherwise unused", false},
    };
    for (const auto& l : links)
        if (auto n = count(db, l.sql); n > 0)
            r.findings.push_back(
                {"links", fmt::format(fmt::runtime(l.problem), n), l.fix, l.fixable});
}

void check_search(SQLite::Database& db, DoctorReport& r) {
    if (auto n = detail::search_differences(db); n > 0)
        r.findings.push_back(
            {"derived", fmt::format("the search index differs from its rebuild in {} rows", n),
             "pipe doctor --fix rebuilds it", true});
}

void check_ids(SQLite::Database& db, DoctorReport& r) {
    for (auto table : detail::counted_tables()) {
        auto n =
            count(db, fmt::format("SELECT coalesce((SELECT max(rowid) FROM {0}), 0) > "
                                  "coalesce((SELECT last FROM id_counters WHERE name = '{0}'), "
                                  "-1)",
                                  table));
        if (n)
            r.findings.push_back(
                {"ids",
                 fmt::format("the id counter of {} is below an id in use, so an id "
                             "could be given twice",
                             table),
                 "pipe doctor --fix raises it", true});
    }
}

} // namespace

Result<DoctorReport> check_book(Book& book) {
    DoctorReport r;
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        auto& db = book.store.db();
        check_file(db, r);
        if (!r.findings.empty()) return {};
        r.deals = count(db, "SELECT count(*) FROM deals");
        r.leads = count(db, "SELECT count(*) FROM leads");
        r.events = count(db, "SELECT count(*) FROM events");
        r.activities = count(db, "SELECT count(*) FROM activities");
        r.trash = count(db, "SELECT count(*) FROM trash");
        if (auto wrong = deals_with_wrong_exits(book.store); !wrong.empty())
            r.findings.push_back(
                {"derived",
                 fmt::format("stage_exits differs from its rebuild for {} deal{} "
                             "(first: deal {})",
                             wrong.size(), wrong.size() == 1 ? "" : "s", wrong.front()),
                 "pipe doctor --fix rebuilds it", true});
        for (const auto& d : derived)
            if (auto n = differences(db, d); n > 0)
                r.findings.push_back(
                    {"derived", fmt::format("{} differs from its rebuild in {} rows", d.table, n),
                     "pipe doctor --fix rebuilds it", true});
        if (auto wrong = detail::deals_with_wrong_next_step(book.store); !wrong.empty())
            r.findings.push_back(
                {"derived",
                 fmt::format("the next step of {} deal{} is not its earliest "
                             "open plan (first: deal {})",
                             wrong.size(), wrong.size() == 1 ? "" : "s", wrong.front()),
                 "pipe doctor --fix copies the plans into them", true});
        check_search(db, r);
        check_links(db, r);
        check_party_activities(db, r);
        check_ids(db, r);
        return {};
    }));
    if (!r.findings.empty() && r.findings.front().area == "file") return r;
    auto orphans = PIPE_TRY(deals_in_undefined_stages(book));
    std::map<std::pair<std::string, std::string>, std::int64_t> by_stage;
    for (const auto& d : orphans) ++by_stage[{d.pipeline, d.stage}];
    for (const auto& [stage, n] : by_stage)
        r.findings.push_back(
            {"stages",
             fmt::format("stage \"{}\" of pipeline \"{}\" is not in {} but holds {} deal{}",
                         stage.second, stage.first, book.stages.source, n, n == 1 ? "" : "s"),
             fmt::format("pipe stages rename \"{}\" NEW, or add the stage back", stage.second),
             false});
    r.journal = PIPE_TRY(journal_stats(book));
    if (r.journal.writing)
        r.findings.push_back({"journal", "a change was left half-recorded in the journal",
                              "pipe doctor --fix clears it", true});
    return r;
}

Result<DoctorReport> fix_book(Book& book) {
    std::int64_t repaired = 0;
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& change) -> Result<void> {
        auto& store = book.store;
        auto& db = store.db();
        for (auto deal : deals_with_wrong_exits(store)) {
            detail::refresh_stage_exits(store, deal);
            ++repaired;
        }
        for (auto deal : detail::deals_with_wrong_next_step(store)) {
            detail::refresh_next_step(store, deal);
            ++repaired;
        }
        for (const auto& d : derived) {
            auto n = differences(db, d);
            if (n == 0) continue;
            detail::save_snapshot(store, change.id(), d.table);
            db.exec(fmt::format("DELETE FROM {}", d.table));
            db.exec(fmt::format("INSERT INTO {} ({}) {}", d.table, d.columns, d.rebuild));
            repaired += n;
        }
        if (auto n = detail::search_differences(db); n > 0) {
            detail::rebuild_search_index(db);
            repaired += n;
        }
        for (const auto& link : party_links())
            repaired += db.exec(fmt::format("UPDATE {} SET {} = NULL WHERE {}", link.table,
                                            link.column, link.dangling));
        repaired += db.exec("UPDATE deals SET lead_id = NULL WHERE lead_id IS NOT NULL AND lead_id "
                            "NOT IN (SELECT id FROM leads) AND lead_id NOT IN (SELECT record_id "
                            "FROM trash WHERE kind = 'lead')");
        repaired += db.exec("UPDATE leads SET deal_id = NULL WHERE deal_id IS NOT NULL AND deal_id "
                            "NOT IN (SELECT id FROM deals) AND deal_id NOT IN (SELECT record_id "
                            "FROM trash WHERE kind = 'deal')");
        for (auto table : detail::counted_tables())
            db.exec(fmt::format("INSERT INTO id_counters (name, last) VALUES ('{0}', "
                                "coalesce((SELECT max(rowid) FROM {0}), 0)) ON CONFLICT DO UPDATE "
                                "SET last = max(last, excluded.last)",
                                table));
        change.describe(fmt::format("repaired the book ({} rows rebuilt)", repaired));
        return {};
    }));
    auto report = PIPE_TRY(check_book(book));
    report.repaired = repaired;
    return report;
}

} // namespace crm
