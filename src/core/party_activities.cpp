// pipe person log / pipe org log: activities on a person or an organization.

#include "activity_input.hpp"
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
    auto a = PIPE_TRY(detail::activity_from_input(book, kind, input, at_text));
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
        st.bind(4, detail::seconds(a.at));
        st.bind(5, a.text);
        st.exec();
        change.describe(fmt::format("logged a {} on {} {} · {}", a.kind,
                                    person ? "person" : "organization", subject.id, name));
        return {};
    }));
    return a;
}

} // namespace crm
