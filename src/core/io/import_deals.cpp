// Importing deal rows: build the deal from the row over what is stored, then insert it with
// its history (created, and won/lost at the closing time) or update it with events.

#include "../deal_rows.hpp"
#include "../text.hpp"
#include "import_rows.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <map>

namespace crm::io::detail {

namespace {

enum F {
    external_id,
    title,
    organization,
    contact,
    email,
    phone,
    value,
    currency,
    pipeline,
    stage,
    probability,
    expected_close,
    created_at,
    closed_at,
    lost_reason,
    source,
    tags,
    next_step,
    next_step_due,
    notes
};

bool same(const Deal& a, const Deal& b) {
    return a.title == b.title && a.organization == b.organization && a.contact == b.contact &&
           a.email == b.email && a.phone == b.phone && a.value.minor == b.value.minor &&
           a.value.currency == b.value.currency && a.pipeline == b.pipeline && a.stage == b.stage &&
           a.status == b.status && a.probability == b.probability &&
           a.expected_close == b.expected_close && a.created_at == b.created_at &&
           a.closed_at == b.closed_at && a.lost_reason == b.lost_reason && a.source == b.source &&
           a.tags == b.tags && a.next_step == b.next_step && a.next_step_due == b.next_step_due &&
           a.notes == b.notes && a.external_id == b.external_id;
}

std::string_view kind_of(StageKind kind, bool was_closed) {
    if (kind == StageKind::won) return "won";
    if (kind == StageKind::lost) return "lost";
    return was_closed ? "reopened" : "stage";
}

class DealImporter final : public RowImporter {
  public:
    explicit DealImporter(ImportContext& ctx) : ctx_(ctx) {}

    Outcome import(RowView& row) override {
        auto& store = ctx_.book.store;
        mapping_ = &row.mapping();
        current_line_ = row.line();
        std::optional<Deal> existing;
        std::string ext(row.get(external_id).value_or(""));
        if (!ext.empty()) {
            existing = find(ext);
            if (auto line = seen_before(store, "deal:" + ext, current_line_)) {
                row.error(external_id,
                          fmt::format("the external id is also on line {} of this file", *line));
                return Outcome::invalid;
            }
        }
        if (existing && ctx_.options.on_duplicate == OnDuplicate::skip) return Outcome::skipped;
        if (existing && ctx_.options.on_duplicate == OnDuplicate::error) {
            row.error(external_id, fmt::format("deal {} has this external id already "
                                               "(--on-duplicate update or skip)",
                                               existing->id));
            return Outcome::invalid;
        }
        Deal deal = existing ? *existing : Deal{};
        if (!existing) deal.external_id = ext;
        build(row, deal, existing.has_value());
        if (row.failed()) return Outcome::invalid;
        if (!existing) {
            insert(deal);
            return Outcome::added;
        }
        if (same(deal, *existing)) return Outcome::unchanged;
        update(deal, *existing);
        return Outcome::updated;
    }

  private:
    std::optional<Deal> find(const std::string& ext) {
        auto deal = find_deal_by_external_id(ctx_.book.store, ext);
        if (deal && deal->external_id.empty()) deal->external_id = ext;
        return deal;
    }

    const Pipeline* pipeline_of(RowView& row, const Deal& deal, bool existing) {
        auto name = row.get(pipeline);
        auto found = ctx_.book.stages.pipeline(name ? *name : existing ? deal.pipeline : "");
        if (found) return *found;
        if (name)
            row.error(pipeline, found.error().what);
        else
            row.row_error(found.error().what);
        return nullptr;
    }

    const Stage* stage_of(RowView& row, const Pipeline& p, std::string_view text) {
        auto name = mapped_stage(ctx_, text);
        if (const auto* s = p.find(name)) return s;
        row.error(stage, fmt::format("unknown stage in pipeline {} (stages: {}; or --stage-map "
                                     "'{}=STAGE')",
                                     p.name, p.names(), name));
        return nullptr;
    }

    template <class T, class P> std::optional<T> parse(RowView& row, int field, P parser) {
        auto text = row.get(field);
        if (!text) return std::nullopt;
        auto parsed = parser(*text);
        if (!parsed) {
            row.error(field, parsed.error().what);
            return std::nullopt;
        }
        return *parsed;
    }

