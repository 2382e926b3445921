// The streaming readers: RFC 4180 CSV, TSV, JSON arrays and NDJSON.

#include "fixture.hpp"
#include "pipe/io/import.hpp"
#include "pipe/io/reader.hpp"

#include <doctest/doctest.h>
#include <sstream>

using namespace crm;
using namespace crm::io;

namespace {

struct Read {
    std::vector<std::string> columns;
    std::vector<Record> records;
};

Result<Read> read_all(const std::string& text, Format format = Format::csv) {
    std::istringstream in(text);
    auto reader = PIPE_TRY(open_reader(in, format, "t.csv"));
    Read out;
    Record r;
    while (PIPE_TRY(reader->next(r))) out.records.push_back(r);
    out.columns = reader->columns();
    return out;
}

} // namespace

TEST_CASE("CSV: quotes, doubled quotes, embedded newlines, CRLF and a BOM") {
    auto read =
        test::ok(read_all("\xEF\xBB\xBFtitle,notes\r\n\"Acme, Inc.\",\"say \"\"hi\"\"\r\nbye\"\r\n"
                          "Beta,\r\n"));
    CHECK(read.columns == std::vector<std::string>{"title", "notes"});
    REQUIRE(read.records.size() == 2);
    CHECK(read.records[0].cells == std::vector<std::string>{"Acme, Inc.", "say \"hi\"\r\nbye"});
    CHECK(read.records[0].line == 2);
    CHECK(read.records[1].cells == std::vector<std::string>{"Beta", ""});
    CHECK(read.records[1].line == 4);
    CHECK(read.records[1].problem.empty());
}

TEST_CASE("CSV: a file without a final newline and with blank lines") {
    auto read = test::ok(read_all("a,b\n\n1,2\n\n3,4"));
    REQUIRE(read.records.size() == 2);
    CHECK(read.records[0].line == 3);
    CHECK(read.records[1].cells == std::vector<std::string>{"3", "4"});
}

TEST_CASE("CSV: unnamed columns get a name; trailing commas make an empty last column") {
    auto read = test::ok(read_all("id,name,\n1,Ann,\n"));
    CHECK(read.columns == std::vector<std::string>{"id", "name", "column 3"});
    CHECK(read.records[0].problem.empty());
}

TEST_CASE("CSV: wrong field counts, stray quotes and invalid UTF-8 are problems of the row") {
    auto read = test::ok(read_all("a,b\n1,2,3\nx\"y,2\n\"q\"z,1\n\xC3\x28,1\nok,\xC3\xA9\n"));
    REQUIRE(read.records.size() == 5);
    CHECK(read.records[0].problem == "has 3 fields, the header has 2");
    CHECK(read.records[1].problem_column == 0);
    CHECK(read.records[1].problem.starts_with("a quote inside an unquoted field"));
    CHECK(read.records[2].problem == "text after the closing quote of a quoted field");
    CHECK(read.records[3].problem.starts_with("invalid UTF-8 (byte 0xC3)"));
    CHECK(read.records[4].problem.empty());
}

TEST_CASE("CSV: an unclosed quote, an empty file") {
    auto unclosed = read_all("a,b\n1,\"open\n2,3\n");
    REQUIRE_FALSE(unclosed);
    CHECK(unclosed.error().what == "t.csv:2: a quoted field is never closed");
    auto empty = read_all("");
    REQUIRE_FALSE(empty);
    CHECK(empty.error().what == "t.csv is empty");
}

TEST_CASE("TSV uses tabs and the same quoting") {
    auto read = test::ok(read_all("a\tb\n\"x\ty\"\t2\n", Format::tsv));
    CHECK(read.records[0].cells == std::vector<std::string>{"x\ty", "2"});
}

TEST_CASE("JSON arrays and NDJSON give records with the line they start on") {
    auto json =
        test::ok(read_all("[\n {\"title\": \"A\", \"value\": 12.5,\n  \"tags\": [\"x\", \"y\"]},\n"
                          " {\"title\": \"B\", \"won\": true, \"close\": null}\n]\n",
                          Format::json));
    CHECK(json.columns == std::vector<std::string>{"title", "value", "tags", "won", "close"});
    REQUIRE(json.records.size() == 2);
    CHECK(json.records[0].line == 2);
    CHECK(json.records[0].cells[1] == "12.5");
    CHECK(json.records[0].cells[2] == "x;y");
    CHECK(json.records[1].line == 4);
    CHECK(json.records[1].cells == std::vector<std::string>{"B", "", "", "true", ""});
    auto nd = test::ok(read_all("{\"a\": 1}\n\n[1]\n", Format::ndjson));
    REQUIRE(nd.records.size() == 2);
    CHECK(nd.records[1].line == 3);
    CHECK(nd.records[1].problem == "expected an object {...}, found array");
}

