#include "pipe/stages.hpp"

#include "names.hpp"
#include "pipe/money.hpp"
#include "stage_file.hpp"
#include "text.hpp"

#include <fmt/format.h>
#include <map>
#include <optional>
#include <variant>
// toml++ 3.3 asserts (in a debug build) or, built by clang, assumes (undefined behaviour when
// false) things about its input that a malformed file breaks, like a value after `[ }` (found
// by tests/fuzz/fuzz_stages); past them its parser reports the error itself. Both are made
// no-ops, so a bad stage file is always an error message: TOML_ASSERT before toml++ defines it,
// TOML_ASSUME after its preprocessor header does (which toml.h then includes no more).
#define TOML_ASSERT(expr) static_cast<void>(0)
#include <toml++/impl/preprocessor.h>
#undef TOML_ASSUME
#define TOML_ASSUME(...) static_cast<void>(0)
#include <toml++/toml.h>

namespace crm {

// Names as stored match the file's byte for byte, so a first exact pass finds them without
// folding case; only a name typed otherwise is compared in its folded form.
int Pipeline::index_of(std::string_view stage_name) const {
    for (std::size_t i = 0; i < stages.size(); ++i)
        if (stages[i].name == stage_name) return static_cast<int>(i);
    for (std::size_t i = 0; i < stages.size(); ++i)
        if (detail::same_name(stages[i].name, stage_name)) return static_cast<int>(i);
    return -1;
}

const Stage* Pipeline::find(std::string_view stage_name) const {
    auto i = index_of(stage_name);
    return i < 0 ? nullptr : &stages[static_cast<std::size_t>(i)];
}

std::string Pipeline::names() const {
    std::vector<std::string> all;
    for (const auto& s : stages) all.push_back(s.name);
    return text::join(all, ", ");
}

Result<const Stage*> Pipeline::match(std::string_view wanted) const {
    auto trimmed = text::trim(wanted);
    if (const auto* exact = find(trimmed)) return exact;
    std::vector<const Stage*> hits;
    if (!trimmed.empty())
        for (const auto& s : stages)
            if (detail::name_starts_with(s.name, trimmed)) hits.push_back(&s);
    if (hits.size() == 1) return hits.front();
    if (hits.empty())
        return fail(fmt::format("no stage \"{}\" in pipeline \"{}\"", trimmed, name),
                    "stages: " + names());
    std::vector<std::string> candidates;
    for (const auto* s : hits) candidates.push_back(s->name);
    return fail(fmt::format("stage \"{}\" is ambiguous in pipeline \"{}\"", trimmed, name),
                "could be: " + text::join(candidates, ", "));
}

const Stage& Pipeline::first_open() const {
    for (const auto& s : stages)
        if (s.kind == StageKind::open) return s;
    return stages.front();
}

const Stage& Pipeline::won() const {
    for (const auto& s : stages)
        if (s.kind == StageKind::won) return s;
    return stages.back();
}

const Stage& Pipeline::lost() const {
    for (const auto& s : stages)
        if (s.kind == StageKind::lost) return s;
    return stages.back();
}

Result<const Pipeline*> StageConfig::pipeline(std::string_view wanted) const {
    auto target = wanted.empty() ? std::string_view(default_pipeline) : wanted;
    for (const auto& p : pipelines)
        if (p.name == target) return &p;
    for (const auto& p : pipelines)
        if (detail::same_name(p.name, target)) return &p;
    std::vector<std::string> all;
    for (const auto& p : pipelines) all.push_back(p.name);
    return fail(fmt::format("no pipeline \"{}\"", target), "pipelines: " + text::join(all, ", "));
}

const std::string* StageConfig::lost_reason(std::string_view reason) const {
    if (lost_reasons.empty()) return nullptr;
    auto key = detail::reason_key(reason);
    for (const auto& r : lost_reasons)
        if (detail::reason_key(r) == key) return &r;
    return nullptr;
}

std::string_view to_string(StageKind kind) {
    switch (kind) {
    case StageKind::won:
        return "won";
    case StageKind::lost:
        return "lost";
    default:
        return "open";
    }
}

std::string_view to_string(Category category) {
    switch (category) {
    case Category::best_case:
        return "best_case";
    case Category::commit:
        return "commit";
    default:
        return "pipeline";
    }
}

StageConfig default_stage_config() {
    StageConfig config;
    Pipeline sales{"sales", {}};
    sales.stages = {
        {"Prospecting", 10, std::nullopt, StageKind::open, Category::pipeline},
        {"Qualification", 20, std::nullopt, StageKind::open, Category::pipeline},
        {"Meeting", 40, std::nullopt, StageKind::open, Category::pipeline},
        {"Proposal", 60, std::nullopt, StageKind::open, Category::best_case},
        {"Negotiation", 80, std::nullopt, StageKind::open, Category::commit},
        {"Won", 100, std::nullopt, StageKind::won, Category::commit},
        {"Lost", 0, std::nullopt, StageKind::lost, Category::pipeline},
    };
    config.pipelines.push_back(std::move(sales));
    config.text = default_stage_file_text();
    return config;
}

std::string default_stage_file_text() {
    return R"(# pipe stage definitions: see `man 5 pipe-stages`.
# Each pipeline is an ordered list of stages. `probability` (0-100) is the chance of
# winning a deal in that stage, used for weighted value; `rot_days` flags deals without
# activity for longer; `kind` is open (default), won or lost; `category` is pipeline
# (default), best_case or commit, for forecasts. Exactly one won and one lost stage.

default_pipeline = "sales"
currency = "EUR"
# date_order = "dmy"   # how 03/04 reads: dmy (3 April), mdy (March 4) or ymd; default: the locale
# lost_reasons = ["Price", "Timing", "Competitor", "No budget"]   # for pipe deal lost --reason

[[pipeline]]
name = "sales"
stages = [
  { name = "Prospecting",   probability = 10 },
  { name = "Qualification", probability = 20 },
  { name = "Meeting",       probability = 40 },
  { name = "Proposal",      probability = 60, category = "best_case" },
  { name = "Negotiation",   probability = 80, category = "commit" },
  { name = "Won",  kind = "won" },
  { name = "Lost", kind = "lost" },
]

# [goals]
# monthly = "40000"   # target won value per month, for coverage
)";
}