    void build(RowView& row, Deal& d, bool existing) {
        auto now = ctx_.book.clock.now();
        auto text = [&](int field, std::string& target) {
            if (auto v = row.get(field))
                target = *v;
            else if (column_present(field))
                target.clear();
        };
        text(title, d.title);
        text(organization, d.organization);
        text(contact, d.contact);
        text(email, d.email);
        text(phone, d.phone);
        text(lost_reason, d.lost_reason);
        text(source, d.source);
        text(next_step, d.next_step);
        const auto* p = pipeline_of(row, d, existing);
        if (!p) return;
        d.pipeline = p->name;
        const Stage* s = nullptr;
        if (auto name = row.get(stage))
            s = stage_of(row, *p, *name);
        else
            s = existing ? p->find(d.stage) : &p->first_open();
        if (!s) {
            if (!row.get(stage)) row.error(stage, "the deal's stage is not in the stage file");
            return;
        }
        bool was_closed = existing && d.status != DealStatus::open;
        auto old_stage = d.stage;
        d.stage = s->name;
        d.status = s->kind == StageKind::won    ? DealStatus::won
                   : s->kind == StageKind::lost ? DealStatus::lost
                                                : DealStatus::open;
        if (d.value.currency.empty()) d.value.currency = ctx_.book.stages.currency;
        if (auto c = parse<std::string>(row, currency, [](auto t) { return parse_currency(t); }))
            d.value.currency = *c;
        if (auto v = row.get(value)) {
            auto minor = parse_amount(*v, currency_digits(d.value.currency));
            if (!minor)
                row.error(value, minor.error().message());
            else if (*minor < 0)
                row.error(value, "a deal's value is 0 or more");
            else
                d.value.minor = *minor;
        } else if (!existing || column_present(value)) {
            d.value.minor = 0;
            if (d.status == DealStatus::won)
                row.warn(value, "a won deal without a value: imported as 0");
        }
        if (auto prob = row.get(probability)) {
            auto parsed = crm::detail::parse_probability(std::string(*prob));
            if (!parsed)
                row.error(probability, "a probability is a whole number from 0 to 100");
            else
                d.probability = *parsed;
        } else if (column_present(probability)) {
            d.probability.reset();
        }
        auto date = [&](int field) {
            return parse<Date>(row, field, [&](auto t) { return ctx_.dates.date(t); });
        };
        auto instant = [&](int field) {
            return parse<Timestamp>(row, field, [&](auto t) { return ctx_.dates.instant(t); });
        };
        auto close_cell = row.column(mapping_close());
        std::optional<Date> close_date;
        std::optional<Timestamp> close_time;
        if (close_cell) {
            if (d.status == DealStatus::open) {
                if (auto parsed = ctx_.dates.date(*close_cell))
                    close_date = *parsed;
                else
                    row.column_error(mapping_close(), parsed.error().what);
            } else if (auto parsed = ctx_.dates.instant(*close_cell)) {
                close_time = *parsed;
            } else {
                row.column_error(mapping_close(), parsed.error().what);
            }
        }
        if (auto v = date(expected_close))
            d.expected_close = v;
        else if (close_date)
            d.expected_close = close_date;
        else if (column_present(expected_close) ||
                 (close_cell_present() && d.status == DealStatus::open))
            d.expected_close.reset();
        if (auto v = date(next_step_due))
            d.next_step_due = v;
        else if (column_present(next_step_due))
            d.next_step_due.reset();
        if (auto v = instant(created_at)) d.created_at = *v;
        auto closed = instant(closed_at);
        if (closed_in_future(row, d, closed, closed_at)) return;
        if (!closed) closed = close_time;
        if (closed_in_future(row, d, closed, -1)) return;
        if (d.status == DealStatus::open) {
            d.closed_at.reset();
        } else if (closed) {
            d.closed_at = closed;
        } else if (!d.closed_at || !was_closed) {
            row.row_error(fmt::format("a {} deal needs its closing date (a close_date or closed_at "
                                      "column, or --default closed_at=DATE)",
                                      to_string(d.status)));
            return;
        }
        if (!existing && !row.get(created_at))
            d.created_at = d.closed_at ? std::min(*d.closed_at, now) : now;
        if (d.closed_at && *d.closed_at < d.created_at) {
            row.warn(created_at, "created after it closed: creation set to the closing time");
            d.created_at = *d.closed_at;
        }
        if (auto t = row.get(tags)) {
            d.tags.clear();
            for (auto& tag : text::split(*t, ';'))
                if (!tag.empty()) d.tags.push_back(tag);
        } else if (column_present(tags)) {
            d.tags.clear();
        }
        auto extra = row.unknown_lines();
        if (auto n = row.get(notes))
            d.notes = extra.empty() ? std::string(*n) : std::string(*n) + "\n" + extra;
        else if (column_present(notes) || !existing)
            d.notes = extra;
        else
            d.notes = merge_notes(d.notes, extra);
        if (d.title.empty()) {
            if (!d.organization.empty() && !d.external_id.empty())
                d.title = fmt::format("{} ({})", d.organization, d.external_id);
            else if (!d.organization.empty())
                d.title = d.organization;
            else if (!d.external_id.empty())
                d.title = "Deal " + d.external_id;
            else
                row.error(title, "a deal needs a title, an organization or an external id");
        }
        if (!existing) {
            d.stage_entered_at = d.closed_at.value_or(d.created_at);
            d.last_touch_at = d.stage_entered_at;
        } else if (!text::iequals(old_stage, d.stage)) {
            d.stage_entered_at = d.closed_at.value_or(now);
            d.last_touch_at = std::max(d.last_touch_at, d.stage_entered_at);
        }
        stage_changed_ = existing && !text::iequals(old_stage, d.stage);
        old_stage_ = old_stage;
        was_closed_ = was_closed;
        first_open_ = p->first_open().name;
    }

