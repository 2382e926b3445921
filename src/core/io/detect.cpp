// Settling each column's format from its values before (or while) rows are imported: the
// day/month order of dates, the decimal separator of amounts, percent or fraction.

#include "../text.hpp"
#include "import_rows.hpp"
#include "pipe/deals.hpp"
#include "pipe/leads.hpp"
#include "pipe/people.hpp"

#include <fmt/format.h>

namespace crm::io::detail {

namespace {

template <class R> CellKind kind_in(const FieldTable<R>& table, std::string_view name) {
    const auto* f = find_field(table, name);
    if (!f) return CellKind::text;
    switch (f->kind) {
    case FieldKind::date:
    case FieldKind::instant:
        return CellKind::date;
    case FieldKind::money:
        return CellKind::money;
    case FieldKind::percent:
        return CellKind::probability;
    default:
        return CellKind::text;
    }
}

CellKind kind_of_field(RecordType type, std::string_view name) {
    switch (type) {
    case RecordType::deals:
        return kind_in(deal_fields(), name);
    case RecordType::leads:
        return kind_in(lead_fields(), name);
    case RecordType::organizations:
        return kind_in(organization_fields(), name);
    case RecordType::persons:
        return kind_in(person_fields(), name);
    default:
        return name == "at" || name == "due" ? CellKind::date : CellKind::text;
    }
}

constexpr std::size_t sample_count = 3;
constexpr std::int64_t sample_rows = 1000;

} // namespace

FormatDetector::FormatDetector(RecordType type, const Mapping& mapping, std::size_t columns,
                               const DateParser& dates, bool samples)
    : mapping_(mapping), columns_(columns), samples_(samples) {
    const auto& fields = field_names(type);
    for (std::size_t i = 0; i < fields.size(); ++i) {
        auto c = mapping.column_of[i];
        if (c >= 0 && static_cast<std::size_t>(c) < columns)
            columns_[static_cast<std::size_t>(c)].kind = kind_of_field(type, fields[i]);
    }
    if (type == RecordType::deals)
        for (int c : {mapping.close_date, mapping.won_time, mapping.lost_time})
            if (c >= 0 && static_cast<std::size_t>(c) < columns)
                columns_[static_cast<std::size_t>(c)].kind = CellKind::date;
    for (std::size_t i = 0; i < columns_.size(); ++i) {
        auto& col = columns_[i];
        const auto* given =
            col.kind == CellKind::date ? dates.format_of(static_cast<int>(i)) : nullptr;
        if (given) col.given = *given;
        col.settled = col.kind == CellKind::text || given;
        if (!col.settled) ++unsettled_;
    }
}

void FormatDetector::see(const Record& record, bool guarded) {
    ++rows_;
    if (!record.problem.empty()) return;
    for (std::size_t i = 0; i < columns_.size() && i < record.cells.size(); ++i) {
        auto& col = columns_[i];
        if (col.settled && (!samples_ || col.samples.size() >= sample_count)) continue;
        std::string_view cell = record.cells[i];
        if (guarded) cell = unguard(cell);
        cell = text::trim(cell);
        if (cell.empty()) continue;
        if (samples_ && col.samples.size() < sample_count) col.samples.emplace_back(cell);
        if (col.settled) continue;
        switch (col.kind) {
        case CellKind::date:
            if (has_time_of_day(cell)) col.times = true;
            if (has_day_month_question(cell)) {
                col.order = order_of_date(cell);
                if (col.order == DayOrder::unknown) {
                    col.question = true;
                    if (col.example.empty()) col.example = cell;
                    continue;
                }
            } else if (col.example.empty()) {
                col.example = cell;
            }
            break;
        case CellKind::money: {
            auto amount = split_amount(cell);
            if (!amount.written.empty()) col.symbol = true;
            auto shape = shape_of_amount(amount.number);
            if (shape.settles == Decimal::unknown) continue;
            col.decimal = shape.settles;
            break;
        }
        case CellKind::probability:
            col.scale = scale_of_probability(cell);
            if (col.scale == ProbabilityScale::unknown) continue;
            break;
        default:
            break;
        }
        col.settled = true;
        --unsettled_;
    }
}

bool FormatDetector::done() const {
    if (unsettled_ > 0) return false;
    if (!samples_ || rows_ >= sample_rows) return true;
    return std::ranges::all_of(columns_,
                               [](const Column& c) { return c.samples.size() >= sample_count; });
}

void FormatDetector::apply(ImportContext& ctx) const {
    ctx.decimals.assign(columns_.size(), Decimal::unknown);
    ctx.scales.assign(columns_.size(), ProbabilityScale::unknown);
    for (std::size_t i = 0; i < columns_.size(); ++i) {
        const auto& col = columns_[i];
        if (col.kind == CellKind::date) ctx.dates.set_order(static_cast<int>(i), col.order);
        ctx.decimals[i] = col.decimal;
        // A probability column of only 0 and 1 is fractions: won or lost, 100% or 0%.
        ctx.scales[i] = col.kind == CellKind::probability && col.scale == ProbabilityScale::unknown
                            ? ProbabilityScale::fraction
                            : col.scale;
    }
}

std::optional<std::pair<int, std::string>> FormatDetector::unsettled_dates() const {
    for (std::size_t i = 0; i < columns_.size(); ++i) {
        const auto& col = columns_[i];
        if (col.kind == CellKind::date && col.question && col.order == DayOrder::unknown)
            return std::pair{static_cast<int>(i), col.example};
    }
    return std::nullopt;
}

std::vector<ColumnPreview> FormatDetector::previews(const std::vector<std::string>& names,
                                                    RecordType type) const {
    std::vector<ColumnPreview> out;
    const auto& fields = field_names(type);
    auto pseudo = pseudo_fields(type);
    for (std::size_t i = 0; i < columns_.size() && i < names.size(); ++i) {
        ColumnPreview p;
        p.column = names[i];
        for (std::size_t f = 0; f < fields.size(); ++f)
            if (mapping_.column_of[f] == static_cast<int>(i)) p.field = fields[f];
        const std::vector<std::pair<int, std::string_view>> extra{
            {mapping_.close_date, type == RecordType::leads || type == RecordType::persons
                                      ? "first_name"
                                      : "close_date"},
            {mapping_.last_name, "last_name"},
            {mapping_.status, "status"},
            {mapping_.is_won, "is_won"},
            {mapping_.is_closed, "is_closed"},
            {mapping_.won_time, "won_time"},
            {mapping_.lost_time, "lost_time"}};
        for (const auto& [column, name] : extra)
            if (column == static_cast<int>(i)) p.field = name;
        if (p.field.empty())
            p.field = type == RecordType::activities || type == RecordType::events ? "" : "notes";
        const auto& col = columns_[i];
        p.samples = col.samples;
        switch (col.kind) {
        case CellKind::date:
            if (!col.given.empty())
                p.format = col.given + " (--date-format)";
            else if (col.order == DayOrder::day_first)
                p.format = "day/month/year";
            else if (col.order == DayOrder::month_first)
                p.format = "month/day/year";
            else if (col.question)
                p.format = "day/month unsettled";
            else if (!col.example.empty())
                p.format = col.example.size() == 10 && col.example[4] == '-'  ? "ISO date"
                           : col.example.size() > 10 && col.example[4] == '-' ? "ISO date and time"
                                                                              : "date";
            if (col.times && !p.format.empty() && p.format.find("time") == std::string::npos)
                p.format += " and time";
            break;
        case CellKind::money:
            p.format = col.decimal == Decimal::comma   ? "decimal comma"
                       : col.decimal == Decimal::point ? "decimal point"
                                                       : "whole amounts";
            if (col.symbol) p.format += ", currency symbols";
            break;
        case CellKind::probability:
            p.format = col.scale == ProbabilityScale::percent ? "percent" : "fraction of 1";
            break;
        default:
            break;
        }
        out.push_back(std::move(p));
    }
    return out;
}

} // namespace crm::io::detail
