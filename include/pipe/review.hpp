#pragma once
/// \file review.hpp
/// The weekly pipeline review: what happened in a period compared with the one before, the
/// funnel, lost reasons, activity, the hygiene list and goal coverage. Every figure follows
/// SPEC.md "Figures: exact definitions"; a figure that cannot be computed (no deals closed,
/// nothing to divide by) is an empty optional, never NaN.

#include "pipe/activities.hpp"
#include "pipe/book.hpp"
#include "pipe/deals.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace crm {

/// Which period to review.
struct ReviewOptions {
    /// The last complete ISO week instead of the current one.
    bool last_week = false;
    /// First day of a custom period (inclusive).
    std::optional<std::string> since;
    /// Last day of a custom period (inclusive); today when only `since` is given.
    std::optional<std::string> until;
    /// Replay events up to the end of this day and report the book as it was then.
    std::optional<std::string> as_of;
    /// At most this many deals in the hygiene list.
    std::size_t hygiene_limit = 20;
    /// Only these deals (`--pipeline`, `--owner`).
    DealFilter deals;
};

/// Open deals of one open stage at the end of the period, and how deals left it in the period.
struct FunnelStage {
    std::string pipeline;      ///< Pipeline name.
    std::string stage;         ///< Stage name.
    int probability = 0;       ///< The stage's configured probability.
    std::int64_t deals = 0;    ///< Open deals in it at the end of the period.
    std::int64_t value = 0;    ///< Their value (minor units).
    std::int64_t weighted = 0; ///< Their weighted value (override, else stage probability).
    std::int64_t exits = 0;    ///< Deals that left the stage in the period.
    std::int64_t forward = 0;  ///< Of those, the ones that left to a later open stage or won.
    std::optional<double> conversion;  ///< forward ÷ exits; none without exits.
    std::optional<double> mean_days;   ///< Mean days from entering to leaving, over the exits.
    std::optional<double> median_days; ///< Median of the same.
};

/// One lost reason with how many deals it cost in the period.
struct LostReason {
    std::string reason;     ///< The reason as typed (`(none)` when empty).
    std::int64_t deals = 0; ///< Deals lost for it.
    std::int64_t value = 0; ///< Their value.
};

/// Won and lost deals of the period in a currency other than the review's.
struct CurrencyCloses {
    std::string currency;        ///< ISO 4217 code.
    std::int64_t won = 0;        ///< Deals won.
    std::int64_t won_value = 0;  ///< Their value (minor units of `currency`).
    std::int64_t lost = 0;       ///< Deals lost.
    std::int64_t lost_value = 0; ///< Their value.
};

/// The figures of one period [from, to). Counts, rates and cycle times are over deals of every
/// currency; money figures are in the review's currency (other currencies' won and lost values
/// are in `other_currencies`).
struct PeriodFigures {
    Date first{};     ///< First day (local).
    Date last{};      ///< Last day (local, inclusive).
    Timestamp from{}; ///< Start instant (local midnight of `first`).
    /// End instant: local midnight after `last`, or the as-of instant when that is earlier.
    Timestamp to{};
    std::int64_t new_deals = 0;     ///< Deals created in the period.
    std::int64_t new_value = 0;     ///< Their value when created.
    std::int64_t won = 0;           ///< Deals won in the period (and still won at its end).
    std::int64_t won_value = 0;     ///< Value when won of those in the review's currency.
    std::int64_t lost = 0;          ///< Deals lost in the period (and still lost at its end).
    std::int64_t lost_value = 0;    ///< Value when lost of those in the review's currency.
    std::optional<double> win_rate; ///< won ÷ (won + lost), 0–1, every currency.
    /// won value ÷ (won + lost value), 0–1, of the deals in the review's currency.
    std::optional<double> win_rate_value;
    std::vector<CurrencyCloses> other_currencies; ///< Won and lost values in other currencies.
    std::optional<double> cycle_mean_days;   ///< Mean days from creation to close of won deals.
    std::optional<double> cycle_median_days; ///< Median of the same.
    /// Open deals × average won value × win rate ÷ mean cycle days over the 90 days before
    /// `to` (minor units per day).
    std::optional<double> velocity;
    std::int64_t open_deals = 0;          ///< Open deals at `to`.
    std::int64_t open_value = 0;          ///< Their value at `to`.
    std::int64_t weighted = 0;            ///< Their weighted value.
    std::vector<LostReason> lost_reasons; ///< Most frequent first.
    ActivityFigures activity;             ///< Calls, emails, meetings, leads.
};

/// One hygiene flag on a deal, with the command that fixes it.
struct HygieneFlag {
    /// no_next_step, next_step_overdue, close_date_passed, close_pushed, no_activity, rotting,
    /// stuck.
    std::string key;
    /// For people: `no next step`, `close date passed (2026-02-28)`, `moved 3 times`.
    std::string text;
    /// What fixes it (`pipe deal next 57 "…" --due …`, as the CLI words it).
    Action action;
};

/// A flagged open deal.
struct HygieneItem {
    std::int64_t id = 0;            ///< Deal id.
    std::string title;              ///< Deal title.
    std::vector<HygieneFlag> flags; ///< Its flags, in the order of the keys above.
};

/// How many open deals carry one flag.
struct HygieneCount {
    std::string key;        ///< Flag key.
    std::int64_t deals = 0; ///< Open deals with it.
};

/// The hygiene list: the most flagged deals first, and a count per flag over all open deals.
struct Hygiene {
    std::vector<HygieneItem> items;   ///< At most the limit asked for.
    std::vector<HygieneCount> counts; ///< Every flag key, in order.
};

/// Goal coverage of the month that holds the review's "today".
struct GoalCoverage {
    Date month{};                ///< First day of the month.
    std::int64_t goal = 0;       ///< [goals] monthly.
    std::int64_t won = 0;        ///< Won value closed in the month so far.
    std::int64_t open_value = 0; ///< Open value expected to close in the month.
    /// open_value ÷ (goal − won); none when the goal is already met.
    std::optional<double> coverage;
};

/// The whole review.
struct Review {
    /// `week` (current or last week) or `range` (--since/--until).
    std::string kind;
    /// ISO week numbers of the two periods, for week reviews.
    std::optional<int> week;
    /// ISO week number of the previous period, for week reviews.
    std::optional<int> previous_week;
    /// The day the review is as of (today, or --as-of).
    Date today{};
    /// True when --as-of replayed the history.
    bool as_of = false;
    /// Currency of every money figure (the stage file's currency).
    std::string currency;
    /// Open deals in other currencies, left out of every figure.
    std::int64_t other_currency_deals = 0;
    PeriodFigures current;            ///< The period reviewed.
    PeriodFigures previous;           ///< The period before, of the same length.
    std::vector<FunnelStage> funnel;  ///< Open stages of every pipeline, in order.
    std::optional<Hygiene> hygiene;   ///< Flagged deals (now only; none with --as-of).
    std::optional<GoalCoverage> goal; ///< When [goals] monthly is set (none with --as-of).
};

/// Build the review. Errors: unreadable dates, --until without --since, a period that ends
/// before it starts (exit 2).
[[nodiscard]] Result<Review> build_review(Book& book, const ReviewOptions& options);

/// The ISO 8601 week number (1–53) of a date.
[[nodiscard]] int iso_week(Date d);

/// The Monday of the ISO week that holds `d`.
[[nodiscard]] Date week_start(Date d);

} // namespace crm
