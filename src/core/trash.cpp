#include "pipe/trash.hpp"

#include "change.hpp"
#include "deal_rows.hpp"
#include "lead_rows.hpp"
#include "row_images.hpp"
#include "stage_exits.hpp"
#include "trash_rows.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <charconv>
#include <fmt/format.h>

namespace crm {

namespace detail {

std::string_view to_string(TrashKind kind) {
    switch (kind) {
    case TrashKind::deal:
        return "deal";
    case TrashKind::lead:
        return "lead";
    case TrashKind::person:
        return "person";
    default:
        return "organization";
    }
}

namespace {

struct Part {
    std::string_view table;
    std::string_view where;
};

// What a record takes with it, in the order it is put back. Stage exits are not kept: they
// follow from the events and are rebuilt on restore.
std::vector<Part> parts_of(TrashKind kind) {
    switch (kind) {
    case TrashKind::deal:
        return {{"deals", "id = ?"},
                {"events", "deal_id = ?"},
                {"activities", "deal_id = ?"},
                {"deal_people", "deal_id = ?"}};
    case TrashKind::lead:
        return {{"leads", "id = ?"}, {"events", "lead_id = ?"}, {"activities", "lead_id = ?"}};
    case TrashKind::person:
        return {{"persons", "id = ?"},
                {"activities", "person_id = ?"},
                {"deal_people", "person_id = ?"}};
    default:
        return {{"organizations", "id = ?"}, {"activities", "organization_id = ?"}};
    }
}

} // namespace

void trash_record(Change& change, TrashKind kind, std::int64_t id, const std::string& title) {
    auto& store = change.book().store;
    auto& images = store.images();
    std::string payload = "{";
    for (const auto& part : parts_of(kind)) {
        auto rows = images.images(part.table, part.where, id);
        std::string list;
        for (const auto& row : rows) list += (list.empty() ? "" : ",") + row;
        payload += fmt::format("{}\"{}\":[{}]", payload.size() > 1 ? "," : "", part.table, list);
    }
    payload += "}";
    auto& insert = store.statement("INSERT INTO trash (id, kind, record_id, title, removed_at, "
                                   "payload) VALUES (?, ?, ?, ?, ?, ?)");
    insert.bind(1, change.next_id("trash"));
    insert.bind(2, std::string(to_string(kind)));
    insert.bind(3, id);
    insert.bind(4, title);
    insert.bind(5, seconds(change.book().clock.now()));
    insert.bind(6, payload);
    insert.exec();
    delete_record(store, kind, id);
}

void delete_record(Store& store, TrashKind kind, std::int64_t id) {
    std::vector<std::string> removals;
    if (kind == TrashKind::deal) removals.emplace_back("DELETE FROM stage_exits WHERE deal_id = ?");
    auto parts = parts_of(kind);
    for (auto part = parts.rbegin(); part != parts.rend(); ++part)
        removals.push_back(fmt::format("DELETE FROM {} WHERE {}", part->table, part->where));
    for (const auto& sql : removals) {
        auto& st = store.statement(sql);
        st.bind(1, id);
        st.exec();
    }
}

bool restore_record(Change& change, TrashKind kind, std::int64_t id) {
    auto& store = change.book().store;
    auto& find = store.statement("SELECT id, payload FROM trash WHERE kind = ? AND record_id = ?");
    find.bind(1, std::string(to_string(kind)));
    find.bind(2, id);
    if (!find.executeStep()) return false;
    auto entry = find.getColumn(0).getInt64();
    auto payload = find.getColumn(1).getString();
    find.reset();
    auto& images = store.images();
    for (const auto& part : parts_of(kind)) {
        std::vector<std::string> rows;
        auto& st = store.statement("SELECT value FROM json_each(?, ?)");
        st.bind(1, payload);
        st.bind(2, fmt::format("$.{}", part.table));
        while (st.executeStep()) rows.push_back(st.getColumn(0).getString());
        st.reset();
        for (const auto& row : rows)
            images.apply(part.table, images.rowid_of(part.table, row), row);
    }
    if (kind == TrashKind::deal) refresh_stage_exits(store, id);
    auto& drop = store.statement("DELETE FROM trash WHERE id = ?");
    drop.bind(1, entry);
    drop.exec();
    return true;
}

} // namespace detail

Result<std::vector<TrashItem>> list_trash(Book& book) {
    std::vector<TrashItem> out;
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        SQLite::Statement st(
            book.store.db(),
            "SELECT kind, record_id, title, removed_at, json_array_length(payload, "
            "'$.events'), json_array_length(payload, '$.activities') FROM trash "
            "ORDER BY removed_at DESC, id DESC");
        while (st.executeStep())
            out.push_back({st.getColumn(0).getString(), st.getColumn(1).getInt64(),
                           st.getColumn(2).getString(),
                           detail::from_seconds(st.getColumn(3).getInt64()),
                           st.getColumn(4).getInt64(), st.getColumn(5).getInt64()});
        return {};
    }));
    return out;
}

