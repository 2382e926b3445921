// pipe forecast: what revenue is coming, by month or quarter of expected close.

#include "commands/commands.hpp"
#include "commands/common.hpp"
#include "render/forecast_view.hpp"

namespace crm::cli {

void add_forecast_commands(CLI::App& app, Context& ctx) {
    auto o = std::make_shared<ForecastOptions>();
    auto* forecast = app.add_subcommand(
        "forecast", "Open, weighted and won value by month of expected close, with a "
                    "P10/P50/P90 range and goal coverage");
    auto* months =
        forecast->add_option("-m,--months", o->months, "Months to show, from the current one")
            ->check(CLI::Range(1, 36))
            ->capture_default_str();
    auto* quarters =
        forecast->add_option("--quarters", o->quarters, "Show N quarters instead of months")
            ->check(CLI::Range(1, 12));
    months->excludes(quarters);
    forecast
        ->add_option("--method", o->method,
                     "stage: configured probabilities; history: calibrated from closed deals")
        ->check(CLI::IsMember({"stage", "history"}))
        ->capture_default_str();
    optional_text(forecast, "--pipeline", o->deals.pipeline, "Only the deals of this pipeline");
    optional_text(forecast, "--owner", o->deals.owner, "Only the deals of this owner");
    optional_text(forecast, "--org", o->deals.organization,
                  "Only the deals of this organization (id, name or unique prefix)");
    forecast->callback([&ctx, o]() {
        auto format = ctx.format("text|json|md|csv|tsv");
        auto& book = ctx.book(Access::read);
        auto result = unwrap(build_forecast(book, *o));
        if (format == "json") return print_json(ctx, render::forecast_json(result));
        if (format == "md") {
            ctx.out << render::forecast_markdown(result);
            return;
        }
        if (format == "csv" || format == "tsv") {
            ctx.out << render::forecast_csv(result, format == "csv" ? ',' : '\t');
            return;
        }
        ctx.out << render::forecast_text(result, ctx.style(), ctx.width());
    });
}

} // namespace crm::cli
