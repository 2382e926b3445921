#include "render/ical.hpp"

#include "render/command_line.hpp"

#include <fmt/format.h>
#include <utf8proc.h>

namespace crm::render {

namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD"; // U+FFFD

// Append `n` as exactly `width` decimal digits.
void digits(std::string& out, long long n, int width) {
    char buf[8];
    for (int i = width - 1; i >= 0; --i) {
        buf[i] = static_cast<char>('0' + n % 10);
        n /= 10;
    }
    out.append(buf, static_cast<std::size_t>(width));
}

// `20260310`.
std::string date(Date d) {
    std::chrono::year_month_day ymd{d};
    std::string out;
    digits(out, static_cast<int>(ymd.year()), 4);
    digits(out, static_cast<unsigned>(ymd.month()), 2);
    digits(out, static_cast<unsigned>(ymd.day()), 2);
    return out;
}

// `20260310T133000Z`.
std::string utc(Timestamp t) {
    auto day = std::chrono::floor<std::chrono::days>(t);
    std::chrono::hh_mm_ss time{t - day};
    auto out = date(Date{day});
    out += 'T';
    digits(out, time.hours().count(), 2);
    digits(out, time.minutes().count(), 2);
    digits(out, time.seconds().count(), 2);
    out += 'Z';
    return out;
}

std::string capitalized(std::string word) {
    if (!word.empty() && word[0] >= 'a' && word[0] <= 'z')
        word[0] = static_cast<char>(word[0] - 32);
    return word;
}

void append_text(std::string& out, std::string_view text);
void append_folded(std::string& out, std::string_view line);

// Appends content lines to the feed through one scratch buffer (a feed has thousands).
class Writer {
  public:
    Writer(std::string& out, Timestamp generated) : out_(out), stamp_(utc(generated)) {}
    /// DTSTAMP: when the feed was made, the same on every entry.
    void stamp() { line("DTSTAMP", stamp_); }
    void line(std::string_view name, std::string_view value) {
        scratch_.assign(name);
        scratch_ += ':';
        scratch_ += value;
        append_folded(out_, scratch_);
    }
    void text(std::string_view name, std::string_view value) {
        scratch_.assign(name);
        scratch_ += ':';
        append_text(scratch_, value);
        append_folded(out_, scratch_);
    }

  private:
    std::string& out_;
    std::string stamp_;
    std::string scratch_;
};

void plan(Writer& w, const Task& t, const CalendarFeed& feed) {
    const auto& a = t.activity;
    auto s = a.subject();
    bool event = a.time.has_value();
    w.line("BEGIN", event ? "VEVENT" : "VTODO");
    w.line("UID", fmt::format("activity-{}@{}", a.id, feed.book_id));
    w.stamp();
    std::string description = fmt::format("{} {} · {}\n{} {}", to_string(s.kind), s.id,
                                          t.subject_title, to_string(a.state()), a.kind);
    if (!a.outcome.empty()) description += "\n" + a.outcome;
    if (a.state() == ActivityState::planned)
        description += "\n" + command_line(act("task", "done", a.id));
    if (event) {
        auto start = local_instant(*a.due, *a.time);
        w.line("DTSTART", utc(start));
        w.line("DTEND", utc(start + a.duration.value_or(std::chrono::minutes{30})));
        w.line("STATUS", a.state() == ActivityState::cancelled ? "CANCELLED" : "CONFIRMED");
    } else {
        w.line("DUE;VALUE=DATE", date(*a.due));
        w.line("STATUS", a.state() == ActivityState::cancelled ? "CANCELLED"
                         : a.done                              ? "COMPLETED"
                                                               : "NEEDS-ACTION");
        if (a.done) w.line("COMPLETED", utc(a.at));
    }
    w.text("SUMMARY", fmt::format("{}: {} · {}", capitalized(a.kind), a.text, t.subject_title));
    w.text("DESCRIPTION", description);
    w.line("CATEGORIES", ical_text(a.kind));
    w.line("SEQUENCE", std::to_string(a.snoozes));
    w.line("END", event ? "VEVENT" : "VTODO");
}

void close_date(Writer& w, const CloseDate& c, const CalendarFeed& feed) {
    w.line("BEGIN", "VEVENT");
    w.line("UID", fmt::format("deal-{}-close@{}", c.deal_id, feed.book_id));
    w.stamp();
    w.line("DTSTART;VALUE=DATE", date(c.date));
    w.line("DTEND;VALUE=DATE", date(c.date + std::chrono::days{1}));
    w.text("SUMMARY", fmt::format("Expected close: {} ({})", c.title,
                                  format_money(c.value.minor, c.value.currency)));
    w.text("DESCRIPTION", fmt::format("deal {} · {}\n{}", c.deal_id, c.stage,
                                      command_line(act("deal", "show", c.deal_id))));
    w.line("TRANSP", "TRANSPARENT");
    w.line("END", "VEVENT");
}

void follow_up(Writer& w, const FollowUpDate& f, const CalendarFeed& feed) {
    w.line("BEGIN", "VTODO");
    w.line("UID", fmt::format("lead-{}-follow-up@{}", f.lead_id, feed.book_id));
    w.stamp();
    w.line("DUE;VALUE=DATE", date(f.date));
    w.line("STATUS", "NEEDS-ACTION");
    w.text("SUMMARY", f.organization.empty()
                          ? fmt::format("Follow up: {}", f.name)
                          : fmt::format("Follow up: {} ({})", f.name, f.organization));
    w.text("DESCRIPTION",
           fmt::format("lead {}\n{}", f.lead_id,
                       command_line(act("lead", "log", f.lead_id).arg("call").arg("…"))));
    w.line("END", "VTODO");
}

} // namespace

