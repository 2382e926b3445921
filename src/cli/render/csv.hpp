#pragma once
// CSV/TSV output rows (RFC 4180 quoting) with the spreadsheet formula guard.

#include <string>
#include <string_view>
#include <vector>

namespace crm::render {

/// One CSV (sep ',') or TSV (sep '\t') line ending in "\n". Cells with the separator, quotes,
/// CR or LF are quoted (quotes doubled). Unless `raw`, text cells starting with `=`, `+`, `-`,
/// `@`, tab, CR or their full-width and small forms (crm::io::formula_start) get a leading `'`
/// so spreadsheets do not run them as formulas; a cell that is a plain number (`-12.50`) is
/// left alone. A cell that already starts with `'` and one of those characters (or a second
/// `'`) gets one more, so crm::io::unguard undoes it exactly.
[[nodiscard]] std::string csv_row(const std::vector<std::string>& cells, char sep = ',',
                                  bool raw = false);

/// The formula guard alone, for one cell.
[[nodiscard]] std::string guard_formula(std::string_view cell);

} // namespace crm::render
