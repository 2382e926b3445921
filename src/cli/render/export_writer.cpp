#include "render/export_writer.hpp"

#include "render/csv.hpp"
#include "render/visible.hpp"

#include <nlohmann/json.hpp>

namespace crm::render {

ExportWriter::ExportWriter(std::ostream& out, io::Format format, std::vector<std::string> columns,
                           bool raw)
    : out_(out), format_(format), columns_(std::move(columns)), raw_(raw) {}

void ExportWriter::begin() {
    if (format_ == io::Format::csv || format_ == io::Format::tsv)
        out_ << csv_row(columns_, format_ == io::Format::csv ? ',' : '\t', true);
    else if (format_ == io::Format::json)
        out_ << "[";
}

void ExportWriter::row(const std::vector<io::Cell>& cells) {
    if (format_ == io::Format::csv || format_ == io::Format::tsv) {
        std::vector<std::string> texts;
        texts.reserve(cells.size());
        for (const auto& c : cells) texts.push_back(c.text);
        out_ << csv_row(texts, format_ == io::Format::csv ? ',' : '\t', raw_);
        return;
    }
    nlohmann::ordered_json object;
    for (std::size_t i = 0; i < cells.size() && i < columns_.size(); ++i) {
        const auto& c = cells[i];
        auto& slot = object[columns_[i]];
        switch (c.kind) {
        case io::Cell::Kind::null:
            slot = nullptr;
            break;
        case io::Cell::Kind::number:
            slot = std::stoll(c.text);
            break;
        case io::Cell::Kind::boolean:
            slot = c.text == "true";
            break;
        case io::Cell::Kind::list: {
            slot = nlohmann::ordered_json::array();
            std::size_t start = 0;
            while (start < c.text.size()) {
                auto end = c.text.find(';', start);
                if (end == std::string::npos) end = c.text.size();
                slot.push_back(c.text.substr(start, end - start));
                start = end + 1;
            }
            break;
        }
        default:
            slot = c.text;
        }
    }
    auto text = json_safe(object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    if (format_ == io::Format::json) {
        out_ << (first_ ? "\n" : ",\n") << text;
        first_ = false;
    } else {
        out_ << text << '\n';
    }
}

void ExportWriter::end() {
    if (format_ == io::Format::json) out_ << (first_ ? "]\n" : "\n]\n");
}

} // namespace crm::render
