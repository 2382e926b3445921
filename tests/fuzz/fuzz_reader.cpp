// libFuzzer target: the import readers (CSV per RFC 4180, TSV, JSON array, NDJSON). The first
// byte chooses the format, the rest is the file. Invariants: records come in increasing line
// order, and a record without a problem never has more cells than there are columns. JSON
// records nested deeper than max_json_depth must be refused, not parsed and written back out
// (corpus: json_deep, ndjson_deep and regression_deep_nesting, 70,000 levels, which overflowed
// the stack before).
#include "pipe/io/reader.hpp"

#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    constexpr crm::io::Format formats[] = {crm::io::Format::csv, crm::io::Format::tsv,
                                           crm::io::Format::json, crm::io::Format::ndjson};
    auto format = formats[data[0] % 4];
    std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
    std::size_t bad = 0;
    (void)crm::io::valid_utf8(text, bad);
    (void)crm::io::unguard(text);
    std::istringstream in(text);
    auto reader = crm::io::open_reader(in, format, "fuzz");
    if (!reader) return 0;
    crm::io::Record record;
    std::int64_t last_line = 0;
    for (int i = 0; i < 100000; ++i) {
        auto more = (*reader)->next(record);
        if (!more || !*more) break;
        if (record.line < last_line) std::abort();
        last_line = record.line;
        if (record.problem.empty() && record.cells.size() > (*reader)->columns().size())
            std::abort();
    }
    return 0;
}
