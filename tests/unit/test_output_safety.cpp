// Text that reaches the terminal: control characters shown escaped, Markdown syntax escaped,
// counts with the right noun, "did you mean", widths, and the spreadsheet formula guard.

#include "pipe/io/reader.hpp"
#include "render/csv.hpp"
#include "render/figures_format.hpp"
#include "render/style.hpp"
#include "render/visible.hpp"
#include "suggest.hpp"

#include <doctest/doctest.h>
#include <string>
#include <vector>

using namespace crm::render;

namespace {

// Whether text holds a byte a terminal acts on: C0 (but newline and tab when `lines`), DEL, or
// the UTF-8 encoding of a C1 control.
bool has_control(const std::string& text, bool lines = false) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (lines && (c == '\n' || c == '\t')) continue;
        if (c < 0x20 || c == 0x7f) return true;
        if (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
            static_cast<unsigned char>(text[i + 1]) <= 0x9f)
            return true;
    }
    return false;
}

// One example of every kind of control character and of invalid UTF-8.
const std::vector<std::string> hostile{
    "\x1b]0;owned\a",
    "\x1b[2J",
    "\xc2\x9b"
    "2J",
    "ring\a",
    "back\bspace",
    "carriage\rreturn",
    "del\x7f",
    "nul\x01x",
    "\xff\xfe",
    "line\nbreak",
    "tab\there",
    "\x1b[31m",
    "\xc2\x85next",
};

} // namespace

TEST_CASE("visible text shows every control character as an escape") {
    CHECK(visible("\x1b]0;x\a") == "\\e]0;x\\a");
    CHECK(visible("\x1b[2J") == "\\e[2J");
    CHECK(visible("a\bb\rc\x7f") == "a\\bb\\rc\\x7f");
    CHECK(visible("\x01\x1f") == "\\x01\\x1f");
    CHECK(visible("\xc2\x9b"
                  "2J") == "\\u009b2J");
    CHECK(visible("one\ntwo\tthree") == "one\\ntwo\\tthree");
    CHECK(visible(std::string("nul\0x", 5)) == "nul\\x00x");
    for (const auto& text : hostile) CHECK_MESSAGE(!has_control(visible(text)), text);
}

TEST_CASE("visible text keeps printable Unicode and backslashes as they are") {
    CHECK(visible("Acme GmbH · €12,500 – 日本 😀 é") == "Acme GmbH · €12,500 – 日本 😀 é");
    CHECK(visible("C:\\path\\e") == "C:\\path\\e");
    CHECK(visible("") == "");
}

TEST_CASE("bytes that are not UTF-8 are shown as hex escapes") {
    CHECK(visible("Caf\xe9") == "Caf\\xe9");
    CHECK(visible("\x9b"
                  "2J") == "\\x9b2J");
    CHECK(visible("\xed\xa0\x80") == "\\xed\\xa0\\x80"); // a UTF-16 surrogate
}

TEST_CASE("multi-line text keeps line breaks and tabs and indents continuation lines") {
    CHECK(visible_lines("one\ntwo\tthree") == "one\ntwo\tthree");
    CHECK(visible_lines("one\ntwo", 4) == "one\n    two");
    CHECK(visible_lines("a\r\nb\x1b[2J") == "a\nb\\e[2J");
    CHECK(visible_lines("over\rwrite\r") == "over\\rwrite\\r");
    for (const auto& text : hostile) CHECK_MESSAGE(!has_control(visible_lines(text), true), text);
}

TEST_CASE("Markdown text escapes the syntax that adds headings, links, tables, code, emphasis") {
    CHECK(markdown_text("# heading") == "\\# heading");
    CHECK(markdown_text("[link](http://x)") == "\\[link\\](http://x)");
    CHECK(markdown_text("| table |") == "\\| table \\|");
    CHECK(markdown_text("`code`") == "\\`code\\`");
    CHECK(markdown_text("*bold* _em_ ~~del~~") == "\\*bold\\* \\_em\\_ \\~\\~del\\~\\~");
    CHECK(markdown_text("<script>") == "\\<script\\>");
    CHECK(markdown_text("a\\b") == "a\\\\b");
    CHECK(markdown_text("&amp; &#42; AT&T") == "\\&amp; \\&\\#42; AT&T");
}

TEST_CASE("Markdown text escapes a leading list marker and drops outer spaces") {
    CHECK(markdown_text("- item") == "\\- item");
    CHECK(markdown_text("+ item") == "\\+ item");
    CHECK(markdown_text("1. first") == "1\\. first");
    CHECK(markdown_text("2) second") == "2\\) second");
    CHECK(markdown_text("1.5x") == "1.5x");
    CHECK(markdown_text("    code block") == "code block");
    CHECK(markdown_text("Acme-Corp. rollout") == "Acme-Corp. rollout");
}

TEST_CASE("Markdown text is one line with control characters escaped") {
    auto text = markdown_text("a\n# b\x1b[2J");
    CHECK(text.find('\n') == std::string::npos);
    CHECK_FALSE(has_control(text));
    for (const auto& h : hostile) CHECK_MESSAGE(!has_control(markdown_text(h)), h);
}