namespace {

class StageFileParser {
  public:
    explicit StageFileParser(std::string_view source) : source_(source) {}

    Result<StageConfig> parse(const toml::table& root) {
        StageConfig config;
        config.pipelines.clear();
        config.source = std::string(source_);
        PIPE_TRY_VOID(check_keys(root, {"default_pipeline", "currency", "date_order",
                                        "lost_reasons", "pipeline", "goals"}));
        if (auto node = root.get("date_order")) {
            auto order = parse_date_order(PIPE_TRY(string_of(*node, "date_order")));
            if (!order) return error_at(*node, order.error().what);
            config.date_order = *order;
        }
        if (auto node = root.get("currency")) {
            auto code = PIPE_TRY(string_of(*node, "currency"));
            auto parsed = parse_currency(code);
            if (!parsed)
                return error_at(*node,
                                fmt::format("currency \"{}\" is not an ISO 4217 code", code));
            config.currency = *parsed;
        }
        if (const auto* node = root.get("lost_reasons"))
            config.lost_reasons = PIPE_TRY(parse_lost_reasons(*node));
        const auto* pipelines = root.get("pipeline");
        if (!pipelines) return error_at(root, "no [[pipeline]] defined");
        const auto* array = pipelines->as_array();
        if (!array || array->empty())
            return error_at(*pipelines, "pipeline must be a list of [[pipeline]] tables");
        std::map<std::string, std::string> seen; // name_key -> the name as written
        for (const auto& node : *array) {
            const auto* table = node.as_table();
            if (!table) return error_at(node, "each pipeline must be a table");
            auto pipeline = PIPE_TRY(parse_pipeline(*table));
            auto [first, added] = seen.try_emplace(name_key(pipeline.name), pipeline.name);
            if (!added)
                return error_at(node, duplicate("pipeline", pipeline.name, first->second, ""));
            config.pipelines.push_back(std::move(pipeline));
        }
        config.default_pipeline = config.pipelines.front().name;
        if (auto node = root.get("default_pipeline")) {
            auto name = PIPE_TRY(string_of(*node, "default_pipeline"));
            auto defined = seen.find(name_key(name));
            if (defined == seen.end())
                return error_at(*node, fmt::format("default_pipeline \"{}\" is not defined", name));
            config.default_pipeline = defined->second;
        }
        if (auto node = root.get("goals")) {
            const auto* goals = node->as_table();
            if (!goals) return error_at(*node, "goals must be a table");
            PIPE_TRY_VOID(check_keys(*goals, {"monthly"}));
            if (auto monthly = goals->get("monthly")) {
                std::string amount = monthly->is_integer()
                                         ? std::to_string(monthly->as_integer()->get())
                                         : PIPE_TRY(string_of(*monthly, "goals.monthly"));
                auto minor = parse_amount(amount, currency_digits(config.currency));
                if (!minor) return error_at(*monthly, "goals.monthly: " + minor.error().what);
                config.monthly_goal = *minor;
            }
        }
        return config;
    }

