#include "fixture.hpp"

using namespace crm;
using namespace crm::test;

namespace {

Lead new_lead(Book& book, const std::string& name, const std::string& org = "") {
    LeadFields f;
    f.set("name", name);
    if (!org.empty()) f.set("organization", org);
    return ok(add_lead(book, f));
}

} // namespace

TEST_CASE("BANT totals fall into tiers") {
    CHECK(bant_tier(0) == "unqualified");
    CHECK(bant_tier(4) == "unqualified");
    CHECK(bant_tier(5) == "nurture");
    CHECK(bant_tier(8) == "nurture");
    CHECK(bant_tier(9) == "qualified");
    CHECK(bant_tier(12) == "qualified");
    CHECK(bant_tier(13) == "hot");
    CHECK(bant_tier(16) == "hot");
}

TEST_CASE_FIXTURE(BookFixture, "qualifying with a total of 9 or more makes a lead qualified") {
    auto lead = new_lead(book, "Ada");
    BantFields low;
    low.budget = "2";
    low.need = "2";
    auto scored = ok(qualify_lead(book, lead.id, low));
    CHECK(scored.status == "new");
    CHECK(scored.bant_total() == 4);
    BantFields more;
    more.authority = "3";
    more.timeline = "2";
    auto qualified = ok(qualify_lead(book, lead.id, more));
    CHECK(qualified.bant_total() == 9);
    CHECK(qualified.status == "qualified");
}

TEST_CASE_FIXTURE(BookFixture, "a BANT score outside 0-4 is refused and changes nothing") {
    auto lead = new_lead(book, "Ada");
    BantFields bad;
    bad.budget = "3";
    bad.need = "5";
    auto r = qualify_lead(book, lead.id, bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().what == "need score must be 0, 1, 2, 3 or 4, not '5'");
    CHECK_FALSE(ok(get_lead(book, lead.id)).budget.has_value());
    CHECK(lead_events(store, lead.id).size() == 1);
}

TEST_CASE_FIXTURE(BookFixture, "converting a lead creates a linked deal in the first open stage") {
    auto lead = new_lead(book, "Ada Lovelace", "Analytical Engines");
    DealFields deal;
    deal.set("value", "12k");
    auto c = ok(convert_lead(book, lead.id, deal));
    CHECK(c.deal.title == "Analytical Engines");
    CHECK(c.deal.contact == "Ada Lovelace");
    CHECK(c.deal.stage == "Prospecting");
    CHECK(c.deal.value.minor == 1200000);
    CHECK(c.deal.lead_id == lead.id);
    CHECK(c.lead.status == "converted");
    CHECK(ok(get_lead(book, lead.id)).deal_id == c.deal.id);
    CHECK(ok(get_deal(book, c.deal.id)).lead_id == lead.id);
    CHECK(lead_events(store, lead.id).back().kind == "converted");
    CHECK(deal_events(store, c.deal.id).back().kind == "converted");
    CHECK_FALSE(convert_lead(book, lead.id, {}));
}

TEST_CASE_FIXTURE(BookFixture, "a failed conversion leaves the lead as it was") {
    auto lead = new_lead(book, "Ada");
    DealFields deal;
    deal.set("stage", "Nowhere");
    CHECK_FALSE(convert_lead(book, lead.id, deal));
    CHECK(ok(get_lead(book, lead.id)).status == "new");
    DealQuery all;
    all.status = "all";
    CHECK(ok(list_deals(book, all)).deals.empty());
}

TEST_CASE_FIXTURE(BookFixture, "dropping a lead disqualifies it, or nurtures it until a date") {
    auto a = new_lead(book, "A");
    auto b = new_lead(book, "B");
    CHECK_FALSE(drop_lead(book, a.id, "", std::nullopt));
    auto dropped = ok(drop_lead(book, a.id, "no budget", std::nullopt));
    CHECK(dropped.status == "disqualified");
    CHECK(dropped.drop_reason == "no budget");
    auto nurtured = ok(drop_lead(book, b.id, "bad timing", std::string("2026-06-01")));
    CHECK(nurtured.status == "nurturing");
    CHECK(format_date(*nurtured.nurture_until) == "2026-06-01");
    CHECK_FALSE(drop_lead(book, b.id, "x", std::string("yesterday")));
}

TEST_CASE_FIXTURE(BookFixture, "lead lists hide converted leads unless asked") {
    auto a = new_lead(book, "A");
    new_lead(book, "B");
    ok(convert_lead(book, a.id, {}));
    CHECK(ok(list_leads(book, {})).size() == 1);
    LeadQuery all;
    all.status = "all";
    CHECK(ok(list_leads(book, all)).size() == 2);
    LeadQuery bad;
    bad.status = "zombie";
    CHECK_FALSE(list_leads(book, bad));
}

TEST_CASE_FIXTURE(BookFixture, "editing a lead's status records the change") {
    auto a = new_lead(book, "A");
    LeadFields f;
    f.set("status", "Qualified");
    CHECK(ok(edit_lead(book, a.id, f)).status == "qualified");
    CHECK(lead_events(store, a.id).back().kind == "status");
    f.set("status", "converted");
    CHECK_FALSE(edit_lead(book, a.id, f));
    f = {};
    f.set("follow_up", "tomorrow");
    CHECK(format_date(*ok(edit_lead(book, a.id, f)).follow_up) == "2026-03-03");
}
