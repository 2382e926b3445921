// pipe org add|list|show|edit|rm|restore|merge|log.

#include "commands/activity_commands.hpp"
#include "commands/commands.hpp"
#include "commands/common.hpp"
#include "pipe/people.hpp"
#include "render/csv.hpp"
#include "render/party_views.hpp"
#include "render/records.hpp"
#include "render/visible.hpp"

#include <fmt/format.h>

namespace crm::cli {

namespace {

void print_org(Context& ctx, const Organization& org, const std::string& verb_done) {
    if (ctx.format("text|json") == "json") return print_json(ctx, render::organization_json(org));
    if (ctx.options.quiet) return void(ctx.out << org.id << '\n');
    ctx.out << verb_done << ' ' << render::organization_summary(org) << '\n';
}

void add_add(CLI::App* org, Context& ctx) {
    struct Opts {
        OrganizationFields fields;
    };
    std::shared_ptr<Opts> o;
    auto* sub = verb(org, "add", "Add an organization", o, [&ctx](Opts& opts) {
        print_org(ctx, unwrap(add_organization(ctx.book(Access::write), opts.fields)), "added");
    });
    field_option(sub, o->fields, "name", FieldKind::title, "name", "Its name, e.g. \"Acme GmbH\"")
        ->required();
    add_field_options(sub, organization_fields(), o->fields, true);
}

void add_list(CLI::App* org, Context& ctx) {
    struct Opts {
        OrganizationQuery query;
        std::optional<std::string> tag;
        std::int64_t limit = -1;
        bool reverse = false;
    };
    std::shared_ptr<Opts> o;
    auto* sub =
        verb(org, "list", "List organizations with their people and deals", o, [&ctx](Opts& opts) {
            auto format = ctx.format("text|json|csv|tsv");
            opts.query.tag = opts.tag;
            opts.query.descending = opts.reverse;
            if (opts.limit >= 0) opts.query.limit = opts.limit;
            auto rows = unwrap(list_organizations(ctx.book(Access::read), opts.query));
            if (format == "json") {
                auto out = nlohmann::ordered_json::array();
                for (const auto& r : rows) {
                    auto j = render::organization_json(r.org);
                    j["people"] = r.people;
                    j["open_deals"] = r.open_deals;
                    j["deals"] = r.deals;
                    out.push_back(std::move(j));
                }
                return print_json(ctx, out);
            }
            if (format == "csv" || format == "tsv") {
                char sep = format == "csv" ? ',' : '\t';
                ctx.out << render::csv_row(
                    {"id", "name", "domain", "phone", "tags", "people", "open_deals", "deals"},
                    sep);
                for (const auto& r : rows) {
                    std::string tags;
                    for (const auto& t : r.org.tags) tags += (tags.empty() ? "" : ";") + t;
                    ctx.out << render::csv_row({std::to_string(r.org.id), r.org.name, r.org.domain,
                                                r.org.phone, tags, std::to_string(r.people),
                                                std::to_string(r.open_deals),
                                                std::to_string(r.deals)},
                                               sep);
                }
                return;
            }
            ctx.out << render::organization_table(rows, ctx.style(), ctx.width());
        });
    optional_text(sub, "-t,--tag", o->tag, "Only organizations with this tag");
    sub->add_option("--sort", o->query.sort, "name, id, created, updated, deals or open")
        ->check(CLI::IsMember({"name", "id", "created", "updated", "deals", "open"}))
        ->capture_default_str();
    sub->add_flag("-r,--reverse", o->reverse, "Reverse the order");
    sub->add_option("-n,--limit", o->limit, "Show at most N organizations")
        ->check(CLI::Range(0, 100000000).description("a whole number, 0 or more"));
}

void add_show(CLI::App* org, Context& ctx) {
    struct Opts {
        std::int64_t id = 0;
    };
    std::shared_ptr<Opts> o;
    auto* sub = verb(
        org, "show", "The account page: details, people, deals, won value, last touch, timeline", o,
        [&ctx](Opts& opts) {
            auto format = ctx.format("text|json");
            auto& book = ctx.book(Access::read);
            auto page = unwrap(organization_page(book, opts.id));
            if (format == "json")
                return print_json(ctx, render::organization_page_json(page, ctx.stages()));
            ctx.out << render::organization_page_text(page, ctx.stages(), book.clock.now(),
                                                      ctx.style(), ctx.width());
        });
    id_argument(sub, ctx, o->id, "organization");
}

void add_edit(CLI::App* org, Context& ctx) {
    struct Opts {
        std::int64_t id = 0;
        OrganizationFields fields;
    };
    std::shared_ptr<Opts> o;
    auto* sub = verb(org, "edit", "Change an organization's fields", o, [&ctx](Opts& opts) {
        auto& book = ctx.book(Access::write);
        print_org(ctx, unwrap(edit_organization(book, opts.id, opts.fields)), "changed");
    });
    id_argument(sub, ctx, o->id, "organization");
    add_field_options(sub, organization_fields(), o->fields, false);
}

void add_rm(CLI::App* org, Context& ctx) {
    struct Opts {
        std::int64_t id = 0;
    };
    std::shared_ptr<Opts> o;
    auto* sub =
        verb(org, "rm",
             "Move an organization to the trash (refused while deals, leads or people "
             "link to it)",
             o, [&ctx](Opts& opts) {
                 auto& book = ctx.book(Access::write);
                 auto removed = unwrap(remove_organization(book, opts.id));
                 print_org(ctx, removed, "moved to the trash:");
                 if (!ctx.options.quiet && ctx.format("text|json") == "text")
                     ctx.note(fmt::format("pipe org restore {} brings it back", removed.id));
             });
    id_argument(sub, ctx, o->id, "organization");
}

void add_restore(CLI::App* org, Context& ctx) {
    auto id = std::make_shared<std::int64_t>(0);
    auto* sub = org->add_subcommand("restore", "Bring a removed organization back from the trash");
    id_argument(sub, *id, "org");
    sub->callback([&ctx, id]() {
        print_org(ctx, unwrap(restore_organization(ctx.book(Access::write), *id)), "restored");
    });
}

void add_merge(CLI::App* org, Context& ctx) {
    struct Opts {
        std::int64_t from = 0, into = 0;
    };
    std::shared_ptr<Opts> o;
    auto* sub = verb(org, "merge",
                     "Merge an organization into another: its people, deals, leads and "
                     "activities move (pipe undo takes it back)",
                     o, [&ctx](Opts& opts) {
                         auto format = ctx.format("text|json");
                         auto& book = ctx.book(Access::write);
                         auto r = unwrap(merge_organizations(book, opts.from, opts.into));
                         auto into = unwrap(get_organization(book, opts.into));
                         if (format == "json")
                             return print_json(ctx, {{"merged", opts.from},
                                                     {"into", render::organization_json(into)},
                                                     {"deals", r.deals},
                                                     {"leads", r.leads},
                                                     {"people", r.people},
                                                     {"activities", r.activities}});
                         if (ctx.options.quiet) return void(ctx.out << into.id << '\n');
                         ctx.out << fmt::format(
                             "merged organization {} into {} · moved {}, {}, {} and {}\n",
                             opts.from, render::organization_summary(into),
                             render::counted(r.deals, "deal"), render::counted(r.leads, "lead"),
                             render::counted(r.people, "person", "people"),
                             render::counted(r.activities, "activity", "activities"));
                     });
    ref_argument(sub, ctx, "org", o->from, "organization",
                 "The organization to merge (id or name); it is deleted");
    ref_argument(sub, ctx, "into", o->into, "organization",
                 "The organization that takes everything (id or name)");
}

} // namespace

void add_org_commands(CLI::App& app, Context& ctx) {
    auto* org = app.add_subcommand(
        "org", "Organizations: add, list, show (the account page), edit, merge, log");
    org->require_subcommand(1);
    add_add(org, ctx);
    add_list(org, ctx);
    add_show(org, ctx);
    add_edit(org, ctx);
    add_rm(org, ctx);
    add_restore(org, ctx);
    add_merge(org, ctx);
    add_log_command(org, ctx, Subject::Kind::organization);
}

} // namespace crm::cli
