// pipe deal add|edit|rm and reading one deal: fields applied through the deal field table.

#include "pipe/deals.hpp"

#include "change.hpp"
#include "deal_rows.hpp"
#include "party_links.hpp"
#include "text.hpp"
#include "trash_rows.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

namespace crm {

namespace {

Result<std::int64_t> parse_value(const std::string& input, const std::string& currency) {
    auto minor = parse_amount(input, currency_digits(currency));
    if (!minor) {
        auto error = minor.error();
        error.what = "value: " + error.what;
        return std::unexpected(error);
    }
    if (*minor < 0)
        return fail(fmt::format("value: '{}' is negative", input), "a deal's value is 0 or more");
    return *minor;
}

Result<std::string> required_text(const std::string& input, std::string_view what) {
    auto trimmed = text::trim(input);
    if (trimmed.empty())
        return fail(fmt::format("{} is empty", what), fmt::format("give the deal a {}", what));
    return std::string(trimmed);
}

// The same amount in another currency: minor units scaled by the difference in decimals; an
// error where the new currency cannot hold it (12.50 in JPY).
Result<std::int64_t> rescale(std::int64_t minor, const std::string& from, const std::string& to) {
    auto digits_from = currency_digits(from), digits_to = currency_digits(to);
    std::int64_t scale = 1;
    for (int i = 0; i < std::abs(digits_to - digits_from); ++i) scale *= 10;
    if (digits_to >= digits_from) {
        if (minor > max_amount / scale)
            return fail(fmt::format("{} {} is more than {} holds (at most {})",
                                    format_decimal(minor, digits_from), from, to,
                                    format_max_amount(digits_to)),
                        "set a smaller value with --value");
        return minor * scale;
    }
    if (minor % scale != 0)
        return fail(fmt::format("{} {} cannot be written in {}, which has {} decimals",
                                format_decimal(minor, digits_from), from, to, digits_to),
                    fmt::format("set a value {} can hold with --value, e.g. --value {}", to,
                                format_decimal(minor / scale, 0)));
    return minor / scale;
}

std::vector<std::string> split_tags(const std::string& text) {
    std::vector<std::string> tags;
    for (auto& tag : text::split(text, ';'))
        if (!tag.empty()) tags.push_back(tag);
    return tags;
}

// Apply the typed fields, by kind, through the field table; records value and close-date
// events on edits. The currency goes first: the value is read in it.
Result<void> apply_fields(Book& book, Deal& deal, const DealFields& f, bool is_new,
                          std::vector<Event>& events) {
    auto now = book.clock.now();
    for (const auto& [name, input] : f.values) {
        const auto* field = find_field(deal_fields(), name);
        if (!field || !(field->has(field_use::edit) || field->has(field_use::add_only)))
            return fail(fmt::format("a deal has no field '{}' to set", name),
                        "fields: title, value, currency, organization, contact, email, phone, "
                        "expected_close, probability, source, tags, notes",
                        2);
        if (!is_new && field->has(field_use::add_only))
            return fail("edit does not change the stage", act("deal", "move", deal.id).arg("STAGE"),
                        2);
    }
    if (const auto* c = f.find("currency")) {
        auto currency = PIPE_TRY(parse_currency(*c));
        if (!is_new && currency != deal.value.currency && !f.has("value"))
            deal.value.minor = PIPE_TRY(rescale(deal.value.minor, deal.value.currency, currency));
        deal.value.currency = currency;
    }
    for (const auto& [name, input] : f.values) {
        const auto& field = *find_field(deal_fields(), name);
        switch (field.kind) {
        case FieldKind::title:
            field.set(deal, PIPE_TRY(required_text(input, "title")));
            break;
        case FieldKind::text:
            field.set(deal, name == "notes" ? input : std::string(text::trim(input)));
            break;
        case FieldKind::money: {
            auto minor = PIPE_TRY(parse_value(input, deal.value.currency));
            if (!is_new && minor != deal.value.minor)
                events.push_back(detail::deal_event(
                    deal, now, "value", std::to_string(deal.value.minor), std::to_string(minor)));
            deal.value.minor = minor;
            break;
        }
        case FieldKind::percent:
            deal.probability = PIPE_TRY(detail::parse_probability(input));
            break;
        case FieldKind::tags:
            deal.tags = split_tags(input);
            break;
        case FieldKind::date: {
            auto close = PIPE_TRY(detail::parse_optional_date(input, book, "close date"));
            if (!is_new && close != deal.expected_close) {
                auto show = [](const std::optional<Date>& d) {
                    return d ? std::optional<std::string>(format_date(*d)) : std::nullopt;
                };
                events.push_back(detail::deal_event(deal, now, "close_date",
                                                    show(deal.expected_close), show(close)));
                if (deal.expected_close && close && *close > *deal.expected_close)
                    ++deal.close_pushes;
            }
            deal.expected_close = close;
            break;
        }
        default:
            break; // currency above; stage and pipeline by add_deal
        }
    }
    return {};
}

void append_all(Store& store, std::int64_t deal_id, std::vector<Event>& events) {
    for (auto& e : events) {
        e.deal_id = deal_id;
        append_event(store, e);
    }
}

} // namespace

Result<Deal> add_deal(Book& book, const DealFields& fields) {
    Deal deal;
    auto now = book.clock.now();
    const auto* pipeline = PIPE_TRY(book.stages.pipeline(
        fields.find("pipeline") ? *fields.find("pipeline") : std::string_view{}));
    const Stage* stage = &pipeline->first_open();
    if (const auto* s = fields.find("stage")) stage = PIPE_TRY(pipeline->match(*s));
    if (stage->kind != StageKind::open)
        return fail(fmt::format("a new deal cannot start in the {} stage \"{}\"",
                                to_string(stage->kind), stage->name),
                    "add it in an open stage, then pipe deal won/lost");
    if (!fields.has("title"))
        return fail("a deal needs a title", act("deal", "add").arg("Acme rollout"), 2);
    deal.pipeline = pipeline->name;
    deal.stage = stage->name;
    deal.value.currency = book.stages.currency;
    deal.created_at = deal.stage_entered_at = deal.last_touch_at = now;
    std::vector<Event> events;
    PIPE_TRY_VOID(apply_fields(book, deal, fields, true, events));
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& change) -> Result<void> {
        PIPE_TRY_VOID(detail::link_deal_parties(book, deal, fields.has("organization"),
                                                fields.has("contact")));
        detail::insert_deal(book.store, deal);
        append_event(book.store, detail::deal_event(deal, now, "created", std::nullopt, deal.stage,
                                                    std::to_string(deal.value.minor)));
        change.describe(fmt::format("added deal {} · {}", deal.id, deal.title));
        return {};
    }));
    return deal;
}

