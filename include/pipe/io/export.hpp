#pragma once
/// \file export.hpp
/// Export of deals, leads, activities and stage history as rows of typed cells, streamed in id
/// order. The columns are field_names(type), so an export imports back unchanged.

#include "pipe/book.hpp"
#include "pipe/io/mapping.hpp"

#include <functional>
#include <string>
#include <vector>

namespace crm::io {

/// One exported value with the JSON type it has.
struct Cell {
    /// How the value is written in JSON.
    enum class Kind { text, number, boolean, list, null };
    /// The text (CSV/TSV cell; lists are `;`-separated).
    std::string text;
    /// The JSON type.
    Kind kind = Kind::text;
};

/// Call `row` for every record of `type`, oldest first. Deals and leads without an external
/// id are exported with `pipe:deal:ID` / `pipe:lead:ID`, so activities and history can refer to
/// them; importing such an id into the same database finds the record again.
[[nodiscard]] Result<void> export_records(Book& book, RecordType type,
                                          const std::function<void(const std::vector<Cell>&)>& row);

} // namespace crm::io
