#include "pipe/stages.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>
#include <vector>

using namespace crm;

namespace {

std::string error_of(const std::string& toml) {
    auto r = parse_stage_config(toml, "stages.toml");
    REQUIRE_FALSE(r.has_value());
    return r.error().what;
}

const std::string head = "[[pipeline]]\nname = \"sales\"\nstages = [\n";
const std::string tail =
    "  { name = \"Won\", kind = \"won\" },\n  { name = \"Lost\", kind = \"lost\" },\n]\n";

} // namespace

TEST_CASE("the built-in pipeline has the SPEC's stages and probabilities") {
    auto config = default_stage_config();
    const auto& p = *config.pipeline().value();
    CHECK(p.names() == "Prospecting, Qualification, Meeting, Proposal, Negotiation, Won, Lost");
    CHECK(p.find("proposal")->probability == 60);
    CHECK(p.won().name == "Won");
    CHECK(p.lost().probability == 0);
    CHECK(p.first_open().name == "Prospecting");
}

TEST_CASE("the commented default file parses to the built-in pipeline") {
    auto parsed = parse_stage_config(default_stage_file_text(), "stages.toml");
    REQUIRE(parsed.has_value());
    CHECK(parsed->pipelines[0].names() == default_stage_config().pipelines[0].names());
    CHECK(parsed->currency == "EUR");
}

TEST_CASE("a stage file with two pipelines, rot days, categories and a goal") {
    std::string toml =
        "default_pipeline = \"renewals\"\ncurrency = \"usd\"\n" + head +
        "  { name = \"Talk\", probability = 30, rot_days = 5, category = \"best_case\" },\n" +
        tail +
        "[[pipeline]]\nname = \"renewals\"\nstages = [\n  { name = \"Due\", probability = 70 },\n" +
        tail + "[goals]\nmonthly = \"40,000\"\n";
    auto config = parse_stage_config(toml, "stages.toml");
    REQUIRE_MESSAGE(config.has_value(), (config ? "" : config.error().what));
    CHECK(config->currency == "USD");
    CHECK(config->default_pipeline == "renewals");
    CHECK(config->pipeline().value()->name == "renewals");
    CHECK(config->pipeline("SALES").value()->stages[0].rot_days == 5);
    CHECK(config->pipeline("sales").value()->stages[0].category == Category::best_case);
    CHECK(config->monthly_goal == 4000000);
}

TEST_CASE("an invalid stage file names file, line, column and the problem") {
    CHECK(error_of(head + "  { name = \"A\", probability = 140 },\n" + tail) ==
          "stages.toml:4:31: probability must be between 0 and 100, not 140");
    CHECK(
        error_of(head +
                 "  { name = \"A\", probability = 10 },\n  { name = \"a\", probability = 20 },\n" +
                 tail)
            .starts_with("stages.toml:5:3: duplicate stage \"a\""));
    CHECK(error_of(head + "  { name = \"A\", probability = 10 },\n]\n")
              .find("exactly one won and one lost") != std::string::npos);
    CHECK(error_of(head + "  { name = \"A\", probability = 10, colour = 1 },\n" + tail)
              .find("unknown key \"colour\"") != std::string::npos);
    CHECK(error_of("nonsense = = 1").starts_with("stages.toml:1:"));
    CHECK(error_of(head + "  { name = \"A\" },\n" + tail).find("needs a probability") !=
          std::string::npos);
    CHECK(error_of("default_pipeline = \"x\"\n" + head + "  { name = \"A\", probability = 1 },\n" +
                   tail)
              .starts_with("stages.toml:1:20: default_pipeline \"x\" is not defined"));
    CHECK(error_of(head + "  { name = \"A\", probability = 1, kind = \"maybe\" },\n" + tail)
              .find("kind must be") != std::string::npos);
    CHECK(error_of(head + tail).find("no open stage") != std::string::npos);
}

