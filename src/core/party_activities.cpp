// pipe person log / pipe org log: activities on a person or an organization.

#include "change.hpp"
#include "deal_rows.hpp"
#include "party_rows.hpp"
#include "pipe/people.hpp"
#include "text.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <fmt/format.h>

namespace crm {

Result<Activity> log_party_activity(Book& book, Subject subject, const std::string& kind,
                                    const std::string& input, std::optional<std::string> at_text) {
    bool person = subject.kind == Subject::Kind::person;
    if (!person && subject.kind != Subject::Kind::organization)
        return log_activity(book, subject, kind, input, std::move(at_text));
    auto wanted = text::lower(text::trim(kind));
    if (std::ranges::find(activity_kinds(), wanted) == activity_kinds().end())
        return fail(fmt::format("unknown activity kind '{}'", kind),
                    "use call, email, meeting, note or task", 2);
    auto body = std::string(text::trim(input));
    if (body.empty())
        return fail("the activity text is empty", "say what happened, e.g. \"Left a voicemail\"");
    auto now = book.clock.now();
    auto at = now;
    if (at_text) {
        at = PIPE_TRY(parse_timestamp(*at_text, now));
        if (at > now)
            return fail(fmt::format("--at {} is in the future", *at_text),
                        "log what already happened");
    }
    Activity a;
    a.kind = wanted;
    a.at = at;
    a.text = body;
    (person ? a.person_id : a.organization_id) = subject.id;
    PIPE_TRY_VOID(detail::write_change(book, [&](detail::Change& change) -> Result<void> {
        std::string name;
        if (person)
            name = PIPE_TRY(detail::require_person(book.store, subject.id)).name;
        else
            name = PIPE_TRY(detail::require_organization(book.store, subject.id)).name;
        a.id = change.next_id("activities");
        auto& st = book.store.statement(
            fmt::format("INSERT INTO activities (id, {}, kind, at, done, text) VALUES (?, ?, ?, ?, "
                        "1, ?)",
                        person ? "person_id" : "organization_id"));
        st.bind(1, a.id);
        st.bind(2, subject.id);
        st.bind(3, a.kind);
        st.bind(4, detail::seconds(at));
        st.bind(5, a.text);
        st.exec();
        change.describe(fmt::format("logged a {} on {} {} · {}", a.kind,
                                    person ? "person" : "organization", subject.id, name));
        return {};
    }));
    return a;
}

} // namespace crm
