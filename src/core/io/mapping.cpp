#include "pipe/io/mapping.hpp"

#include "../text.hpp"
#include "pipe/deals.hpp"
#include "pipe/leads.hpp"

#include <cctype>
#include <fmt/format.h>
#include <map>

namespace crm::io {

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
    switch (type) {
    case RecordType::leads:
        return leads;
    case RecordType::activities:
        return activities;
    case RecordType::events:
        return events;
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
    return fail(fmt::format("unknown {} field '{}'", to_string(type), field),
                "fields: " + text::join(fields, ", "), 2);
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
    return fail(fmt::format("unknown type '{}'", name), "use deals, leads, activities or events",
                2);
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
    switch (type) {
    case RecordType::leads:
        return leads;
    case RecordType::activities:
        return activities;
    case RecordType::events:
        return events;
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

Result<Mapping> map_columns(RecordType type, const std::vector<std::string>& columns,
                            const Pairs& maps, bool strict) {
    const auto& fields = field_names(type);
    Mapping m;
    m.column_of.assign(fields.size(), -1);
    std::vector<std::string> normalized;
    for (const auto& c : columns) normalized.push_back(normalize_name(c));
    std::vector<bool> used(columns.size(), false);
    auto claim = [&](int column) {
        if (column >= 0) used[static_cast<std::size_t>(column)] = true;
        return column;
    };
    auto exact = [&](std::string_view name) {
        for (std::size_t i = 0; i < columns.size(); ++i)
            if (!used[i] && text::iequals(text::trim(columns[i]), text::trim(name)))
                return static_cast<int>(i);
        return find_column(normalized, normalize_name(name), used);
    };
    std::string close_field = type == RecordType::deals ? "closedate" : "firstname";
    for (const auto& [field, column] : maps) {
        auto col = exact(column);
        if (col < 0 && strict)
            return fail(fmt::format("--map {}={}: no column '{}'", field, column, column),
                        "columns: " + text::join(columns, ", "), 2);
        auto key = normalize_name(field);
        if (key == close_field && type != RecordType::events) {
            m.close_date = claim(col);
        } else if (key == "lastname" && type == RecordType::leads) {
            m.last_name = claim(col);
        } else {
            auto index = PIPE_TRY(field_index(type, field));
            m.column_of[static_cast<std::size_t>(index)] = claim(col);
        }
    }
    const auto& table = aliases(type);
    auto mapped = [&](std::size_t i) {
        return std::ranges::any_of(maps, [&](const auto& p) {
            return normalize_name(p.first) == normalize_name(fields[i]);
        });
    };
    for (std::size_t i = 0; i < fields.size(); ++i)
        if (m.column_of[i] < 0 && !mapped(i))
            m.column_of[i] = claim(find_column(normalized, normalize_name(fields[i]), used));
    for (std::size_t i = 0; i < fields.size(); ++i) {
        auto it = table.find(fields[i]);
        if (m.column_of[i] >= 0 || mapped(i) || it == table.end()) continue;
        for (const auto& alias : it->second)
            if ((m.column_of[i] = claim(find_column(normalized, alias, used))) >= 0) break;
    }
    if (type == RecordType::deals && m.close_date < 0)
        m.close_date = claim(find_column(normalized, "closedate", used));
    if (type == RecordType::leads) {
        if (m.close_date < 0) m.close_date = claim(find_column(normalized, "firstname", used));
        if (m.last_name < 0) m.last_name = claim(find_column(normalized, "lastname", used));
    }
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (!used[i]) m.unknown.push_back(static_cast<int>(i));
    return m;
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
