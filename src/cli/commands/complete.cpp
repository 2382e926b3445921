// pipe __complete WORDS... (the hidden word source of completions/) and pipe completion SHELL.
// The completer walks the CLI11 command tree, so new commands and options complete without
// changes here; only values that come from data (stages, ids) are named below.

#include "arguments.hpp"
#include "commands/commands.hpp"
#include "commands/common.hpp"
#include "completion_scripts.hpp"
#include "pipe/activities.hpp"
#include "pipe/deals.hpp"
#include "pipe/leads.hpp"
#include "pipe/people.hpp"
#include "pipe/plans.hpp"
#include "pipe/trash.hpp"
#include "render/visible.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <regex>
#include <sstream>

namespace crm::cli {

namespace {

struct Candidate {
    std::string word;
    std::string description;
};

/// Where the words typed so far leave the cursor.
struct Position {
    CLI::App* app = nullptr;                  ///< The deepest subcommand reached.
    CLI::Option* pending = nullptr;           ///< An option whose value is being typed.
    std::vector<std::string> positionals;     ///< Positional words given to `app`.
    std::map<std::string, std::string> given; ///< Option values given, by long name.
    bool after_dashdash = false;              ///< `--` ends the options.
};

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool starts_with_folded(std::string_view word, std::string_view prefix) {
    return lower(word).starts_with(lower(prefix));
}

bool takes_value(const CLI::Option* opt) {
    return opt->get_type_size_max() > 0;
}

std::string key_of(const CLI::Option* opt) {
    if (opt->get_positional()) return opt->get_name(true, false);
    if (!opt->get_lnames().empty()) return opt->get_lnames().front();
    return opt->get_snames().empty() ? std::string() : opt->get_snames().front();
}

bool visible(const CLI::App* sub) {
    return !sub->get_group().empty();
}

CLI::Option* find_option(CLI::App* app, const std::string& name) {
    for (auto* at = app; at != nullptr; at = at->get_parent())
        if (auto* opt = at->get_option_no_throw(name); opt && !opt->get_positional()) return opt;
    return nullptr;
}

CLI::App* find_subcommand(CLI::App* app, const std::string& name) {
    for (auto* sub : app->get_subcommands({}))
        if (sub->check_name(name)) return sub;
    return nullptr;
}

Position walk(CLI::App& root, const std::vector<std::string>& done) {
    Position pos;
    pos.app = &root;
    for (std::size_t i = 0; i < done.size(); ++i) {
        const auto& w = done[i];
        if (!pos.after_dashdash && w == "--") {
            pos.after_dashdash = true;
            continue;
        }
        if (!pos.after_dashdash && w.size() > 1 && w[0] == '-') {
            auto eq = w.find('=');
            auto* opt = find_option(pos.app, w.substr(0, eq));
            if (opt == nullptr || !takes_value(opt)) continue;
            if (eq != std::string::npos)
                pos.given[key_of(opt)] = w.substr(eq + 1);
            else if (i + 1 < done.size())
                pos.given[key_of(opt)] = done[++i];
            else
                pos.pending = opt;
            continue;
        }
        if (pos.positionals.empty() && !pos.after_dashdash) {
            if (auto* sub = find_subcommand(pos.app, w)) {
                pos.app = sub;
                continue;
            }
        }
        pos.positionals.push_back(w);
    }
    return pos;
}

/// The allowed values a validator names, e.g. `TEXT:{call,email}` gives call, email.
std::vector<std::string> choices_of(const CLI::Option* opt) {
    std::vector<std::string> out;
    auto type = opt->get_type_name();
    auto open = type.find(":{");
    if (open == std::string::npos) return out;
    auto close = type.find('}', open);
    std::stringstream list(type.substr(open + 2, close - open - 2));
    for (std::string item; std::getline(list, item, ',');) out.push_back(item);
    return out;
}

/// Values a description starts by listing, e.g. "update, skip or error for ..." gives update,
/// skip, error: commands document their choices this way when no validator names them.
std::vector<std::string> listed_in(const std::string& description) {
    static const std::regex list(R"(^([a-z][a-z_-]*(, [a-z][a-z_-]*)* or [a-z][a-z_-]*)\b)");
    std::smatch m;
    if (!std::regex_search(description, m, list)) return {};
    std::vector<std::string> out;
    static const std::regex word("[a-z][a-z_-]*");
    auto text = m.str(1);
    for (std::sregex_iterator it(text.begin(), text.end(), word), end; it != end; ++it)
        if (it->str() != "or") out.push_back(it->str());
    return out;
}

/// The command words from the top, e.g. {"deal", "move"}.
std::vector<std::string> path_of(const CLI::App* app) {
    std::vector<std::string> path;
    for (auto* at = app; at != nullptr && at->get_parent() != nullptr; at = at->get_parent())
        path.insert(path.begin(), at->get_name());
    return path;
}

std::optional<std::int64_t> as_id(std::string_view text) {
    if (!text.empty() && text.front() == '#') text.remove_prefix(1);
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return id;
}

class Completer {
  public:
    Completer(CLI::App& root, Context& ctx) : root_(root), ctx_(ctx) {}

