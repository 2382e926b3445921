#include "party_fields.hpp"

#include "party_names.hpp"
#include "party_rows.hpp"
#include "text.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace crm::detail {

namespace {

template <class R>
Result<const Field<R>*> editable(const FieldTable<R>& table, std::string_view name,
                                 std::string_view what, std::string_view fields) {
    const auto* field = find_field(table, name);
    if (!field || !field->has(field_use::edit))
        return fail(fmt::format("{} has no field '{}' to set", what, name),
                    fmt::format("fields: {}", fields), 2);
    return field;
}

Result<std::string> required_name(const std::string& input, std::string_view what) {
    auto name = tidy_name(input);
    if (name.empty())
        return fail(fmt::format("{} name is empty", what), fmt::format("give the {} a name", what));
    return name;
}

} // namespace

std::vector<std::string> typed_list(const std::string& text) {
    std::vector<std::string> out;
    for (auto& part : text::split(text, ';'))
        if (!part.empty() && std::ranges::find(out, part) == out.end()) out.push_back(part);
    return out;
}

std::vector<std::string> joined(std::vector<std::string> a, const std::vector<std::string>& b) {
    for (const auto& x : b)
        if (std::ranges::find(a, x) == a.end()) a.push_back(x);
    return a;
}

std::string joined_notes(const std::string& a, const std::string& b) {
    if (b.empty() || a.find(b) != std::string::npos) return a;
    if (a.empty()) return b;
    return a + "\n" + b;
}

Result<void> apply_organization_fields(Organization& org, const OrganizationFields& fields,
                                       bool is_new) {
    (void)is_new;
    for (const auto& [name, input] : fields.values) {
        const auto* field = PIPE_TRY(editable(organization_fields(), name, "an organization",
                                              "name, domain, phone, address, tags, notes"));
        switch (field->kind) {
        case FieldKind::title:
            org.name = PIPE_TRY(required_name(input, "organization"));
            break;
        case FieldKind::tags:
            org.tags = typed_list(input);
            break;
        default:
            if (name == "domain") {
                auto d = text::lower(text::trim(input));
                if (d.starts_with("https://")) d.erase(0, 8);
                if (d.starts_with("http://")) d.erase(0, 7);
                if (d.starts_with("www.")) d.erase(0, 4);
                while (d.ends_with('/')) d.pop_back();
                if (d.find_first_of(" @;") != std::string::npos)
                    return fail(fmt::format("'{}' is not a web domain", input),
                                "e.g. --domain acme.com");
                org.domain = d;
            } else {
                field->set(org, name == "notes" ? input : std::string(text::trim(input)));
            }
        }
    }
    return {};
}

Result<void> apply_person_fields(Person& person, const PersonFields& fields, bool is_new) {
    (void)is_new;
    for (const auto& [name, input] : fields.values) {
        const auto* field = PIPE_TRY(editable(person_fields(), name, "a person",
                                              "name, organization, emails, phones, title, tags, "
                                              "notes"));
        if (name == "organization") continue;
        switch (field->kind) {
        case FieldKind::title:
            person.name = PIPE_TRY(required_name(input, "person"));
            break;
        case FieldKind::tags:
            if (name == "emails") {
                std::vector<std::string> emails;
                for (const auto& e : typed_list(input)) {
                    auto checked = PIPE_TRY(checked_email(e));
                    if (std::ranges::none_of(emails, [&](const std::string& x) {
                            return email_key(x) == email_key(checked);
                        }))
                        emails.push_back(checked);
                }
                person.emails = emails;
            } else {
                if (name == "phones")
                    person.phones = typed_list(input);
                else
                    person.tags = typed_list(input);
            }
            break;
        default:
            field->set(person, name == "notes" ? input : std::string(text::trim(input)));
        }
    }
    return {};
}

std::string named(const Organization& org) {
    return fmt::format("organization {} · {}", org.id, org.name);
}

std::string named(const Person& person) {
    return fmt::format("person {} · {}", person.id, person.name);
}

} // namespace crm::detail
