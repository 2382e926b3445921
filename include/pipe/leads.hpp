#pragma once
/// \file leads.hpp
/// Leads: unqualified prospects, their BANT scores, and their conversion into deals.

#include "pipe/book.hpp"
#include "pipe/deals.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace crm {

/// A lead as stored.
struct Lead {
    std::int64_t id = 0;                   ///< Short integer id.
    std::string name;                      ///< Person or prospect name.
    std::string organization;              ///< Organization.
    std::string email;                     ///< Email.
    std::string phone;                     ///< Phone.
    std::string source;                    ///< Where it came from.
    std::string status = "new";            ///< new, qualified, nurturing, disqualified, converted.
    std::optional<int> budget;             ///< BANT budget 0–4.
    std::optional<int> authority;          ///< BANT authority 0–4.
    std::optional<int> need;               ///< BANT need 0–4.
    std::optional<int> timeline;           ///< BANT timeline 0–4.
    std::optional<Date> follow_up;         ///< Next follow-up date.
    std::optional<Date> nurture_until;     ///< When a nurtured lead comes back.
    std::string drop_reason;               ///< Why it was dropped.
    std::string notes;                     ///< Free notes.
    std::string external_id;               ///< Id in the system it was imported from.
    std::optional<std::int64_t> deal_id;   ///< The deal it was converted into.
    Timestamp created_at{};                ///< Creation instant.
    Timestamp updated_at{};                ///< Last change.
    Timestamp last_touch_at{};             ///< Last activity or change.
    std::optional<std::int64_t> person_id; ///< The person record the lead is.
    std::optional<std::int64_t> organization_id; ///< The organization record (`organization`
                                                 ///< is its name).

    /// Sum of the BANT scores that are set (0–16).
    [[nodiscard]] int bant_total() const;
    /// Whether any BANT score is set.
    [[nodiscard]] bool scored() const;
};

/// The tier of a BANT total: `unqualified` (0–4), `nurture` (5–8), `qualified` (9–12),
/// `hot` (13–16).
[[nodiscard]] std::string_view bant_tier(int total);

/// The lead statuses, in order.
[[nodiscard]] const std::vector<std::string>& lead_statuses();

/// Lead fields as the user typed them, by field name (see lead_fields()): `name`,
/// `organization`, `email`, `phone`, `source`, `status` (edit only), `follow_up` (`none`
/// clears), `notes`.
using LeadFields = FieldInput;

/// The fields of a lead, in export order (see fields.hpp).
[[nodiscard]] const FieldTable<Lead>& lead_fields();

/// BANT scores as typed, each 0–4; unset scores are left alone.
struct BantFields {
    std::optional<std::string> budget;    ///< Budget.
    std::optional<std::string> authority; ///< Authority.
    std::optional<std::string> need;      ///< Need.
    std::optional<std::string> timeline;  ///< Timeline.
};

/// Filters and order for listing leads.
struct LeadQuery {
    std::optional<std::string> status; ///< One status, or all but converted when unset.
    std::optional<std::string> source; ///< Exact source (case-insensitive).
    std::string sort = "id";           ///< id, name, org, created, follow-up, score.
    bool descending = false;           ///< Reverse the order.
    std::optional<std::int64_t> limit; ///< At most this many rows.
};

/// What converting a lead produced.
struct Conversion {
    Lead lead; ///< The lead, now `converted`.
    Deal deal; ///< The new deal.
};

/// Create a lead.
[[nodiscard]] Result<Lead> add_lead(Book& book, const LeadFields& fields);
/// One lead by id.
[[nodiscard]] Result<Lead> get_lead(Book& book, std::int64_t id);
/// Leads matching a query.
[[nodiscard]] Result<std::vector<Lead>> list_leads(Book& book, const LeadQuery& query);
/// Change fields of a lead.
[[nodiscard]] Result<Lead> edit_lead(Book& book, std::int64_t id, const LeadFields& fields);
/// Remove a lead with its events and activities.
[[nodiscard]] Result<Lead> remove_lead(Book& book, std::int64_t id);
/// Set BANT scores; a total of 9 or more makes a new or nurtured lead `qualified`.
[[nodiscard]] Result<Lead> qualify_lead(Book& book, std::int64_t id, const BantFields& scores);
/// Convert a lead into a deal in the first open stage (or `deal.stage`), linking both.
/// The deal's title defaults to the lead's organization, else its name.
[[nodiscard]] Result<Conversion> convert_lead(Book& book, std::int64_t id, DealFields deal);
/// Drop a lead with a reason: `disqualified`, or `nurturing` until a date when one is given.
[[nodiscard]] Result<Lead> drop_lead(Book& book, std::int64_t id, const std::string& reason,
                                     std::optional<std::string> nurture_until);

} // namespace crm
