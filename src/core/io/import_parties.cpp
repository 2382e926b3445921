// Importing organizations and people (linking deals and leads to them: import_links.cpp).

#include "../party_fields.hpp"
#include "../party_links.hpp"
#include "../party_names.hpp"
#include "../party_rows.hpp"
#include "import_rows.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <fmt/format.h>

namespace crm::io::detail {

namespace {

int field_of(RecordType type, std::string_view name) {
    const auto& names = field_names(type);
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return static_cast<int>(i);
    return -1;
}

// The record of `table` with external id `ext`, or the one this book exported with a
// synthetic id (`pipe:BOOK:organization:7`) that has none of its own.
template <class R, class Read>
std::optional<R> find_by_external_id(Store& store, std::string_view table, std::string_view kind,
                                     const std::string& columns, const std::string& ext,
                                     Read&& read) {
    auto& st =
        store.statement(fmt::format("SELECT {} FROM {} WHERE external_id = ?", columns, table));
    st.bind(1, ext);
    if (st.executeStep()) {
        auto r = read(st);
        st.reset();
        return r;
    }
    if (auto id = synthetic_of(store, kind, ext)) {
        auto& by_id = store.statement(
            fmt::format("SELECT {} FROM {} WHERE id = ? AND external_id IS NULL", columns, table));
        by_id.bind(1, *id);
        if (by_id.executeStep()) {
            auto r = read(by_id);
            by_id.reset();
            r.external_id = ext;
            return r;
        }
    }
    return std::nullopt;
}

// `target` given `value` when it has none (a row matched by name fills what the record lacks).
template <class T> void fill(T& target, const T& value) {
    if (target.empty()) target = value;
}

bool same_org(const Organization& a, const Organization& b) {
    return a.name == b.name && a.domain == b.domain && a.phone == b.phone &&
           a.address == b.address && a.tags == b.tags && a.notes == b.notes &&
           a.external_id == b.external_id && a.created_at == b.created_at;
}

bool same_person(const Person& a, const Person& b) {
    return a.name == b.name && a.organization_id == b.organization_id &&
           a.organization == b.organization && a.emails == b.emails && a.phones == b.phones &&
           a.title == b.title && a.tags == b.tags && a.notes == b.notes &&
           a.external_id == b.external_id && a.created_at == b.created_at;
}

// What both importers share: the external id's record, --on-duplicate, the typed fields
// (through the same apply_*_fields as `org add` / `person add`, so a row gets the errors a
// typed value would), notes with the unknown columns, the creation time.
class PartyImporter : public RowImporter {
  protected:
    PartyImporter(ImportContext& ctx, RecordType type, std::string_view kind)
        : ctx_(ctx), type_(type), kind_(kind) {}

    [[nodiscard]] int field(std::string_view name) const { return field_of(type_, name); }

    [[nodiscard]] bool present(const RowView& row, int f) const {
        return f >= 0 && row.mapping().column_of[static_cast<std::size_t>(f)] >= 0;
    }

    // The external id of the row, checked against the file's earlier rows; false when the
    // row is invalid.
    bool external_id(RowView& row, std::string& ext) {
        ext = std::string(row.get(field("external_id")).value_or(""));
        if (ext.empty()) return true;
        if (auto line = seen_before(ctx_.book.store, std::string(kind_) + ":" + ext, row.line())) {
            row.error(field("external_id"),
                      fmt::format("the external id is also on line {} of this file", *line));
            return false;
        }
        return true;
    }

    // --on-duplicate for a row whose external id is a record's: nullopt to go on.
    std::optional<Outcome> duplicate(RowView& row, std::int64_t id) {
        if (ctx_.options.on_duplicate == OnDuplicate::skip) return Outcome::skipped;
        if (ctx_.options.on_duplicate == OnDuplicate::error) {
            row.error(field("external_id"), fmt::format("{} {} has this external id already "
                                                        "(--on-duplicate update or skip)",
                                                        kind_, id));
            return Outcome::invalid;
        }
        return std::nullopt;
    }

    // Apply the row's cells of `names` through `apply` (one field at a time, so an error
    // names its column); an empty cell clears a field whose column is there, but a name.
    template <class R, class Apply>
    void apply_cells(RowView& row, R& r, std::initializer_list<std::string_view> names, bool is_new,
                     Apply&& apply) {
        for (auto name : names) {
            int f = field(name);
            auto v = row.get(f);
            if (!v && (!present(row, f) || name == "name")) continue;
            FieldInput in;
            in.set(name, std::string(v.value_or("")));
            if (auto done = apply(r, in, is_new); !done) row.error(f, done.error().what);
        }
    }

