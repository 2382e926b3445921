#include "render/style.hpp"
#include "render/table.hpp"

#include <doctest/doctest.h>
#include <string>
#include <vector>

using namespace crm::render;

namespace {

const std::string green_on = "\x1b[32m";
const std::string reset = "\x1b[0m";

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (auto end = text.find('\n'); end != std::string::npos; end = text.find('\n', start)) {
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    CHECK_MESSAGE(start == text.size(), "output does not end with a newline");
    return lines;
}

} // namespace

TEST_CASE("ASCII text counts one column per character") {
    CHECK(display_width("") == 0);
    CHECK(display_width("Acme Corp") == 9);
}

TEST_CASE("the euro sign and the ellipsis count one column") {
    CHECK(display_width("€") == 1);
    CHECK(display_width("…") == 1);
    CHECK(display_width("€1,200…") == 7);
}

TEST_CASE("a wide CJK title counts two columns per character") {
    CHECK(display_width("日本語") == 6);
    CHECK(display_width("Deal 株式会社") == 13);
}

TEST_CASE("emoji count two columns") {
    CHECK(display_width("🚀") == 2);
    CHECK(display_width("a🎉b") == 4);
}

TEST_CASE("combining marks count zero columns") {
    CHECK(display_width("e\xcc\x81") == 1);
    CHECK(display_width("Jose\xcc\x81 Mu\xcc\x88ller") == 11);
}

TEST_CASE("ANSI colour sequences count zero columns") {
    CHECK(display_width(green_on + "won" + reset) == 3);
    CHECK(display_width("\x1b[1;31mlost\x1b[m") == 4);
    CHECK(display_width("\x1b[2") == 0);
}

TEST_CASE("each invalid UTF-8 byte counts one column") {
    CHECK(display_width("\xff") == 1);
    CHECK(display_width("a\xc3") == 2);
    CHECK(display_width("\xe2\x82x") == 3);
    CHECK(display_width("\xc0\xaf") == 2);
}

TEST_CASE("text that fits is not truncated") {
    CHECK(truncate("Acme", 4) == "Acme");
    CHECK(truncate("Acme", 10) == "Acme");
    CHECK(truncate("", 0) == "");
    CHECK(truncate(green_on + "won" + reset, 3) == green_on + "won" + reset);
}

TEST_CASE("truncation ends with an ellipsis and fills the width") {
    CHECK(truncate("Enterprise licence", 10) == "Enterpris…");
    CHECK(truncate("abc", 1) == "…");
    CHECK(truncate("abc", 0) == "");
}

TEST_CASE("truncation never exceeds the width") {
    for (std::string text : {"Enterprise licence", "日本語のテキスト", "🚀🎉🚀🎉",
                             "Jose\xcc\x81 Mu\xcc\x88ller", "\xff\xfe\xfd\xfc", "a日b🚀c€d…"}) {
        for (std::size_t width = 0; width <= display_width(text) + 1; ++width) {
            auto cut = truncate(text, width);
            CHECK_MESSAGE(display_width(cut) <= width, text << " to " << width);
            if (display_width(text) > width && width > 0)
                CHECK_MESSAGE(cut.ends_with("…"), text << " to " << width);
        }
    }
}

TEST_CASE("truncation keeps whole wide characters") {
    CHECK(truncate("日本語テキスト", 4) == "日…");
    CHECK(truncate("日本語テキスト", 5) == "日本…");
    CHECK(truncate("🚀🎉🚀", 4) == "🚀…");
}

TEST_CASE("truncation keeps combining marks with their base character") {
    CHECK(truncate("e\xcc\x81"
                   "e\xcc\x81"
                   "e\xcc\x81",
                   2) == "e\xcc\x81…");
}

TEST_CASE("truncation does not split an emoji sequence") {
    std::string family = "👨\u200d👩\u200d👧";
    CHECK(truncate("ab" + family + "cd", 5) == "ab…");
}

TEST_CASE("truncation inside colour appends a reset") {
    CHECK(truncate(green_on + "Enterprise" + reset, 5) == green_on + "Ente…" + reset);
    CHECK(truncate(green_on + "won" + reset + " deal", 5) == green_on + "won" + reset + " …");
    CHECK(truncate("plain text", 5) == "plai…");
}

TEST_CASE("padding aligns by display width and never cuts") {
    CHECK(pad("ab", 5) == "ab   ");
    CHECK(pad("ab", 5, Align::right) == "   ab");
    CHECK(pad("日本", 5) == "日本 ");
    CHECK(pad(green_on + "ok" + reset, 4) == green_on + "ok" + reset + "  ");
    CHECK(pad("toolong", 3) == "toolong");
}

TEST_CASE("a table aligns left and right columns two spaces apart") {
    Table table({{"Title"}, {"Value", Align::right}});
    table.add_row({"Acme", "€1,200"});
    table.add_row({"Globex renewal", "€80"});
    CHECK(table.size() == 2);
    CHECK(table.render(100) == "  Title            Value\n"
                               "  Acme            €1,200\n"
                               "  Globex renewal     €80\n");
}

TEST_CASE("a table drops trailing spaces") {
    Table table({{"Title"}, {"Owner"}});
    table.add_row({"Acme", ""});
    table.add_row({"A", "Kim"});
    for (const auto& line : lines_of(table.render(100)))
        CHECK_MESSAGE((line.empty() || line.back() != ' '), line);
    CHECK(table.render(100, 0) == "Title  Owner\nAcme\nA      Kim\n");
}

