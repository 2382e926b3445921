// Importing deal rows: build the deal from the row over what is stored, then insert it with
// its history (created, and won/lost at the closing time) or update it with events.

#include "../deal_rows.hpp"
#include "../plan_rows.hpp"
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
    owner,
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
           a.notes == b.notes && a.external_id == b.external_id && a.owner == b.owner &&
           a.organization_id == b.organization_id && a.contact_id == b.contact_id;
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
        own_probability_ = false;
        build(row, deal, existing.has_value());
        if (row.failed()) return Outcome::invalid;
        link(row, deal, existing);
        if (own_probability_ && ctx_.report) ++ctx_.report->own_probability;
        if (!existing) {
            insert(deal);
            return Outcome::added;
        }
        if (same(deal, *existing)) return Outcome::unchanged;
        update(deal, *existing);
        return Outcome::updated;
    }

  private:
    // Link the organization and contact the row names (a name the linked deal already has,
    // case and spaces aside, keeps its link).
    void link(RowView& row, Deal& deal, const std::optional<Deal>& existing) {
        auto keeps = [&](std::string& text, const std::string& before,
                         const std::optional<std::int64_t>& id) {
            if (!existing || !id || !same_party_name(text, before)) return false;
            text = before;
            return true;
        };
        bool org = (column_present(organization) || row.get(organization)) &&
                   !keeps(deal.organization, existing ? existing->organization : std::string(),
                          existing ? existing->organization_id : std::nullopt);
        bool person = (column_present(contact) || row.get(contact)) &&
                      !keeps(deal.contact, existing ? existing->contact : std::string(),
                             existing ? existing->contact_id : std::nullopt);
        for (const auto& problem : link_imported_deal(ctx_, deal, org, person))
            row.warn(problem.person ? contact : organization,
                     problem.reason + "; the deal is imported without that link");
    }

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

    // What the status columns say: `won`, `lost`, `open`, or nothing; and which columns.
    struct Said {
        std::optional<std::string_view> status;
        std::string by;
        std::string text;    // as written, for the dry run's tally
        std::string not_won; // the column that says only "not won" (HubSpot's Is Closed Won)
    };

    Said status_said(RowView& row) {
        const auto& m = mapping();
        Said said;
        if (auto cell = row.column(m.status)) {
            said.text = *cell;
            said.by = fmt::format("'{}'", row.column_name(m.status));
            said.status = read_status_word(*cell);
            if (!said.status) {
                row.column_error(m.status, "not a status (won, lost or open)");
                said.by.clear();
            }
        }
        auto closed_cell = row.column(m.is_closed);
        auto won_cell = row.column(m.is_won);
        std::optional<bool> closed, won;
        if (closed_cell && !(closed = read_yes_no(*closed_cell)))
            row.column_error(m.is_closed, "not yes or no (true/false, 1/0)");
        if (won_cell && !(won = read_yes_no(*won_cell)))
            row.column_error(m.is_won, "not yes or no (true/false, 1/0)");
        std::optional<std::string_view> flags;
        if (closed && !*closed)
            flags = "open";
        else if (won && *won)
            flags = "won";
        else if (closed && *closed && won)
            flags = "lost";
        if (won && *won && closed && !*closed) {
            row.row_error(fmt::format("columns '{}' (won) and '{}' (not closed) disagree",
                                      row.column_name(m.is_won), row.column_name(m.is_closed)));
            return said;
        }
        std::string flag_columns;
        for (int c : {m.is_won, m.is_closed})
            if (row.column(c))
                flag_columns += (flag_columns.empty() ? "'" : " and '") + row.column_name(c) + "'";
        if (said.status && flags && *said.status != *flags) {
            row.row_error(fmt::format("columns {} ({}) and {} ({}) disagree", said.by, *said.status,
                                      flag_columns, *flags));
            return said;
        }
        if (!said.status && flags) {
            said.status = flags;
            said.by = flag_columns;
            said.text = std::string(*flags);
        }
        // HubSpot's `Is Closed Won` alone: false says only "not won" (open or lost).
        if (won && !*won && !closed) {
            if (said.status == "won") {
                row.row_error(fmt::format("columns {} (won) and '{}' (not won) disagree", said.by,
                                          row.column_name(m.is_won)));
                said.status.reset();
                return said;
            }
            said.not_won = fmt::format("'{}'", row.column_name(m.is_won));
        }
        return said;
    }

    void build(RowView& row, Deal& d, bool existing) {
        auto now = ctx_.book.clock.now();
        const auto& m = mapping();
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
        text(owner, d.owner);
        text(next_step, d.next_step);
        auto said = status_said(row);
        const auto* p = pipeline_of(row, d, existing);
        const Stage* s = nullptr;
        std::string stage_text;
        if (p) {
            d.pipeline = p->name;
            if (auto name = row.get(stage)) {
                stage_text = *name;
                s = stage_of(row, *p, *name);
            } else if (existing) {
                s = p->find(d.stage);
                if (!s) row.error(stage, "the deal's stage is not in the stage file");
            } else {
                s = said.status == "won"    ? &won_stage(*p)
                    : said.status == "lost" ? &lost_stage(*p)
                                            : &p->first_open();
            }
        }
        bool was_closed = existing && d.status != DealStatus::open;
        auto old_stage = d.stage;
        closed_from_.reset();
        if (s) {
            auto kind = s->kind == StageKind::won    ? std::string_view("won")
                        : s->kind == StageKind::lost ? std::string_view("lost")
                                                     : std::string_view("open");
            auto stage_by =
                fmt::format("'{}' ({}, {} stage)", row.column_name(m.column_of[stage]), s->name,
                            kind == "open" ? "an open" : "a " + std::string(kind));
            if (!row.get(stage)) stage_by = fmt::format("the stage ({})", s->name);
            if (!said.status && !said.not_won.empty() && kind == "won") {
                row.row_error(
                    fmt::format("columns {} (not won) and {} disagree", said.not_won, stage_by));
                s = nullptr;
                kind = "";
            }
            if (said.status && *said.status != kind) {
                int closing = *said.status == "won" ? m.won_time : m.lost_time;
                bool timed = row.column(closing) || row.get(closed_at);
                if (kind == "open" && *said.status != "open" && timed) {
                    // Pipedrive keeps a closed deal's last open stage and says won or lost in a
                    // status column: the deal is closed from that stage.
                    closed_from_ = s->name;
                    s = *said.status == "won" ? &won_stage(*p) : &lost_stage(*p);
                } else {
                    row.row_error(fmt::format(
                        "columns {} ({}) and {} disagree{}", said.by, *said.status, stage_by,
                        kind == "open" ? fmt::format(" (a {} deal in an open stage needs its {} "
                                                     "time)",
                                                     *said.status, *said.status)
                                       : ""));
                    s = nullptr;
                }
            }
        }
        if (s) {
            d.stage = s->name;
            d.status = s->kind == StageKind::won    ? DealStatus::won
                       : s->kind == StageKind::lost ? DealStatus::lost
                                                    : DealStatus::open;
        }
        if (d.value.currency.empty()) d.value.currency = ctx_.book.stages.currency;
        if (auto c = parse<std::string>(row, currency, [](auto t) { return parse_currency(t); }))
            d.value.currency = *c;
        read_value(row, d, existing);
        auto date = [&](int field) {
            return parse<Date>(row, field,
                               [&](auto t) { return ctx_.dates.date(t, row.source(field)); });
        };
        auto instant = [&](int field) {
            return parse<Timestamp>(
                row, field, [&](auto t) { return ctx_.dates.instant(t, row.source(field)); });
        };
        auto column_instant = [&](int column) -> std::optional<Timestamp> {
            auto cell = row.column(column);
            if (!cell) return std::nullopt;
            auto parsed = ctx_.dates.instant(*cell, column);
            if (!parsed) {
                row.column_error(column, parsed.error().what);
                return std::nullopt;
            }
            return *parsed;
        };
        auto won_at = column_instant(m.won_time);
        auto lost_at = column_instant(m.lost_time);
        auto close_cell = row.column(m.close_date);
        std::optional<Date> close_date;
        std::optional<Timestamp> close_time;
        if (close_cell) {
            if (d.status == DealStatus::open) {
                if (auto parsed = ctx_.dates.date(*close_cell, m.close_date))
                    close_date = *parsed;
                else
                    row.column_error(m.close_date, parsed.error().what);
            } else if (auto parsed = ctx_.dates.instant(*close_cell, m.close_date)) {
                close_time = *parsed;
            } else {
                row.column_error(m.close_date, parsed.error().what);
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
        int closed_column = m.close_date;
        if (d.status == DealStatus::won && won_at) closed = won_at, closed_column = m.won_time;
        if (d.status == DealStatus::lost && lost_at) closed = lost_at, closed_column = m.lost_time;
        if (!closed) closed = close_time;
        if (closed_in_future(row, d, closed, -1, closed_column)) return;
        if (s && d.status == DealStatus::open) {
            for (auto [column, what] :
                 {std::pair{m.won_time, "won"}, std::pair{m.lost_time, "lost"}})
                if (row.column(column))
                    row.column_error(column, fmt::format("a {} time on an open deal ({})", what,
                                                         said.status ? "status " + said.by
                                                                     : "stage " + d.stage));
            if (row.get(lost_reason))
                row.error(lost_reason,
                          fmt::format("a lost reason on an open deal ({})",
                                      said.status ? "status " + said.by : "stage " + d.stage));
        }
        if (!s) {
            // The stage or status is wrong: the rest of the row is checked, nothing decided.
        } else if (d.status == DealStatus::open) {
            d.closed_at.reset();
        } else if (closed) {
            d.closed_at = closed;
        } else if (!d.closed_at || !was_closed) {
            row.row_error(fmt::format("a {} deal needs its closing date (--map close_date=COLUMN "
                                      "or closed_at=COLUMN, or --default closed_at=DATE)",
                                      to_string(d.status)));
        }
        read_probability(row, d, s);
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
                row.error(title, "a deal needs a title, an organization or an external id "
                                 "(--map title=COLUMN)");
        }
        tally(p, stage_text, said.text, row.failed() || !s ? std::string() : d.stage);
        if (!s) return;
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
    // after today is an error of its field (`field`, else the file's column `column`).
    bool closed_in_future(RowView& row, const Deal& d, const std::optional<Timestamp>& closed,
                          int field, int column = -1) {
        auto today = local_date(ctx_.book.clock.now());
        if (d.status == DealStatus::open || !closed || local_date(*closed) <= today) return false;
        auto reason = fmt::format("a {} deal cannot close after today ({}): give the day it "
                                  "closed, or import it in an open stage",
                                  to_string(d.status), format_date(today));
        if (field >= 0)
            row.error(field, reason);
        else
            row.column_error(column, reason);
        return true;
    }

    static const Stage& won_stage(const Pipeline& p) {
        for (const auto& s : p.stages)
            if (s.kind == StageKind::won) return s;
        return p.first_open();
    }
    static const Stage& lost_stage(const Pipeline& p) {
        for (const auto& s : p.stages)
            if (s.kind == StageKind::lost) return s;
        return p.first_open();
    }

    void read_value(RowView& row, Deal& d, bool existing) {
        auto v = row.get(value);
        if (!v) {
            if (!existing || column_present(value)) {
                d.value.minor = 0;
                if (d.status == DealStatus::won)
                    row.warn(value, "a won deal without a value: imported as 0");
            }
            return;
        }
        auto amount = split_amount(*v);
        if (contradicts(amount, d.value.currency)) {
            auto from =
                row.get(currency)
                    ? fmt::format("column '{}'", row.column_name(mapping().column_of[currency]))
                    : std::string("the stage file; or --default currency=CODE");
            row.error(value, fmt::format("'{}' is {} but the deal's currency is {} ({})",
                                         amount.written, amount.currency, d.value.currency, from));
            return;
        }
        auto minor = read_amount(amount.number, ctx_.decimal_of(row.source(value)),
                                 currency_digits(d.value.currency));
        if (!minor)
            row.error(value, minor.error().message());
        else if (*minor < 0)
            row.error(value, "a deal's value is 0 or more");
        else
            d.value.minor = *minor;
    }

    void read_probability(RowView& row, Deal& d, const Stage* s) {
        auto cell = row.get(probability);
        if (!cell) {
            if (column_present(probability)) d.probability.reset();
            return;
        }
        auto parsed = detail::read_probability(*cell, ctx_.scale_of(row.source(probability)));
        if (!parsed) {
            row.error(probability, parsed.error().what);
            return;
        }
        // The stage's own probability is not the deal's: keep only one that differs. A won
        // or lost deal's chance is its status (CRMs keep the last open one): none of its own.
        if (!s || s->kind != StageKind::open || *parsed == s->probability) {
            d.probability.reset();
        } else {
            d.probability = *parsed;
            own_probability_ = true;
        }
    }

    void tally(const Pipeline* p, const std::string& stage_text, const std::string& status_text,
               const std::string& lands_in) {
        if (!ctx_.report) return;
        auto& list = ctx_.report->stages;
        auto pipeline = p ? p->name : std::string();
        for (auto& t : list)
            if (t.pipeline == pipeline && t.stage == stage_text && t.status == status_text &&
                t.lands_in == lands_in) {
                ++t.rows;
                return;
            }
        if (list.size() < 500) list.push_back({pipeline, stage_text, status_text, lands_in, 1});
    }

    [[nodiscard]] bool column_present(int field) const { return mapping().column_of[field] >= 0; }
    [[nodiscard]] bool close_cell_present() const { return mapping().close_date >= 0; }
    [[nodiscard]] int mapping_close() const { return mapping().close_date; }

    [[nodiscard]] const Mapping& mapping() const { return *mapping_; }

    void insert(Deal& d) {
        auto& store = ctx_.book.store;
        crm::detail::insert_deal(store, d, ctx_.batch);
        bool closed = d.status != DealStatus::open;
        // A deal imported closed, without stage history, was created in a stage the file
        // does not say: its `created` event names none, so no time in a stage and no move
        // through one is counted that did not happen. Its close names the stage it closed
        // from when the file says (a status column beside an open stage), else the first open
        // stage, for the pipeline-at-a-date figures.
        append_event(store,
                     crm::detail::deal_event(d, d.created_at, "created", std::nullopt,
                                             closed ? std::nullopt : std::optional(d.stage),
                                             std::to_string(d.value.minor)),
                     ctx_.batch);
        if (closed)
            append_event(store,
                         crm::detail::deal_event(d, *d.closed_at, std::string(to_string(d.status)),
                                                 closed_from_.value_or(first_open_), d.stage,
                                                 d.lost_reason),
                         ctx_.batch);
        if (!d.next_step.empty())
            crm::detail::adopt_imported_next_step(store, d, ctx_.book.clock.now(), ctx_.batch);
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
        crm::detail::adopt_imported_next_step(store, d, now, ctx_.batch);
    }

    ImportContext& ctx_;
    const Mapping* mapping_ = nullptr;
    std::int64_t current_line_ = 0;
    bool stage_changed_ = false, was_closed_ = false;
    std::string old_stage_, first_open_;
    std::optional<std::string> closed_from_;
    bool own_probability_ = false;
};

} // namespace

std::unique_ptr<RowImporter> deal_importer(ImportContext& ctx) {
    return std::make_unique<DealImporter>(ctx);
}

} // namespace crm::io::detail
