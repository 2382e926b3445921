#pragma once
// The JSON and NDJSON readers, built by open_reader.

#include "pipe/io/reader.hpp"

namespace crm::io {

/// A reader of a JSON array of objects (`ndjson` false) or of one object per line.
Result<std::unique_ptr<Reader>> open_json_reader(std::istream& in, bool ndjson, std::string source);

} // namespace crm::io
