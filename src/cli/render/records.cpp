#include "render/records.hpp"

#include <fmt/format.h>

namespace crm::render {

using nlohmann::ordered_json;

namespace {

ordered_json optional_date(const std::optional<Date>& d) {
    return d ? ordered_json(format_date(*d)) : ordered_json(nullptr);
}

ordered_json optional_text(const std::string& s) {
    return s.empty() ? ordered_json(nullptr) : ordered_json(s);
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

ordered_json deal_json(const Deal& d, const StageConfig& stages) {
    auto p = effective_probability(d, stages);
    ordered_json j;
    j["id"] = d.id;
    j["title"] = d.title;
    j["organization"] = optional_text(d.organization);
    j["contact"] = optional_text(d.contact);
    j["email"] = optional_text(d.email);
    j["phone"] = optional_text(d.phone);
    j["value"] = decimal(d.value.minor, d.value.currency);
    j["currency"] = d.value.currency;
    j["pipeline"] = d.pipeline;
    j["stage"] = d.stage;
    j["status"] = std::string(to_string(d.status));
    j["probability"] = p;
    j["probability_override"] = optional_value(d.probability);
    j["weighted_value"] = decimal(
        d.status == DealStatus::open ? weighted_value(d.value.minor, p) : 0, d.value.currency);
    j["expected_close"] = optional_date(d.expected_close);
    j["created_at"] = format_timestamp(d.created_at);
    j["closed_at"] =
        d.closed_at ? ordered_json(format_timestamp(*d.closed_at)) : ordered_json(nullptr);
    j["stage_entered_at"] = format_timestamp(d.stage_entered_at);
    j["last_touch_at"] = format_timestamp(d.last_touch_at);
    j["lost_reason"] = optional_text(d.lost_reason);
    j["source"] = optional_text(d.source);
    j["tags"] = d.tags;
    j["next_step"] = d.next_step.empty() ? ordered_json(nullptr)
                                         : ordered_json{{"text", d.next_step},
                                                        {"due", optional_date(d.next_step_due)}};
    j["external_id"] = optional_text(d.external_id);
    j["lead_id"] = optional_value(d.lead_id);
    j["notes"] = optional_text(d.notes);
    j["close_date_pushes"] = d.close_pushes;
    return j;
}

ordered_json lead_json(const Lead& l) {
    ordered_json j;
    j["id"] = l.id;
    j["name"] = l.name;
    j["organization"] = optional_text(l.organization);
    j["email"] = optional_text(l.email);
    j["phone"] = optional_text(l.phone);
    j["source"] = optional_text(l.source);
    j["status"] = l.status;
    j["bant"] = {{"budget", optional_value(l.budget)},
                 {"authority", optional_value(l.authority)},
                 {"need", optional_value(l.need)},
                 {"timeline", optional_value(l.timeline)},
                 {"total", l.bant_total()},
                 {"tier", l.scored() ? ordered_json(std::string(bant_tier(l.bant_total())))
                                     : ordered_json(nullptr)}};
    j["follow_up"] = optional_date(l.follow_up);
    j["nurture_until"] = optional_date(l.nurture_until);
    j["drop_reason"] = optional_text(l.drop_reason);
    j["notes"] = optional_text(l.notes);
    j["external_id"] = optional_text(l.external_id);
    j["deal_id"] = optional_value(l.deal_id);
    j["created_at"] = format_timestamp(l.created_at);
    j["updated_at"] = format_timestamp(l.updated_at);
    j["last_touch_at"] = format_timestamp(l.last_touch_at);
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
    j["detail"] = optional_text(e.detail);
    return j;
}

ordered_json activity_json(const Activity& a) {
    ordered_json j;
    j["id"] = a.id;
    j["deal_id"] = optional_value(a.deal_id);
    j["lead_id"] = optional_value(a.lead_id);
    j["kind"] = a.kind;
    j["at"] = format_timestamp(a.at);
    j["due"] = optional_date(a.due);
    j["done"] = a.done;
    j["text"] = a.text;
    return j;
}

std::string describe_event(const Event& e, const std::string& currency) {
    auto from = e.from.value_or("");
    auto to = e.to.value_or("");
    if (e.kind == "created") {
        if (e.lead_id) return "created";
        return e.detail.empty()
                   ? "created in " + to
                   : fmt::format("created in {} · {}", to, money_of(e.detail, currency));
    }
    if (e.kind == "stage") return fmt::format("{} → {}", from, to);
    if (e.kind == "won") return fmt::format("won ({} → {})", from, to);
    if (e.kind == "lost") return fmt::format("lost: {} ({} → {})", e.detail, from, to);
    if (e.kind == "reopened") return fmt::format("reopened into {}", to);
    if (e.kind == "value")
        return fmt::format("value {} → {}", money_of(e.from, currency), money_of(e.to, currency));
    if (e.kind == "close_date")
        return fmt::format("close date {} → {}", e.from.value_or("none"), e.to.value_or("none"));
    if (e.kind == "next_step")
        return e.detail.empty() ? "next step: " + to
                                : fmt::format("next step: {} (due {})", to, e.detail);
    if (e.kind == "next_step_done") return "done: " + from;
    if (e.kind == "converted") return e.detail.empty() ? "converted" : "converted " + e.detail;
    if (e.kind == "qualified") return fmt::format("qualified: BANT {} ({})", to, e.detail);
    if (e.kind == "status") return fmt::format("status {} → {}", from, to);
    if (e.kind == "dropped") return fmt::format("dropped: {} → {}", e.detail, to);
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
