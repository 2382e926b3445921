// Importing leads (activities: import_activities.cpp).

#include "../change.hpp"
#include "../deal_rows.hpp"
#include "../lead_rows.hpp"
#include "../text.hpp"
#include "import_rows.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <charconv>
#include <fmt/format.h>

namespace crm::io::detail {

namespace {

enum L {
    external_id,
    name,
    organization,
    email,
    phone,
    source,
    status,
    created_at,
    follow_up,
    budget,
    authority,
    need,
    timeline,
    notes,
    converted_into
};

bool same(const Lead& a, const Lead& b) {
    return a.name == b.name && a.organization == b.organization && a.email == b.email &&
           a.phone == b.phone && a.source == b.source && a.status == b.status &&
           a.created_at == b.created_at && a.follow_up == b.follow_up && a.budget == b.budget &&
           a.authority == b.authority && a.need == b.need && a.timeline == b.timeline &&
           a.notes == b.notes && a.external_id == b.external_id && a.deal_id == b.deal_id &&
           a.organization_id == b.organization_id && a.person_id == b.person_id;
}

class LeadImporter final : public RowImporter {
  public:
    explicit LeadImporter(ImportContext& ctx) : ctx_(ctx) {}

    Outcome import(RowView& row) override {
        auto& store = ctx_.book.store;
        std::optional<Lead> existing;
        std::string ext(row.get(external_id).value_or(""));
        if (!ext.empty()) {
            existing = find(ext);
            if (auto line = seen_before(store, "lead:" + ext, row.line())) {
                row.error(external_id,
                          fmt::format("the external id is also on line {} of this file", *line));
                return Outcome::invalid;
            }
        }
        if (existing && ctx_.options.on_duplicate == OnDuplicate::skip) return Outcome::skipped;
        if (existing && ctx_.options.on_duplicate == OnDuplicate::error) {
            row.error(external_id, fmt::format("lead {} has this external id already "
                                               "(--on-duplicate update or skip)",
                                               existing->id));
            return Outcome::invalid;
        }
        Lead lead = existing ? *existing : Lead{};
        if (!existing) lead.external_id = ext;
        build(row, lead, existing.has_value());
        if (row.failed()) return Outcome::invalid;
        link(row, lead, existing);
        auto now = ctx_.book.clock.now();
        if (!existing) {
            crm::detail::insert_lead(store, lead, ctx_.batch);
            Event e;
            e.at = lead.created_at;
            e.lead_id = lead.id;
            e.kind = "created";
            e.to = lead.status;
            append_event(store, e, ctx_.batch);
            link_deal(lead);
            return Outcome::added;
        }
        if (same(lead, *existing)) return Outcome::unchanged;
        link_deal(lead);
        lead.updated_at = now;
        crm::detail::update_lead(store, lead);
        Event e;
        e.at = now;
        e.lead_id = lead.id;
        e.kind = lead.status != existing->status ? "status" : "edited";
        if (lead.status != existing->status) {
            e.from = existing->status;
            e.to = lead.status;
        } else {
            e.detail = "import";
        }
        append_event(store, e, ctx_.batch);
        return Outcome::updated;
    }

  private:
    // Link the organization the row names, and the person the lead is (when the row names
    // them: a lead called after its organization or email is no person), as `lead add` does.
    void link(RowView& row, Lead& lead, const std::optional<Lead>& existing) {
        const auto& m = row.mapping();
        bool org_given = m.column_of[organization] >= 0 || row.get(organization);
        bool org = org_given && !(existing && existing->organization_id &&
                                  same_party_name(lead.organization, existing->organization));
        if (org_given && !org) lead.organization = existing->organization;
        bool named = row.get(name) || row.column(m.close_date) || row.column(m.last_name);
        bool person = named && !(existing && existing->person_id &&
                                 same_party_name(lead.name, existing->name));
        for (const auto& problem : link_imported_lead(ctx_, lead, org, person))
            row.warn(problem.person ? name : organization,
                     problem.reason + "; the lead is imported without that link");
    }

    std::optional<Lead> find(const std::string& ext) {
        auto& st = ctx_.book.store.statement("SELECT " + crm::detail::lead_columns() +
                                             " FROM leads WHERE external_id = ?");
        st.bind(1, ext);
        if (st.executeStep()) return crm::detail::read_lead_row(st);
        if (auto id = synthetic_of(ctx_.book.store, "lead", ext)) {
            auto& by_id = ctx_.book.store.statement("SELECT " + crm::detail::lead_columns() +
                                                    " FROM leads WHERE id = ? AND external_id "
                                                    "IS NULL");
            by_id.bind(1, *id);
            if (by_id.executeStep()) {
                auto lead = crm::detail::read_lead_row(by_id);
                lead.external_id = ext;
                return lead;
            }
        }
        return std::nullopt;
    }

