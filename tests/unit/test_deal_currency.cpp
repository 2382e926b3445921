// deal edit --currency keeps the amount: €12.50 never becomes ¥1,250.

#include "fixture.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

using namespace crm;
using namespace crm::test;

namespace {

DealFields currency(const char* code, const char* value = nullptr) {
    DealFields f;
    f.set("currency", code);
    if (value) f.set("value", value);
    return f;
}

} // namespace

TEST_CASE_FIXTURE(BookFixture, "a new currency keeps the amount, in the new currency's minor "
                               "units") {
    auto d = deal("A", "12");
    CHECK(d.value.minor == 1200);
    auto jpy = ok(edit_deal(book, d.id, currency("JPY")));
    CHECK(jpy.value.currency == "JPY");
    CHECK(jpy.value.minor == 12); // ¥12, not ¥1,200
    auto eur = ok(edit_deal(book, d.id, currency("eur")));
    CHECK(eur.value.currency == "EUR");
    CHECK(eur.value.minor == 1200); // €12.00
    auto kwd = ok(edit_deal(book, d.id, currency("KWD")));
    CHECK(kwd.value.minor == 12000); // 12.000 KWD: three decimals
    auto usd = ok(edit_deal(book, d.id, currency("USD")));
    CHECK(usd.value.minor == 1200);
    CHECK(format_money(usd.value.minor, usd.value.currency) == "$12");
}

TEST_CASE_FIXTURE(BookFixture, "a currency that cannot hold the amount is refused, naming both") {
    auto d = deal("A", "12.50");
    for (const char* code : {"JPY", "jpy", "KRW"}) {
        auto r = edit_deal(book, d.id, currency(code));
        REQUIRE_FALSE(r);
        auto upper = std::string(code == std::string("jpy") ? "JPY" : code);
        CHECK(r.error().message() == "12.50 EUR cannot be written in " + upper +
                                         ", which has 0 decimals (set a value " + upper +
                                         " can hold with --value, e.g. --value 12)");
    }
    auto kept = ok(get_deal(book, d.id));
    CHECK(kept.value.minor == 1250);
    CHECK(kept.value.currency == "EUR");
    CHECK(deal_events(store, d.id).size() == 1); // nothing recorded
    // From three decimals to two: 1.005 KWD has no EUR form.
    auto k = deal("K", "0");
    ok(edit_deal(book, k.id, currency("KWD", "1.005")));
    auto r = edit_deal(book, k.id, currency("EUR"));
    REQUIRE_FALSE(r);
    CHECK(r.error().what == "1.005 KWD cannot be written in EUR, which has 2 decimals");
}

TEST_CASE_FIXTURE(BookFixture, "a currency whose minor units would pass the largest amount is "
                               "refused") {
    auto eur = deal("A", "10,000,000,000,000"); // the largest amount: 10^15 cents
    auto r = edit_deal(book, eur.id, currency("KWD"));
    REQUIRE_FALSE(r);
    CHECK(r.error().message() == "10000000000000.00 EUR is more than KWD holds (at most "
                                 "1,000,000,000,000.000) (set a smaller value with --value)");
    auto jpy = ok(edit_deal(book, deal("B", "0").id, currency("JPY", "1000000000000000")));
    CHECK(jpy.value.minor == max_amount);
    CHECK_FALSE(edit_deal(book, jpy.id, currency("EUR")));
    CHECK(ok(get_deal(book, jpy.id)).value.minor == max_amount);
    // 10^12 EUR is 10^15 fils of KWD: just fits.
    auto fits = ok(edit_deal(book, deal("C", "1,000,000,000,000").id, currency("KWD")));
    CHECK(fits.value.minor == max_amount);
}

TEST_CASE_FIXTURE(BookFixture, "--currency with --value sets both, the value read in the new "
                               "currency") {
    auto d = deal("A", "12.50");
    auto both = ok(edit_deal(book, d.id, currency("JPY", "2000")));
    CHECK(both.value.currency == "JPY");
    CHECK(both.value.minor == 2000);
    auto events = deal_events(store, d.id);
    REQUIRE(events.size() == 2);
    CHECK(events[1].kind == "value");
    // The value is parsed with the new currency's decimals.
    auto r = edit_deal(book, d.id, currency("EUR", "12.5051"));
    REQUIRE_FALSE(r);
    CHECK(r.error().what == "value: too many decimals: '12.5051'");
    CHECK(ok(edit_deal(book, d.id, currency("KWD", "12.505"))).value.minor == 12505);
    // A new deal: the value is read in its currency, whatever the order of the options.
    DealFields f;
    f.set("title", "B");
    f.set("value", "12");
    f.set("currency", "JPY");
    auto b = ok(add_deal(book, f));
    CHECK(b.value.minor == 12);
    CHECK(b.value.currency == "JPY");
}
