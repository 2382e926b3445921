#include "pipe/clock.hpp"
#include "pipe/dates.hpp"

#include <cstdlib>
#include <ctime>
#include <doctest/doctest.h>
#include <optional>
#include <string>

using namespace crm;
using namespace std::chrono;

namespace {

// Sets the local time zone (TZ) for one test and restores the previous one afterwards.
class LocalZone {
  public:
    explicit LocalZone(const char* zone) {
        if (const char* old = std::getenv("TZ")) saved_ = old;
        ::setenv("TZ", zone, 1);
        ::tzset();
    }
    ~LocalZone() {
        if (saved_)
            ::setenv("TZ", saved_->c_str(), 1);
        else
            ::unsetenv("TZ");
        ::tzset();
    }
    LocalZone(const LocalZone&) = delete;
    LocalZone& operator=(const LocalZone&) = delete;

  private:
    std::optional<std::string> saved_;
};

Date iso(const char* text) {
    auto d = parse_iso_date(text);
    REQUIRE_MESSAGE(d.has_value(), text);
    return *d;
}

Timestamp utc(const char* text) {
    auto t = parse_timestamp(text, Timestamp{});
    REQUIRE_MESSAGE(t.has_value(), text);
    return *t;
}

// parse_date as ISO text, or the error message, so failures read well.
std::string date(std::string_view text, const char* today = "2026-03-02") {
    auto d = parse_date(text, iso(today));
    return d ? format_date(*d) : "error: " + d.error().message();
}

std::string instant(std::string_view text, const char* now = "2026-03-02T09:00:00Z") {
    auto t = parse_timestamp(text, utc(now));
    return t ? format_timestamp(*t) : "error: " + t.error().message();
}

std::string formatted(std::string_view text, std::string_view format) {
    auto t = parse_with_format(text, format);
    return t ? format_timestamp(*t) : "error: " + t.error().message();
}

const std::string date_hint = date_forms(DateOrder::dmy);

} // namespace

TEST_CASE("an ISO date parses to that calendar day") {
    CHECK(format_date(iso("2026-03-31")) == "2026-03-31");
    CHECK(format_date(iso("2024-02-29")) == "2024-02-29");
    CHECK(format_date(iso("2000-02-29")) == "2000-02-29");
    CHECK(format_date(iso(" 1999-12-31 ")) == "1999-12-31");
    CHECK(iso("1970-01-01").time_since_epoch().count() == 0);
}

TEST_CASE("impossible or malformed ISO dates are errors") {
    for (auto bad : {"2026-02-30", "2026-13-01", "2026-00-10", "2026-04-31", "2025-02-29",
                     "1900-02-29", "2026-03-00", "2026-3-5", "26-03-05", "2026/03/05",
                     "2026-03-05x", "", "today", "2026-03-05T09:00", "+2026-03-0"}) {
        auto r = parse_iso_date(bad);
        REQUIRE_MESSAGE(!r.has_value(), bad);
        CHECK(r.error().what == std::string("not a date: '") + bad + "'");
        CHECK(r.error().hint == "use YYYY-MM-DD");
    }
}

TEST_CASE("today, tomorrow and yesterday are relative to the given day") {
    CHECK(date("today") == "2026-03-02");
    CHECK(date("tomorrow") == "2026-03-03");
    CHECK(date("yesterday") == "2026-03-01");
    CHECK(date("yesterday", "2026-01-01") == "2025-12-31");
    CHECK(date("tomorrow", "2024-02-28") == "2024-02-29");
}

TEST_CASE("parse_date also takes ISO dates") {
    CHECK(date("2026-03-31") == "2026-03-31");
    CHECK(date("  2027-01-15 ") == "2027-01-15");
}

TEST_CASE("plus or minus N d counts days") {
    CHECK(date("+3d") == "2026-03-05");
    CHECK(date("-2d") == "2026-02-28");
    CHECK(date("+0d") == "2026-03-02");
    CHECK(date("+30d") == "2026-04-01");
    CHECK(date("+365d") == "2027-03-02");
    CHECK(date("+99999d") == "2299-12-15");
}

TEST_CASE("plus or minus N w counts weeks") {
    CHECK(date("+2w") == "2026-03-16");
    CHECK(date("-1w") == "2026-02-23");
    CHECK(date("+52w") == "2027-03-01");
}

TEST_CASE("plus or minus N m adds calendar months and keeps the day") {
    CHECK(date("+1m") == "2026-04-02");
    CHECK(date("+12m") == "2027-03-02");
    CHECK(date("-3m") == "2025-12-02");
    CHECK(date("+1m", "2026-02-28") == "2026-03-28");
}