TEST_CASE("a table shrinks only shrinkable columns to fit the width") {
    Table table({{"Title", Align::left, true}, {"Organization"}, {"Value", Align::right}});
    table.add_row({"A very long deal title that goes on", "Initech Holdings", "€1,000"});
    auto out = table.render(40);
    for (const auto& line : lines_of(out)) CHECK_MESSAGE(display_width(line) <= 40, line);
    auto lines = lines_of(out);
    REQUIRE(lines.size() == 2);
    CHECK(lines[1] == "  A very long…  Initech Holdings  €1,000");
}

TEST_CASE("a shrinkable column stays at least 8 columns or its header's width") {
    Table table({{"Title", Align::left, true}, {"A long header", Align::left, true}});
    table.add_row({"Deal title number one", "Organization name here"});
    auto lines = lines_of(table.render(10, 0));
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] == "Title     A long header");
    CHECK(lines[1] == "Deal ti…  Organization…");
}

TEST_CASE("a table that already fits is not shrunk") {
    Table table({{"Title", Align::left, true}});
    table.add_row({"Enterprise licence"});
    CHECK(table.render(100) == "  Title\n  Enterprise licence\n");
}

TEST_CASE("an all-empty header row is omitted") {
    Table table({{""}, {"", Align::right}});
    table.add_row({"Stage", "3"});
    table.add_row({"Won", "12"});
    CHECK(table.render(100) == "  Stage   3\n  Won    12\n");
}

TEST_CASE("a table with zero rows renders only its header") {
    Table table({{"Title"}, {"Value", Align::right}});
    CHECK(table.size() == 0);
    CHECK(table.render(100) == "  Title  Value\n");
    Table headless({{""}});
    CHECK(headless.render(100).empty());
}

TEST_CASE("missing cells are empty and extra cells are ignored") {
    Table table({{"A"}, {"B"}});
    table.add_row({"1"});
    table.add_row({"2", "x", "ignored"});
    CHECK(table.render(100, 0) == "A  B\n1\n2  x\n");
}

TEST_CASE("a table aligns coloured and wide cells by what is visible") {
    Table table({{"Stage"}, {"Title"}});
    table.add_row({green_on + "won" + reset, "日本"});
    table.add_row({"lead", "x"});
    CHECK(table.render(100, 0) ==
          "Stage  Title\n" + green_on + "won" + reset + "    日本\nlead   x\n");
}

TEST_CASE("colour follows the --color mode, NO_COLOR and the terminal") {
    struct Case {
        const char* mode;
        bool no_color;
        bool tty;
        bool expected;
    };
    for (auto c : {Case{"always", false, false, true}, Case{"always", true, false, true},
                   Case{"always", false, true, true}, Case{"always", true, true, true},
                   Case{"never", false, false, false}, Case{"never", true, false, false},
                   Case{"never", false, true, false}, Case{"never", true, true, false},
                   Case{"auto", false, false, false}, Case{"auto", true, false, false},
                   Case{"auto", false, true, true}, Case{"auto", true, true, false}})
        CHECK_MESSAGE(colour_enabled(c.mode, c.no_color, c.tty) == c.expected,
                      c.mode << " no_color=" << c.no_color << " tty=" << c.tty);
}

TEST_CASE("a disabled style returns text unchanged") {
    Style style;
    CHECK_FALSE(style.enabled());
    for (auto colour : {&Style::green, &Style::red, &Style::yellow, &Style::dim, &Style::bold})
        CHECK((style.*colour)("won") == "won");
}

TEST_CASE("an enabled style wraps text in SGR sequences") {
    Style style(true);
    CHECK(style.enabled());
    CHECK(style.green("won") == "\x1b[32mwon\x1b[0m");
    CHECK(style.red("lost") == "\x1b[31mlost\x1b[0m");
    CHECK(style.yellow("warn") == "\x1b[33mwarn\x1b[0m");
    CHECK(style.dim("note") == "\x1b[2mnote\x1b[0m");
    CHECK(style.bold("Title") == "\x1b[1mTitle\x1b[0m");
    CHECK(display_width(style.green("won")) == 3);
    CHECK(style.green("").empty());
}

TEST_CASE("output that is not on a terminal has no width limit, whatever COLUMNS says") {
    CHECK(output_width(false, "72", 0) == unlimited_width);
    CHECK(output_width(true, "72", 0) == 72);
}

TEST_CASE("a bar fills whole cells with full blocks") {
    CHECK(bar(10, 10, 5) == "█████");
    CHECK(bar(5, 10, 4) == "██");
    CHECK(display_width(bar(3, 7, 20)) <= 20);
}

TEST_CASE("a bar ends with an eighth block for a part of a cell") {
    const char* eighths[] = {"▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"};
    for (int i = 1; i <= 8; ++i) CHECK(bar(i, 8, 1) == eighths[i - 1]);
    CHECK(bar(1.5, 4, 4) == "█▌");
    CHECK(bar(2.25, 10, 10) == "██▎");
}

TEST_CASE("a bar never exceeds its width") {
    CHECK(bar(50, 10, 6) == "██████");
    for (double v = 0; v <= 10; v += 0.3) CHECK(display_width(bar(v, 10, 7)) <= 7);
}

TEST_CASE("a bar of nothing is empty") {
    CHECK(bar(0, 10, 10).empty());
    CHECK(bar(-3, 10, 10).empty());
    CHECK(bar(5, 0, 10).empty());
    CHECK(bar(5, -1, 10).empty());
    CHECK(bar(5, 10, 0).empty());
}