    std::vector<Candidate> complete(const std::vector<std::string>& words) {
        std::vector<std::string> done(words.begin(), words.end() - (words.empty() ? 0 : 1));
        std::string current = words.empty() ? "" : words.back();
        auto pos = walk(root_, done);
        for (const auto& [key, value] : pos.given) {
            if (key == "db") ctx_.options.db = value;
            if (key == "stages") ctx_.options.stages = value;
        }
        if (pos.pending) return filter(values(pos.pending, pos), current);
        bool dashed = !pos.after_dashdash && current.starts_with("-");
        if (dashed && current.find('=') != std::string::npos) {
            auto name = current.substr(0, current.find('='));
            auto* opt = find_option(pos.app, name);
            if (opt == nullptr || !takes_value(opt)) return {};
            auto out = filter(values(opt, pos), current.substr(name.size() + 1));
            for (auto& c : out)
                if (c.word != ":file") c.word = name + "=" + c.word;
            return out;
        }
        if (dashed) return options(pos.app, current);
        std::vector<Candidate> out;
        if (pos.positionals.empty() && !pos.after_dashdash)
            for (auto* sub : pos.app->get_subcommands({}))
                if (visible(sub) && sub->get_name().starts_with(current))
                    out.push_back({sub->get_name(), sub->get_description()});
        if (auto* opt = positional_at(pos.app, pos.positionals.size())) {
            auto more = filter(values(opt, pos), current);
            out.insert(out.end(), more.begin(), more.end());
        }
        return out;
    }

  private:
    CLI::App& root_;
    Context& ctx_;

    static std::vector<Candidate> filter(std::vector<Candidate> all, const std::string& prefix) {
        std::erase_if(all, [&](const Candidate& c) {
            return c.word != ":file" && !starts_with_folded(c.word, prefix);
        });
        return all;
    }

    static CLI::Option* positional_at(CLI::App* app, std::size_t index) {
        std::size_t at = 0;
        for (auto* opt :
             app->get_options([](const CLI::Option* o) { return o->get_positional(); })) {
            auto items = opt->get_items_expected_max();
            if (items >= CLI::detail::expected_max_vector_size / 2 || index < at + items)
                return opt;
            at += static_cast<std::size_t>(std::max(items, 1));
        }
        return nullptr;
    }

    static std::vector<Candidate> options(CLI::App* app, const std::string& current) {
        std::vector<Candidate> out;
        std::vector<std::string> seen;
        for (auto* at = app; at != nullptr; at = at->get_parent()) {
            for (const auto* opt : at->get_options()) {
                if (opt->get_positional() || opt->get_group().empty()) continue;
                auto longs = opt->get_lnames();
                if (at != app && std::ranges::find(longs, "version") != longs.end()) continue;
                std::vector<std::string> names;
                for (const auto& l : longs)
                    if (names.empty() && ("--" + l).starts_with(current)) names.push_back("--" + l);
                if (longs.empty() || (current.size() == 2 && current[1] != '-'))
                    for (const auto& s : opt->get_snames()) names.push_back("-" + s);
                for (const auto& n : names) {
                    if (!n.starts_with(current) || std::ranges::find(seen, n) != seen.end())
                        continue;
                    seen.push_back(n);
                    out.push_back({n, opt->get_description()});
                }
            }
        }
        return out;
    }

