#include "pipe/io/archive.hpp"

#include "../change.hpp"
#include "../deal_rows.hpp"
#include "../row_images.hpp"
#include "pipe/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace crm::io {

using nlohmann::json;

Result<void> export_archive(Book& book, const std::function<void(std::string_view)>& write) {
    return book.store.read([&]() -> Result<void> {
        auto& store = book.store;
        nlohmann::ordered_json header = nlohmann::ordered_json::object();
        header["pipe_archive"] = archive_version;
        header["book_id"] = store.book_id();
        header["schema_version"] = schema_version;
        header["exported_at"] = format_timestamp(book.clock.now());
        header["stages"] = {{"source", book.stages.source}, {"text", book.stages.text}};
        nlohmann::ordered_json counters = nlohmann::ordered_json::object();
        SQLite::Statement st(store.db(), "SELECT name, last FROM id_counters ORDER BY name");
        while (st.executeStep()) counters[st.getColumn(0).getString()] = st.getColumn(1).getInt64();
        header["counters"] = counters;
        auto text = header.dump();
        text.pop_back(); // the closing brace: the tables follow
        write(text);
        write(",\"tables\":{");
        bool first_table = true;
        for (auto table : detail::journaled_tables()) {
            write(fmt::format("{}\n\"{}\":[", first_table ? "" : ",", table));
            first_table = false;
            SQLite::Statement rows(store.db(),
                                   fmt::format("SELECT {} FROM {} ORDER BY rowid",
                                               store.images().image_expr(table, ""), table));
            bool first = true;
            while (rows.executeStep()) {
                write(first ? "\n" : ",\n");
                write(rows.getColumn(0).getString());
                first = false;
            }
            write("]");
        }
        write("\n}}\n");
        return {};
    });
}

bool looks_like_archive(std::string_view start) {
    if (start.starts_with("\xEF\xBB\xBF")) start.remove_prefix(3);
    auto at = start.find_first_not_of(" \t\r\n");
    if (at == std::string_view::npos || start[at] != '{') return false;
    // Our writer puts the key first; a tool that sorted the keys leaves it near the start.
    return start.find("\"pipe_archive\"") != std::string_view::npos;
}

namespace {

// Builds the archive's small parts as JSON and hands each row of `tables` to a callback as it
// is read, so memory does not grow with the book.
class ArchiveReader final : public json::json_sax_t {
  public:
    std::function<void(const std::string& table, const json& row)> on_row;
    json header = json::object();
    std::string error;

    bool null() override { return put(nullptr); }
    bool boolean(bool v) override { return put(v); }
    bool number_integer(number_integer_t v) override { return put(v); }
    bool number_unsigned(number_unsigned_t v) override { return put(v); }
    bool number_float(number_float_t v, const string_t&) override { return put(v); }
    bool string(string_t& v) override { return put(v); }
    bool binary(binary_t&) override { return put(nullptr); }
    bool start_object(std::size_t) override {
        stack_.push_back({json::object(), {}, false, {}});
        return true;
    }
    bool key(string_t& k) override {
        stack_.back().key = k;
        return true;
    }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override {
        Frame f{json::array(), {}, false, {}};
        if (stack_.size() == 2 && stack_[0].key == "tables") {
            f.rows = true;
            f.table = stack_[1].key;
            if (!header.contains("pipe_archive")) {
                error = "the archive's tables come before its header";
                return false;
            }
        }
        stack_.push_back(std::move(f));
        return true;
    }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t position, const std::string&,
                     const nlohmann::detail::exception& e) override {
        if (error.empty()) error = fmt::format("not valid JSON at byte {}: {}", position, e.what());
        return false;
    }

  private:
    struct Frame {
        json value;
        std::string key;
        bool rows = false;
        std::string table;
    };

    bool put(json v) {
        if (stack_.empty()) return true;
        auto& top = stack_.back();
        if (top.rows) {
            if (!v.is_object()) {
                error = fmt::format("a row of {} is not an object", top.table);
                return false;
            }
            on_row(top.table, v);
            return true;
        }
        if (top.value.is_object())
            top.value[top.key] = std::move(v);
        else
            top.value.push_back(std::move(v));
        // The header's keys, as they come (the tables follow them).
        if (stack_.size() == 1 && top.key != "tables") header[top.key] = top.value[top.key];
        return true;
    }

    bool close() {
        auto frame = std::move(stack_.back());
        stack_.pop_back();
        if (frame.rows) return true;
        if (stack_.size() == 1 && stack_[0].key == "tables") return true; // the tables object
        return put(std::move(frame.value));
    }

    std::vector<Frame> stack_;
};

Result<void> require_empty(Store& store) {
    std::int64_t rows = 0;
    for (auto table : detail::journaled_tables())
        rows += store.db().execAndGet(fmt::format("SELECT count(*) FROM {}", table)).getInt64();
    if (rows > 0)
        return fail(fmt::format("an archive restores a whole book into an empty database, and {} "
                                "is not empty",
                                store.path()),
                    "use --db NEW.db, or per-type exports (pipe export --type) to merge");
    return {};
}

} // namespace

Result<ArchiveImport> import_archive(Book& book, std::istream& in, const std::string& source) {
    ArchiveImport out;
    auto& store = book.store;
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& change) -> Result<void> {
        PIPE_TRY_VOID(require_empty(store));
        ArchiveReader reader;
        std::string refused;
        auto& images = store.images();
        reader.on_row = [&](const std::string& table, const json& row) {
            if (!refused.empty()) return;
            if (!detail::is_journaled(table)) {
                refused = fmt::format("unknown table '{}'", table);
                return;
            }
            auto version = reader.header.value("pipe_archive", 0);
            if (version < 1 || version > archive_version) {
                refused = fmt::format("archive version {} (this pipe reads {})", version,
                                      archive_version);
                return;
            }
            auto text = row.dump();
            images.apply(table, images.rowid_of(table, text), text);
            ++out.rows;
            if (table == "deals") ++out.deals;
            if (table == "leads") ++out.leads;
        };
        bool parsed = json::sax_parse(in, &reader);
        if (!refused.empty())
            return fail(fmt::format("{}: {}", source, refused),
                        "use an archive of pipe export --all");
        if (!parsed || !reader.header.contains("pipe_archive"))
            return fail(fmt::format("{}: {}", source,
                                    reader.error.empty() ? "not a pipe archive" : reader.error),
                        act("export", "").option("--all"));
        if (reader.header.contains("counters") && reader.header["counters"].is_object())
            for (const auto& [name, last] : reader.header["counters"].items())
                if (last.is_number_integer()) {
                    auto& st = store.statement("UPDATE id_counters SET last = max(last, ?) WHERE "
                                               "name = ?");
                    st.bind(1, last.get<std::int64_t>());
                    st.bind(2, name);
                    st.exec();
                }
        if (auto id = reader.header.value("book_id", std::string()); !id.empty()) {
            detail::save_snapshot(store, change.id(), "meta");
            auto& st = store.statement("UPDATE meta SET value = ? WHERE key = 'book_id'");
            st.bind(1, id);
            st.exec();
            out.book_id = id;
        }
        if (reader.header.contains("stages") && reader.header["stages"].is_object()) {
            out.stages_text = reader.header["stages"].value("text", std::string());
            out.stages_source = reader.header["stages"].value("source", std::string());
            out.same_stages = out.stages_text == book.stages.text;
        }
        change.describe(fmt::format("restored the archive {} ({} deals, {} leads)", source,
                                    out.deals, out.leads));
        return {};
    }));
    store.forget_book_id();
    return out;
}

} // namespace crm::io
