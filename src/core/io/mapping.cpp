#include "pipe/io/mapping.hpp"

#include "../text.hpp"
#include "pipe/deals.hpp"
#include "pipe/leads.hpp"
#include "pipe/people.hpp"

#include <cctype>
#include <fmt/format.h>
#include <map>

namespace crm::io {

// The pseudo-fields of a type (defined below).
std::vector<std::string> pseudo_names(RecordType type);

namespace {

// Aliases per field, best first; the field's own name always matches first.
using Aliases = std::map<std::string, std::vector<std::string>>;

// The exported fields of a record type's field table, with their aliases.
template <class R> Aliases from_table(const FieldTable<R>& table) {
    Aliases out;
    for (const auto& f : table) {
        if (!f.has(field_use::exported)) continue;
        auto& list = out[std::string(f.name)];
        for (auto a : f.aliases) list.emplace_back(a);
    }
    return out;
}

template <class R> std::vector<std::string> names_of(const FieldTable<R>& table) {
    std::vector<std::string> out;
    for (const auto& f : table)
        if (f.has(field_use::exported)) out.emplace_back(f.name);
    return out;
}

const Aliases& aliases(RecordType type) {
    static const Aliases deals = from_table(deal_fields());
    static const Aliases leads = [] {
        auto out = from_table(lead_fields());
        out["deal_external_id"] = {"dealid", "convertedopportunityid", "converteddealid"};
        return out;
    }();
    static const Aliases activities = {
        {"deal_external_id", {"dealid", "opportunityid", "deal", "activitydealid"}},
        {"lead_external_id", {"leadid", "lead", "activityleadid"}},
        {"kind", {"type", "activitytype"}},
        {"at",
         {"date", "time", "timestamp", "activitydate", "createddate", "createdat",
          "activitymarkedasdonetime", "markedasdonetime", "donetime"}},
        {"due", {"duedate", "activityduedate"}},
        {"done", {"completed", "isdone", "activitydone"}},
        {"text", {"subject", "description", "note", "notes", "body", "activitysubject"}},
        {"due_time", {"duetime", "activityduetime"}},
        {"duration", {"activityduration", "durationminutes"}},
        {"planned_at", {"addtime", "activityaddtime"}},
        {"cancelled_at", {"cancelledtime"}},
        {"outcome", {"activitynote", "result"}},
    };
    static const Aliases events = {
        {"external_id", {"opportunityid", "dealexternalid", "dealid", "id"}},
        {"stage", {"stagename", "dealstage", "tostage"}},
        {"at", {"createddate", "date", "timestamp", "changedat", "createdat", "time"}},
        {"note", {"detail", "reason", "comment"}},
    };
    static const Aliases organizations = from_table(organization_fields());
    static const Aliases persons = from_table(person_fields());
    switch (type) {
    case RecordType::leads:
        return leads;
    case RecordType::activities:
        return activities;
    case RecordType::events:
        return events;
    case RecordType::organizations:
        return organizations;
    case RecordType::persons:
        return persons;
    default:
        return deals;
    }
}

int find_column(const std::vector<std::string>& normalized, const std::string& name,
                std::vector<bool>& used) {
    for (std::size_t i = 0; i < normalized.size(); ++i)
        if (!used[i] && normalized[i] == name) return static_cast<int>(i);
    return -1;
}

Result<int> field_index(RecordType type, std::string_view field) {
    const auto& fields = field_names(type);
    auto wanted = normalize_name(field);
    for (std::size_t i = 0; i < fields.size(); ++i)
        if (normalize_name(fields[i]) == wanted) return static_cast<int>(i);
    auto all = fields;
    for (auto& p : pseudo_names(type)) all.push_back(std::move(p));
    return fail(fmt::format("unknown {} field '{}'", to_string(type), field),
                "fields: " + text::join(all, ", "), 2);
}

} // namespace

std::string_view to_string(RecordType type) {
    switch (type) {
    case RecordType::leads:
        return "leads";
    case RecordType::activities:
        return "activities";
    case RecordType::events:
        return "events";
    case RecordType::organizations:
        return "organizations";
    case RecordType::persons:
        return "persons";
    default:
        return "deals";
    }
}

Result<RecordType> parse_record_type(std::string_view name) {
    auto n = text::lower(name);
    if (n == "deal" || n == "deals") return RecordType::deals;
    if (n == "lead" || n == "leads") return RecordType::leads;
    if (n == "activity" || n == "activities") return RecordType::activities;
    if (n == "event" || n == "events") return RecordType::events;
    if (n == "org" || n == "orgs" || n == "organization" || n == "organizations")
        return RecordType::organizations;
    if (n == "person" || n == "persons" || n == "people") return RecordType::persons;
    return fail(fmt::format("unknown type '{}'", name),
                "use deals, leads, activities, events, orgs or persons", 2);
}

const std::vector<std::string>& field_names(RecordType type) {
    static const std::vector<std::string> deals = names_of(deal_fields());
    static const std::vector<std::string> leads = [] {
        auto out = names_of(lead_fields());
        out.emplace_back("deal_external_id");
        return out;
    }();
    static const std::vector<std::string> activities = {"deal_external_id",
                                                        "lead_external_id",
                                                        "kind",
                                                        "at",
                                                        "due",
                                                        "done",
                                                        "text",
                                                        "due_time",
                                                        "duration",
                                                        "planned_at",
                                                        "cancelled_at",
                                                        "outcome"};
    static const std::vector<std::string> events = {"external_id", "stage", "at", "note"};
    static const std::vector<std::string> organizations = names_of(organization_fields());
    static const std::vector<std::string> persons = names_of(person_fields());
    switch (type) {
    case RecordType::leads:
        return leads;
    case RecordType::activities:
        return activities;
    case RecordType::events:
        return events;
    case RecordType::organizations:
        return organizations;
    case RecordType::persons:
        return persons;
    default:
        return deals;
    }
}

std::string normalize_name(std::string_view header) {
    std::string out;
    for (unsigned char c : header)
        if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
    return out;
}

Result<std::pair<std::string, std::string>> split_pair(std::string_view text,
                                                       std::string_view option) {
    auto eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0)
        return fail(fmt::format("{} '{}' needs the form NAME=VALUE", option, text),
                    fmt::format("e.g. {} value=Amount", option), 2);
    return std::pair{std::string(text::trim(text.substr(0, eq))),
                     std::string(text::trim(text.substr(eq + 1)))};
}