TEST_CASE("formats from names and file extensions") {
    CHECK(format_of_path("x.CSV") == Format::csv);
    CHECK(format_of_path("x.jsonl") == Format::ndjson);
    CHECK(format_of_path("x.txt") == std::nullopt);
    CHECK_FALSE(parse_format("xls"));
}

TEST_CASE("the formula guard comes off exactly once") {
    CHECK(unguard("'=1+2") == "=1+2");
    CHECK(unguard("''=x") == "'=x");
    CHECK(unguard("'hello") == "'hello");
    CHECK(unguard("-12.50") == "-12.50");
}

TEST_CASE("importing in one transaction: a bad row leaves the book as it was") {
    test::BookFixture f;
    f.deal("Existing");
    std::istringstream in("external_id,title,value\nA,One,10\nB,Two,oops\n");
    auto reader = test::ok(open_reader(in, Format::csv, "d.csv"));
    ImportOptions options;
    options.source = "d.csv";
    auto report = test::ok(import_records(f.book, *reader, options));
    CHECK_FALSE(report.committed);
    CHECK(report.invalid == 1);
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].message ==
          "d.csv:3: column 'value': value 'oops': not an amount: 'oops' (e.g. 12500, 12,500.50, "
          "12.5k)");
    auto list = test::ok(list_deals(f.book, DealQuery{}));
    CHECK(list.total_count == 1);
}

TEST_CASE("JSON and NDJSON records nested deeper than max_json_depth are row problems") {
    auto nested = [](std::size_t depth) {
        // The record's own { is the first level; each [ adds one.
        return "{\"title\": \"A\", \"notes\": " + std::string(depth - 1, '[') +
               std::string(depth - 1, ']') + "}";
    };
    const std::string problem = "a value nested more than 32 levels deep (pipe reads at most 32 "
                                "levels of {} and []); flatten it";
    for (auto format : {Format::json, Format::ndjson}) {
        auto wrap = [&](const std::string& record) {
            return format == Format::json ? "[\n" + record + ",\n{\"title\": \"B\"}\n]\n"
                                          : record + "\n{\"title\": \"B\"}\n";
        };
        for (std::size_t depth : {max_json_depth + 1, std::size_t{70000}}) {
            auto read = test::ok(read_all(wrap(nested(depth)), format));
            REQUIRE(read.records.size() == 2);
            CHECK(read.records[0].problem == problem);
            CHECK(read.records[0].line == (format == Format::json ? 2 : 1));
            CHECK(read.records[1].problem.empty());
            CHECK(read.records[1].cells[0] == "B");
        }
        auto fits = test::ok(read_all(wrap(nested(max_json_depth)), format));
        CHECK(fits.records[0].problem.empty());
        // Brackets inside strings are text, not nesting.
        auto text = test::ok(read_all(
            wrap("{\"title\": \"" + std::string(100, '[') + "\\\"" + std::string(100, '{') + "\"}"),
            format));
        CHECK(text.records[0].problem.empty());
    }
}

TEST_CASE("an import of a row nested too deep rejects it with FILE:LINE and changes nothing") {
    test::BookFixture f;
    f.deal("Existing");
    std::istringstream in("{\"title\": \"Deep\", \"notes\": " + std::string(70000, '[') +
                          std::string(70000, ']') + "}\n");
    auto reader = test::ok(open_reader(in, Format::ndjson, "d.ndjson"));
    ImportOptions options;
    options.source = "d.ndjson";
    auto report = test::ok(import_records(f.book, *reader, options));
    CHECK_FALSE(report.committed);
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].message.starts_with("d.ndjson:1: a value nested more than 32 levels"));
    CHECK(test::ok(list_deals(f.book, DealQuery{})).total_count == 1);
}