    template <class R> void common_cells(RowView& row, R& r, bool existing) {
        int notes = field("notes");
        auto extra = row.unknown_lines();
        if (auto n = row.get(notes))
            r.notes = extra.empty() ? std::string(*n) : std::string(*n) + "\n" + extra;
        else if (present(row, notes) || !existing)
            r.notes = extra;
        else
            r.notes = merge_notes(r.notes, extra);
        int created = field("created_at");
        if (auto v = row.get(created)) {
            if (auto t = ctx_.dates.instant(*v, row.source(created)))
                r.created_at = *t;
            else
                row.error(created, t.error().what);
        } else if (!existing) {
            r.created_at = ctx_.book.clock.now();
        }
        if (!existing) r.updated_at = r.created_at;
    }

    ImportContext& ctx_;
    RecordType type_;
    std::string_view kind_;
};

class OrganizationImporter final : public PartyImporter {
  public:
    explicit OrganizationImporter(ImportContext& ctx)
        : PartyImporter(ctx, RecordType::organizations, "organization") {}

    Outcome import(RowView& row) override {
        auto& store = ctx_.book.store;
        std::string ext;
        if (!external_id(row, ext)) return Outcome::invalid;
        std::optional<Organization> existing;
        if (!ext.empty())
            existing = find_by_external_id<Organization>(store, "organizations", "organization",
                                                         crm::detail::organization_columns(), ext,
                                                         crm::detail::read_organization_row);
        if (existing)
            if (auto outcome = duplicate(row, existing->id)) return *outcome;
        Organization org = existing ? *existing : Organization{};
        apply_cells(row, org, {"name", "domain", "phone", "address", "tags"}, !existing,
                    crm::detail::apply_organization_fields);
        common_cells(row, org, existing.has_value());
        if (org.name.empty()) row.error(field("name"), "an organization needs a name");
        if (row.failed()) return Outcome::invalid;
        if (!existing) {
            // One of that name already (case and spaces aside): the same organization, so a
            // re-import never makes a second one; the row only fills what it lacks.
            if (auto ids = crm::detail::organizations_named(store, org.name); !ids.empty()) {
                auto there = crm::detail::find_organization(store, ids.front());
                auto filled = *there;
                fill(filled.domain, org.domain);
                fill(filled.phone, org.phone);
                fill(filled.address, org.address);
                fill(filled.tags, org.tags);
                fill(filled.notes, org.notes);
                fill(filled.external_id, ext);
                if (same_org(filled, *there)) return Outcome::unchanged;
                filled.updated_at = ctx_.book.clock.now();
                crm::detail::update_organization(store, filled);
                return Outcome::updated;
            }
            org.external_id = ext;
            crm::detail::insert_organization(store, org, ctx_.batch);
            return Outcome::added;
        }
        if (same_org(org, *existing)) return Outcome::unchanged;
        org.updated_at = ctx_.book.clock.now();
        crm::detail::update_organization(store, org);
        if (org.name != existing->name)
            crm::detail::spread_organization_name(store, org.id, org.name);
        return Outcome::updated;
    }
};

class PersonImporter final : public PartyImporter {
  public:
    explicit PersonImporter(ImportContext& ctx)
        : PartyImporter(ctx, RecordType::persons, "person") {}