TEST_CASE("a missing stage file is a clear error") {
    auto r = load_stage_file("/nonexistent/stages.toml");
    REQUIRE_FALSE(r);
    CHECK(r.error().what == "cannot read stage file /nonexistent/stages.toml");
}

TEST_CASE("malformed files that toml++ 3.3 asserts or assumes against are errors, not aborts") {
    // Found by tests/fuzz/fuzz_stages (regression inputs in tests/fuzz/corpus/fuzz_stages).
    CHECK(error_of("[[{ name = \"A\", probability = 120 },\n]\n") ==
          "stages.toml:1:3: Error while parsing key: expected bare key starting character or "
          "string delimiter, saw '{'");
    CHECK(error_of("[[pipeline]]\nname = \"sales\"\nstages = [ } name = \"A\" ]\n")
              .starts_with("stages.toml:3:12: "));
    // A character outside ASCII after a syntax error, inside what only looks like a string.
    CHECK(error_of("1111111=1111111;'''\xCA\xA0\x02 pi1#").starts_with("stages.toml:1:16: "));
    CHECK(error_of("# \xC3(\n") == "stages.toml:1:3: not valid UTF-8");
}

TEST_CASE("characters outside ASCII: refused outside strings, kept inside strings and comments") {
    // Found by tests/fuzz/fuzz_stages: U+FEFE in a table header sent toml++ 3.3 into
    // __builtin_unreachable(). Such a file is refused before toml++ sees it.
    CHECK(error_of("[[pip\xEF\xBB\xBE"
                   "eline]]\nname = \"sales\"\n") ==
          "stages.toml:1:6: a character outside ASCII that is not inside a quoted string");
    CHECK(error_of("# ok\n[[pipeline]]\nnäme = \"sales\"\n") ==
          "stages.toml:3:2: a character outside ASCII that is not inside a quoted string");
    auto config =
        parse_stage_config("\xEF\xBB\xBF# Stufen für den Vertrieb\n" + head +
                               "  { name = \"Négociation\", probability = 50 }, # é\n"
                               "  { name = 'Prüfung \\', probability = 60 },\n" +
                               "  { name = \"\"\"Öffnung\"\"\", probability = 70 },\n" +
                               "  { name = '''Übung \"1\"\n''', probability = 75 },\n" +
                               "  { name = \"Sieg \\\"🏆\\\"\", probability = 80 },\n" + tail,
                           "stages.toml");
    REQUIRE(config.has_value());
    CHECK(config->pipeline().value()->names() ==
          "Négociation, Prüfung \\, Öffnung, Übung \"1\", Sieg \"🏆\", Won, Lost");
}

TEST_CASE("stage names equal up to Unicode normalization, case or invisible characters are "
          "duplicates") {
    const std::string composed = "N\xC3\xA9gociation";    // é as U+00E9
    const std::string decomposed = "Ne\xCC\x81gociation"; // e and U+0301
    auto stage = [](const std::string& name, int p) {
        return "  { name = \"" + name + "\", probability = " + std::to_string(p) + " },\n";
    };
    const std::string same = "up to case or Unicode normalization";
    for (const auto& [first, second] : std::vector<std::pair<std::string, std::string>>{
             {composed, decomposed},
             {decomposed, composed},
             {"N\xC3\xA9gociation", "N\xC3\x89GOCIATION"}, // é, É
             {"Stra\xC3\x9F"
              "e",
              "STRASSE"},                          // ß folds to ss
             {"Won deal", "Won\xE2\x80\x8B deal"}, // a zero-width space
         }) {
        auto error = error_of(head + stage(first, 10) + stage(second, 20) + tail);
        CHECK_MESSAGE(error == "stages.toml:5:3: duplicate stage \"" + second +
                                   "\" in pipeline \"sales\": the same name as \"" + first + "\" " +
                                   same,
                      error);
    }
    CHECK(parse_stage_config(head + stage("Négociation", 10) + stage("Negociation", 20) + tail,
                             "stages.toml")
              .has_value());
}

