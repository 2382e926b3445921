#pragma once
// The tables kept from the rows by triggers (running totals, closes, stage reach, open plans per
// day, open deals per stage entry, next steps), each with the query that rebuilds it from the
// rows: its definition, which `pipe doctor` checks and repairs against, and which an import into
// a book without deals fills it from at its end.

#include <string_view>

namespace crm::detail {

/// A derived table, the columns its rebuild fills, and the query that rebuilds it.
struct Derived {
    std::string_view table;
    std::string_view columns;
    std::string_view rebuild;
};

/// Every derived table kept by triggers on deals, events, stage exits and activities.
inline constexpr Derived derived_definitions[] = {
    {"deal_totals", "pipeline, stage, status, currency, probability, deals, value",
     "SELECT pipeline, stage, status, currency, coalesce(probability, -1), count(*), sum(value) "
     "FROM deals GROUP BY 1, 2, 3, 4, 5"},
    {"closes", "at, event_id, deal_id, kind, reason, currency, created_at, value",
     "SELECT e.at, e.id, e.deal_id, e.kind, e.detail, d.currency, d.created_at, d.value FROM "
     "events e LEFT JOIN deals d ON d.id = e.deal_id WHERE e.deal_id IS NOT NULL AND e.kind IN "
     "('won', 'lost', 'reopened')"},
    {"stage_reach", "pipeline, stage, status, deals",
     "SELECT x.pipeline, x.stage, d.status, count(DISTINCT x.deal_id) FROM stage_exits x JOIN "
     "deals d ON d.id = x.deal_id GROUP BY 1, 2, 3"},
    {"plan_days", "due, plans",
     "SELECT due, count(*) FROM activities WHERE done = 0 AND cancelled_at IS NULL AND due IS "
     "NOT NULL GROUP BY due"},
    {"stage_entries", "pipeline, stage, span, deals",
     "SELECT pipeline, stage, stage_entered_at >> 16, count(*) FROM deals WHERE status = 'open' "
     "GROUP BY 1, 2, 3"},
    {"step_totals", "status, deals",
     "SELECT status, count(*) FROM deals WHERE next_step <> '' GROUP BY 1"},
};

} // namespace crm::detail
