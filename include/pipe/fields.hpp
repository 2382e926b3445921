#pragma once
/// \file fields.hpp
/// Each record's fields, described once: a table of {field name, column, kind, uses, JSON key,
/// option, aliases} per record type that drives reading and writing rows, import and export,
/// JSON output and the options of `add` and `edit`. A new field is one entry here (and its
/// column in a migration).

#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace crm {

/// A value as stored: none (SQL NULL), a whole number, or text.
using FieldValue = std::variant<std::monostate, std::int64_t, std::string>;

/// How a field is stored, read from input and written out.
enum class FieldKind {
    id,          ///< The record's own id.
    title,       ///< Text that must not be empty (a deal's title, a lead's name).
    text,        ///< Free text, empty when none.
    external_id, ///< The id in the system a record came from; NULL when none.
    money,       ///< Minor units of the record's currency.
    currency,    ///< ISO 4217 code.
    choice,      ///< One of a set of words (pipeline, stage, status).
    date,        ///< A calendar date (ISO text), or none.
    instant,     ///< An instant (UTC seconds), or none.
    percent,     ///< A whole number 0–100, or none.
    score,       ///< A BANT score 0–4, or none.
    count,       ///< A whole number.
    tags,        ///< A list of words, stored as `;a;b;`.
    ref,         ///< The id of another record, or none.
};

/// What a field takes part in besides being stored (bits of Field::uses).
namespace field_use {
/// A column of the per-type export and import.
inline constexpr unsigned exported = 1;
/// A key of the record's JSON object.
inline constexpr unsigned json = 2;
/// An option of `add` and `edit`.
inline constexpr unsigned edit = 4;
/// An option of `add` only.
inline constexpr unsigned add_only = 8;
} // namespace field_use

/// One field of a record type `R`.
template <class R> struct Field {
    /// Field name: the export column, `--map FIELD`, and the JSON key unless `json_key` is set.
    std::string_view name;
    /// The SQL column.
    std::string_view column;
    /// How it is stored and parsed.
    FieldKind kind;
    /// field_use bits.
    unsigned uses = 0;
    /// The JSON key when it differs from `name`.
    std::string_view json_key = {};
    /// Option names for add/edit (`-v,--value`); empty: none.
    std::string_view option = {};
    /// Help text of the option.
    std::string_view help = {};
    /// Other header names an import recognises, normalized (lower-case letters and digits).
    std::vector<std::string_view> aliases = {};
    /// Read the stored value from a record.
    FieldValue (*get)(const R&) = nullptr;
    /// Put a stored value into a record.
    void (*set)(R&, const FieldValue&) = nullptr;

    /// The JSON key.
    [[nodiscard]] std::string_view key() const { return json_key.empty() ? name : json_key; }
    /// Whether the field has use `bit`.
    [[nodiscard]] bool has(unsigned bit) const { return (uses & bit) != 0; }
};

/// The fields of a record type, in order (export order for the exported ones).
template <class R> using FieldTable = std::vector<Field<R>>;

/// The field called `name` (exact), or nullptr.
template <class R>
[[nodiscard]] const Field<R>* find_field(const FieldTable<R>& table, std::string_view name) {
    for (const auto& f : table)
        if (f.name == name) return &f;
    return nullptr;
}

/// Fields as a user typed them, by field name (tags `;`-separated). Unset fields are left
/// alone (edit) or defaulted (add); the core validates every value, so each client gets the
/// same errors.
struct FieldInput {
    /// Field name → text.
    std::map<std::string, std::string, std::less<>> values;
    /// Set a field's text.
    FieldInput& set(std::string_view field, std::string text) {
        values.insert_or_assign(std::string(field), std::move(text));
        return *this;
    }
    /// The text given for a field, or nullptr.
    [[nodiscard]] const std::string* find(std::string_view field) const {
        auto it = values.find(field);
        return it == values.end() ? nullptr : &it->second;
    }
    /// Whether a field was given.
    [[nodiscard]] bool has(std::string_view field) const { return find(field) != nullptr; }
};

/// The text of a stored value ("" for none).
[[nodiscard]] inline std::string text_of(const FieldValue& v) {
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    if (const auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
    return {};
}

/// Whether a stored value is none.
[[nodiscard]] inline bool is_none(const FieldValue& v) {
    return std::holds_alternative<std::monostate>(v);
}

} // namespace crm