    std::vector<Candidate> values(CLI::Option* opt, const Position& pos) {
        std::vector<Candidate> out;
        auto choices = choices_of(opt);
        if (choices.empty()) choices = listed_in(opt->get_description());
        for (auto& choice : choices) out.push_back({choice, ""});
        if (!out.empty()) return out;
        auto key = lower(key_of(opt));
        auto path = path_of(pos.app);
        auto under = [&](std::string_view noun) {
            return std::ranges::find(path, noun) != path.end();
        };
        try {
            if (key == "stage" || key == "new" || key == "s") return stages(pos, under("deal"));
            if (key == "pipeline") return pipelines();
            if ((key == "reason" && under("deal")) || (key == "note" && moving_to_lost(pos)))
                return lost_reasons();
            if (key == "id" && path.back() == "restore")
                return trashed(under("deal")     ? "deal"
                               : under("lead")   ? "lead"
                               : under("person") ? "person"
                                                 : "organization");
            if (key == "id" && under("deal")) return deals(path.back());
            if (key == "id" && under("lead")) return leads();
            if (key == "id" && under("task")) return tasks();
            bool org_ref = key == "org" || key == "into" || key == "id";
            if (org_ref && path.front() == "org")
                return organizations(key == "id" || key == "into");
            bool person_ref = key == "person" || key == "into" || key == "id";
            if (person_ref && path.front() == "person") return persons(true);
            if (key == "org" || key == "o") return organizations(false);
            if (key == "contact" || key == "add-person" || key == "remove-person")
                return persons(false);
            if (key == "kind")
                for (const auto& kind : path.back() == "log" ? activity_kinds() : plan_kinds())
                    out.push_back({kind, ""});
            if (key == "command")
                for (auto* sub : root_.get_subcommands({}))
                    if (visible(sub)) out.push_back({sub->get_name(), sub->get_description()});
        } catch (...) {
            return {};
        }
        if (names_a_file(opt)) out.push_back({":file", ""});
        return out;
    }

    std::vector<Candidate> stages(const Position& pos, bool for_deal) {
        const auto& config = ctx_.stages();
        std::string pipeline;
        if (auto p = pos.given.find("pipeline"); p != pos.given.end()) pipeline = p->second;
        if (for_deal && pipeline.empty() && !pos.positionals.empty())
            if (auto id = as_id(pos.positionals.front()))
                if (auto deal = get_deal(ctx_.book(Access::read), *id)) pipeline = deal->pipeline;
        auto found = config.pipeline(pipeline);
        if (!found) found = config.pipeline();
        std::vector<Candidate> out;
        for (const auto& s : (*found)->stages)
            out.push_back({s.name, s.kind == StageKind::open ? std::to_string(s.probability) + "%"
                                                             : std::string(to_string(s.kind))});
        return out;
    }

    // `deal move ID STAGE --note` into the lost stage: the note is the lost reason.
    bool moving_to_lost(const Position& pos) {
        auto path = path_of(pos.app);
        if (path != std::vector<std::string>{"deal", "move"} || pos.positionals.size() < 2)
            return false;
        const auto& config = ctx_.stages();
        std::string pipeline;
        if (auto id = as_id(pos.positionals.front()))
            if (auto deal = get_deal(ctx_.book(Access::read), *id)) pipeline = deal->pipeline;
        auto found = config.pipeline(pipeline);
        if (!found) return false;
        auto stage = (*found)->match(pos.positionals[1]);
        return stage && (*stage)->kind == StageKind::lost;
    }

    std::vector<Candidate> lost_reasons() {
        std::vector<Candidate> out;
        for (const auto& r : ctx_.stages().lost_reasons) out.push_back({r, ""});
        return out;
    }

    std::vector<Candidate> pipelines() {
        std::vector<Candidate> out;
        for (const auto& p : ctx_.stages().pipelines)
            out.push_back({p.name, std::to_string(p.stages.size()) + " stages"});
        return out;
    }

    std::vector<Candidate> deals(const std::string& verb_name) {
        DealQuery query;
        query.status = verb_name == "reopen"                      ? "all"
                       : verb_name == "show" || verb_name == "rm" ? "all"
                                                                  : "open";
        query.limit = 500;
        auto list = unwrap(list_deals(ctx_.book(Access::read), query));
        std::vector<Candidate> out;
        for (const auto& d : list.deals) {
            if (verb_name == "reopen" && d.status == DealStatus::open) continue;
            auto where = d.organization.empty() ? d.stage : d.organization + ", " + d.stage;
            out.push_back({std::to_string(d.id), d.title + " (" + where + ")"});
        }
        return out;
    }

