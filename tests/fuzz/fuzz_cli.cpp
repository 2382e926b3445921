// libFuzzer target: the whole command line, as crm::cli::run with an argument vector (the
// input split at newlines), output to string streams, on a database in a private temporary
// folder. Arguments naming paths are dropped so that the fuzzer never writes outside it.
// Invariants: exit 0, 1 or 2 with a "pipe: " message; never an unexpected error; a whole-number
// option given anything but decimal digits is a usage error; after a command that succeeded
// with an argument that is not UTF-8, the book still prints as JSON (nothing stored it).
#include "app.hpp"
#include "arguments.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

std::string folder;

// Whether every value of a whole-number option is plain decimal digits (else the command must
// fail with a usage error). "--" could make a later "--limit" a positional, and the hidden
// __complete takes any words: not judged then.
bool plain_whole_numbers(const std::vector<std::string>& args) {
    if (std::ranges::find(args, "--") != args.end()) return true;
    if (std::ranges::find(args, "__complete") != args.end()) return true;
    auto decimal = [](std::string_view v) {
        return !v.empty() && v.find_first_not_of("0123456789") == std::string_view::npos;
    };
    for (std::size_t i = 0; i < args.size(); ++i)
        for (std::string_view name : {"--limit", "--days", "--months", "--quarters"}) {
            std::string_view arg = args[i];
            if (arg == name && i + 1 < args.size() && !decimal(args[i + 1])) return false;
            if (arg.starts_with(name) && arg.size() > name.size() && arg[name.size()] == '=' &&
                !decimal(arg.substr(name.size() + 1)))
                return false;
        }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    char pattern[] = "/tmp/pipe-fuzz-cli.XXXXXX";
    folder = ::mkdtemp(pattern);
    if (::chdir(folder.c_str()) != 0) std::abort();
    ::setenv("HOME", folder.c_str(), 1);
    ::setenv("XDG_CONFIG_HOME", (folder + "/config").c_str(), 1);
    ::setenv("XDG_DATA_HOME", (folder + "/data").c_str(), 1);
    ::setenv("PIPE_DB", (folder + "/pipe.db").c_str(), 1);
    ::setenv("PIPE_NOW", "2026-03-02T09:00:00", 1);
    ::setenv("PIPE_BUSY_TIMEOUT_MS", "100", 1);
    ::setenv("NO_COLOR", "1", 1);
    ::setenv("TZ", "UTC", 1);
    ::unsetenv("PIPE_STAGES");
    ::unsetenv("EDITOR");
    ::unsetenv("VISUAL");
    std::ostringstream out, err;
    crm::cli::run({"deal", "add", "Seed deal", "--value", "12.5k", "--close", "eom"}, out, err);
    crm::cli::run({"lead", "add", "Seed lead", "--org", "Initech"}, out, err);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string input(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> args;
    std::size_t start = 0;
    while (start <= input.size() && args.size() < 24) {
        auto end = input.find('\n', start);
        if (end == std::string::npos) end = input.size();
        auto arg = input.substr(start, end - start);
        if (arg.find('/') != std::string::npos || arg.find("..") != std::string::npos ||
            arg.find('\0') != std::string::npos)
            return 0;
        args.push_back(std::move(arg));
        start = end + 1;
    }
    if (!args.empty() && (args[0] == "completion" || args[0] == "help")) return 0;
    std::ostringstream out, err;
    int code = crm::cli::run(args, out, err);
    if (code != 0 && code != 1 && code != 2) std::abort();
    if (code != 0 && err.str().rfind("pipe: ", 0) != 0) std::abort();
    // The message of an exception nothing turned into an Error (an argument may hold the words).
    if (err.str().starts_with("pipe: unexpected error: ") &&
        err.str().ends_with(" (please report it)\n"))
        std::abort();
    if (code == 0 && !plain_whole_numbers(args)) std::abort();
    if (code == 0 && !std::ranges::all_of(args, crm::cli::is_utf8))
        for (const char* noun : {"deal", "lead"}) {
            std::ostringstream json, json_err;
            if (crm::cli::run({noun, "list", "--status", "all", "--json"}, json, json_err) != 0)
                std::abort();
        }
    return 0;
}
