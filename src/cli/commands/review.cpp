// pipe review: the weekly pipeline review in one screen.

#include "commands/commands.hpp"
#include "commands/common.hpp"
#include "render/review_view.hpp"

namespace crm::cli {

void add_review_commands(CLI::App& app, Context& ctx) {
    struct Opts {
        ReviewOptions review;
        bool week = false;
    };
    auto o = std::make_shared<Opts>();
    auto* review = app.add_subcommand(
        "review", "The weekly pipeline review: won, lost, win rate, cycle, velocity, funnel, "
                  "lost reasons, activity, deals that need attention");
    auto* week = review->add_flag("--week", o->week, "The current ISO week (the default)");
    auto* last = review->add_flag("--last-week", o->review.last_week,
                                  "The last complete week (for Monday-morning summaries)");
    auto* since = optional_text(review, "--since", o->review.since,
                                "First day of the period (inclusive): 2026-03-01, -4w, ...");
    optional_text(review, "--until", o->review.until, "Last day of the period (inclusive)");
    optional_text(review, "--as-of", o->review.as_of,
                  "Replay events up to the end of this day: the book as it was then");
    review
        ->add_option("-n,--limit", o->review.hygiene_limit,
                     "Show at most N deals that need attention")
        ->capture_default_str();
    optional_text(review, "--pipeline", o->review.deals.pipeline,
                  "Only the deals of this pipeline (its own win rate and funnel)");
    optional_text(review, "--owner", o->review.deals.owner, "Only the deals of this owner");
    optional_text(review, "--org", o->review.deals.organization,
                  "Only the deals of this organization (id, name or unique prefix)");
    week->excludes(last);
    week->excludes(since);
    last->excludes(since);
    review->callback([&ctx, o]() {
        auto format = ctx.format("text|json|md");
        auto& book = ctx.book(Access::read);
        auto result = unwrap(build_review(book, o->review));
        if (format == "json") return print_json(ctx, render::review_json(result));
        if (format == "md") {
            ctx.out << render::review_markdown(result);
            return;
        }
        ctx.out << render::review_text(result, ctx.style(), ctx.width());
    });
}

} // namespace crm::cli