TEST_CASE("a Markdown code span is fenced by more backticks than it holds") {
    CHECK(markdown_code("pipe deal next 1 --done") == "`pipe deal next 1 --done`");
    CHECK(markdown_code("a `b` c") == "``a `b` c``");
    CHECK(markdown_code("`x") == "`` `x ``");
    CHECK(markdown_code("a\x1b[2J") == "`a\\e[2J`");
}

TEST_CASE("JSON text writes DEL and C1 controls as escapes, leaving the strings the same") {
    CHECK(json_safe(R"({"t":"a\u001b)"
                    "\x7f"
                    "\xc2\x9b"
                    R"(2J é"})") == R"({"t":"a\u001b\u007f\u009b2J é"})");
    CHECK(json_safe("[1, 2]") == "[1, 2]");
    CHECK(json_safe("\"\xc2\xa0\"") == "\"\xc2\xa0\""); // U+00A0 is not a control
}

TEST_CASE("counts read right: one deal, two deals") {
    CHECK(counted(0, "deal") == "0 deals");
    CHECK(counted(1, "deal") == "1 deal");
    CHECK(counted(2, "open deal") == "2 open deals");
    CHECK(counted(1, "activity", "activities") == "1 activity");
    CHECK(counted(3, "activity", "activities") == "3 activities");
}

TEST_CASE("changes of one point or one day read in the singular") {
    Style plain;
    CHECK(points_change(0.51, 0.50, plain) == "▲ 1 pt");
    CHECK(points_change(0.40, 0.48, plain) == "▼ 8 pts");
    CHECK(days_change(4.0, 3.0, plain) == "▲ 1 day");
    CHECK(days_change(1.0, 4.0, plain) == "▼ 3 days");
}

TEST_CASE("the edit distance counts a swap of neighbours as one edit") {
    using crm::cli::edit_distance;
    CHECK(edit_distance("list", "list") == 0);
    CHECK(edit_distance("lsit", "list") == 1);
    CHECK(edit_distance("stauts", "status") == 1);
    CHECK(edit_distance("LIST", "list") == 0);
    CHECK(edit_distance("", "abc") == 3);
    CHECK(edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("did you mean: the closest commands, none when nothing is close") {
    using crm::cli::did_you_mean;
    std::vector<std::string> verbs{"add", "list", "show", "edit", "rm", "move", "won", "lost"};
    CHECK(did_you_mean("lsit", verbs) == "did you mean list?");
    CHECK(did_you_mean("shwo", verbs) == "did you mean show?");
    CHECK(did_you_mean("frobnicate", verbs) == "");
    CHECK(did_you_mean("list", verbs) == "");
    CHECK(did_you_mean("los", verbs) == "did you mean lost?");
    CHECK(did_you_mean("wno", verbs) == "did you mean won?");
}

TEST_CASE("text output is never cut when stdout is not a terminal, whatever COLUMNS says") {
    CHECK(output_width(false, nullptr, 0) == unlimited_width);
    CHECK(output_width(false, "80", 0) == unlimited_width);
    CHECK(output_width(false, "80", 120) == unlimited_width);
}

TEST_CASE("on a terminal the width is COLUMNS, else the terminal's, else 100") {
    CHECK(output_width(true, "72", 120) == 72);
    CHECK(output_width(true, nullptr, 120) == 120);
    CHECK(output_width(true, nullptr, 0) == 100);
    for (auto bad : {"", "0", "-5", "wide", "80x", " "})
        CHECK_MESSAGE(output_width(true, bad, 90) == 90, "COLUMNS=" << bad);
}

TEST_CASE("the formula guard knows full-width and small forms of = + - @") {
    for (std::string lead : {"=", "+", "-", "@", "\t", "\r", "\uFF1D", "\uFF0B", "\uFF0D", "\uFF20",
                             "\uFE62", "\uFE63", "\uFE66", "\uFE6B"}) {
        auto cell = lead + "HYPERLINK(\"http://x\")";
        CHECK_MESSAGE(crm::io::formula_start(cell) == lead.size(), cell);
        CHECK_MESSAGE(guard_formula(cell) == "'" + cell, cell);
        CHECK_MESSAGE(crm::io::unguard(guard_formula(cell)) == cell, cell);
    }
    CHECK(crm::io::formula_start("Acme") == 0);
    CHECK(crm::io::formula_start("\uFF21") == 0); // a full-width A is not a formula
    CHECK(guard_formula("-12.50") == "-12.50");
}

TEST_CASE("a cell that looks guarded with a full-width sign round-trips") {
    for (std::string cell : {"'\uFF1Dx", "''\uFE66x", "'=x", "''x"}) {
        auto guarded = guard_formula(cell);
        CHECK_MESSAGE(guarded == "'" + cell, cell);
        CHECK_MESSAGE(crm::io::unguard(guarded) == cell, cell);
    }
    CHECK(crm::io::unguard("'\uFF1D1") == "\uFF1D1");
    CHECK(crm::io::unguard("'hello") == "'hello");
}