namespace {

// A pseudo-field: a column that fills no stored field by itself but decides one (a deal's
// status, its closing time), with its aliases, best first.
struct Pseudo {
    std::string_view name;
    int Mapping::*column;
    std::vector<std::string_view> aliases;
};

const std::vector<Pseudo>& pseudos(RecordType type) {
    static const std::vector<Pseudo> deals{
        {"close_date", &Mapping::close_date, {"closedate", "closingdate"}},
        {"status",
         &Mapping::status,
         {"status", "dealstatus", "statustype", "opportunitystatus", "wonlost"}},
        {"is_won", &Mapping::is_won, {"iswon", "isclosedwon", "hsisclosedwon", "won"}},
        {"is_closed", &Mapping::is_closed, {"isclosed", "hsisclosed", "isdealclosed", "closed"}},
        {"won_time", &Mapping::won_time, {"wontime", "datewon", "wondate", "closedwondate"}},
        {"lost_time", &Mapping::lost_time, {"losttime", "datelost", "lostdate", "closedlostdate"}},
    };
    static const std::vector<Pseudo> leads{
        {"first_name", &Mapping::close_date, {"firstname", "givenname"}},
        {"last_name", &Mapping::last_name, {"lastname", "surname", "familyname"}},
    };
    static const std::vector<Pseudo> none;
    if (type == RecordType::deals) return deals;
    return type == RecordType::leads || type == RecordType::persons ? leads : none;
}

bool prefixed(std::string_view header, std::string_view prefix, std::string_view& rest) {
    auto h = text::trim(header);
    if (h.size() <= prefix.size() + 3) return false;
    if (!text::iequals(h.substr(0, prefix.size()), prefix)) return false;
    auto after = h.substr(prefix.size());
    if (!after.starts_with(" - ")) return false;
    rest = after.substr(3);
    return true;
}

} // namespace

