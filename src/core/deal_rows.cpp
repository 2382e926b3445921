#include "deal_rows.hpp"

#include "change.hpp"
#include "field_rows.hpp"

#include "text.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <charconv>
#include <fmt/format.h>

namespace crm {

std::string_view to_string(DealStatus status) {
    switch (status) {
    case DealStatus::won:
        return "won";
    case DealStatus::lost:
        return "lost";
    default:
        return "open";
    }
}

const FieldTable<Deal>& deal_fields() {
    using namespace field_use;
    using detail::get_member;
    using detail::set_member;
    constexpr unsigned io = exported | json;
    static const FieldTable<Deal> table{
        {"id",
         "id",
         FieldKind::id,
         json,
         {},
         {},
         {},
         {},
         get_member<&Deal::id>,
         set_member<&Deal::id>},
        {"external_id",
         "external_id",
         FieldKind::external_id,
         io,
         {},
         {},
         {},
         {"opportunityid", "dealid", "recordid", "potentialid", "hsobjectid", "id"},
         detail::get_optional_text<&Deal::external_id>,
         set_member<&Deal::external_id>},
        {"title",
         "title",
         FieldKind::title,
         io | edit,
         {},
         "--title",
         "New title",
         {"name", "opportunityname", "dealname", "dealtitle", "potentialname", "opportunity",
          "deal", "subject"},
         get_member<&Deal::title>,
         set_member<&Deal::title>},
        {"organization",
         "organization",
         FieldKind::text,
         io | edit,
         {},
         "-o,--org",
         "Organization: id, name or unique prefix, or an email's domain; a new name creates it",
         {"organisation", "organizationname", "company", "companyname", "associatedcompany",
          "account", "accountname", "customer", "leadname", "org"},
         get_member<&Deal::organization>,
         set_member<&Deal::organization>},
        {"contact",
         "contact",
         FieldKind::text,
         io | edit,
         {},
         "--contact",
         "Contact: person id, name, unique prefix or email; a new name creates them",
         {"contactname", "contactperson", "associatedcontact", "primarycontact", "person",
          "personname"},
         get_member<&Deal::contact>,
         set_member<&Deal::contact>},
        {"email",
         "email",
         FieldKind::text,
         io | edit,
         {},
         "--email",
         "Contact email",
         {"emailaddress", "contactemail", "associatedcontactemail", "primarycontactemail"},
         get_member<&Deal::email>,
         set_member<&Deal::email>},
        {"phone",
         "phone",
         FieldKind::text,
         io | edit,
         {},
         "--phone",
         "Contact phone",
         {"phonenumber", "contactphone", "mobile", "mobilephone"},
         get_member<&Deal::phone>,
         set_member<&Deal::phone>},
        {"value",
         "value",
         FieldKind::money,
         io | edit,
         {},
         "-v,--value",
         "Value: 12500, 12,500.50, 12.5k, 1.2m",
         {"amount", "closevalue", "dealvalue", "dealamount", "opportunityamount",
          "expectedrevenue"},
         [](const Deal& d) -> FieldValue { return d.value.minor; },
         [](Deal& d, const FieldValue& v) { d.value.minor = detail::int_of(v); }},
        {"currency",
         "currency",
         FieldKind::currency,
         io | edit,
         {},
         "--currency",
         "ISO 4217 currency (default from the stage file)",
         {"currencycode", "currencyisocode", "dealcurrencycode", "valuecurrency"},
         [](const Deal& d) -> FieldValue { return d.value.currency; },
         [](Deal& d, const FieldValue& v) { d.value.currency = text_of(v); }},
        {"pipeline",
         "pipeline",
         FieldKind::choice,
         io | add_only,
         {},
         "--pipeline",
         "Pipeline (default from the stage file)",
         {"pipelinename", "dealpipeline"},
         get_member<&Deal::pipeline>,
         set_member<&Deal::pipeline>},
        {"stage",
         "stage",
         FieldKind::choice,
         io | add_only,
         {},
         "-s,--stage",
         "Stage name or unique prefix (default: first open stage)",
         {"dealstage", "stagename", "opportunitystage", "statuslabel"},
         get_member<&Deal::stage>,
         set_member<&Deal::stage>},
        {"status",
         "status",
         FieldKind::choice,
         json,
         {},
         {},
         {},
         {},
         [](const Deal& d) -> FieldValue { return std::string(to_string(d.status)); },
         [](Deal& d, const FieldValue& v) {
             auto s = text_of(v);
             d.status = s == "won"    ? DealStatus::won
                        : s == "lost" ? DealStatus::lost
                                      : DealStatus::open;
         }},
        {"probability",
         "probability",
         FieldKind::percent,
         io | edit,
         "probability_override",
         "-p,--prob",
         "Probability override 0-100 (none uses the stage's)",
         {"prob", "probabilitypercent", "winprobability", "dealprobability", "confidence"},
         get_member<&Deal::probability>,
         set_member<&Deal::probability>},
        {"expected_close",
         "expected_close",
         FieldKind::date,
         io | edit,
         {},
         "-c,--close",
         "Expected close: 2026-03-31, +2w, eom, eoq (none clears)",
         {"expectedclosedate", "expectedclosingdate", "expectedclosing"},
         get_member<&Deal::expected_close>,
         set_member<&Deal::expected_close>},
        {"created_at",
         "created_at",
         FieldKind::instant,
         io,
         {},
         {},
         {},
         {"created", "createddate", "createdon", "createdate", "createdtime", "datecreated",
          "engagedate", "addtime", "dealcreated"},
         get_member<&Deal::created_at>,
         set_member<&Deal::created_at>},
        {"closed_at",
         "closed_at",
         FieldKind::instant,
         io,
         {},
         {},
         {},
         {"closeddate", "dateclosed", "dealclosedon", "closetime"},
         get_member<&Deal::closed_at>,
         set_member<&Deal::closed_at>},
        {"stage_entered_at",
         "stage_entered_at",
         FieldKind::instant,
         json,
         {},
         {},
         {},
         {},
         get_member<&Deal::stage_entered_at>,
         set_member<&Deal::stage_entered_at>},
        {"last_touch_at",
         "last_touch_at",
         FieldKind::instant,
         json,
         {},
         {},
         {},
         {},
         get_member<&Deal::last_touch_at>,
         set_member<&Deal::last_touch_at>},
        {"lost_reason",
         "lost_reason",
         FieldKind::text,
         io,
         {},
         {},
         {},
         {"lossreason", "reasonlost", "closedlostreason", "reasonforloss"},
         get_member<&Deal::lost_reason>,
         set_member<&Deal::lost_reason>},
        {"source",
         "source",
         FieldKind::text,
         io | edit,
         {},
         "--source",
         "Where the deal came from",
         {"leadsource", "dealsource", "sourcechannel", "originalsource", "origin"},
         get_member<&Deal::source>,
         set_member<&Deal::source>},
        {"owner",
         "owner",
         FieldKind::text,
         io | edit,
         {},
         "--owner",
         "Who owns the deal",
         {"dealowner", "owner", "ownername", "opportunityowner", "ownerfullname", "salesperson",
          "salesagent", "assignedto", "user", "username", "hubspotowner", "salesrep"},
         get_member<&Deal::owner>,
         set_member<&Deal::owner>},
        {"tags",
         "tags",
         FieldKind::tags,
         io | edit,
         {},
         "-t,--tag",
         "Tag (repeatable; replaces the tags)",
         {"tag", "labels", "label"},
         get_member<&Deal::tags>,
         set_member<&Deal::tags>},
        {"next_step",
         "next_step",
         FieldKind::text,
         exported,
         {},
         {},
         {},
         {"nextstep", "nextactivity", "nextactivitysubject"},
         get_member<&Deal::next_step>,
         set_member<&Deal::next_step>},
        {"next_step_due",
         "next_step_due",
         FieldKind::date,
         exported,
         {},
         {},
         {},
         {"nextstepdue", "nextstepdate", "nextactivitydate"},
         get_member<&Deal::next_step_due>,
         set_member<&Deal::next_step_due>},
        {"lead_id",
         "lead_id",
         FieldKind::ref,
         json,
         {},
         {},
         {},
         {},
         get_member<&Deal::lead_id>,
         set_member<&Deal::lead_id>},
        {"notes",
         "notes",
         FieldKind::text,
         io | edit,
         {},
         "--notes",
         "Free notes",
         {"note", "description", "dealdescription", "comments"},
         get_member<&Deal::notes>,
         set_member<&Deal::notes>},
        {"close_pushes",
         "close_pushes",
         FieldKind::count,
         json,
         "close_date_pushes",
         {},
         {},
         {},
         get_member<&Deal::close_pushes>,
         set_member<&Deal::close_pushes>},
        {"organization_id",
         "organization_id",
         FieldKind::ref,
         json,
         {},
         {},
         {},
         {},
         get_member<&Deal::organization_id>,
         set_member<&Deal::organization_id>},
        {"contact_id",
         "contact_id",
         FieldKind::ref,
         json,
         {},
         {},
         {},
         {},
         get_member<&Deal::contact_id>,
         set_member<&Deal::contact_id>},
    };
    return table;
}

const std::string& deal_columns() {
    static const std::string columns = detail::select_list(deal_fields(), "deals.");
    return columns;
}

Deal read_deal_row(SQLite::Statement& st) {
    return detail::read_fields(deal_fields(), st);
}

int effective_probability(const Deal& deal, const StageConfig& stages) {
    if (deal.probability) return *deal.probability;
    auto pipeline = stages.pipeline(deal.pipeline);
    if (!pipeline) return 0;
    const auto* stage = (*pipeline)->find(deal.stage);
    return stage ? stage->probability : 0;
}

std::int64_t weighted_value(std::int64_t value, int probability) {
    // value × p / 100 as (value / 100) × p + the rest: value × p itself passes 64 bits for a
    // value above 2^63 / 100. Rounded half away from zero.
    auto p = std::clamp(probability, 0, 100);
    auto magnitude =
        value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
    auto weighted = magnitude / 100 * static_cast<std::uint64_t>(p) +
                    (magnitude % 100 * static_cast<std::uint64_t>(p) + 50) / 100;
    return static_cast<std::int64_t>(value < 0 ? 0 - weighted : weighted);
}

namespace detail {

std::optional<Deal> find_deal(Store& store, std::int64_t id) {
    auto& st = store.statement("SELECT " + deal_columns() + " FROM deals WHERE id = ?");
    st.bind(1, id);
    if (!st.executeStep()) return std::nullopt;
    return read_deal_row(st);
}

Result<Deal> require_deal(Store& store, std::int64_t id) {
    if (auto deal = find_deal(store, id)) return *deal;
    return fail(fmt::format("deal {} not found", id),
                act("deal", "list").option("--status", "all"));
}

std::int64_t insert_deal(Store& store, Deal& deal, std::optional<std::int64_t> batch) {
    deal.id = require_change(store).next_id("deals");
    static const auto sql = insert_sql(deal_fields(), "deals", "batch_id");
    auto& st = store.statement(sql);
    auto next = bind_all(deal_fields(), st, deal);
    if (batch)
        st.bind(next, *batch);
    else
        st.bind(next);
    st.exec();
    return deal.id;
}

void update_deal(Store& store, const Deal& deal) {
    static const auto sql = update_sql(deal_fields(), "deals");
    auto& st = store.statement(sql);
    bind_update(deal_fields(), st, deal);
    st.exec();
}

std::string encode_tags(const std::vector<std::string>& tags) {
    std::string out;
    for (const auto& tag : tags) {
        auto trimmed = text::trim(tag);
        if (trimmed.empty()) continue;
        out += ";";
        out += trimmed;
    }
    return out.empty() ? out : out + ";";
}

std::vector<std::string> decode_tags(const std::string& stored) {
    std::vector<std::string> tags;
    for (auto& part : text::split(stored, ';'))
        if (!part.empty()) tags.push_back(part);
    return tags;
}

Result<std::optional<int>> parse_probability(const std::string& input) {
    auto trimmed = text::trim(input);
    if (trimmed.empty() || text::iequals(trimmed, "none")) return std::optional<int>{};
    if (trimmed.ends_with('%')) trimmed.remove_suffix(1);
    int value = -1;
    auto [end, ec] = std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), value);
    if (ec != std::errc{} || end != trimmed.data() + trimmed.size() || value < 0 || value > 100)
        return fail(
            fmt::format("probability must be a whole number from 0 to 100, not '{}'", input),
            "e.g. --prob 35, or --prob none to use the stage's");
    return std::optional<int>{value};
}

Result<std::optional<Date>> parse_optional_date(const std::string& input, const Book& book,
                                                std::string_view what) {
    auto trimmed = text::trim(input);
    if (trimmed.empty() || text::iequals(trimmed, "none")) return std::optional<Date>{};
    auto parsed = parse_date(trimmed, book.today(), book.date_order());
    if (!parsed) {
        auto error = parsed.error();
        error.what = fmt::format("{}: {}", what, error.what);
        return std::unexpected(error);
    }
    return std::optional<Date>{*parsed};
}

Event deal_event(const Deal& deal, Timestamp at, std::string kind, std::optional<std::string> from,
                 std::optional<std::string> to, std::string detail) {
    Event e;
    e.at = at;
    e.deal_id = deal.id;
    e.kind = std::move(kind);
    e.from = std::move(from);
    e.to = std::move(to);
    e.detail = std::move(detail);
    return e;
}

} // namespace detail
} // namespace crm