    Outcome import(RowView& row) override {
        auto& store = ctx_.book.store;
        std::string ext;
        if (!external_id(row, ext)) return Outcome::invalid;
        std::optional<Person> existing;
        if (!ext.empty())
            existing = find_by_external_id<Person>(store, "persons", "person",
                                                   crm::detail::person_columns(), ext,
                                                   crm::detail::read_person_row);
        if (existing)
            if (auto outcome = duplicate(row, existing->id)) return *outcome;
        Person p = existing ? *existing : Person{};
        apply_cells(row, p, {"name", "emails", "phones", "title", "tags"}, !existing,
                    crm::detail::apply_person_fields);
        if (!row.get(field("name"))) {
            const auto& m = row.mapping();
            auto first = row.column(m.close_date), last = row.column(m.last_name);
            if (first || last) p.name = crm::detail::tidy_name(text_join(first, last));
        }
        common_cells(row, p, existing.has_value());
        if (p.name.empty()) row.error(field("name"), "a person needs a name");
        if (row.failed()) return Outcome::invalid;
        int org_field = field("organization");
        bool org_given = present(row, org_field) || row.get(org_field);
        std::string org_text(row.get(org_field).value_or(""));
        std::optional<std::int64_t> made;
        std::int64_t found_id = 0;
        bool namesake = false;
        auto problem = linked_records(
            ctx_,
            [&]() -> std::optional<LinkProblem> {
                if (org_given) {
                    auto org = crm::detail::link_organization(ctx_.book, org_text,
                                                              crm::detail::LinkMatch::whole);
                    if (!org) return LinkProblem{false, org.error().what};
                    p.organization_id = *org ? std::optional((*org)->id) : std::nullopt;
                    p.organization = *org ? (*org)->name : std::string();
                }
                if (existing) return std::nullopt;
                // A new row: the person of that email, else of that name, as a deal's contact is
                // found; one is made when there is none. But everyone of that name has other
                // emails: a namesake, a person of their own.
                if (namesakes_only(p, ext)) {
                    namesake = true;
                    return std::nullopt;
                }
                auto before = ctx_.created.size();
                auto found = crm::detail::link_person(
                    ctx_.book, p.name, crm::detail::LinkMatch::whole, p.organization_id,
                    p.emails.empty() ? std::string() : p.emails.front(),
                    p.phones.empty() ? std::string() : p.phones.front());
                if (!found) return LinkProblem{true, found.error().what};
                found_id = (*found)->id;
                if (ctx_.created.size() > before && ctx_.created.back().kind == "person")
                    made = (*found)->id;
                return std::nullopt;
            },
            true);
        if (problem) {
            row.error(problem->person ? field("name") : org_field, problem->reason);
            return Outcome::invalid;
        }
        if (namesake) {
            p.external_id = ext;
            crm::detail::insert_person(store, p, ctx_.batch);
            return Outcome::added;
        }
        if (!existing && !made) {
            // The person there already: the row only fills what they lack.
            auto there = crm::detail::find_person(store, found_id);
            auto filled = *there;
            if (!filled.organization_id && p.organization_id) {
                filled.organization_id = p.organization_id;
                filled.organization = p.organization;
            }
            fill(filled.emails, p.emails);
            fill(filled.phones, p.phones);
            fill(filled.title, p.title);
            fill(filled.tags, p.tags);
            fill(filled.notes, p.notes);
            fill(filled.external_id, ext);
            if (same_person(filled, *there)) return Outcome::unchanged;
            filled.updated_at = ctx_.book.clock.now();
            crm::detail::update_person(store, filled);
            return Outcome::updated;
        }
        if (!existing) {
            // Made by the link (with its batch): now with every field of the row.
            p.id = *made;
            p.external_id = ext;
            crm::detail::update_person(store, p);
            if (ctx_.report) --ctx_.report->persons_created; // counted as a new row instead
            return Outcome::added;
        }
        if (same_person(p, *existing)) return Outcome::unchanged;
        p.updated_at = ctx_.book.clock.now();
        crm::detail::update_person(store, p);
        if (p.name != existing->name) crm::detail::spread_person_name(store, p.id, p.name);
        return Outcome::updated;
    }

  private:
    // Whether people of `p`'s name exist and each is someone else: none has one of `p`'s
    // emails, and each has other emails, or an external id other than `ext` (another
    // system's other record; two namesakes exported by pipe have two ids).
    bool namesakes_only(const Person& p, const std::string& ext) {
        auto ids = crm::detail::persons_named(ctx_.book.store, p.name);
        if (ids.empty()) return false;
        return std::ranges::all_of(ids, [&](std::int64_t id) {
            auto other = crm::detail::find_person(ctx_.book.store, id);
            if (!other) return false;
            bool shared = std::ranges::any_of(other->emails, [&](const std::string& e) {
                return std::ranges::any_of(p.emails, [&](const std::string& mine) {
                    return crm::detail::email_key(e) == crm::detail::email_key(mine);
                });
            });
            if (shared) return false;
            bool other_emails = !p.emails.empty() && !other->emails.empty();
            bool other_id =
                !ext.empty() && !other->external_id.empty() && other->external_id != ext;
            return other_emails || other_id;
        });
    }

    static std::string text_join(std::optional<std::string_view> a,
                                 std::optional<std::string_view> b) {
        std::string out(a.value_or(""));
        if (b) {
            if (!out.empty()) out += ' ';
            out += *b;
        }
        return out;
    }
};

} // namespace

std::unique_ptr<RowImporter> organization_importer(ImportContext& ctx) {
    return std::make_unique<OrganizationImporter>(ctx);
}

std::unique_ptr<RowImporter> person_importer(ImportContext& ctx) {
    return std::make_unique<PersonImporter>(ctx);
}

} // namespace crm::io::detail
