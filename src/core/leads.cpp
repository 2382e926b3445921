#include "pipe/leads.hpp"

#include "change.hpp"
#include "deal_rows.hpp"
#include "lead_rows.hpp"
#include "party_links.hpp"
#include "plan_rows.hpp"
#include "text.hpp"
#include "trash_rows.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <charconv>
#include <fmt/format.h>
#include <map>

namespace crm {

using detail::seconds;

int Lead::bant_total() const {
    return budget.value_or(0) + authority.value_or(0) + need.value_or(0) + timeline.value_or(0);
}

bool Lead::scored() const {
    return budget || authority || need || timeline;
}

std::string_view bant_tier(int total) {
    if (total >= 13) return "hot";
    if (total >= 9) return "qualified";
    if (total >= 5) return "nurture";
    return "unqualified";
}

const std::vector<std::string>& lead_statuses() {
    static const std::vector<std::string> all{"new", "qualified", "nurturing", "disqualified",
                                              "converted"};
    return all;
}

namespace {

Result<std::string> parse_status(const std::string& input) {
    auto wanted = text::lower(text::trim(input));
    if (std::ranges::find(lead_statuses(), wanted) != lead_statuses().end()) return wanted;
    return fail(fmt::format("unknown lead status '{}'", input),
                "use " + text::join(lead_statuses(), ", "));
}

Result<int> parse_score(const std::string& input, std::string_view what) {
    auto trimmed = text::trim(input);
    int value = -1;
    auto [end, ec] = std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), value);
    if (ec != std::errc{} || end != trimmed.data() + trimmed.size() || value < 0 || value > 4)
        return fail(fmt::format("{} score must be 0, 1, 2, 3 or 4, not '{}'", what, input),
                    "BANT scores run from 0 (none) to 4 (strong)");
    return value;
}

Event lead_event(std::int64_t lead_id, Timestamp at, std::string kind,
                 std::optional<std::string> from = {}, std::optional<std::string> to = {},
                 std::string detail = {}) {
    Event e;
    e.at = at;
    e.lead_id = lead_id;
    e.kind = std::move(kind);
    e.from = std::move(from);
    e.to = std::move(to);
    e.detail = std::move(detail);
    return e;
}

Result<void> apply_fields(Book& book, Lead& lead, const LeadFields& f, bool is_new) {
    for (const auto& [name, input] : f.values) {
        const auto* field = find_field(lead_fields(), name);
        if (!field || !field->has(field_use::edit) || (is_new && name == "status"))
            return fail(fmt::format("a lead has no field '{}' to set", name),
                        "fields: name, organization, email, phone, source, follow_up, notes"
                        " (status: edit only)",
                        2);
        switch (field->kind) {
        case FieldKind::title: {
            auto trimmed = text::trim(input);
            if (trimmed.empty()) return fail("lead name is empty", "give the lead a name");
            field->set(lead, std::string(trimmed));
            break;
        }
        case FieldKind::text:
            field->set(lead, name == "notes" ? input : std::string(text::trim(input)));
            break;
        case FieldKind::choice:
            lead.status = PIPE_TRY(parse_status(input));
            break;
        case FieldKind::date:
            lead.follow_up = PIPE_TRY(detail::parse_optional_date(input, book, "follow-up date"));
            break;
        default:
            break;
        }
    }
    return {};
}

std::string named(const Lead& l) {
    return fmt::format("lead {} · {}", l.id, l.name);
}

// One change of lead `id`; `what` words it for the journal (before the lead's name).
Result<Lead> change(Book& book, std::int64_t id, const std::function<Result<void>(Lead&)>& work,
                    const std::string& what) {
    Lead lead;
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& c) -> Result<void> {
        lead = PIPE_TRY(detail::require_lead(book.store, id));
        PIPE_TRY_VOID(work(lead));
        lead.updated_at = lead.last_touch_at = book.clock.now();
        detail::update_lead(book.store, lead);
        c.describe(what + " " + named(lead));
        return {};
    }));
    return lead;
}

std::string lead_order(const LeadQuery& q) {
    static const std::map<std::string, std::string> columns = {
        {"id", "id"},
        {"name", "name COLLATE NOCASE, id"},
        {"org", "organization COLLATE NOCASE, id"},
        {"organization", "organization COLLATE NOCASE, id"},
        {"created", "created_at, id"},
        {"follow-up", "follow_up IS NULL, follow_up, id"},
        {"score",
         "coalesce(budget,0)+coalesce(authority,0)+coalesce(need,0)+coalesce(timeline,0), id"},
    };
    auto it = columns.find(q.sort);
    std::string order = it == columns.end() ? "id" : it->second;
    if (!q.descending) return order;
    std::string out;
    for (auto& part : text::split(order, ',')) out += (out.empty() ? "" : ", ") + part + " DESC";
    return out;
}

} // namespace

