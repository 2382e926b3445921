// pipe search TEXT [--type T] [--limit N].

#include "pipe/search.hpp"
#include "commands/commands.hpp"
#include "commands/common.hpp"
#include "render/party_views.hpp"

namespace crm::cli {

void add_search_command(CLI::App& app, Context& ctx) {
    struct Opts {
        std::vector<std::string> words;
        SearchQuery query;
        std::optional<std::string> type;
    };
    std::shared_ptr<Opts> o;
    auto* sub = verb(&app, "search",
                     "Find records by any word: titles, names, emails, phones, notes, tags, "
                     "activities",
                     o, [&ctx](Opts& opts) {
                         auto format = ctx.format("text|json");
                         std::string text;
                         for (const auto& w : opts.words) text += (text.empty() ? "" : " ") + w;
                         opts.query.text = text;
                         opts.query.type = opts.type;
                         auto result = unwrap(search_book(ctx.book(Access::read), opts.query));
                         if (format == "json") return print_json(ctx, render::search_json(result));
                         ctx.out << render::search_text(result, text, ctx.style(), ctx.width());
                     });
    sub->add_option("text", o->words, "The words to find (each also as a word's start)")
        ->required();
    sub->add_option("--type", o->type, "deal, lead, person, org or activity")
        ->check(CLI::IsMember({"deal", "lead", "person", "org", "organization", "activity"}));
    sub->add_option("-n,--limit", o->query.limit, "Show at most N hits")
        ->check(CLI::Range(1, 100000).description("a whole number, 1 or more"))
        ->capture_default_str();
}

} // namespace crm::cli
