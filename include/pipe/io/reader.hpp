#pragma once
/// \file reader.hpp
/// Streaming readers of outside data: CSV (RFC 4180), TSV, JSON arrays and NDJSON. Each yields
/// one record at a time with the line it starts on, so memory stays flat as files grow.

#include "pipe/error.hpp"

#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crm::io {

/// A file format for import and export.
enum class Format { csv, tsv, json, ndjson };

/// `csv`, `tsv`, `json` or `ndjson`.
[[nodiscard]] std::string_view to_string(Format format);

/// Parse a format name (case-insensitive); a usage error (exit 2) otherwise.
[[nodiscard]] Result<Format> parse_format(std::string_view name);

/// The format a file name's extension says (`.csv`, `.tsv`/`.tab`, `.json`, `.ndjson`/`.jsonl`),
/// or nullopt.
[[nodiscard]] std::optional<Format> format_of_path(std::string_view path);

/// One data record: its cells in column order, the line it starts on, and what is wrong with
/// it when the reader could split it but not trust it (wrong field count, invalid UTF-8).
struct Record {
    /// 1-based line of the file where the record starts (the header is line 1 in CSV).
    std::int64_t line = 0;
    /// Cells, one per column of `Reader::columns()` (missing JSON keys are empty).
    std::vector<std::string> cells;
    /// Non-empty when the record is invalid as a whole; the importer rejects it.
    std::string problem;
    /// The column `problem` is about, or -1.
    int problem_column = -1;
};

/// Reads records one at a time.
class Reader {
  public:
    virtual ~Reader() = default;
    /// Column names: the CSV header, or the JSON keys seen so far (it grows as new keys
    /// appear). Unnamed CSV columns are named `column N`.
    [[nodiscard]] const std::vector<std::string>& columns() const { return columns_; }
    /// Read the next record into `record`; false at the end. Errors (malformed input that
    /// cannot be split into records) name the file and line.
    [[nodiscard]] virtual Result<bool> next(Record& record) = 0;
    /// Bytes consumed so far (for progress).
    [[nodiscard]] std::uint64_t bytes_read() const { return bytes_; }
    /// Whether CSV/TSV formula guards (`'=...`) should be taken off cells.
    [[nodiscard]] virtual bool guarded() const { return false; }

  protected:
    /// Column names.
    std::vector<std::string> columns_;
    /// Bytes consumed.
    std::uint64_t bytes_ = 0;
};

/// How deeply a JSON or NDJSON record may nest arrays and objects, the record's own `{` being
/// the first level. A deeper record is an invalid row (`FILE:LINE: a value nested more than 32
/// levels deep ...`), never parsed.
inline constexpr std::size_t max_json_depth = 32;

/// The character encoding of an input: UTF-8 unless a byte-order mark or `--encoding` says.
enum class Encoding { utf8, utf16le, utf16be, latin1, cp1252 };

/// `utf-8`, `utf-16le`, `utf-16be`, `latin1` or `cp1252`.
[[nodiscard]] std::string_view to_string(Encoding encoding);

/// Parse `--encoding`: utf-8, utf-16 (with its byte-order mark), utf-16le, utf-16be, latin1
/// (iso-8859-1) or cp1252 (windows-1252), any case; a usage error (exit 2) otherwise.
[[nodiscard]] Result<Encoding> parse_encoding(std::string_view name);

/// The encoding a byte-order mark at the start of an input says (UTF-16 LE or BE), or nullopt
/// (a UTF-8 mark is skipped by the readers).
[[nodiscard]] std::optional<Encoding> encoding_of_bom(std::string_view start);

/// A stream buffer that reads `in` (in `encoding`) as UTF-8, dropping a byte-order mark.
/// What cannot be converted (CP1252's five unused bytes, an unpaired UTF-16 surrogate, an odd
/// last byte) reaches the reader as invalid UTF-8, an error naming its line and column.
[[nodiscard]] std::unique_ptr<std::streambuf> utf8_from(std::istream& in, Encoding encoding);

/// A reader of `in` in `format`. `source` names the input in messages (`deals.csv`, `-`).
/// Reads the header (CSV/TSV) at once: an empty input or a header-only one is an Error. A
/// CSV's delimiter is taken from its header line: the most frequent of `,` `;` tab `|`
/// outside quotes (`,` when none).
[[nodiscard]] Result<std::unique_ptr<Reader>> open_reader(std::istream& in, Format format,
                                                          std::string source);

/// Whether `text` is valid UTF-8; if not, `bad_offset` is set to the first bad byte.
[[nodiscard]] bool valid_utf8(std::string_view text, std::size_t& bad_offset);

/// Bytes of the character at the start of `cell` that makes a spreadsheet read the cell as a
/// formula: `=`, `+`, `-`, `@`, tab, CR, their full-width forms `＝ ＋ － ＠` (U+FF1D, U+FF0B,
/// U+FF0D, U+FF20) and the small forms `﹢ ﹣ ﹦ ﹫` (U+FE62, U+FE63, U+FE66, U+FE6B), which
/// some spreadsheets fold to ASCII; 0 when the cell starts with none of them.
[[nodiscard]] std::size_t formula_start(std::string_view cell);

/// Take the spreadsheet formula guard off an exported cell: `'=1+2` → `=1+2`, `'＝1` → `＝1`,
/// `''x` → `'x`. Cells that the guard would not have produced are returned unchanged.
[[nodiscard]] std::string_view unguard(std::string_view cell);

} // namespace crm::io