namespace {

bool plain(unsigned char c) {
    return c >= 0x20 && c < 0x7f && c != '\\' && c != ';' && c != ',';
}

void append_text(std::string& out, std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        auto run = i;
        while (run < text.size() && plain(static_cast<unsigned char>(text[run]))) ++run;
        out.append(text.substr(i, run - i));
        i = run;
        if (i == text.size()) break;
        utf8proc_int32_t point = 0;
        auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + i),
                                  static_cast<utf8proc_ssize_t>(text.size() - i), &point);
        if (n <= 0) {
            out += replacement;
            ++i;
            continue;
        }
        auto len = static_cast<std::size_t>(n);
        if (point == '\r') {
            out += "\\n";
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else if (point == '\n') {
            out += "\\n";
        } else if (point == '\\' || point == ';' || point == ',') {
            out += '\\';
            out += static_cast<char>(point);
        } else if ((point < 0x20 && point != '\t') || point == 0x7f ||
                   (point >= 0x80 && point <= 0x9f)) {
            out += replacement;
        } else {
            out.append(text.substr(i, len));
        }
        i += len;
    }
}

void append_folded(std::string& out, std::string_view line) {
    std::size_t limit = 75;
    while (line.size() > limit) {
        auto cut = limit;
        while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
        if (cut == 0) cut = limit;
        out.append(line.substr(0, cut));
        out += "\r\n ";
        line.remove_prefix(cut);
        limit = 74;
    }
    out.append(line);
    out += "\r\n";
}

} // namespace

std::string ical_text(std::string_view text) {
    std::string out;
    append_text(out, text);
    return out;
}

std::string ical_line(std::string_view line) {
    std::string out;
    append_folded(out, line);
    return out;
}

std::string ical_feed(const CalendarFeed& feed) {
    std::string out;
    out.reserve(512 + 400 * (feed.plans.size() + feed.closes.size() + feed.follow_ups.size()));
    Writer w(out, feed.generated);
    w.line("BEGIN", "VCALENDAR");
    w.line("VERSION", "2.0");
    w.line("PRODID", "-//pipe//pipe " PIPE_VERSION "//EN");
    w.line("CALSCALE", "GREGORIAN");
    w.line("METHOD", "PUBLISH");
    w.line("X-WR-CALNAME", "pipe");
    w.text("X-WR-CALDESC", fmt::format("Planned activities, expected closes and follow-ups, {} "
                                       "to {}",
                                       format_date(feed.first), format_date(feed.last)));
    w.line("REFRESH-INTERVAL;VALUE=DURATION", "PT1H");
    w.line("X-PUBLISHED-TTL", "PT1H");
    for (const auto& t : feed.plans) plan(w, t, feed);
    for (const auto& c : feed.closes) close_date(w, c, feed);
    for (const auto& f : feed.follow_ups) follow_up(w, f, feed);
    w.line("END", "VCALENDAR");
    return out;
}

} // namespace crm::render