Result<Lead> add_lead(Book& book, const LeadFields& fields) {
    if (!fields.has("name"))
        return fail("a lead needs a name",
                    act("lead", "add").arg("Ada Lovelace").option("--org", "Acme"), 2);
    Lead lead;
    lead.created_at = lead.updated_at = lead.last_touch_at = book.clock.now();
    PIPE_TRY_VOID(apply_fields(book, lead, fields, true));
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& c) -> Result<void> {
        PIPE_TRY_VOID(detail::link_lead_parties(book, lead, fields.has("organization"), true));
        detail::insert_lead(book.store, lead);
        append_event(book.store,
                     lead_event(lead.id, lead.created_at, "created", std::nullopt, lead.status));
        c.describe("added " + named(lead));
        return {};
    }));
    return lead;
}

Result<Lead> get_lead(Book& book, std::int64_t id) {
    Result<Lead> result = fail("unreachable");
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        result = detail::require_lead(book.store, id);
        return {};
    }));
    return result;
}

Result<std::vector<Lead>> list_leads(Book& book, const LeadQuery& q) {
    std::string where = "1";
    std::vector<std::string> binds;
    if (q.status && text::iequals(*q.status, "all")) {
    } else if (q.status) {
        where += " AND status = ?";
        binds.push_back(PIPE_TRY(parse_status(*q.status)));
    } else {
        where += " AND status <> 'converted'";
    }
    if (q.source) {
        where += " AND source = ? COLLATE NOCASE";
        binds.emplace_back(text::trim(*q.source));
    }
    if (q.limit && *q.limit < 0) return fail("--limit must be 0 or more", "e.g. --limit 50", 2);
    std::vector<Lead> out;
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        SQLite::Statement st(book.store.db(), "SELECT " + detail::lead_columns() +
                                                  " FROM leads WHERE " + where + " ORDER BY " +
                                                  lead_order(q) + " LIMIT " +
                                                  std::to_string(q.limit.value_or(-1)));
        for (std::size_t i = 0; i < binds.size(); ++i) st.bind(static_cast<int>(i + 1), binds[i]);
        while (st.executeStep()) out.push_back(detail::read_lead_row(st));
        return {};
    }));
    return out;
}

Result<Lead> edit_lead(Book& book, std::int64_t id, const LeadFields& fields) {
    return change(
        book, id,
        [&](Lead& lead) -> Result<void> {
            auto before = lead.status;
            PIPE_TRY_VOID(apply_fields(book, lead, fields, false));
            PIPE_TRY_VOID(
                detail::link_lead_parties(book, lead, fields.has("organization"), !lead.person_id));
            auto now = book.clock.now();
            if (lead.status != before) {
                if (lead.status == "converted")
                    return fail("a lead becomes converted only through pipe lead convert",
                                act("lead", "convert", id));
                if (lead.status != "nurturing") lead.nurture_until.reset();
                append_event(book.store, lead_event(id, now, "status", before, lead.status));
            } else {
                append_event(book.store, lead_event(id, now, "edited"));
            }
            return {};
        },
        "edited");
}

Result<Lead> remove_lead(Book& book, std::int64_t id) {
    Lead lead;
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& c) -> Result<void> {
        lead = PIPE_TRY(detail::require_lead(book.store, id));
        detail::trash_record(c, detail::TrashKind::lead, id, lead.name);
        c.describe("moved " + named(lead) + " to the trash");
        return {};
    }));
    return lead;
}

