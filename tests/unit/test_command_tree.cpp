// A command builds only its part of the command tree (a third of a short command's CPU went to
// building and tearing down the whole of it): that part must be the same as in the whole tree,
// or a verb, an option or a check would go missing for the command that was run.

#include "app.hpp"

#include <CLI/CLI.hpp>
#include <doctest/doctest.h>
#include <sstream>
#include <string>
#include <vector>

using namespace crm::cli;

namespace {

// Everything parsing sees of a command, its verbs and their options, as text.
void describe(const CLI::App& app, const std::string& indent, std::string& out) {
    out += indent + app.get_name() + " | " + app.get_description() + " | " + app.get_group() +
           " | " + std::to_string(app.get_require_subcommand_min()) + "\n";
    for (const auto* o : app.get_options())
        out += indent + "  " + o->get_name(false, true) + " | " + o->get_description() + " | " +
               o->get_type_name() + " | " + (o->get_required() ? "required" : "optional") + " | " +
               std::to_string(o->get_expected_min()) + ".." +
               std::to_string(o->get_expected_max()) + " | " + o->get_group() + "\n";
    for (const auto* sub : app.get_subcommands({})) describe(*sub, indent + "  ", out);
}

std::string tree_of(std::string_view only, std::string_view command) {
    std::ostringstream out, err;
    Context ctx{out, err};
    CLI::App app;
    add_commands(app, ctx, only);
    std::string text;
    for (const auto* o : app.get_options()) text += o->get_name(false, true) + "\n";
    for (const auto* sub : app.get_subcommands({}))
        if (sub->get_name() == command) describe(*sub, "", text);
    return text;
}

std::vector<std::string> top_level_commands() {
    std::ostringstream out, err;
    Context ctx{out, err};
    CLI::App app;
    add_commands(app, ctx);
    std::vector<std::string> names;
    for (const auto* sub : app.get_subcommands({})) names.push_back(sub->get_name());
    return names;
}

} // namespace

TEST_CASE("each command built alone is the same as in the whole tree") {
    auto names = top_level_commands();
    CHECK(names.size() >= 20);
    std::size_t alone = 0;
    for (const auto& name : names) {
        auto whole = tree_of({}, name);
        auto part = tree_of(name, name);
        REQUIRE_MESSAGE(!whole.empty(), name);
        CHECK_MESSAGE(part == whole, "pipe ", name, " built alone differs from the whole tree");
        std::ostringstream out, err;
        Context ctx{out, err};
        CLI::App app;
        add_commands(app, ctx, name);
        if (app.get_subcommands({}).size() < names.size()) ++alone;
    }
    // Every command but completion, the hidden __complete and help is built alone.
    CHECK(alone == names.size() - 3);
}

TEST_CASE("a call builds its command alone only when the command comes first") {
    using V = std::vector<std::string>;
    CHECK(invoked_command(V{"deal", "show", "5"}) == "deal");
    CHECK(invoked_command(V{"--db", "x.db", "-q", "--json", "lead", "list"}) == "lead");
    CHECK(invoked_command(V{"--format=json", "--stages", "s.toml", "review"}) == "review");
    CHECK(invoked_command(V{"--db", "deal", "task", "list"}) == "task");
    CHECK(invoked_command(V{"--help"}).empty());
    CHECK(invoked_command(V{"--version"}).empty());
    CHECK(invoked_command(V{"--jsn", "deal", "list"}).empty());
    CHECK(invoked_command(V{}).empty());
    // A word that is no command (a typo) builds the whole tree, for its did-you-mean.
    std::ostringstream out, err;
    Context ctx{out, err};
    CLI::App app;
    add_commands(app, ctx, "dael");
    CHECK(app.get_subcommands({}).size() == top_level_commands().size());
}
