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
    /// What acts on it (`pipe deal next 42 --done`, as the CLI words it).
    Action action;
};

/// A group of items; `total` may exceed `items.size()` when the group was cut.
struct AgendaGroup {
    /// Stable key: overdue, today, upcoming, follow_ups, nurture_returns, rotting, stuck,
    /// no_next_step, uncontacted_leads.
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

/// Build the agenda for today: overdue next steps, due today, due in the next `days` days,
/// lead follow-ups due, nurtured leads whose date has come, rotting deals, stuck deals,
/// open deals with no next step, new leads not yet contacted. Each group lists at most
/// `limit` items (the most urgent) and counts the rest.
[[nodiscard]] Result<Agenda> build_agenda(Book& book, int days = 7, std::size_t limit = 20,
                                          const DealFilter& deals = {});

} // namespace crm