Result<Deal> get_deal(Book& book, std::int64_t id) {
    Result<Deal> result = fail("unreachable");
    PIPE_TRY_VOID(book.store.read([&]() -> Result<void> {
        result = detail::require_deal(book.store, id);
        return {};
    }));
    return result;
}

Result<Deal> edit_deal(Book& book, std::int64_t id, const DealFields& fields) {
    if (fields.has("stage") || fields.has("pipeline"))
        return fail("edit does not change the stage", act("deal", "move", id).arg("STAGE"), 2);
    Deal deal;
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& change) -> Result<void> {
        deal = PIPE_TRY(detail::require_deal(book.store, id));
        auto before = deal;
        std::vector<Event> events;
        PIPE_TRY_VOID(apply_fields(book, deal, fields, false, events));
        PIPE_TRY_VOID(detail::link_deal_parties(book, deal, fields.has("organization"),
                                                fields.has("contact")));
        auto now = book.clock.now();
        deal.last_touch_at = now;
        std::vector<std::string> changed;
        for (const auto& f : deal_fields())
            if (f.kind != FieldKind::id && f.name != "last_touch_at" && f.name != "close_pushes" &&
                f.get(deal) != f.get(before))
                changed.emplace_back(f.name);
        if (events.empty())
            events.push_back(detail::deal_event(deal, now, "edited", std::nullopt, std::nullopt,
                                                text::join(changed, ", ")));
        detail::update_deal(book.store, deal);
        append_all(book.store, deal.id, events);
        change.describe(fmt::format("edited deal {} · {}{}", deal.id, deal.title,
                                    changed.empty() ? "" : " (" + text::join(changed, ", ") + ")"));
        return {};
    }));
    return deal;
}

Result<Deal> remove_deal(Book& book, std::int64_t id) {
    Deal deal;
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& change) -> Result<void> {
        deal = PIPE_TRY(detail::require_deal(book.store, id));
        detail::trash_record(change, detail::TrashKind::deal, id, deal.title);
        change.describe(fmt::format("moved deal {} · {} to the trash", id, deal.title));
        return {};
    }));
    return deal;
}

} // namespace crm
