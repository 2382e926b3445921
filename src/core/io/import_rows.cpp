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

void DateParser::set_format(int column, std::string format) {
    if (column < 0) return;
    if (columns_.size() <= static_cast<std::size_t>(column))
        columns_.resize(static_cast<std::size_t>(column) + 1);
    columns_[static_cast<std::size_t>(column)].format = std::move(format);
}

void DateParser::set_order(int column, DayOrder order) {
    if (column < 0) return;
    if (columns_.size() <= static_cast<std::size_t>(column))
        columns_.resize(static_cast<std::size_t>(column) + 1);
    columns_[static_cast<std::size_t>(column)].order = order;
}

const std::string* DateParser::format_of(int column) const {
    if (column >= 0 && static_cast<std::size_t>(column) < columns_.size() &&
        columns_[static_cast<std::size_t>(column)].format)
        return &*columns_[static_cast<std::size_t>(column)].format;
    return format_ ? &*format_ : nullptr;
}

Result<Timestamp> DateParser::with_format(std::string_view text, const std::string& format) {
    bool has_time = false;
    for (const char* spec : {"%H", "%I", "%T", "%R", "%c", "%s", "%r", "%k", "%l"})
        if (format.find(spec) != std::string::npos) has_time = true;
    if (has_time) return parse_with_format(text, format);
    auto key = format + '\x01' + std::string(text);
    if (auto it = noon_.find(key); it != noon_.end()) return it->second;
    auto parsed = PIPE_TRY(parse_with_format(text, format));
    auto noon = local_midnight(local_date(parsed)) + std::chrono::hours(12);
    if (noon_.size() > 100000) noon_.clear();
    noon_.emplace(std::move(key), noon);
    return noon;
}

Result<Timestamp> DateParser::instant(std::string_view input, int column) {
    auto text = text::trim(input);
    if (const auto* format = format_of(column)) return with_format(text, *format);
    if (date_only(text)) {
        if (auto it = noon_.find(std::string(text)); it != noon_.end()) return it->second;
        auto day = PIPE_TRY(parse_iso_date(text));
        auto noon = PIPE_TRY(within_years(local_midnight(day) + std::chrono::hours(12), text));
        if (noon_.size() > 100000) noon_.clear();
        noon_.emplace(std::string(text), noon);
        return noon;
    }
    if (text.size() >= 16 && date_only(text.substr(0, 10)))
        if (auto t = parse_timestamp(text, Timestamp{})) return *t;
    auto order = column >= 0 && static_cast<std::size_t>(column) < columns_.size()
                     ? columns_[static_cast<std::size_t>(column)].order
                     : DayOrder::unknown;
    // Dates alone repeat a lot: cache them by their text and the column's order.
    bool cache = text.find(':') == std::string_view::npos;
    std::string key;
    if (cache) {
        key = static_cast<char>(1 + static_cast<int>(order)) + std::string(text);
        if (auto it = noon_.find(key); it != noon_.end()) return it->second;
    }
    auto t = PIPE_TRY(read_exported_time(text, order));
    if (cache) {
        if (noon_.size() > 100000) noon_.clear();
        noon_.emplace(std::move(key), t);
    }
    return t;
}

Result<Date> DateParser::date(std::string_view input, int column) {
    auto text = text::trim(input);
    if (!format_of(column) && date_only(text)) return parse_iso_date(text);
    return local_date(PIPE_TRY(instant(text, column)));
}

Result<void> set_column_formats(DateParser& dates, const std::vector<std::string>& columns,
                                const ImportOptions& options, bool strict) {
    for (const auto& [name, format] : options.column_date_formats) {
        int found = -1;
        for (std::size_t i = 0; i < columns.size() && found < 0; ++i)
            if (text::iequals(text::trim(columns[i]), text::trim(name)))
                found = static_cast<int>(i);
        for (std::size_t i = 0; i < columns.size() && found < 0; ++i)
            if (normalize_name(columns[i]) == normalize_name(name)) found = static_cast<int>(i);
        if (found < 0 && strict)
            return fail(fmt::format("--date-format {}={}: no column '{}'", name, format, name),
                        "columns: " + text::join(columns, ", "), 2);
        dates.set_format(found, format);
    }
    return {};
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

std::string RowView::column_name(int column) const {
    if (column >= 0 && static_cast<std::size_t>(column) < reader_.columns().size())
        return reader_.columns()[static_cast<std::size_t>(column)];
    return {};
}

void RowView::add(int column, int field, std::string_view reason) {
    errors.push_back(describe(column, field) + std::string(reason));
    ImportProblem p;
    if (column >= 0 && static_cast<std::size_t>(column) < reader_.columns().size()) {
        p.column = reader_.columns()[static_cast<std::size_t>(column)];
        if (static_cast<std::size_t>(column) < record_.cells.size())
            p.value = shorten(record_.cells[static_cast<std::size_t>(column)]);
    } else if (field >= 0) {
        p.column = field_names(type_)[static_cast<std::size_t>(field)];
        p.value = shorten(defaults_[static_cast<std::size_t>(field)]);
    }
    p.reason = reason;
    problems.push_back(std::move(p));
}

void RowView::error(int field, std::string_view reason) {
    auto column = mapping_.column_of[static_cast<std::size_t>(field)];
    if (!this->column(column)) column = -1;
    add(column, field, reason);
}

void RowView::column_error(int column, std::string_view reason) {
    add(column, -1, reason);
}

void RowView::row_error(std::string_view reason) {
    add(-1, -1, reason);
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
