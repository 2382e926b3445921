// Reading other CRMs' exports: column names and prefixes, the type from the headers, amounts,
// probabilities and dates as exported, status words.

#include "io/cells.hpp"
#include "pipe/io/mapping.hpp"

#include <doctest/doctest.h>
#include <string>
#include <vector>

using namespace crm;
using namespace crm::io;
using namespace crm::io::detail;

namespace {

std::string type_of(const std::vector<std::string>& columns) {
    auto t = type_of_columns(columns);
    return t ? std::string(to_string(*t)) : "error: " + t.error().what;
}

std::string amount(std::string_view cell, Decimal decimal = Decimal::unknown, int digits = 2) {
    auto split = split_amount(cell);
    auto minor = read_amount(split.number, decimal, digits);
    return minor ? std::to_string(*minor) + split.currency : "error: " + minor.error().what;
}

std::string utc(std::string_view cell, DayOrder order = DayOrder::unknown) {
    auto t = read_exported_time(cell, order);
    return t ? format_timestamp(*t) : "error: " + t.error().what;
}

} // namespace

TEST_CASE("CRM prefixes are taken off before matching") {
    CHECK(match_name(RecordType::deals, "Deal - Title") == "title");
    CHECK(match_name(RecordType::deals, "Deal - Won time") == "wontime");
    CHECK(match_name(RecordType::deals, "Person - Name") == "contactname");
    CHECK(match_name(RecordType::deals, "Person - Email - Work") == "contactemail");
    CHECK(match_name(RecordType::deals, "Person - Phone - Mobile") == "contactphone");
    CHECK(match_name(RecordType::deals, "Organization - Name") == "organization");
    CHECK(match_name(RecordType::leads, "Person - Email - Work") == "emailwork");
    CHECK(match_name(RecordType::deals, "Probability (%)") == "probability");
    // Not a prefix: a name that only starts like one.
    CHECK(match_name(RecordType::deals, "Dealer") == "dealer");
    CHECK(match_name(RecordType::deals, "Deal Name") == "dealname");
}

TEST_CASE("each CRM's deal columns map without --map") {
    auto fields_of = [](const std::vector<std::string>& columns) {
        auto m = map_columns(RecordType::deals, columns, {}, true);
        REQUIRE(m);
        std::vector<std::string> out;
        const auto& names = field_names(RecordType::deals);
        for (std::size_t c = 0; c < columns.size(); ++c) {
            std::string field = "-";
            for (std::size_t f = 0; f < names.size(); ++f)
                if (m->column_of[f] == static_cast<int>(c)) field = names[f];
            auto col = static_cast<int>(c);
            if (m->close_date == col) field = "close_date";
            if (m->status == col) field = "status";
            if (m->is_won == col) field = "is_won";
            if (m->is_closed == col) field = "is_closed";
            if (m->won_time == col) field = "won_time";
            if (m->lost_time == col) field = "lost_time";
            out.push_back(field);
        }
        return out;
    };
    using V = std::vector<std::string>;
    CHECK(fields_of({"Deal - ID", "Deal - Title", "Deal - Owner", "Deal - Value", "Deal - Status",
                     "Deal - Won time", "Deal - Lost time", "Deal - Deal created"}) ==
          V{"external_id", "title", "owner", "value", "status", "won_time", "lost_time",
            "created_at"});
    CHECK(fields_of({"Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date", "Create Date",
                     "Closed Lost Reason", "Is Closed Won", "Associated Contact Email"}) ==
          V{"external_id", "title", "stage", "value", "close_date", "created_at", "lost_reason",
            "is_won", "email"});
    CHECK(fields_of({"Id", "Name", "StageName", "Amount", "CloseDate", "CreatedDate", "IsClosed",
                     "IsWon", "Probability", "Owner", "ForecastCategoryName"}) ==
          V{"external_id", "title", "stage", "value", "close_date", "created_at", "is_closed",
            "is_won", "probability", "owner", "-"});
    CHECK(fields_of({"Potential Name", "Closing Date", "Created Time", "Stage", "Amount",
                     "Deal Owner"}) ==
          V{"title", "close_date", "created_at", "stage", "value", "owner"});
    CHECK(fields_of({"Opportunity", "Customer", "Salesperson", "Expected Revenue",
                     "Expected Closing", "Created on"}) ==
          V{"title", "organization", "owner", "value", "expected_close", "created_at"});
    CHECK(fields_of({"lead_name", "status_type", "status_label", "confidence", "value_currency",
                     "date_won", "date_created", "user_name"}) ==
          V{"organization", "status", "stage", "probability", "currency", "won_time", "created_at",
            "owner"});
}

