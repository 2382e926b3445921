#pragma once
/// \file deals.hpp
/// Deals and the operations on them. Every write is one transaction and appends events.

#include "pipe/book.hpp"
#include "pipe/fields.hpp"
#include "pipe/history.hpp"
#include "pipe/money.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace SQLite {
class Statement;
} // namespace SQLite

namespace crm {

/// open, won or lost — follows the kind of the deal's stage.
enum class DealStatus { open, won, lost };

/// `open`, `won` or `lost`.
[[nodiscard]] std::string_view to_string(DealStatus status);

/// A deal as stored.
struct Deal {
    std::int64_t id = 0;                  ///< Short integer id.
    std::string title;                    ///< What is being sold.
    std::string organization;             ///< Buying organization.
    std::string contact;                  ///< Contact person.
    std::string email;                    ///< Contact email.
    std::string phone;                    ///< Contact phone.
    Money value;                          ///< Value in minor units and currency.
    std::string pipeline;                 ///< Pipeline name.
    std::string stage;                    ///< Stage name.
    DealStatus status = DealStatus::open; ///< From the stage's kind.
    std::optional<int> probability;       ///< Override of the stage's probability.
    std::optional<Date> expected_close;   ///< Expected close date.
    Timestamp created_at{};               ///< Creation instant.
    std::optional<Timestamp> closed_at;   ///< When it was won or lost.
    Timestamp stage_entered_at{};         ///< When it entered its current stage.
    Timestamp last_touch_at{};            ///< Last activity or change (rotting clock).
    std::string lost_reason;              ///< Why it was lost.
    std::string source;                   ///< Where it came from.
    std::vector<std::string> tags;        ///< Free tags.
    std::string next_step;                ///< Its earliest open plan's text; empty when none.
    std::optional<Date> next_step_due;    ///< That plan's due date.
    std::string external_id;              ///< Id in the system it was imported from.
    std::optional<std::int64_t> lead_id;  ///< The lead it was converted from.
    std::string notes;                    ///< Free notes (also unknown import columns).
    int close_pushes = 0;                 ///< How often the expected close date moved later.
    std::optional<std::int64_t> organization_id; ///< The organization record (`organization`
                                                 ///< is its name).
    std::optional<std::int64_t> contact_id;      ///< The contact's person record (`contact` is
                                                 ///< their name).
    std::string owner; ///< Who owns it (an imported CRM's owner); empty: none.
};

/// Deal fields as the user typed them, by field name (see deal_fields()): `title`, `value`,
/// `currency`, `organization`, `contact`, `email`, `phone`, `stage` and `pipeline` (add only),
/// `expected_close` (`none` clears), `probability` (`none` clears the override), `source`,
/// `tags` (`;`-separated, replaces), `notes`.
using DealFields = FieldInput;

/// The fields of a deal, in export order (see fields.hpp).
[[nodiscard]] const FieldTable<Deal>& deal_fields();

/// The deals a report looks at: one pipeline, one owner (any case), one organization, or all.
/// Reports under a filter see only these deals, their events, exits and activities.
struct DealFilter {
    std::optional<std::string> pipeline;     ///< Only this pipeline.
    std::optional<std::string> owner;        ///< Only this owner.
    std::optional<std::string> organization; ///< Only this organization (id, name or prefix).
    /// Whether it filters at all.
    [[nodiscard]] bool any() const { return pipeline || owner || organization; }
};

/// Filters and order for listing deals.
struct DealQuery {
    std::optional<std::string> stage;          ///< Stage name or prefix.
    std::string status = "open";               ///< open, won, lost or all.
    std::optional<std::string> pipeline;       ///< Pipeline; all when unset.
    std::optional<std::string> tag;            ///< Only deals with this tag.
    std::optional<std::string> owner;          ///< Only deals of this owner (any case).
    std::optional<std::string> organization;   ///< Only deals of this organization (id or name).
    std::optional<std::string> closing_before; ///< Expected close on or before this date.
    bool rotting = false;                      ///< Only rotting deals.
    bool stuck = false;                        ///< Only stuck deals.
    std::string sort = "id";           ///< id, title, value, close, stage, created, updated, org.
    bool descending = false;           ///< Reverse the order.
    std::optional<std::int64_t> limit; ///< At most this many rows.
};

/// A page of deals plus totals over every deal that matched (not only the page).
struct DealList {
    std::vector<Deal> deals;      ///< The rows, in order, at most `limit`.
    std::int64_t total_count = 0; ///< Deals that matched.
    /// Sum of value and weighted value per status and currency over all matches.
    struct Total {
        std::string status;        ///< `open`, `won` or `lost`.
        std::string currency;      ///< Currency.
        std::int64_t deals = 0;    ///< Deals of this status in this currency.
        std::int64_t value = 0;    ///< Sum of values.
        std::int64_t weighted = 0; ///< Sum of value × p / 100 (open deals only).
    };
    /// One per status and currency: open, then won, then lost; largest value first within each.
    std::vector<Total> totals;
};

/// The probability in force for a deal: its override, else its stage's (0 if the stage is
/// not defined).
[[nodiscard]] int effective_probability(const Deal& deal, const StageConfig& stages);

/// Weighted value in minor units: value × p / 100 (p clamped to 0–100), rounded half away
/// from zero; exact for every value (never passes 64 bits).
[[nodiscard]] std::int64_t weighted_value(std::int64_t value, int probability);

/// Create a deal (stage defaults to the pipeline's first open stage).
[[nodiscard]] Result<Deal> add_deal(Book& book, const DealFields& fields);
/// One deal by id.
[[nodiscard]] Result<Deal> get_deal(Book& book, std::int64_t id);
/// Deals matching a query, with totals.
[[nodiscard]] Result<DealList> list_deals(Book& book, const DealQuery& query);
/// Change fields of a deal; value and close date changes are recorded as events.
[[nodiscard]] Result<Deal> edit_deal(Book& book, std::int64_t id, const DealFields& fields);
/// Remove a deal with its events and activities; returns what was removed.
[[nodiscard]] Result<Deal> remove_deal(Book& book, std::int64_t id);
/// Move a deal to a stage (forward or back); into won/lost closes it (lost needs a reason).
[[nodiscard]] Result<Deal> move_deal(Book& book, std::int64_t id, const std::string& stage,
                                     const std::string& note = {});
/// Mark a deal won, optionally with its final value and close date.
[[nodiscard]] Result<Deal> win_deal(Book& book, std::int64_t id, std::optional<std::string> value,
                                    std::optional<std::string> date);
/// Mark a deal lost with a reason (required).
[[nodiscard]] Result<Deal> lose_deal(Book& book, std::int64_t id, const std::string& reason);
/// Reopen a won or lost deal into a stage (default: the last open stage it was in).
[[nodiscard]] Result<Deal> reopen_deal(Book& book, std::int64_t id,
                                       std::optional<std::string> stage);
/// Plan a task as the deal's next step, with an optional due date (see plans.hpp: the next
/// step is the deal's earliest open plan).
[[nodiscard]] Result<Deal> set_next_step(Book& book, std::int64_t id, const std::string& text,
                                         std::optional<std::string> due);
/// Complete the next step: the earliest open plan is done (a logged activity).
[[nodiscard]] Result<Deal> complete_next_step(Book& book, std::int64_t id);

/// Open deals per (pipeline, stage), for `pipe stages`.
[[nodiscard]] Result<std::map<std::pair<std::string, std::string>, std::int64_t>>
open_deals_per_stage(Book& book);

/// Deals whose stage the stage file no longer defines (never hidden, never dropped).
[[nodiscard]] Result<std::vector<Deal>> deals_in_undefined_stages(Book& book);
/// What a stage rename did in one pipeline.
struct StageRename {
    std::string pipeline;   ///< The pipeline.
    std::string from;       ///< The old stage's name, as the deals carried it.
    std::string to;         ///< The new stage's name, as the stage file spells it.
    std::int64_t deals = 0; ///< Deals moved.
};
/// Rename a stage in the database (deals and history): `pipe stages rename OLD NEW`, in every
/// pipeline whose deals carry OLD (compared as stage names are, see Pipeline::find); NEW is a
/// name or unique prefix of a stage there. Refused when the stage file still defines OLD, and
/// when NEW's kind (open, won, lost) is not the status of OLD's deals. One change (undoable).
[[nodiscard]] Result<std::vector<StageRename>> rename_stage(Book& book, const std::string& from,
                                                            const std::string& to);

/// Read the deal at the current row of a statement that selected `deal_columns()` first.
[[nodiscard]] Deal read_deal_row(SQLite::Statement& statement);
/// The column list, in order, that read_deal_row expects (for `SELECT ... FROM deals`).
[[nodiscard]] const std::string& deal_columns();

} // namespace crm