TEST_CASE("adding months to a late day clamps to the end of a shorter month") {
    CHECK(date("+1m", "2026-01-31") == "2026-02-28");
    CHECK(date("+1m", "2024-01-31") == "2024-02-29");
    CHECK(date("+1m", "2026-03-31") == "2026-04-30");
    CHECK(date("-1m", "2026-03-31") == "2026-02-28");
    CHECK(date("-6m", "2026-08-31") == "2026-02-28");
    CHECK(date("+4m", "2026-10-31") == "2027-02-28");
    CHECK(date("+12m", "2024-02-29") == "2025-02-28");
    CHECK(date("+1m", "2026-12-31") == "2027-01-31");
}

TEST_CASE("a weekday name means the next such day, never today") {
    CHECK(date("mon") == "2026-03-09"); // 2026-03-02 is a Monday
    CHECK(date("tue") == "2026-03-03");
    CHECK(date("wed") == "2026-03-04");
    CHECK(date("fri") == "2026-03-06");
    CHECK(date("sun") == "2026-03-08");
    CHECK(date("sun", "2026-03-08") == "2026-03-15");
    CHECK(date("mon", "2026-03-08") == "2026-03-09");
    CHECK(date("sat", "2026-12-31") == "2027-01-02");
}

TEST_CASE("full weekday names work like the short ones") {
    CHECK(date("monday") == "2026-03-09");
    CHECK(date("Thursday") == "2026-03-05");
    CHECK(date("SATURDAY") == "2026-03-07");
}

TEST_CASE("eom is the last day of today's month") {
    CHECK(date("eom") == "2026-03-31");
    CHECK(date("eom", "2026-02-10") == "2026-02-28");
    CHECK(date("eom", "2024-02-01") == "2024-02-29");
    CHECK(date("eom", "2026-04-30") == "2026-04-30");
    CHECK(date("eom", "2026-12-15") == "2026-12-31");
    CHECK(date("eom", "2026-03-31") == "2026-03-31");
}

TEST_CASE("eoq is the last day of today's quarter") {
    CHECK(date("eoq", "2026-01-01") == "2026-03-31");
    CHECK(date("eoq", "2026-03-31") == "2026-03-31");
    CHECK(date("eoq", "2026-04-01") == "2026-06-30");
    CHECK(date("eoq", "2026-06-30") == "2026-06-30");
    CHECK(date("eoq", "2026-08-15") == "2026-09-30");
    CHECK(date("eoq", "2026-11-30") == "2026-12-31");
    CHECK(date("eoq", "2026-12-31") == "2026-12-31");
}

TEST_CASE("date words are case-insensitive and may be padded") {
    CHECK(date("TODAY") == "2026-03-02");
    CHECK(date(" Tomorrow ") == "2026-03-03");
    CHECK(date("EOM") == "2026-03-31");
    CHECK(date("Eoq") == "2026-03-31");
    CHECK(date("+3D") == "2026-03-05");
    CHECK(date("+2W") == "2026-03-16");
    CHECK(date("+1M") == "2026-04-02");
    CHECK(date("Fri") == "2026-03-06");
}

TEST_CASE("anything else is not a date, with the list of forms as the hint") {
    for (auto bad : {"xyz",       "someday",    "",          "+d",         "+3",
                     "++3d",      "+-3d",       "+3 d",      "+100000d",   "mond",
                     "mo",        "next",       "next mond", "next weeks", "in 2",
                     "in weeks",  "in a weeks", "3 days",    "15 Foo",     "32 Mar",
                     "Mar 32",    "15 Mar 26",  "+3dd",      "2026-02-30", "2026-03-05T09:00",
                     "fri 14:30", "eod",        "now",       "1.5d",       "+1.5w"}) {
        auto r = parse_date(bad, iso("2026-03-02"));
        REQUIRE_MESSAGE(!r.has_value(), bad);
        CHECK(r.error().what == std::string("not a date: '") + bad + "'");
        CHECK(r.error().hint == date_hint);
    }
    CHECK(parse_date("  Someday ", iso("2026-03-02")).error().what == "not a date: 'Someday'");
}

TEST_CASE("format_date writes ISO with zero padding") {
    CHECK(format_date(iso("2026-03-09")) == "2026-03-09");
    CHECK(format_date(sys_days{year{999} / 1 / 5}) == "0999-01-05");
}