Result<Lead> qualify_lead(Book& book, std::int64_t id, const BantFields& s) {
    if (!s.budget && !s.authority && !s.need && !s.timeline)
        return fail("qualify needs at least one score",
                    act("lead", "qualify", id)
                        .option("--budget", "3")
                        .option("--authority", "2")
                        .option("--need", "4")
                        .option("--timeline", "1"),
                    2);
    std::optional<int> budget, authority, need, timeline;
    if (s.budget) budget = PIPE_TRY(parse_score(*s.budget, "budget"));
    if (s.authority) authority = PIPE_TRY(parse_score(*s.authority, "authority"));
    if (s.need) need = PIPE_TRY(parse_score(*s.need, "need"));
    if (s.timeline) timeline = PIPE_TRY(parse_score(*s.timeline, "timeline"));
    return change(
        book, id,
        [&](Lead& lead) -> Result<void> {
            if (lead.status == "converted")
                return fail(fmt::format("lead {} is already converted", id),
                            act("deal", "show", lead.deal_id.value_or(0)));
            if (budget) lead.budget = budget;
            if (authority) lead.authority = authority;
            if (need) lead.need = need;
            if (timeline) lead.timeline = timeline;
            auto now = book.clock.now();
            auto total = lead.bant_total();
            append_event(book.store,
                         lead_event(id, now, "qualified", std::nullopt, std::to_string(total),
                                    fmt::format("B{} A{} N{} T{}", lead.budget.value_or(0),
                                                lead.authority.value_or(0), lead.need.value_or(0),
                                                lead.timeline.value_or(0))));
            if (total >= 9 && (lead.status == "new" || lead.status == "nurturing")) {
                append_event(book.store, lead_event(id, now, "status", lead.status, "qualified"));
                lead.status = "qualified";
                lead.nurture_until.reset();
            }
            return {};
        },
        "qualified");
}

Result<Conversion> convert_lead(Book& book, std::int64_t id, DealFields fields) {
    Conversion out;
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& c) -> Result<void> {
        out.lead = PIPE_TRY(detail::require_lead(book.store, id));
        if (out.lead.status == "converted")
            return fail(fmt::format("lead {} is already converted into deal {}", id,
                                    out.lead.deal_id.value_or(0)),
                        act("deal", "show", out.lead.deal_id.value_or(0)));
        auto by_default = [&](std::string_view field, const std::string& value) {
            if (!fields.has(field)) fields.set(field, value);
        };
        by_default("title", out.lead.organization.empty() ? out.lead.name : out.lead.organization);
        // The lead's records, by id (their names could match several).
        auto id_or = [](const std::optional<std::int64_t>& ref, const std::string& text) {
            return ref ? "#" + std::to_string(*ref) : text;
        };
        by_default("organization", id_or(out.lead.organization_id, out.lead.organization));
        by_default("contact", id_or(out.lead.person_id, out.lead.name));
        by_default("email", out.lead.email);
        by_default("phone", out.lead.phone);
        by_default("source", out.lead.source);
        out.deal = PIPE_TRY(add_deal(book, fields));
        out.deal.lead_id = id;
        detail::update_deal(book.store, out.deal);
        auto now = book.clock.now();
        append_event(book.store, detail::deal_event(out.deal, now, "converted", std::nullopt,
                                                    std::nullopt, fmt::format("from lead {}", id)));
        append_event(book.store, lead_event(id, now, "converted", out.lead.status, "converted",
                                            fmt::format("into deal {}", out.deal.id)));
        out.lead.status = "converted";
        out.lead.deal_id = out.deal.id;
        out.lead.follow_up.reset();
        out.lead.nurture_until.reset();
        out.lead.updated_at = out.lead.last_touch_at = now;
        detail::update_lead(book.store, out.lead);
        if (detail::move_lead_plans(book.store, id, out.deal.id) > 0)
            out.deal = *detail::find_deal(book.store, out.deal.id);
        c.describe(fmt::format("converted {} into deal {} · {}", named(out.lead), out.deal.id,
                               out.deal.title));
        return {};
    }));
    return out;
}

Result<Lead> drop_lead(Book& book, std::int64_t id, const std::string& reason,
                       std::optional<std::string> until) {
    auto why = std::string(text::trim(reason));
    if (why.empty())
        return fail("dropping a lead needs a reason",
                    act("lead", "drop", id).option("--reason", "no budget"), 2);
    std::optional<Date> until_date;
    if (until) {
        until_date = PIPE_TRY(detail::parse_optional_date(*until, book, "nurture-until date"));
        if (until_date && *until_date <= book.today())
            return fail(
                fmt::format("nurture-until date {} is not in the future", format_date(*until_date)),
                "e.g. --nurture-until +3m");
    }
    return change(
        book, id,
        [&](Lead& lead) -> Result<void> {
            if (lead.status == "converted")
                return fail(fmt::format("lead {} is converted; drop its deal instead", id),
                            act("deal", "lost", lead.deal_id.value_or(0)).option("--reason", "…"));
            auto before = lead.status;
            lead.status = until_date ? "nurturing" : "disqualified";
            lead.nurture_until = until_date;
            lead.drop_reason = why;
            detail::cancel_lead_plans(book.store, id, book.clock.now());
            append_event(
                book.store,
                lead_event(id, book.clock.now(), "dropped", before, lead.status,
                           until_date ? why + " (until " + format_date(*until_date) + ")" : why));
            return {};
        },
        "dropped");
}

} // namespace crm