    // A won or lost deal closes today or earlier, as deal won and deal lost do: a closing date
    // after today is an error of its column (`field`, else the close-date column).
    bool closed_in_future(RowView& row, const Deal& d, const std::optional<Timestamp>& closed,
                          int field) {
        auto today = local_date(ctx_.book.clock.now());
        if (d.status == DealStatus::open || !closed || local_date(*closed) <= today) return false;
        auto reason = fmt::format("a {} deal cannot close after today ({}): give the day it "
                                  "closed, or import it in an open stage",
                                  to_string(d.status), format_date(today));
        if (field >= 0)
            row.error(field, reason);
        else
            row.column_error(mapping_close(), reason);
        return true;
    }

    [[nodiscard]] bool column_present(int field) const { return mapping().column_of[field] >= 0; }
    [[nodiscard]] bool close_cell_present() const { return mapping().close_date >= 0; }
    [[nodiscard]] int mapping_close() const { return mapping().close_date; }

    [[nodiscard]] const Mapping& mapping() const { return *mapping_; }

    void insert(Deal& d) {
        auto& store = ctx_.book.store;
        crm::detail::insert_deal(store, d, ctx_.batch);
        bool closed = d.status != DealStatus::open;
        append_event(store,
                     crm::detail::deal_event(d, d.created_at, "created", std::nullopt,
                                             closed ? first_open_ : d.stage,
                                             std::to_string(d.value.minor)),
                     ctx_.batch);
        if (closed)
            append_event(store,
                         crm::detail::deal_event(d, *d.closed_at, std::string(to_string(d.status)),
                                                 first_open_, d.stage, d.lost_reason),
                         ctx_.batch);
    }

    void update(Deal& d, const Deal& before) {
        auto& store = ctx_.book.store;
        auto now = ctx_.book.clock.now();
        crm::detail::update_deal(store, d);
        bool any = false;
        if (stage_changed_ || d.status != before.status) {
            auto kind = kind_of(ctx_.book.stages.pipeline(d.pipeline).value()->find(d.stage)->kind,
                                was_closed_);
            append_event(store,
                         crm::detail::deal_event(d, d.closed_at.value_or(now), std::string(kind),
                                                 old_stage_, d.stage, d.lost_reason),
                         ctx_.batch);
            any = true;
        }
        if (d.value.minor != before.value.minor) {
            append_event(store,
                         crm::detail::deal_event(d, now, "value",
                                                 std::to_string(before.value.minor),
                                                 std::to_string(d.value.minor)),
                         ctx_.batch);
            any = true;
        }
        if (d.expected_close != before.expected_close) {
            auto show = [](const std::optional<Date>& v) {
                return v ? std::optional<std::string>(format_date(*v)) : std::nullopt;
            };
            append_event(store,
                         crm::detail::deal_event(d, now, "close_date", show(before.expected_close),
                                                 show(d.expected_close)),
                         ctx_.batch);
            any = true;
        }
        if (!any)
            append_event(store, crm::detail::deal_event(d, now, "imported", {}, {}, "import"),
                         ctx_.batch);
    }

    ImportContext& ctx_;
    const Mapping* mapping_ = nullptr;
    std::int64_t current_line_ = 0;
    bool stage_changed_ = false, was_closed_ = false;
    std::string old_stage_, first_open_;
};

} // namespace

std::unique_ptr<RowImporter> deal_importer(ImportContext& ctx) {
    return std::make_unique<DealImporter>(ctx);
}

} // namespace crm::io::detail
