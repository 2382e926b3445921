// pipe deal add|list|show|edit|rm (moves and next steps are in deal_moves.cpp).

#include "commands/commands.hpp"
#include "commands/common.hpp"
#include "commands/deal_commands.hpp"
#include "render/csv.hpp"
#include "render/deal_views.hpp"
#include "render/party_views.hpp"
#include "render/records.hpp"

#include <fmt/format.h>

namespace crm::cli {

namespace {

void print_deal(Context& ctx, const Deal& deal, const std::string& verb_done) {
    if (ctx.format("text|json") == "json")
        return print_json(ctx, render::deal_json(deal, ctx.stages()));
    if (ctx.options.quiet) {
        ctx.out << deal.id << '\n';
        return;
    }
    ctx.out << verb_done << ' ' << render::deal_summary(deal) << '\n';
}

// A close date typed in the past is allowed (a late deal) but said.
void warn_past_close(Context& ctx, const Deal& deal, const DealFields& fields, Date today) {
    if (fields.has("expected_close") && deal.expected_close && *deal.expected_close < today)
        ctx.warn(fmt::format("the expected close date {} of deal {} is in the past",
                             format_date(*deal.expected_close), deal.id));
}

void add_add(CLI::App* deal, Context& ctx) {
    struct Opts {
        DealFields fields;
    };
    std::shared_ptr<Opts> o;
    auto* sub = verb(deal, "add", "Add a deal", o, [&ctx](Opts& opts) {
        auto& book = ctx.book(Access::write);
        auto added = unwrap(add_deal(book, opts.fields));
        print_deal(ctx, added, "added");
        warn_past_close(ctx, added, opts.fields, book.today());
    });
    field_option(sub, o->fields, "title", FieldKind::title, "title",
                 "What is being sold, e.g. \"Acme rollout\"")
        ->required();
    add_field_options(sub, deal_fields(), o->fields, true);
}

std::vector<std::string> deal_row(const Deal& d, const StageConfig& stages) {
    auto j = render::deal_json(d, stages);
    auto text = [&](const char* key) {
        return j[key].is_null() ? std::string() : j[key].get<std::string>();
    };
    std::string tags;
    for (const auto& t : d.tags) tags += (tags.empty() ? "" : ";") + t;
    return {std::to_string(d.id),
            d.title,
            d.organization,
            d.contact,
            d.pipeline,
            d.stage,
            std::string(to_string(d.status)),
            text("value"),
            d.value.currency,
            std::to_string(effective_probability(d, stages)),
            text("weighted_value"),
            text("expected_close"),
            d.next_step,
            d.next_step_due ? format_date(*d.next_step_due) : "",
            tags,
            text("created_at"),
            text("closed_at")};
}

void add_list(CLI::App* deal, Context& ctx) {
    struct Opts {
        DealQuery query;
        std::optional<std::string> stage, pipeline, tag, closing_before, owner, organization;
        std::int64_t limit = -1;
        bool reverse = false;
    };
    std::shared_ptr<Opts> o;
    auto* sub = verb(deal, "list", "List deals (open ones by default)", o, [&ctx](Opts& opts) {
        auto format = ctx.format("text|json|csv|tsv");
        auto& q = opts.query;
        q.stage = opts.stage;
        q.pipeline = opts.pipeline;
        q.tag = opts.tag;
        q.owner = opts.owner;
        q.organization = opts.organization;
        q.closing_before = opts.closing_before;
        q.descending = opts.reverse;
        if (opts.limit >= 0) q.limit = opts.limit;
        auto& book = ctx.book(Access::read);
        auto list = unwrap(list_deals(book, q));
        if (format == "json") {
            auto rows = nlohmann::ordered_json::array();
            for (const auto& d : list.deals) rows.push_back(render::deal_json(d, ctx.stages()));
            return print_json(ctx, rows);
        }
        if (format == "csv" || format == "tsv") {
            char sep = format == "csv" ? ',' : '\t';
            ctx.out << render::csv_row({"id", "title", "organization", "contact", "pipeline",
                                        "stage", "status", "value", "currency", "probability",
                                        "weighted_value", "expected_close", "next_step",
                                        "next_step_due", "tags", "created_at", "closed_at"},
                                       sep);
            for (const auto& d : list.deals)
                ctx.out << render::csv_row(deal_row(d, ctx.stages()), sep);
            return;
        }
        ctx.out << render::deal_table(list, q.status, ctx.stages(), book.today(), ctx.style(),
                                      ctx.width());
    });
    optional_text(sub, "-s,--stage", o->stage, "Only this stage (name or unique prefix)");
    sub->add_option("--status", o->query.status, "open, won, lost or all")
        ->check(CLI::IsMember({"open", "won", "lost", "all"}))
        ->capture_default_str();
    optional_text(sub, "--pipeline", o->pipeline, "Only this pipeline");
    optional_text(sub, "-t,--tag", o->tag, "Only deals with this tag");
    optional_text(sub, "--owner", o->owner, "Only deals of this owner (any case)");
    optional_text(sub, "-o,--org", o->organization, "Only deals of this organization (id or name)");
    optional_text(sub, "--closing-before", o->closing_before,
                  "Expected close on or before this date (eom, +2w)");
    sub->add_flag("--rotting", o->query.rotting,
                  "Only deals without activity for longer than their stage allows");
    sub->add_flag("--stuck", o->query.stuck,
                  "Only deals in their stage for over twice its median time");
    sub->add_option("--sort", o->query.sort,
                    "id, title, org, value, close, stage, created or updated")
        ->check(CLI::IsMember({"id", "title", "org", "organization", "value", "close", "stage",
                               "created", "updated"}))
        ->capture_default_str();
    sub->add_flag("-r,--reverse", o->reverse, "Reverse the order");
    sub->add_option("-n,--limit", o->limit, "Show at most N deals")
        ->check(CLI::Range(0, 100000000).description("a whole number, 0 or more"));
}

void add_show(CLI::App* deal, Context& ctx) {
    struct Opts {
        std::int64_t id = 0;
    };
    std::shared_ptr<Opts> o;
    auto* sub =
        verb(deal, "show", "Show a deal: details, history and activities", o, [&ctx](Opts& opts) {
            auto format = ctx.format("text|json");
            auto& book = ctx.book(Access::read);
            auto deal = unwrap(get_deal(book, opts.id));
            auto history = unwrap(history_of(book.store, true, deal.id));
            auto activities = unwrap(activities_of(book, {Subject::Kind::deal, deal.id}));
            auto people = unwrap(deal_people(book, deal.id));
            if (format == "json") {
                auto j = render::deal_json(deal, ctx.stages());
                j["history"] = nlohmann::ordered_json::array();
                for (const auto& e : history)
                    j["history"].push_back(render::event_json(e, deal.value.currency));
                j["activities"] = nlohmann::ordered_json::array();
                for (const auto& a : activities)
                    j["activities"].push_back(render::activity_json(a));
                j["people"] = render::deal_people_json(people);
                return print_json(ctx, j);
            }
            ctx.out << render::deal_details(deal, history, activities, ctx.stages(),
                                            book.clock.now(), ctx.style());
            ctx.out << render::deal_people_text(people);
        });
    id_argument(sub, ctx, o->id, "deal");
}

void add_edit(CLI::App* deal, Context& ctx) {
    struct Opts {
        std::int64_t id = 0;
        DealFields fields;
        DealPeopleEdit people;
    };
    std::shared_ptr<Opts> o;
    auto* sub =
        verb(deal, "edit", "Change a deal's fields (stage: pipe deal move)", o, [&ctx](Opts& opts) {
            auto& book = ctx.book(Access::write);
            auto changed = unwrap(edit_deal_and_people(book, opts.id, opts.fields, opts.people));
            print_deal(ctx, changed, "changed");
            warn_past_close(ctx, changed, opts.fields, book.today());
        });
    id_argument(sub, ctx, o->id, "deal");
    add_field_options(sub, deal_fields(), o->fields, false);
    add_deal_people_options(sub, ctx, o->people);
}

void add_rm(CLI::App* deal, Context& ctx) {
    struct Opts {
        std::int64_t id = 0;
    };
    std::shared_ptr<Opts> o;
    auto* sub = verb(deal, "rm", "Move a deal with its history and activities to the trash", o,
                     [&ctx](Opts& opts) {
                         auto& book = ctx.book(Access::write);
                         auto d = unwrap(remove_deal(book, opts.id));
                         print_deal(ctx, d, "moved to the trash:");
                         if (!ctx.options.quiet && ctx.format("text|json") == "text")
                             ctx.note(fmt::format("pipe deal restore {} brings it back", d.id));
                     });
    id_argument(sub, ctx, o->id, "deal");
}

} // namespace

void add_deal_commands(CLI::App& app, Context& ctx) {
    auto* deal =
        app.add_subcommand("deal", "Deals: add, list, show, edit, move, win, lose, next steps");
    deal->require_subcommand(1);
    add_add(deal, ctx);
    add_list(deal, ctx);
    add_show(deal, ctx);
    add_edit(deal, ctx);
    add_rm(deal, ctx);
    add_deal_move_commands(deal, ctx);
}

} // namespace crm::cli