namespace {

Result<void> restore(Book& book, detail::TrashKind kind, std::int64_t id) {
    return detail::write_change(book, [&](detail::Change& change) -> Result<void> {
        auto noun = detail::to_string(kind);
        if (!detail::restore_record(change, kind, id))
            return fail(fmt::format("{} {} is not in the trash", noun, id), act("trash", ""));
        change.describe(fmt::format("restored {} {} from the trash", noun, id));
        return {};
    });
}

Result<std::int64_t> parse_age(const std::string& text) {
    std::string_view s = text;
    std::int64_t n = -1;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    std::string_view unit(end, static_cast<std::size_t>(s.data() + s.size() - end));
    std::int64_t days = unit == "d" ? 1 : unit == "w" ? 7 : unit == "m" ? 30 : 0;
    if (ec != std::errc{} || n < 0 || days == 0 || n > 100000)
        return fail(fmt::format("--older-than '{}' is not an age", text),
                    "use days, weeks or months: 30d, 2w, 6m", 2);
    return n * days * 86400;
}

} // namespace

Result<Deal> restore_deal(Book& book, std::int64_t id) {
    PIPE_TRY_VOID(restore(book, detail::TrashKind::deal, id));
    return get_deal(book, id);
}

Result<Lead> restore_lead(Book& book, std::int64_t id) {
    PIPE_TRY_VOID(restore(book, detail::TrashKind::lead, id));
    return get_lead(book, id);
}

Result<TrashEmptied> empty_trash(Book& book, std::optional<std::string> older_than) {
    std::int64_t cutoff = std::numeric_limits<std::int64_t>::max();
    if (older_than) cutoff = detail::seconds(book.clock.now()) - PIPE_TRY(parse_age(*older_than));
    TrashEmptied out;
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& change) -> Result<void> {
        auto& store = book.store;
        auto& count = store.statement("SELECT kind, count(*) FROM trash WHERE removed_at <= ? "
                                      "GROUP BY kind");
        count.bind(1, cutoff);
        while (count.executeStep()) {
            auto kind = count.getColumn(0).getString();
            (kind == "deal"     ? out.deals
             : kind == "lead"   ? out.leads
             : kind == "person" ? out.people
                                : out.organizations) = count.getColumn(1).getInt64();
        }
        count.reset();
        if (out.deals + out.leads + out.people + out.organizations == 0)
            return fail(older_than
                            ? fmt::format("nothing in the trash is older than {}", *older_than)
                            : std::string("the trash is empty"),
                        act("trash", ""));
        for (const char* sql :
             {"UPDATE deals SET lead_id = NULL WHERE lead_id IN (SELECT record_id FROM trash "
              "WHERE kind = 'lead' AND removed_at <= ?1)",
              "UPDATE leads SET deal_id = NULL WHERE deal_id IN (SELECT record_id FROM trash "
              "WHERE kind = 'deal' AND removed_at <= ?1)",
              "UPDATE deals SET contact_id = NULL WHERE contact_id IN (SELECT record_id FROM "
              "trash WHERE kind = 'person' AND removed_at <= ?1)",
              "UPDATE leads SET person_id = NULL WHERE person_id IN (SELECT record_id FROM trash "
              "WHERE kind = 'person' AND removed_at <= ?1)",
              "DELETE FROM deal_people WHERE person_id IN (SELECT record_id FROM trash WHERE "
              "kind = 'person' AND removed_at <= ?1)",
              "DELETE FROM trash WHERE removed_at <= ?1"}) {
            auto& st = store.statement(sql);
            st.bind(1, cutoff);
            st.exec();
        }
        std::string what = fmt::format("{} deal{}, {} lead{}", out.deals, out.deals == 1 ? "" : "s",
                                       out.leads, out.leads == 1 ? "" : "s");
        if (out.people + out.organizations > 0)
            what += fmt::format(", {} {}, {} organization{}", out.people,
                                out.people == 1 ? "person" : "people", out.organizations,
                                out.organizations == 1 ? "" : "s");
        change.describe(fmt::format("emptied the trash ({})", what));
        return {};
    }));
    return out;
}

} // namespace crm