  private:
    Result<std::vector<std::string>> parse_lost_reasons(const toml::node& node) {
        const auto* array = node.as_array();
        if (!array)
            return error_at(node, "lost_reasons must be a list of strings, e.g. [\"Price\", "
                                  "\"Timing\"]");
        std::vector<std::string> reasons;
        std::map<std::string, std::string> seen; // reason_key -> the reason as written
        for (const auto& item : *array) {
            const auto* text = item.as_string();
            if (!text) return error_at(item, "each lost reason must be a string");
            auto reason = std::string(text::trim(text->get()));
            if (reason.empty()) return error_at(item, "a lost reason is empty");
            auto [first, added] = seen.try_emplace(detail::reason_key(reason), reason);
            if (!added)
                return error_at(item, fmt::format("duplicate lost reason \"{}\"{}", reason,
                                                  reason == first->second
                                                      ? std::string()
                                                      : fmt::format(": the same as \"{}\" up to "
                                                                    "case or spaces",
                                                                    first->second)));
            reasons.push_back(std::move(reason));
        }
        return reasons;
    }

    Result<Pipeline> parse_pipeline(const toml::table& table) {
        PIPE_TRY_VOID(check_keys(table, {"name", "stages"}));
        Pipeline pipeline;
        const auto* name = table.get("name");
        if (!name) return error_at(table, "pipeline needs a name");
        pipeline.name = PIPE_TRY(string_of(*name, "name"));
        if (text::trim(pipeline.name).empty()) return error_at(*name, "pipeline name is empty");
        const auto* stages = table.get("stages");
        if (!stages || !stages->is_array())
            return error_at(table,
                            fmt::format("pipeline \"{}\" needs a stages list", pipeline.name));
        int won = 0;
        int lost = 0;
        int open = 0;
        std::map<std::string, std::string> seen; // name_key -> the name as written
        for (const auto& node : *stages->as_array()) {
            const auto* stage_table = node.as_table();
            if (!stage_table)
                return error_at(node, "each stage must be a table { name = ..., ... }");
            auto stage = PIPE_TRY(parse_stage(*stage_table));
            auto [first, added] = seen.try_emplace(name_key(stage.name), stage.name);
            if (!added)
                return error_at(node, duplicate("stage", stage.name, first->second,
                                                fmt::format(" in pipeline \"{}\"", pipeline.name)));
            won += stage.kind == StageKind::won;
            lost += stage.kind == StageKind::lost;
            open += stage.kind == StageKind::open;
            pipeline.stages.push_back(std::move(stage));
        }
        if (won != 1 || lost != 1)
            return error_at(*stages,
                            fmt::format("pipeline \"{}\" needs exactly one won and one lost "
                                        "stage (has {} won, {} lost)",
                                        pipeline.name, won, lost));
        if (open == 0)
            return error_at(*stages,
                            fmt::format("pipeline \"{}\" has no open stage", pipeline.name));
        return pipeline;
    }

