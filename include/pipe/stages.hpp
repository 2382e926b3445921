#pragma once
/// \file stages.hpp
/// Pipelines and their stages: the built-in default, loading and validating the TOML file.

#include "pipe/dates.hpp"
#include "pipe/error.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crm {

/// Whether a stage holds open deals or closes them.
enum class StageKind { open, won, lost };

/// Forecast category of a stage.
enum class Category { pipeline, best_case, commit };

/// One stage of a pipeline.
struct Stage {
    /// Display name, unique within its pipeline up to case and Unicode normalization.
    std::string name;
    /// Chance of winning, 0–100, used for weighted value.
    int probability = 0;
    /// Days without activity after which an open deal here is rotting; none if unset.
    std::optional<int> rot_days;
    /// open, won or lost.
    StageKind kind = StageKind::open;
    /// Forecast category (pipeline unless set).
    Category category = Category::pipeline;
};

/// An ordered list of stages with exactly one won and one lost stage.
struct Pipeline {
    /// Pipeline name, e.g. `sales`.
    std::string name;
    /// Stages in order.
    std::vector<Stage> stages;

    /// The stage of this name, or nullptr. Names compare as they look: case-insensitively
    /// (Unicode case folding: `négociation` is `Négociation`) and in Unicode NFC.
    [[nodiscard]] const Stage* find(std::string_view name) const;
    /// Position of the named stage (compared as by find), or -1.
    [[nodiscard]] int index_of(std::string_view name) const;
    /// The stage a user means: its name (compared as by find), else a unique prefix of one
    /// (compared the same way: `néGO` is Négociation). Errors name the pipeline and list its
    /// stages.
    [[nodiscard]] Result<const Stage*> match(std::string_view text) const;
    /// The first open stage (where new deals start).
    [[nodiscard]] const Stage& first_open() const;
    /// The won stage.
    [[nodiscard]] const Stage& won() const;
    /// The lost stage.
    [[nodiscard]] const Stage& lost() const;
    /// Comma-separated stage names, for messages.
    [[nodiscard]] std::string names() const;
};

/// Everything the stage file defines.
struct StageConfig {
    /// The pipeline used when none is named.
    std::string default_pipeline = "sales";
    /// Default currency of new deals (ISO 4217).
    std::string currency = "EUR";
    /// Pipelines, in file order; never empty.
    std::vector<Pipeline> pipelines;
    /// Target won value per month in minor units of `currency`, if `[goals] monthly` is set.
    std::optional<std::int64_t> monthly_goal;
    /// How dates of numbers only are read (`15/03`), if `date_order` is set; a client fills in
    /// the locale's order when the file does not say (the core reads no environment).
    std::optional<DateOrder> date_order;
    /// The usual reasons deals are lost (`lost_reasons = [...]`), in file order; empty when the
    /// file sets none. Offered by completion; a reason that is one of them up to case and
    /// spaces is stored in its spelling here.
    std::vector<std::string> lost_reasons;
    /// Where it came from: a path, or `built-in`.
    std::string source = "built-in";
    /// The stage file's text (the built-in default's for the default), kept with a whole-book
    /// archive.
    std::string text;

    /// The named pipeline (compared as stage names are, see Pipeline::find), or the default
    /// one when `name` is empty.
    [[nodiscard]] Result<const Pipeline*> pipeline(std::string_view name = {}) const;
    /// The entry of `lost_reasons` that `reason` is, up to case and spaces (trimmed, runs of
    /// spaces as one, Unicode case folding: `  PRICE ` is `Price`); nullptr when none is.
    [[nodiscard]] const std::string* lost_reason(std::string_view reason) const;
};

/// The built-in default: pipeline `sales` with Prospecting 10, Qualification 20, Meeting 40,
/// Proposal 60, Negotiation 80, Won 100 (won), Lost 0 (lost); currency EUR.
[[nodiscard]] StageConfig default_stage_config();

/// Parse and validate stage TOML. `source_name` prefixes errors: `stages.toml:4:29: ...`.
[[nodiscard]] Result<StageConfig> parse_stage_config(std::string_view toml_text,
                                                     std::string_view source_name);

/// Read, parse and validate a stage file.
[[nodiscard]] Result<StageConfig> load_stage_file(const std::string& path);

/// A commented stage file equal to the built-in default, written by `pipe init`.
[[nodiscard]] std::string default_stage_file_text();

/// `open`, `won` or `lost`.
[[nodiscard]] std::string_view to_string(StageKind kind);
/// `pipeline`, `best_case` or `commit`.
[[nodiscard]] std::string_view to_string(Category category);

} // namespace crm
