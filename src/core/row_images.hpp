#pragma once
// Rows of the book's tables as JSON objects ("images"), and writing an image back: what the
// journal records to reverse a change, what the trash keeps of a removed record, and what the
// whole-book archive holds. Images are made and read by SQLite's JSON functions, so text is
// kept byte for byte.

#include <SQLiteCpp/SQLiteCpp.h>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace crm::detail {

/// The tables whose rows the journal records: the book's own data. The derived tables
/// (derived_tables.hpp) are kept by triggers from these and never journaled.
[[nodiscard]] std::span<const std::string_view> journaled_tables();

/// The tables whose ids come from id_counters (ids users see; never handed out twice).
[[nodiscard]] std::span<const std::string_view> counted_tables();

/// Whether `table` is one of journaled_tables().
[[nodiscard]] bool is_journaled(std::string_view table);

/// The tables the journal records whole when a change replaces them (as `=table`): the
/// derived tables kept by triggers from the journaled ones (derived_tables.hpp: deal_totals,
/// closes, stage_reach, plan_days, rebuilt whole by a repair) and `meta` (the book's identity,
/// taken from a restored archive).
[[nodiscard]] std::span<const std::string_view> derived_tables();

/// (Re)create the journal's capture triggers of every journaled table from its current
/// columns; run after every migration.
void refresh_journal_triggers(SQLite::Database& db);

/// Images of rows of the journaled tables on one connection, with cached statements.
class RowImages {
  public:
    explicit RowImages(SQLite::Database& db);

    /// `json_object('id', P.id, …)` over every column of `table` (plus `rowid` for a table
    /// without an integer primary key), reading the row through `prefix` (`OLD.`, or empty).
    [[nodiscard]] std::string image_expr(std::string_view table, std::string_view prefix);
    /// The image of a row, or nullopt when there is none.
    [[nodiscard]] std::optional<std::string> image(std::string_view table, std::int64_t rowid);
    /// Images of the rows `where` selects (an SQL condition with one `?` bound to `key`), in
    /// rowid order.
    [[nodiscard]] std::vector<std::string> images(std::string_view table, std::string_view where,
                                                  std::int64_t key);
    /// Write an image back as row `rowid` (insert it, or overwrite what is there); nullopt
    /// removes the row. Columns the image lacks keep their value (or their default).
    void apply(std::string_view table, std::int64_t rowid, const std::optional<std::string>& image);
    /// The rowid an image holds (its `rowid` key, else its `id`).
    [[nodiscard]] std::int64_t rowid_of(std::string_view table, const std::string& image);
    /// Every row of a (derived) table as an image.
    [[nodiscard]] std::vector<std::string> all_images(std::string_view table);
    /// Insert an image as a new row of a (derived) table.
    void insert_image(std::string_view table, const std::string& image);
    /// Column names of a table, in order.
    [[nodiscard]] const std::vector<std::string>& columns(std::string_view table);

  private:
    struct Shape {
        std::vector<std::string> columns;
        bool rowid_alias = false;
    };
    const Shape& shape(std::string_view table);
    SQLite::Statement& cached(const std::string& sql);
    SQLite::Database& db_;
    std::map<std::string, Shape, std::less<>> shapes_;
    std::map<std::string, std::unique_ptr<SQLite::Statement>> statements_;
};

} // namespace crm::detail
