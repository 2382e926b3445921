#include "render/records.hpp"

#include <fmt/format.h>

namespace crm::render {

using nlohmann::ordered_json;

namespace {

ordered_json optional_date(const std::optional<Date>& d) {
    return d ? ordered_json(format_date(*d)) : ordered_json(nullptr);
}

// The `;`-separated parts of stored tags.
std::vector<std::string> text_parts(const std::string& stored) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < stored.size()) {
        auto end = stored.find(';', start);
        if (end == std::string::npos) end = stored.size();
        if (end > start) out.push_back(stored.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

template <class T> ordered_json optional_value(const std::optional<T>& v) {
    return v ? ordered_json(*v) : ordered_json(nullptr);
}

std::string money_of(const std::optional<std::string>& minor, const std::string& currency) {
    if (!minor) return "—";
    try {
        return format_money(std::stoll(*minor), currency);
    } catch (...) {
        return *minor;
    }
}

} // namespace

std::string decimal(std::int64_t minor, const std::string& currency) {
    return format_decimal(minor, currency_digits(currency));
}

namespace {

// A field's stored value as its JSON: by kind (money as a decimal string of `currency`).
template <class R>
ordered_json field_json(const Field<R>& f, const R& r, const std::string& currency) {
    auto v = f.get(r);
    if (is_none(v)) return nullptr;
    switch (f.kind) {
    case FieldKind::id:
    case FieldKind::count:
    case FieldKind::percent:
    case FieldKind::score:
    case FieldKind::ref:
        return std::get<std::int64_t>(v);
    case FieldKind::money:
        return decimal(std::get<std::int64_t>(v), currency);
    case FieldKind::instant:
        return format_timestamp(Timestamp{std::chrono::seconds{std::get<std::int64_t>(v)}});
    case FieldKind::tags: {
        auto list = ordered_json::array();
        for (auto& part : text_parts(text_of(v))) list.push_back(part);
        return list;
    }
    case FieldKind::text:
    case FieldKind::external_id:
        return text_of(v).empty() ? ordered_json(nullptr) : ordered_json(text_of(v));
    default:
        return text_of(v);
    }
}

} // namespace

ordered_json deal_json(const Deal& d, const StageConfig& stages) {
    auto p = effective_probability(d, stages);
    ordered_json j;
    for (const auto& f : deal_fields()) {
        if (f.name == "probability") {
            j["probability"] = p;
            j[std::string(f.key())] = field_json(f, d, d.value.currency);
            j["weighted_value"] =
                decimal(d.status == DealStatus::open ? weighted_value(d.value.minor, p) : 0,
                        d.value.currency);
        } else if (f.name == "next_step") {
            j["next_step"] =
                d.next_step.empty()
                    ? ordered_json(nullptr)
                    : ordered_json{{"text", d.next_step}, {"due", optional_date(d.next_step_due)}};
        } else if (f.has(field_use::json)) {
            j[std::string(f.key())] = field_json(f, d, d.value.currency);
        }
    }
    return j;
}

ordered_json lead_json(const Lead& l) {
    ordered_json j;
    for (const auto& f : lead_fields()) {
        if (f.name == "budget")
            j["bant"] = {{"budget", optional_value(l.budget)},
                         {"authority", optional_value(l.authority)},
                         {"need", optional_value(l.need)},
                         {"timeline", optional_value(l.timeline)},
                         {"total", l.bant_total()},
                         {"tier", l.scored() ? ordered_json(std::string(bant_tier(l.bant_total())))
                                             : ordered_json(nullptr)}};
        else if (f.has(field_use::json))
            j[std::string(f.key())] = field_json(f, l, "");
    }
    return j;
}

ordered_json organization_json(const Organization& o) {
    ordered_json j;
    for (const auto& f : organization_fields())
        if (f.has(field_use::json)) j[std::string(f.key())] = field_json(f, o, "");
    return j;
}

ordered_json person_json(const Person& p) {
    ordered_json j;
    for (const auto& f : person_fields())
        if (f.has(field_use::json)) j[std::string(f.key())] = field_json(f, p, "");
    return j;
}

ordered_json event_json(const Event& e, const std::string& currency) {
    ordered_json j;
    j["at"] = format_timestamp(e.at);
    j["kind"] = e.kind;
    auto money = [&](const std::optional<std::string>& v) -> ordered_json {
        if (!v) return nullptr;
        try {
            return decimal(std::stoll(*v), currency);
        } catch (...) {
            return *v;
        }
    };
    bool is_money = e.kind == "value";
    j["from"] = is_money ? money(e.from) : optional_value(e.from);
    j["to"] = is_money ? money(e.to) : optional_value(e.to);
    j["detail"] = e.detail.empty() ? ordered_json(nullptr) : ordered_json(e.detail);
    return j;
}

ordered_json activity_json(const Activity& a) {
    auto instant = [](const std::optional<Timestamp>& t) {
        return t ? ordered_json(format_timestamp(*t)) : ordered_json(nullptr);
    };
    ordered_json j;
    j["id"] = a.id;
    j["deal_id"] = optional_value(a.deal_id);
    j["lead_id"] = optional_value(a.lead_id);
    j["person_id"] = optional_value(a.person_id);
    j["organization_id"] = optional_value(a.organization_id);
    j["kind"] = a.kind;
    j["at"] = format_timestamp(a.at);
    j["due"] = optional_date(a.due);
    j["done"] = a.done;
    j["text"] = a.text;
    j["state"] = std::string(to_string(a.state()));
    j["time"] = a.time ? ordered_json(format_time_of_day(*a.time)) : ordered_json(nullptr);
    j["duration_minutes"] = a.duration ? ordered_json(a.duration->count()) : ordered_json(nullptr);
    j["planned_at"] = instant(a.planned_at);
    j["cancelled_at"] = instant(a.cancelled_at);
    j["snoozes"] = a.snoozes;
    j["outcome"] = a.outcome.empty() ? ordered_json(nullptr) : ordered_json(a.outcome);
    return j;
}

std::string describe_event(const Event& e, const std::string& currency) {
    auto from = e.from.value_or("");
    auto to = e.to.value_or("");
    if (e.kind == "created") {
        if (e.lead_id) return "created";
        // A deal imported closed, without its history, was created in a stage no one knows.
        auto where = to.empty() ? std::string("created") : "created in " + to;
        return e.detail.empty() ? where
                                : fmt::format("{} · {}", where, money_of(e.detail, currency));
    }
    auto note = e.detail.empty() ? std::string() : " · " + e.detail;
    if (e.kind == "stage") return fmt::format("{} → {}{}", from, to, note);
    if (e.kind == "won") return fmt::format("won ({} → {}){}", from, to, note);
    if (e.kind == "lost") return fmt::format("lost: {} ({} → {})", e.detail, from, to);
    if (e.kind == "reopened") return fmt::format("reopened into {}{}", to, note);
    if (e.kind == "value")
        return fmt::format("value {} → {}", money_of(e.from, currency), money_of(e.to, currency));
    if (e.kind == "close_date")
        return fmt::format("close date {} → {}", e.from.value_or("none"), e.to.value_or("none"));
    if (e.kind == "next_step")
        return e.detail.empty() ? "next step: " + to
                                : fmt::format("next step: {} (due {})", to, e.detail);
    if (e.kind == "next_step_done") return "done: " + from;
    if (e.kind == "next_step_cleared")
        return e.detail.empty() ? "next step dropped: " + from
                                : fmt::format("next step dropped: {} ({})", from, e.detail);
    if (e.kind == "converted") return e.detail.empty() ? "converted" : "converted " + e.detail;
    if (e.kind == "qualified") return fmt::format("qualified: BANT {} ({})", to, e.detail);
    if (e.kind == "status") return fmt::format("status {} → {}", from, to);
    if (e.kind == "dropped") return fmt::format("dropped: {} → {}", e.detail, to);
    if (e.kind == "follow_up_cleared")
        return e.detail.empty() ? "follow-up " + from + " cleared"
                                : fmt::format("follow-up {} cleared by the {}", from, e.detail);
    if (e.kind == "imported") return e.detail.empty() ? "imported" : "imported " + e.detail;
    if (e.kind == "edited") return e.detail.empty() ? "edited" : "edited " + e.detail;
    return e.detail.empty() ? e.kind : e.kind + ": " + e.detail;
}

std::string relative_due(Date due, Date today) {
    auto days = (due - today).count();
    if (days == 0) return "today";
    if (days > 0) return fmt::format("in {}d", days);
    return fmt::format("overdue {}d", -days);
}

std::string next_step_cell(const Deal& d, Date today) {
    if (d.next_step.empty()) return "— none —";
    if (!d.next_step_due) return d.next_step;
    return d.next_step + " · " + relative_due(*d.next_step_due, today);
}

} // namespace crm::render
