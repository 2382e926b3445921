// pipe stages rename: only a stage the file no longer defines, only into a stage of the kind
// its deals have, named as the file spells it, and undone by pipe undo.

#include "fixture.hpp"

#include "pipe/journal.hpp"
#include "render/command_line.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

using namespace crm;
using namespace crm::test;

namespace {

// Every row of the book's own tables, as text (journal tables aside), to compare states.
std::string book_rows(Store& store) {
    std::string out;
    for (const char* table :
         {"deals", "events", "stage_exits", "closes", "stage_reach", "deal_totals"}) {
        SQLite::Statement st(store.db(), std::string("SELECT * FROM ") + table + " ORDER BY 1, 2");
        while (st.executeStep()) {
            out += table;
            for (int i = 0; i < st.getColumnCount(); ++i)
                out += "|" + (st.getColumn(i).isNull() ? "NULL" : st.getColumn(i).getString());
            out += "\n";
        }
    }
    return out;
}

std::string error_text(const Error& e) {
    return render::error_text(e);
}

} // namespace

TEST_CASE_FIXTURE(BookFixture, "a stage the file still defines is not renamed") {
    auto d = deal("A");
    ok(move_deal(book, d.id, "Meeting"));
    auto before = book_rows(store);
    for (const char* typed : {"Meeting", "meeting", "MEETING"}) {
        auto r = rename_stage(book, typed, "Proposal");
        REQUIRE_FALSE(r);
        CHECK(error_text(r.error()) == "stage \"Meeting\" is still defined in pipeline \"sales\" "
                                       "(rename it in the stage file first)");
        CHECK(book_rows(store) == before);
    }
    // Even into itself, or into a stage of another kind.
    CHECK_FALSE(rename_stage(book, "Meeting", "Meeting"));
    CHECK_FALSE(rename_stage(book, "Meeting", "Won"));
    CHECK(book_rows(store) == before);
}

TEST_CASE_FIXTURE(BookFixture, "a rename keeps each deal's status: the new stage must be of "
                               "its kind") {
    auto won = deal("Won one");
    ok(win_deal(book, won.id, std::nullopt, std::nullopt));
    auto lost = deal("Lost one");
    ok(lose_deal(book, lost.id, "price"));
    auto open = deal("Open one");
    ok(move_deal(book, open.id, "Meeting"));
    stages.pipelines[0].stages[2].name = "Demo";        // Meeting
    stages.pipelines[0].stages[5].name = "Closed won";  // Won
    stages.pipelines[0].stages[6].name = "Closed lost"; // Lost
    auto before = book_rows(store);
    struct Case {
        const char* from;
        const char* to;
        const char* message;
    };
    for (const auto& c : std::vector<Case>{
             {"Won", "Negotiation",
              "stage \"Won\" holds 1 won deal, and \"Negotiation\" is an open stage (pipe stages "
              "rename Won \"Closed won\")"},
             {"Won", "Closed lost",
              "stage \"Won\" holds 1 won deal, and \"Closed lost\" is a lost stage (pipe stages "
              "rename Won \"Closed won\")"},
             {"Lost", "Prosp",
              "stage \"Lost\" holds 1 lost deal, and \"Prospecting\" is an open stage (pipe "
              "stages rename Lost \"Closed lost\")"},
             {"Meeting", "Closed w",
              "stage \"Meeting\" holds 1 open deal, and \"Closed won\" is a won stage (rename it "
              "to an open stage: Prospecting, Qualification, Demo, Proposal, Negotiation)"},
         }) {
        auto r = rename_stage(book, c.from, c.to);
        REQUIRE_FALSE(r);
        CHECK(error_text(r.error()) == c.message);
        CHECK(book_rows(store) == before);
    }
    // Into a stage of its kind: the deal keeps its status, its history says the new name.
    auto renamed = ok(rename_stage(book, "won", "closed W"));
    REQUIRE(renamed.size() == 1);
    CHECK(renamed[0].from == "Won");
    CHECK(renamed[0].to == "Closed won");
    CHECK(renamed[0].deals == 1);
    auto after = ok(get_deal(book, won.id));
    CHECK(after.stage == "Closed won");
    CHECK(after.status == DealStatus::won);
    CHECK(deal_events(store, won.id).back().to == "Closed won");
    CHECK(ok(rename_stage(book, "Lost", "Closed l"))[0].to == "Closed lost");
    CHECK(ok(get_deal(book, lost.id)).status == DealStatus::lost);
}

TEST_CASE_FIXTURE(BookFixture, "a rename names the stages in full and is undone by pipe undo") {
    auto a = deal("A");
    auto b = deal("B");
    ok(move_deal(book, a.id, "Meeting"));
    ok(move_deal(book, b.id, "Meeting"));
    ok(move_deal(book, b.id, "Proposal")); // leaves Meeting: a stage exit to rename
    ok(move_deal(book, b.id, "Meeting"));
    stages.pipelines[0].stages[2].name = "Demonstration";
    auto before = book_rows(store);
    auto partial = rename_stage(book, "MEET", "demo"); // the old name in full only
    REQUIRE_FALSE(partial);
    CHECK(error_text(partial.error()) == "no deal is in a stage named \"MEET\" (pipe stages)");
    auto renamed = ok(rename_stage(book, "meeting", "demo"));
    REQUIRE(renamed.size() == 1);
    CHECK(renamed[0].pipeline == "sales");
    CHECK(renamed[0].from == "Meeting");
    CHECK(renamed[0].to == "Demonstration");
    CHECK(renamed[0].deals == 2);
    auto entries = ok(journal_entries(book, 1));
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].summary == "renamed stage \"Meeting\" to \"Demonstration\" on 2 deals");
    auto after = book_rows(store);
    CHECK(after.find("Meeting") == std::string::npos);
    ok(undo_last_change(book));
    CHECK(book_rows(store) == before);
    ok(redo_change(book));
    CHECK(book_rows(store) == after);
}

TEST_CASE_FIXTURE(BookFixture, "a rename finds the old stage up to Unicode case and "
                               "normalization") {
    stages.pipelines[0].stages[4].name = "N\xC3\xA9gociation";
    auto d = deal("A");
    ok(move_deal(book, d.id, "ne\xCC\x81go")); // typed decomposed, in lower case
    CHECK(ok(get_deal(book, d.id)).stage == "N\xC3\xA9gociation");
    stages.pipelines[0].stages[4].name = "Closing";
    auto renamed = ok(rename_stage(book, "N\xC3\x89GOCIATION", "clos"));
    REQUIRE(renamed.size() == 1);
    CHECK(renamed[0].from == "N\xC3\xA9gociation");
    CHECK(renamed[0].to == "Closing");
    CHECK(ok(get_deal(book, d.id)).stage == "Closing");
}