TEST_CASE("--map FIELD= lets no column fill the field, not even an alias") {
    auto m = map_columns(RecordType::deals, {"Name", "Probability"}, {{"probability", ""}}, true);
    REQUIRE(m);
    CHECK(m->column_of[10] == -1);
    CHECK(m->unknown == std::vector<int>{1});
}

TEST_CASE("the record type comes from the headers") {
    CHECK(type_of({"Deal - Title", "Deal - Value"}) == "deals");
    CHECK(type_of({"Person - Name", "Person - Email"}) == "leads");
    CHECK(type_of({"Id", "Name", "StageName", "Amount"}) == "deals");
    CHECK(type_of({"First Name", "Last Name", "Email", "Lead Status"}) == "leads");
    CHECK(type_of({"Name", "Email"}) == "leads");
    CHECK(type_of({"id", "lead_name", "status_type", "status_label", "confidence", "value"}) ==
          "deals");
    CHECK(type_of({"OpportunityId", "StageName", "CreatedDate"}) == "events");
    CHECK(type_of({"deal_external_id", "kind", "due", "text"}) == "activities");
    CHECK(type_of({"Deal Name", "Amount", "First Name", "Last Name", "Lead Status"})
              .starts_with("error: the columns name both deals and leads"));
    CHECK(type_of({"Foo", "Bar"}) == "error: the columns name neither deals nor leads");
    auto e = type_of_columns({"Foo"});
    REQUIRE(!e);
    CHECK(e.error().hint.find("--type") != std::string::npos);
}

TEST_CASE("a missing column names the --map that fixes it") {
    auto check = [](RecordType type, const std::vector<std::string>& columns,
                    const Pairs& defaults) {
        auto m = map_columns(type, columns, {}, true);
        REQUIRE(m);
        auto r = require_columns(type, *m, columns, defaults, "f.csv");
        return r ? std::string("ok") : r.error().what + " | " + r.error().hint;
    };
    CHECK(check(RecordType::events, {"external_id", "when"}, {}) ==
          "f.csv: no column has the stage (events columns: external_id, when) | name the column "
          "with --map stage=COLUMN");
    CHECK(
        check(RecordType::deals, {"value"}, {}).starts_with("f.csv: no column has a deal's title"));
    CHECK(check(RecordType::deals, {"value"}, {{"title", "Untitled"}}) == "ok");
    CHECK(check(RecordType::deals, {"Organization"}, {}) == "ok");
    CHECK(check(RecordType::leads, {"First Name", "Phone"}, {}) == "ok");
    CHECK(check(RecordType::leads, {"Phone"}, {}).find("--map name=COLUMN") != std::string::npos);
    CHECK(
        check(RecordType::activities, {"deal_external_id", "kind"}, {}).find("--map text=COLUMN") !=
        std::string::npos);
}

TEST_CASE("amounts as exported: symbols and codes before or after") {
    CHECK(amount("$22,700.00") == "2270000USD");
    CHECK(amount("€1.200,50") == "120050EUR");
    CHECK(amount("1 200,50 €") == "120050EUR");
    CHECK(amount("1\xC2\xA0"
                 "200,50\xC2\xA0€") == "120050EUR"); // no-break spaces
    CHECK(amount("EUR 1200") == "120000EUR");
    CHECK(amount("1200 EUR") == "120000EUR");
    CHECK(amount("US$ 5") == "500USD");
    CHECK(amount("£10") == "1000GBP");
    CHECK(amount("1'200.50") == "120050");
    CHECK(amount("12,5") == "1250");
}

TEST_CASE("an amount that reads two ways is an error showing both, unless settled") {
    CHECK(amount("12.500") ==
          "error: '12.500' reads two ways: 12.50 or 12500.00 (say which with --decimal-comma or "
          "--decimal-point)");
    CHECK(amount("12.500", Decimal::comma) == "1250000");
    CHECK(amount("12.500", Decimal::point) == "1250");
    CHECK(amount("1,200") == "120000"); // a thousands comma, as typed amounts
    CHECK(amount("1,200", Decimal::comma) == "120");
    CHECK(shape_of_amount("1.200,50").settles == Decimal::comma);
    CHECK(shape_of_amount("1,200.50").settles == Decimal::point);
    CHECK(shape_of_amount("12.5").settles == Decimal::point);
    CHECK(shape_of_amount("12,5").settles == Decimal::comma);
    CHECK(shape_of_amount("1.200.000").settles == Decimal::comma);
    CHECK(shape_of_amount("12.500").ambiguous);
    CHECK(!shape_of_amount("1200").ambiguous);
    CHECK(amount("1.200,50", Decimal::point).starts_with("error: not an amount with '.'"));
}

