// The rules every argument follows, checked on every option and positional of the real command
// tree (so a new command cannot miss them): text must be UTF-8 unless it names a file, and
// whole numbers are plain decimal.

#include "app.hpp"
#include "arguments.hpp"

#include <cstdlib>
#include <doctest/doctest.h>
#include <filesystem>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace crm::cli;

namespace {

// A private HOME and database for the life of the object: no case may touch the user's files.
class PrivateHome {
  public:
    PrivateHome() {
        char pattern[] = "/tmp/pipe-arguments-test.XXXXXX";
        folder_ = ::mkdtemp(pattern);
        ::setenv("HOME", folder_.c_str(), 1);
        ::setenv("XDG_DATA_HOME", (folder_ + "/data").c_str(), 1);
        ::setenv("XDG_CONFIG_HOME", (folder_ + "/config").c_str(), 1);
        ::setenv("PIPE_DB", (folder_ + "/pipe.db").c_str(), 1);
        ::unsetenv("PIPE_STAGES");
    }
    ~PrivateHome() { std::filesystem::remove_all(folder_); }
    PrivateHome(const PrivateHome&) = delete;
    PrivateHome& operator=(const PrivateHome&) = delete;
    [[nodiscard]] const std::string& folder() const { return folder_; }
    [[nodiscard]] bool untouched() const {
        return !std::filesystem::exists(folder_ + "/pipe.db") &&
               !std::filesystem::exists(folder_ + "/data");
    }

  private:
    std::string folder_;
};

struct Outcome {
    int code;
    std::string err;
};

Outcome run_pipe(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    int code = run(args, out, err);
    return {code, err.str()};
}

// One argument to try: the words before it (command path, earlier positionals), and it.
struct Slot {
    std::vector<std::string> before;
    const CLI::Option* option;
};

// A value an option accepts, for the positionals before the one being tried.
std::string placeholder(const CLI::Option* option) {
    auto type = option->get_type_name();
    if (auto open = type.find(":{"); open != std::string::npos)
        return type.substr(open + 2, type.find_first_of(",}", open) - open - 2);
    return "1";
}

void collect(const CLI::App& app, std::vector<std::string> path, std::vector<Slot>& slots) {
    if (app.get_name() == "__complete") return;
    std::vector<std::string> positionals;
    for (const auto* option : app.get_options()) {
        if (option->get_expected_max() == 0) continue; // a flag
        auto before = path;
        if (option->get_positional()) {
            before.insert(before.end(), positionals.begin(), positionals.end());
            positionals.push_back(placeholder(option));
        } else {
            before.push_back(option->get_name());
        }
        slots.push_back({before, option});
    }
    for (const auto* sub : app.get_subcommands({})) {
        auto below = path;
        below.push_back(sub->get_name());
        collect(*sub, below, slots);
    }
}

// The real command tree, kept alive while its options are looked at.
struct Tree {
    std::ostringstream out, err;
    Context ctx{out, err};
    CLI::App app;
    Tree() { add_commands(app, ctx); }
    [[nodiscard]] std::vector<Slot> every_argument() const {
        std::vector<Slot> slots;
        collect(app, {}, slots);
        return slots;
    }
};

std::string name_of(const CLI::Option* option) {
    return option->get_positional() ? "argument " + option->get_name() : option->get_name();
}

} // namespace

TEST_CASE("every argument that is not a file refuses invalid UTF-8, naming itself (exit 2)") {
    PrivateHome home;
    std::size_t text = 0, files = 0;
    Tree tree;
    for (const auto& slot : tree.every_argument()) {
        auto args = slot.before;
        bool file = names_a_file(slot.option);
        // A file is tried inside the private folder: exempt, the command may run and write it.
        args.push_back(file ? home.folder() + "/M\xFCller" : "M\xFCller");
        auto result = run_pipe(args);
        std::string shown;
        for (const auto& a : args) shown += a + " ";
        if (file) {
            ++files;
            CHECK_MESSAGE(result.err.find("not valid UTF-8") == std::string::npos, shown);
            continue;
        }
        ++text;
        CHECK_MESSAGE(result.code == 2, shown);
        CHECK_MESSAGE(result.err == "pipe: " + name_of(slot.option) +
                                        ": 'M\\xFCller' is not valid UTF-8 (write it in UTF-8; "
                                        "check the encoding of the terminal or script)\n",
                      shown << "→ " << result.err);
    }
    CHECK(text >= 80);
    // --db, --stages, import FILE and --skip-invalid, export -o, backup FILE
    CHECK(files == 7);
    CHECK(home.untouched());
}

TEST_CASE("every whole-number argument takes plain decimal digits only (exit 2)") {
    PrivateHome home;
    std::size_t numbers = 0;
    Tree tree;
    for (const auto& slot : tree.every_argument()) {
        auto type = slot.option->get_type_name();
        if (!type.starts_with("INT") && !type.starts_with("UINT")) continue;
        ++numbers;
        for (const char* bad : {"0x10", "+5", " 5", "5 ", "1e3", "-1", "", "0b1", "٣"}) {
            auto args = slot.before;
            args.push_back(bad);
            auto result = run_pipe(args);
            CHECK_MESSAGE(result.code == 2, args.front(), " ", bad);
            CHECK_MESSAGE(result.err == "pipe: " + name_of(slot.option) + ": '" + bad +
                                            "' is not a plain decimal number (write digits 0-9 "
                                            "only, e.g. 10)\n",
                          result.err);
        }
    }
    // deal list/lead list/review/agenda/undo/task list/org list/person list/search --limit,
    // agenda --days, calendar --days, forecast --months/--quarters, import undo BATCH.
    CHECK(numbers == 14);
    CHECK(home.untouched());
}

TEST_CASE("printable escapes exactly the bytes that are not UTF-8") {
    CHECK(printable("Müller") == "Müller");
    CHECK(printable("M\xFCller") == "M\\xFCller");
    CHECK(printable("\xC3") == "\\xC3");
    CHECK(printable("a\xED\xA0\x80z") == "a\\xED\\xA0\\x80z"); // a surrogate
    CHECK(is_utf8("Négociation 🏆"));
    CHECK_FALSE(is_utf8("caf\xE9"));
}