TEST_CASE("pipeline names equal up to Unicode normalization or case are duplicates") {
    auto pipeline = [](const std::string& name) {
        return "[[pipeline]]\nname = \"" + name + "\"\nstages = [\n" +
               "  { name = \"A\", probability = 10 },\n" + tail;
    };
    CHECK(error_of(pipeline("Ventes \xC3\xA9t\xC3\xA9") + pipeline("VENTES E\xCC\x81TE\xCC\x81")) ==
          "stages.toml:8:1: duplicate pipeline \"VENTES E\xCC\x81TE\xCC\x81\": the same name as "
          "\"Ventes \xC3\xA9t\xC3\xA9\" up to case or Unicode normalization");
    CHECK(error_of(pipeline("sales") + pipeline("sales")) ==
          "stages.toml:8:1: duplicate pipeline \"sales\"");
    // default_pipeline finds its pipeline the same way, and names it as the pipeline does.
    auto config = parse_stage_config("default_pipeline = \"\xC3\x89T\xC3\x89\"\n" +
                                         pipeline("sales") + pipeline("\xC3\xA9t\xC3\xA9"),
                                     "stages.toml");
    REQUIRE(config.has_value());
    CHECK(config->default_pipeline == "\xC3\xA9t\xC3\xA9");
    CHECK(config->pipeline().has_value());
}

TEST_CASE("a stage file must be a regular file of at most 1 MiB") {
    auto error_loading = [](const std::string& path) {
        auto r = load_stage_file(path);
        REQUIRE_FALSE(r.has_value());
        return r.error().message();
    };
    CHECK(error_loading("/dev/zero") ==
          "stage file /dev/zero is not a regular file (give the path of a TOML file, not a "
          "device, FIFO or socket)");
    CHECK(error_loading("/tmp").starts_with("stage file /tmp is a folder ("));
    char folder[] = "/tmp/pipe-stages-test.XXXXXX";
    REQUIRE(::mkdtemp(folder) != nullptr);
    auto fifo = std::string(folder) + "/fifo.toml";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CHECK(error_loading(fifo).starts_with("stage file " + fifo + " is not a regular file"));
    auto big = std::string(folder) + "/big.toml";
    {
        std::ofstream out(big);
        out << head << "  { name = \"A\", probability = 10 },\n" << tail;
        out << std::string((1 << 20), '#') << '\n';
    }
    CHECK(error_loading(big) == "stage file " + big +
                                    " is larger than 1 MiB (a stage file is a few kilobytes: "
                                    "check the path)");
    auto fits = std::string(folder) + "/fits.toml";
    {
        std::ofstream out(fits);
        out << head << "  { name = \"A\", probability = 10 },\n" << tail;
        out << '#' << std::string((1 << 19), 'x') << '\n';
    }
    CHECK(load_stage_file(fits).has_value());
    std::filesystem::remove_all(folder);
}