std::vector<std::string> pseudo_names(RecordType type) {
    std::vector<std::string> out;
    for (const auto& p : pseudos(type)) out.emplace_back(p.name);
    return out;
}

std::vector<std::string> pseudo_fields(RecordType type) {
    return pseudo_names(type);
}

std::string match_name(RecordType type, std::string_view header) {
    std::string_view rest;
    if (prefixed(header, "deal", rest) || prefixed(header, "lead", rest) ||
        prefixed(header, "opportunity", rest))
        return normalize_name(rest);
    if (prefixed(header, "person", rest) || prefixed(header, "contact", rest)) {
        auto name = normalize_name(rest);
        if (type != RecordType::deals) return name;
        if (name == "name") return "contactname";
        if (name.starts_with("email")) return "contactemail";
        if (name.starts_with("phone")) return "contactphone";
        return "person" + name;
    }
    if (prefixed(header, "organization", rest) || prefixed(header, "organisation", rest) ||
        prefixed(header, "company", rest)) {
        auto name = normalize_name(rest);
        // In an organizations file `Organization - Address` is the address.
        if (type == RecordType::organizations) return name;
        return name == "name" ? "organization" : "organization" + name;
    }
    return normalize_name(header);
}

Result<RecordType> type_of_columns(const std::vector<std::string>& columns) {
    static const std::vector<std::string_view> deal_words{
        "title",         "value",         "amount",
        "stage",         "dealstage",     "stagename",
        "pipeline",      "closedate",     "closingdate",
        "expectedclose", "dealname",      "opportunityname",
        "potentialname", "iswon",         "isclosed",
        "isclosedwon",   "closevalue",    "expectedrevenue",
        "wontime",       "losttime",      "dealtitle",
        "dealvalue",     "opportunityid", "dealid",
        "potentialid",   "probability",   "forecastcategoryname",
        "statuslabel",   "confidence"};
    static const std::vector<std::string_view> lead_words{
        "firstname",  "lastname",   "leadstatus", "fullname",       "leadid",
        "prospectid", "leadnumber", "leadorigin", "lifecyclestage", "isconverted",
        "converted",  "leadname",   "name"};
    static const std::vector<std::string_view> event_ids{"externalid", "opportunityid", "dealid",
                                                         "dealexternalid"};
    static const std::vector<std::string_view> activity_words{"kind",    "activitytype", "due",
                                                              "duedate", "done",         "isdone"};
    // An organization's own words: a company's web domain or address without a deal or a
    // person in the file (HubSpot companies, Salesforce accounts).
    static const std::vector<std::string_view> organization_words{
        "companydomainname", "domain", "website", "domainname", "billingstreet", "billingcity"};
    bool deal_prefix = false, person_prefix = false, organization_prefix = false;
    std::vector<std::string> names;
    for (const auto& c : columns) {
        std::string_view rest;
        if (prefixed(c, "deal", rest)) deal_prefix = true;
        if (prefixed(c, "person", rest) || prefixed(c, "lead", rest)) person_prefix = true;
        if (prefixed(c, "organization", rest) || prefixed(c, "organisation", rest))
            organization_prefix = true;
        names.push_back(normalize_name(c));
    }
    if (deal_prefix) return RecordType::deals;
    if (person_prefix) return RecordType::leads;
    if (organization_prefix) return RecordType::organizations;
    auto has = [&](const std::vector<std::string_view>& words) {
        return std::ranges::any_of(names, [&](const std::string& n) {
            return std::ranges::find(words, n) != words.end();
        });
    };
    auto count = [&](const std::vector<std::string_view>& words) {
        return std::ranges::count_if(names, [&](const std::string& n) {
            return std::ranges::find(words, n) != words.end();
        });
    };
    bool titled = has(
        {"name", "title", "dealname", "opportunityname", "potentialname", "dealtitle", "subject"});
    bool staged = has({"stage", "stagename", "dealstage", "tostage"});
    // Stage history: a deal's id, a stage and when, without the deal's own name or buyer
    // (Salesforce's OpportunityHistory also carries Amount and CloseDate).
    if (has(event_ids) && staged && !titled &&
        !has({"organization", "account", "accountname", "company", "companyname", "createdat"}) &&
        has({"at", "createddate", "changedat", "date", "timestamp"}))
        return RecordType::events;
    if (has(activity_words) && !staged &&
        has({"dealexternalid", "leadexternalid", "dealid", "opportunityid", "leadid", "deal",
             "lead"}))
        return RecordType::activities;
    auto deal = count(deal_words);
    auto lead = count(lead_words);
    // A lead's name alone is also a deal's title alias: it does not count against deal words
    // (Salesforce opportunities are Name, StageName, Amount ...). Otherwise the words of one
    // type must be at least twice as many as the other's (Close's opportunities name their
    // lead, `lead_name`, beside three deal words); a file between the two is unclear.
    auto lead_only = lead - (has({"name"}) ? 1 : 0);
    if (deal == 0 && lead_only == 0 && has(organization_words)) return RecordType::organizations;
    if (deal > 0 && deal >= 2 * lead_only) return RecordType::deals;
    if (lead > 0 && lead_only >= 2 * deal) return RecordType::leads;
    return fail(deal > 0 ? "the columns name both deals and leads"
                         : "the columns name neither deals nor leads",
                "say what the rows are with --type deals, leads, activities, events, orgs or "
                "persons",
                1);
}

