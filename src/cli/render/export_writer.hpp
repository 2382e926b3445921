#pragma once
// Writing exported rows as CSV, TSV, JSON (an array, one object per line) or NDJSON.

#include "pipe/io/export.hpp"
#include "pipe/io/reader.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace crm::render {

/// Streams rows of cells to `out` in one format.
class ExportWriter {
  public:
    /// A writer of rows with these column names. `raw` turns the CSV/TSV formula guard off.
    ExportWriter(std::ostream& out, io::Format format, std::vector<std::string> columns, bool raw);
    /// Write the header (CSV/TSV) or the opening bracket (JSON).
    void begin();
    /// Write one row.
    void row(const std::vector<io::Cell>& cells);
    /// Close the JSON array.
    void end();

  private:
    std::ostream& out_;
    io::Format format_;
    std::vector<std::string> columns_;
    bool raw_;
    bool first_ = true;
};

} // namespace crm::render
