// pipe person add|list|show|edit|rm|restore|merge|log.

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

void print_person(Context& ctx, const Person& p, const std::string& verb_done) {
    if (ctx.format("text|json") == "json") return print_json(ctx, render::person_json(p));
    if (ctx.options.quiet) return void(ctx.out << p.id << '\n');
    ctx.out << verb_done << ' ' << render::person_summary(p) << '\n';
}

void add_add(CLI::App* person, Context& ctx) {
    struct Opts {
        PersonFields fields;
    };
    std::shared_ptr<Opts> o;
    auto* sub = verb(person, "add", "Add a person", o, [&ctx](Opts& opts) {
        print_person(ctx, unwrap(add_person(ctx.book(Access::write), opts.fields)), "added");
    });
    field_option(sub, o->fields, "name", FieldKind::title, "name", "Full name, e.g. \"Ann Lee\"")
        ->required();
    add_field_options(sub, person_fields(), o->fields, true);
}

void add_list(CLI::App* person, Context& ctx) {
    struct Opts {
        PersonQuery query;
        std::optional<std::string> org, tag;
        std::int64_t limit = -1;
        bool reverse = false;
    };
    std::shared_ptr<Opts> o;
    auto* sub = verb(person, "list", "List people", o, [&ctx](Opts& opts) {
        auto format = ctx.format("text|json|csv|tsv");
        opts.query.organization = opts.org;
        opts.query.tag = opts.tag;
        opts.query.descending = opts.reverse;
        if (opts.limit >= 0) opts.query.limit = opts.limit;
        auto people = unwrap(list_persons(ctx.book(Access::read), opts.query));
        if (format == "json") {
            auto out = nlohmann::ordered_json::array();
            for (const auto& p : people) out.push_back(render::person_json(p));
            return print_json(ctx, out);
        }
        if (format == "csv" || format == "tsv") {
            char sep = format == "csv" ? ',' : '\t';
            ctx.out << render::csv_row(
                {"id", "name", "organization", "title", "emails", "phones", "tags"}, sep);
            auto list = [](const std::vector<std::string>& items) {
                std::string out;
                for (const auto& i : items) out += (out.empty() ? "" : ";") + i;
                return out;
            };
            for (const auto& p : people)
                ctx.out << render::csv_row({std::to_string(p.id), p.name, p.organization, p.title,
                                            list(p.emails), list(p.phones), list(p.tags)},
                                           sep);
            return;
        }
        ctx.out << render::person_table(people, ctx.style(), ctx.width());
    });
    optional_text(sub, "-o,--org", o->org, "Only people of this organization (id or name)");
    optional_text(sub, "-t,--tag", o->tag, "Only people with this tag");
    sub->add_option("--sort", o->query.sort, "name, id, org, created or updated")
        ->check(CLI::IsMember({"name", "id", "org", "created", "updated"}))
        ->capture_default_str();
    sub->add_flag("-r,--reverse", o->reverse, "Reverse the order");
    sub->add_option("-n,--limit", o->limit, "Show at most N people")
        ->check(CLI::Range(0, 100000000).description("a whole number, 0 or more"));
}

void add_show(CLI::App* person, Context& ctx) {
    struct Opts {
        std::int64_t id = 0;
    };
    std::shared_ptr<Opts> o;
    auto* sub =
        verb(person, "show", "A person's page: organization, deals, leads and activity timeline", o,
             [&ctx](Opts& opts) {
                 auto format = ctx.format("text|json");
                 auto& book = ctx.book(Access::read);
                 auto page = unwrap(person_page(book, opts.id));
                 if (format == "json")
                     return print_json(ctx, render::person_page_json(page, ctx.stages()));
                 ctx.out << render::person_page_text(page, ctx.stages(), book.clock.now(),
                                                     ctx.style(), ctx.width());
             });
    id_argument(sub, ctx, o->id, "person");
}

void add_edit(CLI::App* person, Context& ctx) {
    struct Opts {
        std::int64_t id = 0;
        PersonFields fields;
    };
    std::shared_ptr<Opts> o;
    auto* sub = verb(person, "edit", "Change a person's fields", o, [&ctx](Opts& opts) {
        auto& book = ctx.book(Access::write);
        print_person(ctx, unwrap(edit_person(book, opts.id, opts.fields)), "changed");
    });
    id_argument(sub, ctx, o->id, "person");
    add_field_options(sub, person_fields(), o->fields, false);
}

void add_rm(CLI::App* person, Context& ctx) {
    struct Opts {
        std::int64_t id = 0;
    };
    std::shared_ptr<Opts> o;
    auto* sub =
        verb(person, "rm",
             "Move a person with their activities to the trash (refused while deals or "
             "leads name them)",
             o, [&ctx](Opts& opts) {
                 auto& book = ctx.book(Access::write);
                 auto removed = unwrap(remove_person(book, opts.id));
                 print_person(ctx, removed, "moved to the trash:");
                 if (!ctx.options.quiet && ctx.format("text|json") == "text")
                     ctx.note(fmt::format("pipe person restore {} brings them back", removed.id));
             });
    id_argument(sub, ctx, o->id, "person");
}

void add_restore(CLI::App* person, Context& ctx) {
    auto id = std::make_shared<std::int64_t>(0);
    auto* sub = person->add_subcommand("restore", "Bring a removed person back from the trash");
    id_argument(sub, *id, "person");
    sub->callback([&ctx, id]() {
        print_person(ctx, unwrap(restore_person(ctx.book(Access::write), *id)), "restored");
    });
}

void add_merge(CLI::App* person, Context& ctx) {
    struct Opts {
        std::int64_t from = 0, into = 0;
    };
    std::shared_ptr<Opts> o;
    auto* sub =
        verb(person, "merge",
             "Merge a person into another: their deals, leads and activities move "
             "(pipe undo takes it back)",
             o, [&ctx](Opts& opts) {
                 auto format = ctx.format("text|json");
                 auto& book = ctx.book(Access::write);
                 auto r = unwrap(merge_persons(book, opts.from, opts.into));
                 auto into = unwrap(get_person(book, opts.into));
                 if (format == "json")
                     return print_json(ctx, {{"merged", opts.from},
                                             {"into", render::person_json(into)},
                                             {"deals", r.deals},
                                             {"leads", r.leads},
                                             {"roles", r.people},
                                             {"activities", r.activities}});
                 if (ctx.options.quiet) return void(ctx.out << into.id << '\n');
                 ctx.out << fmt::format("merged person {} into {} · moved {}, {} and {}\n",
                                        opts.from, render::person_summary(into),
                                        render::counted(r.deals + r.people, "deal"),
                                        render::counted(r.leads, "lead"),
                                        render::counted(r.activities, "activity", "activities"));
             });
    ref_argument(sub, ctx, "person", o->from, "person",
                 "The person to merge (id, name or email); they are deleted");
    ref_argument(sub, ctx, "into", o->into, "person", "The person who takes everything");
}

} // namespace

void add_person_commands(CLI::App& app, Context& ctx) {
    auto* person = app.add_subcommand("person", "People: add, list, show, edit, merge, log");
    person->require_subcommand(1);
    add_add(person, ctx);
    add_list(person, ctx);
    add_show(person, ctx);
    add_edit(person, ctx);
    add_rm(person, ctx);
    add_restore(person, ctx);
    add_merge(person, ctx);
    add_log_command(person, ctx, Subject::Kind::person);
}

} // namespace crm::cli