    void build(RowView& row, Lead& l, bool existing) {
        const auto& m = row.mapping();
        auto present = [&](int f) { return m.column_of[static_cast<std::size_t>(f)] >= 0; };
        auto text = [&](int field, std::string& target) {
            if (auto v = row.get(field))
                target = *v;
            else if (present(field))
                target.clear();
        };
        text(name, l.name);
        text(organization, l.organization);
        text(email, l.email);
        text(phone, l.phone);
        text(source, l.source);
        if (auto s = row.get(status)) {
            auto wanted = text::lower(mapped_stage(ctx_, *s));
            const auto& all = lead_statuses();
            if (wanted == "converted" && !row.get(converted_into))
                row.error(status, "a converted lead needs the deal it became (a deal_external_id "
                                  "column), or pipe lead convert");
            else if (wanted == "converted")
                l.status = wanted;
            else if (std::ranges::find(all, wanted) == all.end())
                row.error(status, "unknown lead status (new, qualified, nurturing, disqualified; "
                                  "or --stage-map 'FROM=new')");
            else
                l.status = wanted;
        }
        if (auto v = row.get(created_at)) {
            if (auto t = ctx_.dates.instant(*v, row.source(created_at)))
                l.created_at = *t;
            else
                row.error(created_at, t.error().what);
        } else if (!existing) {
            l.created_at = ctx_.book.clock.now();
        }
        if (auto v = row.get(follow_up)) {
            if (auto d = ctx_.dates.date(*v, row.source(follow_up)))
                l.follow_up = *d;
            else
                row.error(follow_up, d.error().what);
        } else if (present(follow_up)) {
            l.follow_up.reset();
        }
        for (auto [field, target] :
             {std::pair{budget, &l.budget}, std::pair{authority, &l.authority},
              std::pair{need, &l.need}, std::pair{timeline, &l.timeline}}) {
            auto v = row.get(field);
            if (!v) {
                if (present(field)) target->reset();
                continue;
            }
            int score = -1;
            auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), score);
            if (ec != std::errc{} || end != v->data() + v->size() || score < 0 || score > 4)
                row.error(field, "a BANT score is a whole number from 0 to 4");
            else
                *target = score;
        }
        auto extra = row.unknown_lines();
        if (auto n = row.get(notes))
            l.notes = extra.empty() ? std::string(*n) : std::string(*n) + "\n" + extra;
        else if (present(notes) || !existing)
            l.notes = extra;
        else
            l.notes = merge_notes(l.notes, extra);
        if (l.name.empty()) {
            auto first = row.column(m.close_date), last = row.column(m.last_name);
            if (first || last)
                l.name = text::join(
                    {std::string(first.value_or("")), std::string(last.value_or(""))}, " ");
            l.name = std::string(text::trim(l.name));
        }
        if (l.name.empty()) {
            if (!l.organization.empty())
                l.name = l.organization;
            else if (!l.email.empty())
                l.name = l.email;
            else if (!l.external_id.empty())
                l.name = "Lead " + l.external_id;
            else
                row.error(name, "a lead needs a name, an organization, an email or an external id");
        }
        if (!existing) l.updated_at = l.last_touch_at = l.created_at;
        if (auto ext = row.get(converted_into)) {
            auto deal = find_deal_by_external_id(ctx_.book.store, std::string(*ext));
            if (!deal)
                row.error(converted_into, "no deal has this external id (import the deals first)");
            else
                l.deal_id = deal->id;
        } else if (present(converted_into)) {
            l.deal_id.reset();
        }
        if (l.deal_id && l.status != "converted")
            row.error(converted_into, "only a converted lead names the deal it became");
    }

    // A converted lead and its deal name each other.
    void link_deal(const Lead& lead) {
        if (!lead.deal_id) return;
        auto& st =
            ctx_.book.store.statement("UPDATE deals SET lead_id = ? WHERE id = ? AND lead_id "
                                      "IS NOT ?");
        st.bind(1, lead.id);
        st.bind(2, *lead.deal_id);
        st.bind(3, lead.id);
        st.exec();
    }

    ImportContext& ctx_;
};

} // namespace

std::unique_ptr<RowImporter> lead_importer(ImportContext& ctx) {
    return std::make_unique<LeadImporter>(ctx);
}

} // namespace crm::io::detail
