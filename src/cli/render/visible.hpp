#pragma once
// Text from outside the program (the database, the command line, a file, SQLite's messages) made
// harmless to print on a terminal, and to paste into Markdown. Every text screen and message
// passes stored or typed text through one of these; JSON, CSV and TSV output keep data exact.

#include <cstdint>
#include <string>
#include <string_view>

namespace crm::render {

/// One line of text with every control character shown as a visible escape, so that stored
/// text cannot retitle, clear or redraw the terminal: C0 controls as `\a \b \t \n \v \f \r \e`
/// or `\x01`, DEL as `\x7f`, C1 controls (U+0080–U+009F) as `\u009b`, and bytes that are not
/// UTF-8 as `\xff`. Everything else, backslashes included, is unchanged.
[[nodiscard]] std::string visible(std::string_view text);

/// Like `visible`, but keeps line breaks (LF or CRLF, written as LF) and tabs, for text shown on
/// lines of its own (notes). Each line break is followed by `indent` spaces, so continuation
/// lines stay aligned; a CR on its own is still escaped.
[[nodiscard]] std::string visible_lines(std::string_view text, std::size_t indent = 0);

/// Text for inline Markdown: `visible`, then Markdown syntax escaped with backslashes
/// (`\ ` * _ [ ] < > | # ~`, an entity's `&`, and a leading list or heading marker), so that
/// a title cannot add headings, links, tables, code or emphasis to a report. Leading and
/// trailing spaces are dropped.
[[nodiscard]] std::string markdown_text(std::string_view text);

/// A Markdown code span of `visible(text)`, fenced by enough backticks to hold any inside it.
[[nodiscard]] std::string markdown_code(std::string_view text);

/// Dumped JSON with DEL and the C1 controls (U+0080–U+009F), which JSON allows raw, written as
/// `\u007f`, `\u009b`: the same strings to any JSON reader, harmless on a terminal. (The dump
/// escapes C0 controls itself; outside strings JSON text is ASCII, so only strings change.)
[[nodiscard]] std::string json_safe(std::string dumped);

/// A count with its noun: `1 deal`, `0 deals`, `3 activities` (the plural defaults to the
/// singular plus `s`).
[[nodiscard]] std::string counted(std::int64_t n, std::string_view singular,
                                  std::string_view plural = {});

} // namespace crm::render