TEST_CASE("format_timestamp writes UTC with a Z") {
    CHECK(format_timestamp(Timestamp{}) == "1970-01-01T00:00:00Z");
    CHECK(format_timestamp(Timestamp{seconds{-1}}) == "1969-12-31T23:59:59Z");
    CHECK(format_timestamp(sys_days{year{2026} / 3 / 2} + 9h + 5min + 7s) ==
          "2026-03-02T09:05:07Z");
}

TEST_CASE("now is the clock's instant") {
    CHECK(instant("now") == "2026-03-02T09:00:00Z");
    CHECK(instant(" NOW ", "2027-01-01T12:34:56Z") == "2027-01-01T12:34:56Z");
}

TEST_CASE("an instant with Z or an offset is exact whatever the local zone") {
    LocalZone zone("Europe/Berlin");
    CHECK(instant("2026-03-02T09:00:00Z") == "2026-03-02T09:00:00Z");
    CHECK(instant("2026-03-02T09:00Z") == "2026-03-02T09:00:00Z");
    CHECK(instant("2026-03-02 09:00:30z") == "2026-03-02T09:00:30Z");
    CHECK(instant("2026-03-02t09:00z") == "2026-03-02T09:00:00Z");
    CHECK(instant("2026-03-02T10:30+01:30") == "2026-03-02T09:00:00Z");
    CHECK(instant("2026-03-02T04:00-05:00") == "2026-03-02T09:00:00Z");
    CHECK(instant("2026-03-01T23:00:00-10:00") == "2026-03-02T09:00:00Z");
    CHECK(instant("2026-01-01T00:30+01:00") == "2025-12-31T23:30:00Z");
}

TEST_CASE("an instant without a zone is local time") {
    {
        LocalZone zone("UTC");
        CHECK(instant("2026-03-02T09:00") == "2026-03-02T09:00:00Z");
        CHECK(instant("2026-03-02 09:00:15") == "2026-03-02T09:00:15Z");
    }
    LocalZone zone("Europe/Berlin");
    CHECK(instant("2026-03-02T09:00") == "2026-03-02T08:00:00Z");
    CHECK(instant("2026-07-01 09:00:00") == "2026-07-01T07:00:00Z");
}

TEST_CASE("a local time in the spring-forward gap moves forward by the gap") {
    LocalZone zone("Europe/Berlin");
    auto t = parse_timestamp("2026-03-29T02:30", Timestamp{});
    REQUIRE(t.has_value());
    CHECK(format_timestamp(*t) == "2026-03-29T01:30:00Z");
    CHECK(format_local_datetime(*t) == "2026-03-29 03:30");
}

TEST_CASE("a malformed instant is an error") {
    for (auto bad : {"2026-03-02T25:00", "2026-03-02T09:60", "2026-03-02T09:00:60", "2026-03-02T09",
                     "2026-03-02T9:00", "2026-02-30T09:00", "2026-03-02T09:00+1",
                     "2026-03-02T09:00+01:00x", "2026-03-02T09:00 Z", "2026-03-02X09:00",
                     "2026-03-02T09:00+24:00", "2026-03-02T09:00:5", "later", ""}) {
        auto r = parse_timestamp(bad, Timestamp{});
        REQUIRE_MESSAGE(!r.has_value(), bad);
        CHECK(r.error().what == std::string("not a date or time: '") + bad + "'");
        CHECK_FALSE(r.error().hint.empty());
    }
}

TEST_CASE("an instant that an offset or the local zone moves out of the years 0000-9999 is "
          "an error") {
    const std::string hint = " (use a time in the years 0000 to 9999, UTC)";
    CHECK(instant("9999-12-31T23:59-23:59") ==
          "error: time out of range: '9999-12-31T23:59-23:59' is in the year 10000 in UTC" + hint);
    CHECK(instant("0000-01-01T00:00+01:00") ==
          "error: time out of range: '0000-01-01T00:00+01:00' is in the year -1 in UTC" + hint);
    CHECK(instant("9999-12-31T23:59:59Z") == "9999-12-31T23:59:59Z");
    CHECK(instant("0000-01-01T00:00:00Z") == "0000-01-01T00:00:00Z");
    CHECK(instant("9999-12-31T23:59+23:59") == "9999-12-31T00:00:00Z");
    CHECK(instant("0000-01-01T23:59-00:01") == "0000-01-02T00:00:00Z");
    {
        LocalZone zone("America/New_York");
        CHECK(instant("9999-12-31T23:00").starts_with("error: time out of range"));
        CHECK(instant("9999-12-31T12:00") == "9999-12-31T17:00:00Z");
        CHECK(formatted("31.12.9999 23:00", "%d.%m.%Y %H:%M")
                  .starts_with("error: time out of range"));
    }
    LocalZone zone("Etc/GMT-9"); // UTC+9 (real zones use local mean time in the year 0)
    CHECK(instant("0000-01-01T08:00").starts_with("error: time out of range"));
    CHECK(instant("0000-01-01").starts_with("error: time out of range"));
    CHECK(formatted("01/01/0000", "%m/%d/%Y").starts_with("error: time out of range"));
    CHECK(instant("0000-01-02") == "0000-01-01T15:00:00Z");
}

