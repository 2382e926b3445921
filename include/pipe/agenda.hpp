#pragma once
/// \file agenda.hpp
/// The morning agenda: what to do today, grouped, each line with the command that acts on it.

#include "pipe/book.hpp"
#include "pipe/deals.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace crm {

/// One thing to act on.
struct AgendaItem {
    /// `deal` or `lead`.
    std::string subject;
    /// Its id.
    std::int64_t id = 0;
    /// Deal title or lead name.
    std::string title;
    /// What needs doing or why it is listed: the next step, `Negotiation · 9 days, limit 7`.
    std::string detail;
    /// The date it is about (due, follow-up, nurture return), if any.
    std::optional<Date> date;
    /// What acts on it (`pipe task done 12`, as the CLI words it).
    Action action;
    /// The planned activity it is, if it is one.
    std::optional<std::int64_t> task = std::nullopt;
    /// A plan's kind: call, email, meeting or task.
    std::string kind = {};
    /// A plan's time of day, if it has one.
    std::optional<TimeOfDay> time = std::nullopt;
    /// A plan's duration, if it has one.
    std::optional<std::chrono::minutes> duration = std::nullopt;
};

/// A group of items; `total` may exceed `items.size()` when the group was cut.
struct AgendaGroup {
    /// Stable key: overdue, today, upcoming, follow_ups, nurture_returns, rotting, stuck,
    /// no_next_step, uncontacted_leads; due_now alone for AgendaOptions::due_now.
    std::string key;
    /// Heading for people: `Overdue`, `Due today`, ...
    std::string title;
    /// The items, most urgent first, at most the limit given to build_agenda.
    std::vector<AgendaItem> items;
    /// How many there are in all.
    std::int64_t total = 0;
};

/// The whole agenda for a day.
struct Agenda {
    /// The day it is for.
    Date today{};
    /// How many days ahead `upcoming` looks.
    int days = 7;
    /// Groups in display order (all of them, possibly empty).
    std::vector<AgendaGroup> groups;
};

/// Build the agenda for today: planned activities overdue, due today (by time of day, then
/// those of no time) and in the next `days` days with the lead follow-ups of those days, lead
/// follow-ups due, nurtured leads whose date has come, rotting deals, stuck deals, open deals
/// with no next step (no open plan), new leads not yet contacted (whose follow-up date, if
/// any, has come). Each group lists at most `limit` items (the most urgent) and counts the
/// rest. `deals` narrows the deals (and their plans) shown.
[[nodiscard]] Result<Agenda> build_agenda(Book& book, int days = 7, std::size_t limit = 20,
                                          const DealFilter& deals = {});

/// What agenda to build.
struct AgendaOptions {
    int days = 7;           ///< How many days ahead `upcoming` looks (0 to 366).
    std::size_t limit = 20; ///< At most this many items per group.
    /// Only the plans whose time of day falls in the next `window` (from now): the group
    /// `due_now`, for a notifier run every `window`.
    bool due_now = false;
    /// See due_now (1 minute to 24 hours).
    std::chrono::minutes window{15};
    /// Only these deals (and their plans): `--pipeline`, `--owner`.
    DealFilter deals;
};

/// Build the agenda as `options` say (see the other overload).
[[nodiscard]] Result<Agenda> build_agenda(Book& book, const AgendaOptions& options);

} // namespace crm
