#pragma once
// What every command shares: global options, the lazily opened book, output helpers.

#include "pipe/book.hpp"
#include "pipe/refs.hpp"
#include "render/style.hpp"

#include <chrono>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace crm::cli {

/// Thrown by command callbacks; main() prints it and exits with its code.
struct CommandError {
    Error error;
};

/// Unwrap a Result or throw CommandError.
template <class T> T unwrap(Result<T> result) {
    if (!result) throw CommandError{std::move(result).error()};
    if constexpr (!std::is_void_v<T>) return std::move(*result);
}

/// Options every command accepts.
struct GlobalOptions {
    std::string db;             ///< --db
    std::string stages;         ///< --stages
    std::string color = "auto"; ///< --color
    std::string format;         ///< --format (empty: the command's default)
    bool json = false;          ///< --json
    bool quiet = false;         ///< -q/--quiet
};

/// Shared state of one invocation of pipe.
class Context {
  public:
    /// A context writing to these streams.
    Context(std::ostream& out, std::ostream& err);
    ~Context();

    /// Global options, filled by the parser.
    GlobalOptions options;
    /// Who is asking (the command as typed, pid, user): recorded in the journal with each
    /// change.
    Origin origin;
    /// Record the command line as typed (quoted where a shell would need it).
    void set_command_line(const std::vector<std::string>& args);

    /// The book, opening the database and loading stages on first use.
    Book& book(Access access);
    /// Leave out the warning that deals are in stages the stage file no longer defines (for
    /// pipe stages rename, which moves them: the warning would name what it fixes).
    void skip_undefined_stage_warning() { warned_undefined_ = true; }
    /// The stage definitions in force (loads them on first use).
    const StageConfig& stages();
    /// The clock (PIPE_NOW or the system clock).
    const Clock& clock();
    /// Where the database lives: --db, PIPE_DB, else the XDG data path.
    [[nodiscard]] std::string db_path() const;
    /// The stage file to read, if any: --stages, PIPE_STAGES, else the XDG config file if present.
    [[nodiscard]] std::optional<std::string> stages_path() const;
    /// How long to wait for another process's write: PIPE_BUSY_TIMEOUT_MS, else 30 s.
    [[nodiscard]] std::chrono::milliseconds busy_timeout() const;
    /// The locale that names the date order: LC_ALL, else LC_TIME, else LANG (empty: none).
    [[nodiscard]] std::string locale_name() const;
    /// The XDG config stage file path (whether or not it exists).
    [[nodiscard]] std::string default_stages_path() const;

    /// The output format: --json wins, then --format, else `fallback`. Errors (exit 2) unless
    /// it is one of `allowed` (a `|`-separated list, e.g. "text|json|csv").
    std::string format(std::string_view allowed, std::string_view fallback = "text");
    /// Colour for stdout.
    [[nodiscard]] render::Style style() const;
    /// The width tables may fill: the terminal's (render::terminal_width), unlimited when stdout
    /// is not a terminal.
    [[nodiscard]] std::size_t width() const;

    /// Data output.
    std::ostream& out;
    /// Messages, warnings and progress.
    std::ostream& err;
    /// Print a message to stderr unless --quiet. Messages, warnings and error lines show
    /// control characters as visible escapes (render::visible): they echo stored and typed text.
    void note(const std::string& message);
    /// Print a warning to stderr (even with --quiet).
    void warn(const std::string& message);
    /// Print one line of an error report to stderr (even with --quiet).
    void error_line(const std::string& line);

    /// A record typed by name (`acme roll`) where an id is asked: `target` gets its id when
    /// the book opens (an unknown or ambiguous name is an error then).
    void defer_ref(RecordKind kind, std::string text, std::int64_t* target);
    /// Records the command created on the way (`deal add --org NEW`), said after it succeeds.
    std::vector<CreatedRecord> created;

  private:
    std::unique_ptr<Clock> clock_;
    std::optional<StageConfig> stages_;
    std::optional<Store> store_;
    std::optional<Book> book_;
    Access opened_ = Access::read;
    bool warned_undefined_ = false;
    struct PendingRef {
        RecordKind kind;
        std::string text;
        std::int64_t* target;
    };
    std::vector<PendingRef> pending_;
};

} // namespace crm::cli