TEST_CASE("every instant parsed formats to ISO text that parses back to it") {
    LocalZone zone("Pacific/Kiritimati"); // UTC+14, the zone furthest ahead
    for (auto text : {"9999-12-31T23:59-23:59", "0000-01-01T00:00+01:00", "0000-01-01T00:00",
                      "0000-01-01", "9999-12-31T23:59:59", "9999-12-31", "2026-03-02T09:00"}) {
        auto t = parse_timestamp(text, Timestamp{});
        if (!t) continue;
        auto again = parse_timestamp(format_timestamp(*t), Timestamp{});
        REQUIRE_MESSAGE(again.has_value(), text);
        CHECK(*again == *t);
    }
}

TEST_CASE("a date given as an instant means local midnight of that day") {
    {
        LocalZone zone("UTC");
        CHECK(instant("tomorrow") == "2026-03-03T00:00:00Z");
        CHECK(instant("2026-03-31") == "2026-03-31T00:00:00Z");
        CHECK(instant("eom") == "2026-03-31T00:00:00Z");
    }
    LocalZone zone("Europe/Berlin");
    CHECK(instant("tomorrow") == "2026-03-02T23:00:00Z");
    CHECK(instant("2026-07-01") == "2026-06-30T22:00:00Z");
    // 23:30 UTC is already the next day in Berlin, so "today" is 3 March there.
    CHECK(instant("today", "2026-03-02T23:30:00Z") == "2026-03-02T23:00:00Z");
}

TEST_CASE("local_date is the calendar day on the local wall clock") {
    auto late = utc("2026-03-02T23:30:00Z");
    {
        LocalZone zone("UTC");
        CHECK(format_date(local_date(late)) == "2026-03-02");
    }
    LocalZone zone("Europe/Berlin");
    CHECK(format_date(local_date(late)) == "2026-03-03");
    CHECK(format_date(local_date(utc("2026-07-01T21:59:59Z"))) == "2026-07-01");
    CHECK(format_date(local_date(utc("2026-07-01T22:00:00Z"))) == "2026-07-02");
}

TEST_CASE("local midnight in Berlin follows daylight saving time") {
    LocalZone zone("Europe/Berlin");
    CHECK(format_timestamp(local_midnight(iso("2026-03-29"))) == "2026-03-28T23:00:00Z");
    CHECK(format_timestamp(local_midnight(iso("2026-03-30"))) == "2026-03-29T22:00:00Z");
    CHECK(format_timestamp(local_midnight(iso("2026-10-25"))) == "2026-10-24T22:00:00Z");
    CHECK(format_timestamp(local_midnight(iso("2026-10-26"))) == "2026-10-25T23:00:00Z");
}

TEST_CASE("days with a DST change last 23 or 25 hours") {
    LocalZone zone("Europe/Berlin");
    auto length = [](const char* d) {
        auto start = local_midnight(iso(d));
        return days_between(start, local_midnight(iso(d) + days{1}));
    };
    CHECK(length("2026-03-29") == doctest::Approx(23.0 / 24.0));
    CHECK(length("2026-10-25") == doctest::Approx(25.0 / 24.0));
    CHECK(length("2026-03-02") == doctest::Approx(1.0));
}

TEST_CASE("every local midnight of the year starts its own day") {
    for (auto name : {"UTC", "Europe/Berlin", "America/Havana", "America/Sao_Paulo"}) {
        LocalZone zone(name);
        for (auto d = iso("2026-01-01"); d < iso("2027-01-01"); d += days{1}) {
            auto start = local_midnight(d);
            CHECK_MESSAGE(local_date(start) == d, name, " ", format_date(d));
            CHECK_MESSAGE(local_date(start - 1s) == d - days{1}, name, " ", format_date(d));
        }
    }
}

TEST_CASE("format_local_datetime shows the local wall clock to the minute") {
    auto t = utc("2026-03-02T09:00:59Z");
    {
        LocalZone zone("UTC");
        CHECK(format_local_datetime(t) == "2026-03-02 09:00");
    }
    LocalZone zone("Europe/Berlin");
    CHECK(format_local_datetime(t) == "2026-03-02 10:00");
    CHECK(format_local_datetime(utc("2026-07-01T09:00:00Z")) == "2026-07-01 11:00");
    CHECK(format_local_datetime(utc("2026-12-31T23:30:00Z")) == "2027-01-01 00:30");
}