    std::vector<Candidate> tasks() {
        TaskQuery query;
        query.limit = 500;
        std::vector<Candidate> out;
        for (const auto& t : unwrap(list_tasks(ctx_.book(Access::read), query)).tasks)
            out.push_back({std::to_string(t.activity.id), t.activity.kind + ": " + t.activity.text +
                                                              " (" + t.subject_title + ")"});
        return out;
    }

    // The deals or leads in the trash (what restore takes).
    std::vector<Candidate> trashed(const std::string& kind) {
        std::vector<Candidate> out;
        for (const auto& t : unwrap(list_trash(ctx_.book(Access::read))))
            if (t.kind == kind) out.push_back({std::to_string(t.id), t.title + " (in the trash)"});
        return out;
    }

    // Organizations: their ids (where an id is asked) or their names (an option that takes
    // a name and links it).
    std::vector<Candidate> organizations(bool ids) {
        OrganizationQuery query;
        query.limit = 500;
        std::vector<Candidate> out;
        for (const auto& r : unwrap(list_organizations(ctx_.book(Access::read), query)))
            out.push_back(ids ? Candidate{std::to_string(r.org.id), r.org.name}
                              : Candidate{r.org.name, r.org.domain});
        return out;
    }

    std::vector<Candidate> persons(bool ids) {
        PersonQuery query;
        query.limit = 500;
        std::vector<Candidate> out;
        for (const auto& p : unwrap(list_persons(ctx_.book(Access::read), query))) {
            auto about = p.organization.empty() ? p.title : p.organization;
            out.push_back(ids ? Candidate{std::to_string(p.id),
                                          about.empty() ? p.name : p.name + " (" + about + ")"}
                              : Candidate{p.name, about});
        }
        return out;
    }

    std::vector<Candidate> leads() {
        LeadQuery query;
        query.limit = 500;
        std::vector<Candidate> out;
        for (const auto& l : unwrap(list_leads(ctx_.book(Access::read), query)))
            out.push_back({std::to_string(l.id),
                           l.organization.empty() ? l.name : l.name + " (" + l.organization + ")"});
        return out;
    }
};

} // namespace

void add_completion_commands(CLI::App& app, Context& ctx) {
    auto words = std::make_shared<std::vector<std::string>>();
    auto* hidden = app.add_subcommand("__complete", "Print completions for the words typed so far");
    hidden->group("");
    hidden->add_option("words", *words, "The words after 'pipe'; the last is being completed");
    hidden->callback([&app, &ctx, words]() {
        // Warnings (undefined stages, a missing database) must not land on the prompt.
        std::ostringstream silent;
        Context quiet(ctx.out, silent);
        quiet.options = ctx.options;
        auto all = *words;
        if (!all.empty() && all.front() == "--") all.erase(all.begin());
        if (all.empty()) all.emplace_back();
        auto found = Completer(app, quiet).complete(all);
        // ":file" (files complete here too) comes first, so the scripts need look at one line.
        std::ranges::stable_partition(found, [](const Candidate& c) { return c.word == ":file"; });
        // One candidate a line, word TAB description: a word with control characters cannot be
        // typed (and would break the line), so it is left out; descriptions show them escaped.
        for (const auto& c : found) {
            if (render::visible(c.word) != c.word) continue;
            ctx.out << c.word;
            if (!c.description.empty()) ctx.out << '\t' << render::visible(c.description);
            ctx.out << '\n';
        }
    });

    auto shell = std::make_shared<std::string>();
    auto* completion = app.add_subcommand(
        "completion", "Print the completion script for bash, zsh or fish (see pipe(1))");
    completion->add_option("shell", *shell, "bash, zsh or fish")
        ->required()
        ->check(CLI::IsMember({"bash", "zsh", "fish"}));
    completion->callback([&ctx, shell]() {
        ctx.out << (*shell == "bash"  ? completion_script_bash
                    : *shell == "zsh" ? completion_script_zsh
                                      : completion_script_fish);
    });
}

} // namespace crm::cli