Result<Mapping> map_columns(RecordType type, const std::vector<std::string>& columns,
                            const Pairs& maps, bool strict) {
    const auto& fields = field_names(type);
    const auto& extra = pseudos(type);
    Mapping m;
    m.column_of.assign(fields.size(), -1);
    std::vector<std::string> normalized;
    for (const auto& c : columns) normalized.push_back(match_name(type, c));
    std::vector<bool> used(columns.size(), false);
    auto claim = [&](int column) {
        if (column >= 0) used[static_cast<std::size_t>(column)] = true;
        return column;
    };
    // `--map` names a column as typed, any case, or by its normalized name.
    auto exact = [&](std::string_view name) {
        for (std::size_t i = 0; i < columns.size(); ++i)
            if (!used[i] && text::iequals(text::trim(columns[i]), text::trim(name)))
                return static_cast<int>(i);
        auto key = normalize_name(name);
        for (std::size_t i = 0; i < columns.size(); ++i)
            if (!used[i] && normalize_name(columns[i]) == key) return static_cast<int>(i);
        return find_column(normalized, key, used);
    };
    std::vector<std::string> mapped_names;
    for (const auto& [field, column] : maps) {
        auto key = normalize_name(field);
        mapped_names.push_back(key);
        // `--map FIELD=` (nothing): no column fills FIELD, not even one of its aliases.
        int col = column.empty() ? -1 : exact(column);
        if (col < 0 && strict && !column.empty())
            return fail(fmt::format("--map {}={}: no column '{}'", field, column, column),
                        "columns: " + text::join(columns, ", "), 2);
        auto pseudo = std::ranges::find_if(
            extra, [&](const Pseudo& p) { return normalize_name(p.name) == key; });
        if (pseudo != extra.end()) {
            m.*(pseudo->column) = claim(col);
        } else {
            auto index = PIPE_TRY(field_index(type, field));
            m.column_of[static_cast<std::size_t>(index)] = claim(col);
        }
    }
    const auto& table = aliases(type);
    auto mapped = [&](std::string_view name) {
        return std::ranges::find(mapped_names, normalize_name(name)) != mapped_names.end();
    };
    for (std::size_t i = 0; i < fields.size(); ++i)
        if (m.column_of[i] < 0 && !mapped(fields[i]))
            m.column_of[i] = claim(find_column(normalized, normalize_name(fields[i]), used));
    for (const auto& p : extra)
        if (m.*(p.column) < 0 && !mapped(p.name))
            m.*(p.column) = claim(find_column(normalized, normalize_name(p.name), used));
    for (std::size_t i = 0; i < fields.size(); ++i) {
        auto it = table.find(fields[i]);
        if (m.column_of[i] >= 0 || mapped(fields[i]) || it == table.end()) continue;
        for (const auto& alias : it->second)
            if ((m.column_of[i] = claim(find_column(normalized, alias, used))) >= 0) break;
    }
    for (const auto& p : extra) {
        if (m.*(p.column) >= 0 || mapped(p.name)) continue;
        for (auto alias : p.aliases)
            if ((m.*(p.column) = claim(find_column(normalized, std::string(alias), used))) >= 0)
                break;
    }
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (!used[i]) m.unknown.push_back(static_cast<int>(i));
    return m;
}

