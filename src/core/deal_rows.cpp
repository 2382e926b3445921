#include "deal_rows.hpp"

#include "text.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <charconv>
#include <fmt/format.h>

namespace crm {

std::string_view to_string(DealStatus status) {
    switch (status) {
    case DealStatus::won:
        return "won";
    case DealStatus::lost:
        return "lost";
    default:
        return "open";
    }
}

const std::string& deal_columns() {
    static const std::string columns =
        "deals.id, title, organization, contact, email, phone, value, currency, pipeline, stage, "
        "status, probability, expected_close, created_at, closed_at, stage_entered_at, "
        "last_touch_at, lost_reason, source, tags, next_step, next_step_due, external_id, "
        "lead_id, notes, close_pushes";
    return columns;
}

namespace {

std::optional<Date> optional_date(const SQLite::Column& column) {
    if (column.isNull()) return std::nullopt;
    auto parsed = parse_iso_date(column.getString());
    if (!parsed) return std::nullopt;
    return *parsed;
}

DealStatus status_from(const std::string& s) {
    if (s == "won") return DealStatus::won;
    if (s == "lost") return DealStatus::lost;
    return DealStatus::open;
}

void bind_date(SQLite::Statement& st, int index, const std::optional<Date>& date) {
    if (date)
        st.bind(index, format_date(*date));
    else
        st.bind(index);
}

void bind_deal(SQLite::Statement& st, const Deal& d) {
    using detail::seconds;
    st.bind(1, d.title);
    st.bind(2, d.organization);
    st.bind(3, d.contact);
    st.bind(4, d.email);
    st.bind(5, d.phone);
    st.bind(6, static_cast<std::int64_t>(d.value.minor));
    st.bind(7, d.value.currency);
    st.bind(8, d.pipeline);
    st.bind(9, d.stage);
    st.bind(10, std::string(to_string(d.status)));
    if (d.probability)
        st.bind(11, *d.probability);
    else
        st.bind(11);
    bind_date(st, 12, d.expected_close);
    st.bind(13, seconds(d.created_at));
    if (d.closed_at)
        st.bind(14, seconds(*d.closed_at));
    else
        st.bind(14);
    st.bind(15, seconds(d.stage_entered_at));
    st.bind(16, seconds(d.last_touch_at));
    st.bind(17, d.lost_reason);
    st.bind(18, d.source);
    st.bind(19, detail::encode_tags(d.tags));
    st.bind(20, d.next_step);
    bind_date(st, 21, d.next_step_due);
    if (d.external_id.empty())
        st.bind(22);
    else
        st.bind(22, d.external_id);
    if (d.lead_id)
        st.bind(23, *d.lead_id);
    else
        st.bind(23);
    st.bind(24, d.notes);
    st.bind(25, d.close_pushes);
}

} // namespace

Deal read_deal_row(SQLite::Statement& st) {
    using detail::from_seconds;
    Deal d;
    d.id = st.getColumn(0).getInt64();
    d.title = st.getColumn(1).getString();
    d.organization = st.getColumn(2).getString();
    d.contact = st.getColumn(3).getString();
    d.email = st.getColumn(4).getString();
    d.phone = st.getColumn(5).getString();
    d.value = {st.getColumn(6).getInt64(), st.getColumn(7).getString()};
    d.pipeline = st.getColumn(8).getString();
    d.stage = st.getColumn(9).getString();
    d.status = status_from(st.getColumn(10).getString());
    if (!st.getColumn(11).isNull()) d.probability = st.getColumn(11).getInt();
    d.expected_close = optional_date(st.getColumn(12));
    d.created_at = from_seconds(st.getColumn(13).getInt64());
    if (!st.getColumn(14).isNull()) d.closed_at = from_seconds(st.getColumn(14).getInt64());
    d.stage_entered_at = from_seconds(st.getColumn(15).getInt64());
    d.last_touch_at = from_seconds(st.getColumn(16).getInt64());
    d.lost_reason = st.getColumn(17).getString();
    d.source = st.getColumn(18).getString();
    d.tags = detail::decode_tags(st.getColumn(19).getString());
    d.next_step = st.getColumn(20).getString();
    d.next_step_due = optional_date(st.getColumn(21));
    d.external_id = st.getColumn(22).getString();
    if (!st.getColumn(23).isNull()) d.lead_id = st.getColumn(23).getInt64();
    d.notes = st.getColumn(24).getString();
    d.close_pushes = st.getColumn(25).getInt();
    return d;
}

int effective_probability(const Deal& deal, const StageConfig& stages) {
    if (deal.probability) return *deal.probability;
    auto pipeline = stages.pipeline(deal.pipeline);
    if (!pipeline) return 0;
    const auto* stage = (*pipeline)->find(deal.stage);
    return stage ? stage->probability : 0;
}

std::int64_t weighted_value(std::int64_t value, int probability) {
    auto product = value * probability;
    return product >= 0 ? (product + 50) / 100 : -((-product + 50) / 100);
}

namespace detail {

std::optional<Deal> find_deal(Store& store, std::int64_t id) {
    auto& st = store.statement("SELECT " + deal_columns() + " FROM deals WHERE id = ?");
    st.bind(1, id);
    if (!st.executeStep()) return std::nullopt;
    return read_deal_row(st);
}

Result<Deal> require_deal(Store& store, std::int64_t id) {
    if (auto deal = find_deal(store, id)) return *deal;
    return fail(fmt::format("deal {} not found", id), "pipe deal list --status all");
}

std::int64_t insert_deal(Store& store, const Deal& deal, std::optional<std::int64_t> batch) {
    auto& st = store.statement(
        "INSERT INTO deals (title, organization, contact, email, phone, value, currency, pipeline, "
        "stage, status, probability, expected_close, created_at, closed_at, stage_entered_at, "
        "last_touch_at, lost_reason, source, tags, next_step, next_step_due, external_id, lead_id, "
        "notes, close_pushes, batch_id) VALUES "
        "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    bind_deal(st, deal);
    if (batch)
        st.bind(26, *batch);
    else
        st.bind(26);
    st.exec();
    return store.db().getLastInsertRowid();
}

void update_deal(Store& store, const Deal& deal) {
    auto& st = store.statement(
        "UPDATE deals SET title=?, organization=?, contact=?, email=?, phone=?, value=?, "
        "currency=?, pipeline=?, stage=?, status=?, probability=?, expected_close=?, "
        "created_at=?, closed_at=?, stage_entered_at=?, last_touch_at=?, lost_reason=?, "
        "source=?, tags=?, next_step=?, next_step_due=?, external_id=?, lead_id=?, notes=?, "
        "close_pushes=? WHERE id=?");
    bind_deal(st, deal);
    st.bind(26, deal.id);
    st.exec();
}

std::string encode_tags(const std::vector<std::string>& tags) {
    std::string out;
    for (const auto& tag : tags) {
        auto trimmed = text::trim(tag);
        if (trimmed.empty()) continue;
        out += ";";
        out += trimmed;
    }
    return out.empty() ? out : out + ";";
}

std::vector<std::string> decode_tags(const std::string& stored) {
    std::vector<std::string> tags;
    for (auto& part : text::split(stored, ';'))
        if (!part.empty()) tags.push_back(part);
    return tags;
}

Result<std::optional<int>> parse_probability(const std::string& input) {
    auto trimmed = text::trim(input);
    if (trimmed.empty() || text::iequals(trimmed, "none")) return std::optional<int>{};
    if (trimmed.ends_with('%')) trimmed.remove_suffix(1);
    int value = -1;
    auto [end, ec] = std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), value);
    if (ec != std::errc{} || end != trimmed.data() + trimmed.size() || value < 0 || value > 100)
        return fail(
            fmt::format("probability must be a whole number from 0 to 100, not '{}'", input),
            "e.g. --prob 35, or --prob none to use the stage's");
    return std::optional<int>{value};
}

Result<std::optional<Date>> parse_optional_date(const std::string& input, Date today,
                                                std::string_view what) {
    auto trimmed = text::trim(input);
    if (trimmed.empty() || text::iequals(trimmed, "none")) return std::optional<Date>{};
    auto parsed = parse_date(trimmed, today);
    if (!parsed) {
        auto error = parsed.error();
        error.what = fmt::format("{}: {}", what, error.what);
        return std::unexpected(error);
    }
    return std::optional<Date>{*parsed};
}

Event deal_event(const Deal& deal, Timestamp at, std::string kind, std::optional<std::string> from,
                 std::optional<std::string> to, std::string detail) {
    Event e;
    e.at = at;
    e.deal_id = deal.id;
    e.kind = std::move(kind);
    e.from = std::move(from);
    e.to = std::move(to);
    e.detail = std::move(detail);
    return e;
}

} // namespace detail
} // namespace crm
