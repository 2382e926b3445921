// pipe lead add|list|show|edit|rm|qualify|convert|drop.

#include "commands/commands.hpp"
#include "commands/common.hpp"
#include "render/deal_views.hpp"
#include "render/lead_views.hpp"
#include "render/records.hpp"

#include <fmt/format.h>

namespace crm::cli {

namespace {

void print_lead(Context& ctx, const Lead& lead, const std::string& done) {
    if (ctx.format("text|json") == "json") return print_json(ctx, render::lead_json(lead));
    if (ctx.options.quiet) {
        ctx.out << lead.id << '\n';
        return;
    }
    ctx.out << done << ' ' << render::lead_summary(lead) << '\n';
}

std::shared_ptr<std::int64_t> with_id(CLI::App* sub, Context& ctx) {
    auto id = std::make_shared<std::int64_t>(0);
    id_argument(sub, ctx, *id, "lead");
    return id;
}

void add_basic(CLI::App* lead, Context& ctx) {
    struct Add {
        LeadFields fields;
    };
    std::shared_ptr<Add> a;
    auto* add = verb(lead, "add", "Add a lead", a, [&ctx](Add& o) {
        print_lead(ctx, unwrap(add_lead(ctx.book(Access::write), o.fields)), "added");
    });
    field_option(add, a->fields, "name", FieldKind::title, "name", "Person or prospect name")
        ->required();
    add_field_options(add, lead_fields(), a->fields, true);

    struct List {
        LeadQuery query;
        std::optional<std::string> status, source;
        std::int64_t limit = -1;
        bool reverse = false;
    };
    std::shared_ptr<List> l;
    auto* list =
        verb(lead, "list", "List leads (all but converted by default)", l, [&ctx](List& o) {
            auto format = ctx.format("text|json");
            o.query.status = o.status;
            o.query.source = o.source;
            o.query.descending = o.reverse;
            if (o.limit >= 0) o.query.limit = o.limit;
            auto& book = ctx.book(Access::read);
            auto leads = unwrap(list_leads(book, o.query));
            if (format == "json") {
                auto rows = nlohmann::ordered_json::array();
                for (const auto& lead : leads) rows.push_back(render::lead_json(lead));
                return print_json(ctx, rows);
            }
            ctx.out << render::lead_table(leads, book.today(), ctx.style(), ctx.width());
        });
    optional_text(list, "--status", l->status,
                  "new, qualified, nurturing, disqualified, converted or all");
    optional_text(list, "--source", l->source, "Only leads from this source");
    list->add_option("--sort", l->query.sort, "id, name, org, created, follow-up or score")
        ->check(
            CLI::IsMember({"id", "name", "org", "organization", "created", "follow-up", "score"}))
        ->capture_default_str();
    list->add_flag("-r,--reverse", l->reverse, "Reverse the order");
    list->add_option("-n,--limit", l->limit, "Show at most N leads")
        ->check(CLI::Range(0, 100000000).description("a whole number, 0 or more"));

    auto* show = lead->add_subcommand("show", "Show a lead: details, BANT and history");
    auto show_id = with_id(show, ctx);
    show->callback([&ctx, show_id]() {
        auto format = ctx.format("text|json");
        auto& book = ctx.book(Access::read);
        auto found = unwrap(get_lead(book, *show_id));
        auto history = unwrap(history_of(book.store, false, found.id));
        auto activities = unwrap(activities_of(book, {Subject::Kind::lead, found.id}));
        if (format == "json") {
            auto j = render::lead_json(found);
            j["history"] = nlohmann::ordered_json::array();
            for (const auto& e : history) j["history"].push_back(render::event_json(e, ""));
            j["activities"] = nlohmann::ordered_json::array();
            for (const auto& a : activities) j["activities"].push_back(render::activity_json(a));
            return print_json(ctx, j);
        }
        ctx.out << render::lead_details(found, history, activities, book.today(), ctx.style());
    });

    struct Edit {
        std::int64_t id = 0;
        LeadFields fields;
    };
    std::shared_ptr<Edit> e;
    auto* edit = verb(lead, "edit", "Change a lead's fields", e, [&ctx](Edit& o) {
        print_lead(ctx, unwrap(edit_lead(ctx.book(Access::write), o.id, o.fields)), "changed");
    });
    id_argument(edit, ctx, e->id, "lead");
    add_field_options(edit, lead_fields(), e->fields, false);

    auto* rm =
        lead->add_subcommand("rm", "Move a lead with its history and activities to the trash");
    auto rm_id = with_id(rm, ctx);
    rm->callback([&ctx, rm_id]() {
        auto l = unwrap(remove_lead(ctx.book(Access::write), *rm_id));
        print_lead(ctx, l, "moved to the trash:");
        if (!ctx.options.quiet && ctx.format("text|json") == "text")
            ctx.note(fmt::format("pipe lead restore {} brings it back", l.id));
    });
}

void add_process(CLI::App* lead, Context& ctx) {
    struct Qualify {
        std::int64_t id = 0;
        BantFields scores;
    };
    std::shared_ptr<Qualify> q;
    auto* qualify =
        verb(lead, "qualify", "Score a lead by BANT: budget, authority, need, timeline (0-4 each)",
             q, [&ctx](Qualify& o) {
                 auto lead = unwrap(qualify_lead(ctx.book(Access::write), o.id, o.scores));
                 if (ctx.format("text|json") == "json")
                     return print_json(ctx, render::lead_json(lead));
                 if (!ctx.options.quiet)
                     ctx.out << "qualified " << render::lead_summary(lead) << " · "
                             << render::bant_cell(lead) << '\n';
             });
    id_argument(qualify, ctx, q->id, "lead");
    optional_text(qualify, "-b,--budget", q->scores.budget, "Budget score 0-4");
    optional_text(qualify, "-a,--authority", q->scores.authority, "Authority score 0-4");
    optional_text(qualify, "-n,--need", q->scores.need, "Need score 0-4");
    optional_text(qualify, "-t,--timeline", q->scores.timeline, "Timeline score 0-4");

    struct Convert {
        std::int64_t id = 0;
        DealFields deal;
    };
    std::shared_ptr<Convert> c;
    auto* convert = verb(
        lead, "convert", "Convert a lead into a deal in the first open stage", c,
        [&ctx](Convert& o) {
            auto result = unwrap(convert_lead(ctx.book(Access::write), o.id, o.deal));
            if (ctx.format("text|json") == "json") {
                return print_json(ctx, {{"lead", render::lead_json(result.lead)},
                                        {"deal", render::deal_json(result.deal, ctx.stages())}});
            }
            if (ctx.options.quiet) {
                ctx.out << result.deal.id << '\n';
                return;
            }
            ctx.out << "converted lead " << result.lead.id << " into "
                    << render::deal_summary(result.deal) << '\n';
        });
    id_argument(convert, ctx, c->id, "lead");
    field_option(convert, c->deal, "value", FieldKind::money, "-v,--value",
                 "Deal value: 12500, 12.5k");
    field_option(convert, c->deal, "stage", FieldKind::choice, "-s,--stage",
                 "Stage (default: the first open stage)");
    field_option(convert, c->deal, "expected_close", FieldKind::date, "-c,--close",
                 "Expected close date");
    field_option(convert, c->deal, "title", FieldKind::title, "--title",
                 "Deal title (default: the organization, else the name)");
    field_option(convert, c->deal, "pipeline", FieldKind::choice, "--pipeline",
                 "Pipeline (default from the stage file)");

    struct Drop {
        std::int64_t id = 0;
        std::string reason;
        std::optional<std::string> until;
    };
    std::shared_ptr<Drop> d;
    auto* drop = verb(
        lead, "drop", "Drop a lead: disqualify it, or nurture it until a date", d, [&ctx](Drop& o) {
            print_lead(ctx, unwrap(drop_lead(ctx.book(Access::write), o.id, o.reason, o.until)),
                       "dropped");
        });
    id_argument(drop, ctx, d->id, "lead");
    drop->add_option("-r,--reason", d->reason, "Why: no budget, no need, bad timing, ...")
        ->required();
    optional_text(drop, "--nurture-until", d->until,
                  "Bring the lead back on this date (+3m, 2026-09-01)");
}

} // namespace

void add_lead_commands(CLI::App& app, Context& ctx) {
    auto* lead = app.add_subcommand("lead", "Leads: add, list, qualify (BANT), convert, drop");
    lead->require_subcommand(1);
    add_basic(lead, ctx);
    add_process(lead, ctx);
}

} // namespace crm::cli
