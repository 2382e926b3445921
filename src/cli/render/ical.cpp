#include "render/ical.hpp"

#include "render/command_line.hpp"

#include <fmt/format.h>
#include <utf8proc.h>

namespace crm::render {

namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD"; // U+FFFD

// `20260310T133000Z`.
std::string utc(Timestamp t) {
    auto day = std::chrono::floor<std::chrono::days>(t);
    std::chrono::year_month_day ymd{day};
    std::chrono::hh_mm_ss time{t - day};
    return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}Z", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                       time.hours().count(), time.minutes().count(), time.seconds().count());
}

// `20260310`.
std::string date(Date d) {
    std::chrono::year_month_day ymd{d};
    return fmt::format("{:04}{:02}{:02}", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

std::string capitalized(std::string word) {
    if (!word.empty() && word[0] >= 'a' && word[0] <= 'z')
        word[0] = static_cast<char>(word[0] - 32);
    return word;
}

class Writer {
  public:
    explicit Writer(std::string& out) : out_(out) {}
    void line(std::string_view name, std::string_view value) {
        out_ += ical_line(fmt::format("{}:{}", name, value));
    }
    void text(std::string_view name, std::string_view value) { line(name, ical_text(value)); }

  private:
    std::string& out_;
};

void plan(Writer& w, const Task& t, const CalendarFeed& feed) {
    const auto& a = t.activity;
    auto s = a.subject();
    bool event = a.time.has_value();
    w.line("BEGIN", event ? "VEVENT" : "VTODO");
    w.line("UID", fmt::format("activity-{}@{}", a.id, feed.book_id));
    w.line("DTSTAMP", utc(feed.generated));
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
    w.line("DTSTAMP", utc(feed.generated));
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
    w.line("DTSTAMP", utc(feed.generated));
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

std::string ical_text(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    std::size_t i = 0;
    while (i < text.size()) {
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
    return out;
}

std::string ical_line(std::string_view line) {
    std::string out;
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
    return out;
}

std::string ical_feed(const CalendarFeed& feed) {
    std::string out;
    out.reserve(512 + 400 * (feed.plans.size() + feed.closes.size() + feed.follow_ups.size()));
    Writer w(out);
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