TEST_CASE("stage and pipeline names on the command line match up to Unicode case and "
          "normalization") {
    const std::string composed = "N\xC3\xA9gociation";    // é as U+00E9
    const std::string decomposed = "ne\xCC\x81gociation"; // e and U+0301, lower case
    auto config = parse_stage_config("[[pipeline]]\nname = \"\xC3\x89t\xC3\xA9\"\nstages = [\n"
                                     "  { name = \"" +
                                         composed +
                                         "\", probability = 10 },\n"
                                         "  { name = \"\xC3\x9C"
                                         "bung\", probability = 20 },\n" +
                                         tail,
                                     "stages.toml");
    REQUIRE(config.has_value());
    const auto& p = config->pipelines.front();
    for (const auto& typed : {composed, std::string("n\xC3\xA9gociation"),
                              std::string("N\xC3\x89GOCIATION"), decomposed}) {
        CHECK_MESSAGE(p.find(typed) == &p.stages[0], typed);
        CHECK(p.index_of(typed) == 0);
        auto matched = p.match(typed);
        REQUIRE_MESSAGE(matched.has_value(), typed);
        CHECK((*matched)->name == composed);
    }
    // A unique prefix, typed in another case or form.
    for (const auto& prefix :
         {std::string("n\xC3\xA9go"), std::string("N\xC3\x89G"), std::string("ne\xCC\x81"),
          std::string("\xC3\xBC"), std::string("WO")}) {
        auto matched = p.match(prefix);
        CHECK_MESSAGE(matched.has_value(), prefix);
    }
    CHECK((*p.match("\xC3\xBC"
                    "b"))
              ->name == "\xC3\x9C"
                        "bung");
    CHECK_FALSE(p.match("negociation").has_value()); // e is not é
    CHECK_FALSE(p.find("Nego"));
    CHECK((*p.match("lost"))->name == "Lost");
    // Pipelines the same way.
    for (const auto& typed : {std::string("\xC3\xA9t\xC3\xA9"), std::string("\xC3\x89T\xC3\x89"),
                              std::string("E\xCC\x81TE\xCC\x81")}) {
        auto found = config->pipeline(typed);
        REQUIRE_MESSAGE(found.has_value(), typed);
        CHECK((*found)->name == "\xC3\x89t\xC3\xA9");
    }
    CHECK_FALSE(config->pipeline("ete").has_value());
}

TEST_CASE("lost_reasons: an optional list of strings, one reason up to case and spaces") {
    auto with = [](const std::string& line) {
        return line + "\n" + head + "  { name = \"A\", probability = 10 },\n" + tail;
    };
    auto config = parse_stage_config(
        with("lost_reasons = [\"Price\", \" Timing \", \"Competitor\", \"No budget\", "
             "\"Pr\xC3\xA9is\"]"),
        "stages.toml");
    REQUIRE(config.has_value());
    CHECK(config->lost_reasons ==
          std::vector<std::string>{"Price", "Timing", "Competitor", "No budget", "Pr\xC3\xA9is"});
    auto listed = [&](const std::string& typed) -> std::string {
        const auto* r = config->lost_reason(typed);
        return r ? *r : "(not listed)";
    };
    CHECK(listed("price") == "Price");
    CHECK(listed("  PRICE ") == "Price");
    CHECK(listed("no   BUDGET") == "No budget");
    CHECK(listed("no\tbudget") == "No budget");
    CHECK(listed("no\xC2\xA0"
                 "budget") == "No budget"); // a no-break space
    CHECK(listed("PR\xC3\x89IS") == "Pr\xC3\xA9is");
    CHECK(listed("pre\xCC\x81is") == "Pr\xC3\xA9is");
    CHECK(listed("Prize") == "(not listed)");
    CHECK(listed("nobudget") == "(not listed)");
    CHECK(default_stage_config().lost_reasons.empty());
    CHECK(default_stage_config().lost_reason("price") == nullptr);

    CHECK(error_of(with("lost_reasons = \"Price\"")) ==
          "stages.toml:1:16: lost_reasons must be a list of strings, e.g. [\"Price\", \"Timing\"]");
    CHECK(error_of(with("lost_reasons = [\"Price\", 3]")) ==
          "stages.toml:1:26: each lost reason must be a string");
    CHECK(error_of(with("lost_reasons = [\"Price\", \"  \"]")) ==
          "stages.toml:1:26: a lost reason is empty");
    CHECK(error_of(with("lost_reasons = [\"Price\", \"PRICE \"]")) ==
          "stages.toml:1:26: duplicate lost reason \"PRICE\": the same as \"Price\" up to case "
          "or spaces");
    CHECK(error_of(with("lost_reasons = [\"Price\", \"Price\"]")) ==
          "stages.toml:1:26: duplicate lost reason \"Price\"");
    CHECK(
        error_of(with("lost_reason = [\"Price\"]"))
            .starts_with(
                "stages.toml:1:15: unknown key \"lost_reason\" (expected one of: default_pipeline, "
                "currency, date_order, lost_reasons, pipeline, goals)"));
}
