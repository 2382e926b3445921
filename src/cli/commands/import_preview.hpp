#pragma once
// What `pipe import --dry-run` shows besides the counts (each column and the field it fills,
// with samples and the detected format; stages and statuses and where they land; deals with
// their own probability), and the grouped errors of a failed import.

#include "context.hpp"
#include "pipe/io/import.hpp"

#include <string>

namespace crm::cli {

/// Print the preview of a dry run to stdout.
void print_preview(Context& ctx, const io::ImportReport& report, io::RecordType type);

/// One line of a group of errors: `FILE: column 'Amount': 3,632 rows: not an amount:
/// '$10,700.00', '$22,700.00', … (lines 2, 3, 5, …)`; a group of one row is that row's error.
[[nodiscard]] std::string group_line(const io::ProblemGroup& group, const std::string& file,
                                     const std::string& single);

} // namespace crm::cli
