#include "import_rows.hpp"

#include "../change.hpp"
#include "../deal_rows.hpp"
#include "../text.hpp"
#include "pipe/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <charconv>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace crm::io::detail {

namespace {

bool date_only(std::string_view text) {
    return text.size() == 10 && text[4] == '-' && text[7] == '-';
}

std::string shorten(std::string_view value) {
    std::size_t bad = 0;
    if (!valid_utf8(value, bad)) {
        std::string shown;
        for (unsigned char c : value)
            shown += c < 0x80 ? std::string(1, static_cast<char>(c)) : fmt::format("\\x{:02X}", c);
        return shown;
    }
    if (value.size() <= 60) return std::string(value);
    return std::string(value.substr(0, 57)) + "...";
}

} // namespace

Result<Timestamp> DateParser::instant(std::string_view input) {
    auto text = text::trim(input);
    if (format_) {
        if (!checked_format_) {
            checked_format_ = true;
            for (const char* spec : {"%H", "%I", "%T", "%R", "%c", "%s", "%r", "%k", "%l"})
                if (format_->find(spec) != std::string::npos) format_has_time_ = true;
        }
        if (!format_has_time_) {
            if (auto it = noon_.find(std::string(text)); it != noon_.end()) return it->second;
        }
        auto parsed = PIPE_TRY(parse_with_format(text, *format_));
        if (format_has_time_) return parsed;
        auto noon = local_midnight(local_date(parsed)) + std::chrono::hours(12);
        if (noon_.size() > 100000) noon_.clear();
        noon_.emplace(std::string(text), noon);
        return noon;
    }
    if (date_only(text)) {
        if (auto it = noon_.find(std::string(text)); it != noon_.end()) return it->second;
        auto day = PIPE_TRY(parse_iso_date(text));
        auto noon = PIPE_TRY(within_years(local_midnight(day) + std::chrono::hours(12), text));
        if (noon_.size() > 100000) noon_.clear();
        noon_.emplace(std::string(text), noon);
        return noon;
    }
    if (text.size() < 16 || !date_only(text.substr(0, 10)))
        return fail(fmt::format("not a date or time: '{}'", text),
                    "use YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS[Z], or --date-format");
    return parse_timestamp(text, Timestamp{});
}

Result<Date> DateParser::date(std::string_view input) {
    auto text = text::trim(input);
    if (!format_ && date_only(text)) return parse_iso_date(text);
    return local_date(PIPE_TRY(instant(text)));
}

RowView::RowView(const Reader& reader, const Mapping& mapping,
                 const std::vector<std::string>& defaults, const Record& record, RecordType type)
    : reader_(reader), mapping_(mapping), defaults_(defaults), record_(record), type_(type) {}

std::optional<std::string_view> RowView::column(int column) const {
    if (column < 0 || static_cast<std::size_t>(column) >= record_.cells.size()) return std::nullopt;
    std::string_view cell = record_.cells[static_cast<std::size_t>(column)];
    if (reader_.guarded()) cell = unguard(cell);
    cell = text::trim(cell);
    if (cell.empty()) return std::nullopt;
    return cell;
}

std::optional<std::string_view> RowView::get(int field) const {
    auto value = column(mapping_.column_of[static_cast<std::size_t>(field)]);
    if (value) return value;
    const auto& fallback = defaults_[static_cast<std::size_t>(field)];
    if (!fallback.empty()) return std::string_view(fallback);
    return std::nullopt;
}

std::string RowView::describe(int column, int field) const {
    std::string name;
    std::string_view value;
    if (column >= 0 && static_cast<std::size_t>(column) < reader_.columns().size()) {
        name = reader_.columns()[static_cast<std::size_t>(column)];
        if (static_cast<std::size_t>(column) < record_.cells.size())
            value = record_.cells[static_cast<std::size_t>(column)];
    } else if (field >= 0) {
        name = field_names(type_)[static_cast<std::size_t>(field)];
        value = defaults_[static_cast<std::size_t>(field)];
    }
    if (name.empty()) return {};
    return fmt::format("column '{}': value '{}': ", name, shorten(value));
}

void RowView::error(int field, std::string_view reason) {
    auto column = mapping_.column_of[static_cast<std::size_t>(field)];
    if (!this->column(column)) column = -1;
    errors.push_back(describe(column, field) + std::string(reason));
}

void RowView::column_error(int column, std::string_view reason) {
    errors.push_back(describe(column, -1) + std::string(reason));
}

void RowView::row_error(std::string_view reason) {
    errors.emplace_back(reason);
}

void RowView::warn(int field, std::string_view reason) {
    auto column = mapping_.column_of[static_cast<std::size_t>(field)];
    warnings.push_back(describe(column, field) + std::string(reason));
}

std::string RowView::unknown_lines() const {
    std::string out;
    for (int column : mapping_.unknown) {
        auto value = this->column(column);
        if (!value) continue;
        if (!out.empty()) out += '\n';
        out += reader_.columns()[static_cast<std::size_t>(column)];
        out += ": ";
        out += *value;
    }
    return out;
}

std::optional<std::int64_t> seen_before(Store& store, const std::string& key, std::int64_t line) {
    auto& insert =
        store.statement("INSERT INTO temp.import_seen (key, line) VALUES (?, ?) ON CONFLICT DO "
                        "NOTHING");
    insert.bind(1, key);
    insert.bind(2, line);
    if (insert.exec() == 1) return std::nullopt;
    auto& first = store.statement("SELECT line FROM temp.import_seen WHERE key = ?");
    first.bind(1, key);
    first.executeStep();
    return first.getColumn(0).getInt64();
}

std::string merge_notes(const std::string& notes, const std::string& extra) {
    auto lines = text::split(notes, '\n');
    std::string out = notes;
    for (const auto& line : text::split(extra, '\n')) {
        if (line.empty() || std::ranges::find(lines, line) != lines.end()) continue;
        out += (out.empty() ? "" : "\n") + line;
    }
    return out;
}

std::string mapped_stage(const ImportContext& ctx, std::string_view input) {
    if (ctx.stage_map.empty()) return std::string(input);
    auto it = ctx.stage_map.find(text::lower(input));
    return it == ctx.stage_map.end() ? std::string(input) : it->second;
}

std::string synthetic_id(Store& store, std::string_view kind, std::int64_t id) {
    return fmt::format("pipe:{}:{}:{}", crm::detail::book_id(store), kind, id);
}

std::optional<std::int64_t> synthetic_of(Store& store, std::string_view kind,
                                         std::string_view input) {
    auto prefix = fmt::format("pipe:{}:{}:", crm::detail::book_id(store), kind);
    if (!input.starts_with(prefix)) return std::nullopt;
    auto digits = input.substr(prefix.size());
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    if (ec != std::errc{} || end != digits.data() + digits.size() || id <= 0) return std::nullopt;
    return id;
}

std::optional<Deal> find_deal_by_external_id(Store& store, const std::string& ext) {
    auto& st = store.statement("SELECT " + deal_columns() + " FROM deals WHERE external_id = ?");
    st.bind(1, ext);
    if (st.executeStep()) return read_deal_row(st);
    if (auto id = synthetic_of(store, "deal", ext)) {
        auto deal = crm::detail::find_deal(store, *id);
        if (deal && deal->external_id.empty()) return deal;
    }
    return std::nullopt;
}

} // namespace crm::io::detail