TEST_CASE("a currency symbol that is not the deal's currency contradicts it") {
    CHECK(contradicts(split_amount("$100"), "EUR"));
    CHECK(!contradicts(split_amount("$100"), "USD"));
    CHECK(!contradicts(split_amount("$100"), "CAD"));
    CHECK(contradicts(split_amount("€100"), "USD"));
    CHECK(contradicts(split_amount("USD 100"), "EUR"));
    CHECK(!contradicts(split_amount("100"), "EUR"));
    CHECK(!contradicts(split_amount("¥100"), "CNY"));
}

TEST_CASE("probabilities as percents or fractions") {
    CHECK(scale_of_probability("0.655") == ProbabilityScale::fraction);
    CHECK(scale_of_probability("65.5") == ProbabilityScale::percent);
    CHECK(scale_of_probability("40%") == ProbabilityScale::percent);
    CHECK(scale_of_probability("1") == ProbabilityScale::unknown);
    CHECK(scale_of_probability("0") == ProbabilityScale::unknown);
    CHECK(read_probability("0.655", ProbabilityScale::fraction).value_or(-1) == 66);
    CHECK(read_probability("65.5", ProbabilityScale::percent).value_or(-1) == 66);
    CHECK(read_probability("1", ProbabilityScale::fraction).value_or(-1) == 100);
    CHECK(read_probability("1", ProbabilityScale::percent).value_or(-1) == 1);
    CHECK(read_probability("40%", ProbabilityScale::fraction).value_or(-1) == 40);
    CHECK(!read_probability("200", ProbabilityScale::percent));
    CHECK(!read_probability("-5", ProbabilityScale::percent));
    CHECK(!read_probability("high", ProbabilityScale::percent));
}

TEST_CASE("dates as exported") {
    CHECK(utc("2024-01-22T16:14:25.000+0000") == "2024-01-22T16:14:25Z");
    CHECK(utc("2024-01-22T16:14:25.123Z") == "2024-01-22T16:14:25Z");
    CHECK(utc("2024-01-22T17:14:25+01:00") == "2024-01-22T16:14:25Z");
    CHECK(utc("2024-01-22T16:14:25.123000+00:00") == "2024-01-22T16:14:25Z");
    CHECK(utc("2021-04-15 00:02:00") == "2021-04-15T00:02:00Z"); // TZ=UTC in the unit tests
    CHECK(utc("15 Apr, 2021 00:02:00") == "2021-04-15T00:02:00Z");
    CHECK(utc("Apr 15, 2021 12:02 AM") == "2021-04-15T00:02:00Z");
    CHECK(utc("15.04.2021") == "2021-04-15T12:00:00Z");
    CHECK(utc("04/15/2021", DayOrder::month_first) == "2021-04-15T12:00:00Z");
    CHECK(utc("15/04/2021", DayOrder::day_first) == "2021-04-15T12:00:00Z");
    CHECK(utc("04/05/2021", DayOrder::day_first) == "2021-05-04T12:00:00Z");
    CHECK(utc("04/05/2021", DayOrder::month_first) == "2021-04-05T12:00:00Z");
    CHECK(utc("2021-02-30").starts_with("error:"));
    CHECK(utc("yesterday").starts_with("error:"));
}

TEST_CASE("the day/month order a date settles") {
    CHECK(order_of_date("15/04/2021") == DayOrder::day_first);
    CHECK(order_of_date("04/15/2021") == DayOrder::month_first);
    CHECK(order_of_date("04/05/2021") == DayOrder::unknown);
    CHECK(has_day_month_question("04/05/2021"));
    CHECK(!has_day_month_question("2021-04-05"));
    CHECK(!has_day_month_question("15.04.2021"));
}

TEST_CASE("status words and yes/no") {
    CHECK(read_status_word("Won") == "won");
    CHECK(read_status_word("Closed Won") == "won");
    CHECK(read_status_word("closed_lost") == "lost");
    CHECK(read_status_word("active") == "open");
    CHECK(!read_status_word("maybe"));
    CHECK(read_yes_no("TRUE") == true);
    CHECK(read_yes_no("0") == false);
    CHECK(!read_yes_no("perhaps"));
}