Result<void> require_columns(RecordType type, const Mapping& mapping,
                             const std::vector<std::string>& columns, const Pairs& defaults,
                             std::string_view source) {
    const auto& fields = field_names(type);
    auto filled = [&](std::string_view field) {
        for (const auto& [name, value] : defaults)
            if (normalize_name(name) == normalize_name(field) && !value.empty()) return true;
        for (std::size_t i = 0; i < fields.size(); ++i)
            if (fields[i] == field) return mapping.column_of[i] >= 0;
        return false;
    };
    struct Need {
        std::vector<std::string_view> any; // one of these fields
        int pseudo = -1;                   // or this pseudo-field's column
        std::string_view what;
    };
    std::vector<Need> needs;
    switch (type) {
    case RecordType::deals:
        needs = {{{"title", "organization", "external_id"}, -1, "a deal's title"}};
        break;
    case RecordType::leads:
        needs = {{{"name", "organization", "email", "external_id"},
                  std::max(mapping.close_date, mapping.last_name),
                  "a lead's name"}};
        break;
    case RecordType::activities:
        needs = {{{"deal_external_id", "lead_external_id"}, -1, "the deal or lead"},
                 {{"kind"}, -1, "the kind (call, email, meeting, note or task)"},
                 {{"text"}, -1, "the text"}};
        break;
    case RecordType::organizations:
        needs = {{{"name"}, -1, "an organization's name"}};
        break;
    case RecordType::persons:
        needs = {{{"name"}, std::max(mapping.close_date, mapping.last_name), "a person's name"}};
        break;
    case RecordType::events:
        needs = {{{"external_id"}, -1, "the deal's external id"},
                 {{"stage"}, -1, "the stage"},
                 {{"at"}, -1, "the time of the move"}};
        break;
    }
    for (const auto& need : needs) {
        if (need.pseudo >= 0 || std::ranges::any_of(need.any, filled)) continue;
        return fail(fmt::format("{}: no column has {} ({} columns: {})", source, need.what,
                                to_string(type), text::join(columns, ", ")),
                    fmt::format("name the column with --map {}=COLUMN", need.any.front()));
    }
    return {};
}

Result<std::vector<std::string>> map_defaults(RecordType type, const Pairs& defaults) {
    std::vector<std::string> out(field_names(type).size());
    for (const auto& [field, value] : defaults) {
        auto index = PIPE_TRY(field_index(type, field));
        out[static_cast<std::size_t>(index)] = value;
    }
    return out;
}

} // namespace crm::io
