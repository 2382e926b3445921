#pragma once
// Rows of a record type through its field table: the SELECT list, reading a row, binding for
// INSERT and UPDATE, and accessors that turn a struct member into a stored value and back.

#include "pipe/dates.hpp"
#include "pipe/fields.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <optional>
#include <string>
#include <vector>

namespace crm::detail {

/// Tags as stored: `;a;b;` (so `LIKE '%;a;%'` finds one), or empty.
std::string encode_tags(const std::vector<std::string>& tags);
/// Tags from their stored form.
std::vector<std::string> decode_tags(const std::string& stored);

/// The whole number in a stored value (0 for none or text).
inline std::int64_t int_of(const FieldValue& v) {
    if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
    return 0;
}

template <auto M> struct member_of;
template <class R, class T, T R::*M> struct member_of<M> {
    using record = R;
    using type = T;
};

/// The stored value of member `M`, by its C++ type.
template <auto M> FieldValue get_member(const typename member_of<M>::record& r) {
    using T = typename member_of<M>::type;
    const auto& v = r.*M;
    if constexpr (std::is_same_v<T, std::string>) {
        return v;
    } else if constexpr (std::is_same_v<T, std::optional<Date>>) {
        return v ? FieldValue{format_date(*v)} : FieldValue{};
    } else if constexpr (std::is_same_v<T, Timestamp>) {
        return FieldValue{static_cast<std::int64_t>(v.time_since_epoch().count())};
    } else if constexpr (std::is_same_v<T, std::optional<Timestamp>>) {
        return v ? FieldValue{static_cast<std::int64_t>(v->time_since_epoch().count())}
                 : FieldValue{};
    } else if constexpr (std::is_same_v<T, std::optional<int>> ||
                         std::is_same_v<T, std::optional<std::int64_t>>) {
        return v ? FieldValue{static_cast<std::int64_t>(*v)} : FieldValue{};
    } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
        return encode_tags(v);
    } else {
        return FieldValue{static_cast<std::int64_t>(v)};
    }
}

/// Put a stored value into member `M`.
template <auto M> void set_member(typename member_of<M>::record& r, const FieldValue& value) {
    using T = typename member_of<M>::type;
    auto& v = r.*M;
    if constexpr (std::is_same_v<T, std::string>) {
        v = text_of(value);
    } else if constexpr (std::is_same_v<T, std::optional<Date>>) {
        v.reset();
        if (const auto* s = std::get_if<std::string>(&value))
            if (auto d = parse_iso_date(*s)) v = *d;
    } else if constexpr (std::is_same_v<T, Timestamp>) {
        v = Timestamp{std::chrono::seconds{int_of(value)}};
    } else if constexpr (std::is_same_v<T, std::optional<Timestamp>>) {
        v.reset();
        if (!is_none(value)) v = Timestamp{std::chrono::seconds{int_of(value)}};
    } else if constexpr (std::is_same_v<T, std::optional<int>>) {
        v.reset();
        if (!is_none(value)) v = static_cast<int>(int_of(value));
    } else if constexpr (std::is_same_v<T, std::optional<std::int64_t>>) {
        v.reset();
        if (!is_none(value)) v = int_of(value);
    } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
        v = decode_tags(text_of(value));
    } else {
        v = static_cast<T>(int_of(value));
    }
}

/// Member `M` as an external id: NULL when empty.
template <auto M> FieldValue get_optional_text(const typename member_of<M>::record& r) {
    const std::string& v = r.*M;
    return v.empty() ? FieldValue{} : FieldValue{v};
}

/// `a.x, a.y, …` of every column of a table, in table order.
template <class R> std::string select_list(const FieldTable<R>& table, std::string_view prefix) {
    std::string out;
    for (const auto& f : table) {
        if (!out.empty()) out += ", ";
        out += std::string(prefix) + std::string(f.column);
    }
    return out;
}

/// A stored value from a column.
inline FieldValue value_of(const SQLite::Column& c) {
    if (c.isNull()) return {};
    if (c.isInteger()) return c.getInt64();
    return c.getString();
}

/// Read a record from the columns of `st` starting at `first`, in table order.
template <class R> R read_fields(const FieldTable<R>& table, SQLite::Statement& st, int first = 0) {
    R r;
    int i = first;
    for (const auto& f : table) f.set(r, value_of(st.getColumn(i++)));
    return r;
}

/// Bind a stored value.
inline void bind_value(SQLite::Statement& st, int index, const FieldValue& v) {
    if (const auto* n = std::get_if<std::int64_t>(&v))
        st.bind(index, *n);
    else if (const auto* s = std::get_if<std::string>(&v))
        st.bind(index, *s);
    else
        st.bind(index);
}

/// `INSERT INTO t (every column…, extra) VALUES (?…)`.
template <class R>
std::string insert_sql(const FieldTable<R>& table, std::string_view name, std::string_view extra) {
    std::string columns, marks;
    for (const auto& f : table) {
        columns += (columns.empty() ? "" : ", ") + std::string(f.column);
        marks += marks.empty() ? "?" : ", ?";
    }
    if (!extra.empty()) {
        columns += ", " + std::string(extra);
        marks += ", ?";
    }
    return "INSERT INTO " + std::string(name) + " (" + columns + ") VALUES (" + marks + ")";
}

/// `UPDATE t SET every column but the id = ? … WHERE id = ?`.
template <class R> std::string update_sql(const FieldTable<R>& table, std::string_view name) {
    std::string sets;
    for (const auto& f : table)
        if (f.kind != FieldKind::id)
            sets += (sets.empty() ? "" : ", ") + std::string(f.column) + " = ?";
    return "UPDATE " + std::string(name) + " SET " + sets + " WHERE id = ?";
}

/// Bind every column (for insert_sql); returns the next index.
template <class R> int bind_all(const FieldTable<R>& table, SQLite::Statement& st, const R& r) {
    int i = 1;
    for (const auto& f : table) bind_value(st, i++, f.get(r));
    return i;
}

/// Bind every column but the id, then the id (for update_sql).
template <class R> void bind_update(const FieldTable<R>& table, SQLite::Statement& st, const R& r) {
    int i = 1;
    FieldValue id;
    for (const auto& f : table) {
        if (f.kind == FieldKind::id) {
            id = f.get(r);
            continue;
        }
        bind_value(st, i++, f.get(r));
    }
    bind_value(st, i, id);
}

} // namespace crm::detail
