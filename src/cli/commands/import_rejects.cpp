#include "commands/import_rejects.hpp"

#include "render/csv.hpp"

#include <fmt/format.h>
#include <stdexcept>
#include <unistd.h>

namespace crm::cli {

Rejects::Rejects(std::string path, bool dry_run) : path_(std::move(path)), dry_run_(dry_run) {}

void Rejects::add(const std::vector<std::string>& columns, const io::Record& record,
                  const std::string& reason) {
    if (dry_run_) return;
    if (!file_) {
        auto created = OutputFile::create(path_);
        if (!created) stop(created.error());
        file_.emplace(std::move(*created));
        auto names = columns;
        names.push_back("reason");
        file_->stream() << render::csv_row(names, ',', true);
    }
    auto cells = record.cells;
    cells.resize(columns.size());
    cells.push_back(fmt::format("line {}: {}", record.line, reason));
    file_->stream() << render::csv_row(cells, ',', true);
    if (auto written = file_->flush(); !written) stop(written.error());
}

void Rejects::finish() {
    if (!file_) return;
    // Rare (the rows were written; only the rename failed), and after the import committed.
    if (auto done = file_->commit(); !done)
        throw CommandError{Error{"the good rows are imported, but " + done.error().what +
                                     " with the rejected ones",
                                 "pipe import undo takes the import back; " + done.error().hint}};
}

// Out of the import's transaction, which rolls back on any exception.
void Rejects::stop(Error error) {
    failure = std::move(error);
    throw std::runtime_error(failure->what);
}

void refuse_rejects_path(const std::string& rejects, const std::string& input,
                         const std::string& database) {
    const std::string fix = "write the rejected rows to another file, e.g. --skip-invalid "
                            "rejects.csv";
    auto id = file_id(rejects);
    auto input_id = input == "-" ? file_id(STDIN_FILENO) : file_id(input);
    if (id && input_id && *id == *input_id)
        throw CommandError{
            Error{fmt::format("--skip-invalid {}: that is the file being imported", rejects), fix}};
    if (is_database_file(rejects, database))
        throw CommandError{Error{
            fmt::format("--skip-invalid {}: that is the database, or a file SQLite keeps beside it",
                        rejects),
            fix}};
}

} // namespace crm::cli
