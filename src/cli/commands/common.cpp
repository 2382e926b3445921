#include "commands/common.hpp"

#include "commands/commands.hpp"
#include "render/visible.hpp"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>

namespace crm::cli {

CLI::Option* optional_text(CLI::App* app, const std::string& name,
                           std::optional<std::string>& target, const std::string& description) {
    return app->add_option_function<std::string>(
        name, [&target](const std::string& value) { target = value; }, description);
}

CLI::Option* field_option(CLI::App* app, FieldInput& input, std::string_view name, FieldKind kind,
                          std::string_view option, std::string_view help) {
    std::string field(name);
    if (kind == FieldKind::tags)
        return app->add_option_function<std::vector<std::string>>(
            std::string(option),
            [&input, field](const std::vector<std::string>& values) {
                std::string joined;
                for (const auto& v : values) joined += (joined.empty() ? "" : ";") + v;
                input.set(field, joined);
            },
            std::string(help));
    return app->add_option_function<std::string>(
        std::string(option), [&input, field](const std::string& value) { input.set(field, value); },
        std::string(help));
}

std::int64_t parse_id(const std::string& text, std::string_view what) {
    std::string_view s = text;
    if (!s.empty() && s.front() == '#') s.remove_prefix(1);
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
    if (ec != std::errc{} || end != s.data() + s.size() || id <= 0)
        throw CommandError{Error{fmt::format("'{}' is not a {} id", text, what),
                                 fmt::format("ids are whole numbers: pipe {} list", what), 2}};
    return id;
}

CLI::App* find_subcommand(CLI::App& app, std::string_view name) {
    for (auto* sub : app.get_subcommands({}))
        if (sub->get_name() == name) return sub;
    return nullptr;
}

CLI::Option* id_argument(CLI::App* app, std::int64_t& target, const std::string& what) {
    return app
        ->add_option_function<std::string>(
            "id", [&target, what](const std::string& value) { target = parse_id(value, what); },
            fmt::format("{} id (see pipe {} list)", what, what))
        ->required();
}

RecordKind record_kind(std::string_view what) {
    if (what == "deal") return RecordKind::deal;
    if (what == "lead") return RecordKind::lead;
    if (what == "person") return RecordKind::person;
    return RecordKind::organization;
}

CLI::Option* ref_argument(CLI::App* app, Context& ctx, const std::string& name,
                          std::int64_t& target, const std::string& what,
                          const std::string& description) {
    return ref_option(app, ctx, name, target, what, description)->required();
}

CLI::Option* ref_option(CLI::App* app, Context& ctx, const std::string& name, std::int64_t& target,
                        const std::string& what, const std::string& description) {
    auto kind = record_kind(what);
    return app->add_option_function<std::string>(
        name,
        [&ctx, &target, what, kind](const std::string& value) {
            std::string_view s = value;
            if (!s.empty() && s.front() == '#') s.remove_prefix(1);
            bool number = !s.empty() &&
                          std::ranges::all_of(s, [](unsigned char c) { return std::isdigit(c); });
            if (number) {
                target = parse_id(value, what == "organization" ? "org" : what);
                return;
            }
            ctx.defer_ref(kind, value, &target);
        },
        description);
}

CLI::Option* id_argument(CLI::App* app, Context& ctx, std::int64_t& target,
                         const std::string& what) {
    auto noun = what == "organization" ? std::string("org") : what;
    return ref_argument(app, ctx, "id", target, what,
                        fmt::format("{} id or name (see pipe {} list)", what, noun));
}

void print_json(Context& ctx, const nlohmann::ordered_json& value) {
    ctx.out << render::json_safe(value.dump(2)) << '\n';
}

void add_deal_people_options(CLI::App* app, Context&, DealPeopleEdit& people) {
    app->add_option("--add-person", people.add,
                    "Put a person on the deal (id, name, unique prefix or email; a new name "
                    "creates them); repeat for more")
        ->type_name("PERSON");
    app->add_option("--role", people.role, "Their role on the deal: champion, buyer, ...")
        ->type_name("ROLE");
    app->add_option("--remove-person", people.remove, "Take a person off the deal; repeat for more")
        ->type_name("PERSON");
}

} // namespace crm::cli