    Result<Stage> parse_stage(const toml::table& table) {
        PIPE_TRY_VOID(check_keys(table, {"name", "probability", "rot_days", "kind", "category"}));
        Stage stage;
        const auto* name = table.get("name");
        if (!name) return error_at(table, "stage needs a name");
        stage.name = std::string(text::trim(PIPE_TRY(string_of(*name, "name"))));
        if (stage.name.empty()) return error_at(*name, "stage name is empty");
        if (auto node = table.get("kind")) {
            auto kind = PIPE_TRY(string_of(*node, "kind"));
            if (kind == "open")
                stage.kind = StageKind::open;
            else if (kind == "won")
                stage.kind = StageKind::won;
            else if (kind == "lost")
                stage.kind = StageKind::lost;
            else
                return error_at(*node,
                                fmt::format("kind must be open, won or lost, not \"{}\"", kind));
        }
        stage.probability = stage.kind == StageKind::won ? 100 : 0;
        if (auto node = table.get("probability")) {
            auto value = PIPE_TRY(int_of(*node, "probability"));
            if (value < 0 || value > 100)
                return error_at(
                    *node, fmt::format("probability must be between 0 and 100, not {}", value));
            stage.probability = static_cast<int>(value);
        } else if (stage.kind == StageKind::open) {
            return error_at(table,
                            fmt::format("stage \"{}\" needs a probability (0-100)", stage.name));
        }
        if (auto node = table.get("rot_days")) {
            auto value = PIPE_TRY(int_of(*node, "rot_days"));
            if (value < 1 || value > 3650)
                return error_at(*node,
                                fmt::format("rot_days must be between 1 and 3650, not {}", value));
            stage.rot_days = static_cast<int>(value);
        }
        if (auto node = table.get("category")) {
            auto category = PIPE_TRY(string_of(*node, "category"));
            if (category == "pipeline")
                stage.category = Category::pipeline;
            else if (category == "best_case")
                stage.category = Category::best_case;
            else if (category == "commit")
                stage.category = Category::commit;
            else
                return error_at(
                    *node, fmt::format("category must be pipeline, best_case or commit, not \"{}\"",
                                       category));
        }
        return stage;
    }

    Result<void> check_keys(const toml::table& table,
                            std::initializer_list<std::string_view> allowed) {
        for (const auto& [key, node] : table) {
            bool known = false;
            for (auto a : allowed) known = known || key.str() == a;
            if (!known) {
                std::string list;
                for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
                return error_at(
                    node, fmt::format("unknown key \"{}\" (expected one of: {})", key.str(), list));
            }
        }
        return {};
    }

    Result<std::string> string_of(const toml::node& node, std::string_view key) {
        if (const auto* s = node.as_string()) return s->get();
        return error_at(node, fmt::format("{} must be a string", key));
    }

    Result<std::int64_t> int_of(const toml::node& node, std::string_view key) {
        if (const auto* i = node.as_integer()) return i->get();
        return error_at(node, fmt::format("{} must be a whole number", key));
    }

    // Names equal up to case, Unicode normalization or invisible characters look the same.
    static std::string duplicate(std::string_view what, const std::string& name,
                                 const std::string& first, const std::string& where) {
        auto message = fmt::format("duplicate {} \"{}\"{}", what, name, where);
        if (name != first)
            message += fmt::format(": the same name as \"{}\" up to case or Unicode "
                                   "normalization",
                                   first);
        return message;
    }

    static std::string name_key(std::string_view name) {
        return detail::name_key(text::trim(name));
    }

    std::unexpected<Error> error_at(const toml::node& node, std::string_view message) {
        const auto& begin = node.source().begin;
        return fail(fmt::format("{}:{}:{}: {}", source_, begin.line, begin.column, message),
                    "see man 5 pipe-stages");
    }

    std::string_view source_;
};

} // namespace

Result<StageConfig> parse_stage_config(std::string_view toml_text, std::string_view source_name) {
    auto ascii = detail::ascii_toml(toml_text);
    if (const auto* refusal = std::get_if<detail::Refusal>(&ascii))
        return fail(fmt::format("{}:{}: {}", source_name, refusal->where, refusal->what),
                    refusal->fix);
    try {
        auto root = toml::parse(std::get<std::string>(ascii), source_name);
        auto config = StageFileParser(source_name).parse(root);
        if (config) config->text = std::string(toml_text);
        return config;
    } catch (const toml::parse_error& e) {
        const auto& begin = e.source().begin;
        return fail(
            fmt::format("{}:{}:{}: {}", source_name, begin.line, begin.column, e.description()),
            "see man 5 pipe-stages");
    }
}

Result<StageConfig> load_stage_file(const std::string& path) {
    auto text = PIPE_TRY(detail::read_stage_file(path));
    return parse_stage_config(text, path);
}

} // namespace crm