TEST_CASE("days_between is elapsed time over 24 hours") {
    auto t = utc("2026-03-02T09:00:00Z");
    CHECK(days_between(t, t) == 0.0);
    CHECK(days_between(t, t + 12h) == doctest::Approx(0.5));
    CHECK(days_between(t, t + 36h) == doctest::Approx(1.5));
    CHECK(days_between(t, t - 24h) == doctest::Approx(-1.0));
    CHECK(days_between(t, utc("2026-03-09T09:00:00Z")) == doctest::Approx(7.0));
}

TEST_CASE("parse_with_format reads strptime formats as local time") {
    {
        LocalZone zone("UTC");
        CHECK(formatted("03/31/2026", "%m/%d/%Y") == "2026-03-31T00:00:00Z");
        CHECK(formatted("31.03.2026 14:30", "%d.%m.%Y %H:%M") == "2026-03-31T14:30:00Z");
        CHECK(formatted("2026-03-02T09:00:05", "%Y-%m-%dT%H:%M:%S") == "2026-03-02T09:00:05Z");
        CHECK(formatted("9 Mar 2026", "%d %b %Y") == "2026-03-09T00:00:00Z");
        CHECK(formatted("Mar  9 2026", "%b %e %Y") == "2026-03-09T00:00:00Z");
        CHECK(formatted("260309", "%y%m%d") == "2026-03-09T00:00:00Z");
        CHECK(formatted(" 03/31/2026 ", "%m/%d/%Y") == "2026-03-31T00:00:00Z");
        CHECK(formatted("29/02/2024", "%d/%m/%Y") == "2024-02-29T00:00:00Z");
    }
    LocalZone zone("Europe/Berlin");
    CHECK(formatted("31.03.2026 14:30", "%d.%m.%Y %H:%M") == "2026-03-31T12:30:00Z");
    CHECK(formatted("02.03.2026 14:30", "%d.%m.%Y %H:%M") == "2026-03-02T13:30:00Z");
}

TEST_CASE("parse_with_format rejects trailing garbage and impossible dates") {
    LocalZone zone("UTC");
    for (auto bad : {"03/31/2026x", "02/30/2026", "13/01/2026", "03/31", "", "2026-03-31",
                     "03/31/2026 10:00", "02/29/2026"}) {
        auto r = parse_with_format(bad, "%m/%d/%Y");
        REQUIRE_MESSAGE(!r.has_value(), bad);
        CHECK(r.error().what == std::string("not a date in the format '%m/%d/%Y': '") + bad + "'");
        CHECK(r.error().hint == "e.g. 03/31/2026");
    }
    CHECK(formatted("31.03.2026 25:00", "%d.%m.%Y %H:%M").starts_with("error"));
    CHECK(parse_with_format("31.03.2026", "%d.%m.%Y %H:%M").error().hint ==
          "e.g. 31.03.2026 14:30");
}

TEST_CASE("short and long human forms of a date") {
    CHECK(format_short_date(iso("2026-03-09")) == "Mon 9 Mar");
    CHECK(format_short_date(iso("2026-11-01")) == "Sun 1 Nov");
    CHECK(format_short_date(iso("2026-12-31")) == "Thu 31 Dec");
    CHECK(format_long_date(iso("2026-03-10")) == "Tuesday 10 March 2026");
    CHECK(format_long_date(iso("2022-12-31")) == "Saturday 31 December 2022");
    CHECK(format_long_date(iso("2026-09-02")) == "Wednesday 2 September 2026");
}

TEST_CASE("the system clock tells the current time in whole seconds") {
    auto before = floor<seconds>(system_clock::now());
    auto now = SystemClock().now();
    auto after = system_clock::now();
    CHECK(now >= before);
    CHECK(now <= after);
}

TEST_CASE("a fixed clock answers the instant it was set to") {
    FixedClock clock(utc("2026-03-02T09:00:00Z"));
    CHECK(format_timestamp(clock.now()) == "2026-03-02T09:00:00Z");
    clock.set(utc("2026-04-01T00:00:00Z"));
    CHECK(format_timestamp(clock.now()) == "2026-04-01T00:00:00Z");
    const Clock& any = clock;
    CHECK(format_timestamp(any.now()) == "2026-04-01T00:00:00Z");
}
