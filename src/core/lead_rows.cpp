#include "lead_rows.hpp"

#include "change.hpp"
#include "deal_rows.hpp"
#include "field_rows.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

namespace crm {

const FieldTable<Lead>& lead_fields() {
    using namespace field_use;
    using detail::get_member;
    using detail::set_member;
    constexpr unsigned io = exported | json;
    static const FieldTable<Lead> table{
        {"id",
         "id",
         FieldKind::id,
         json,
         {},
         {},
         {},
         {},
         get_member<&Lead::id>,
         set_member<&Lead::id>},
        {"external_id",
         "external_id",
         FieldKind::external_id,
         io,
         {},
         {},
         {},
         {"leadid", "prospectid", "recordid", "personid", "contactid", "id"},
         detail::get_optional_text<&Lead::external_id>,
         set_member<&Lead::external_id>},
        {"name",
         "name",
         FieldKind::title,
         io | edit,
         {},
         "--name",
         "New name",
         {"fullname", "leadname", "contactname", "personname", "contact", "person"},
         get_member<&Lead::name>,
         set_member<&Lead::name>},
        {"organization",
         "organization",
         FieldKind::text,
         io | edit,
         {},
         "-o,--org",
         "Organization: id, name or unique prefix, or an email's domain; a new name creates it",
         {"organisation", "organizationname", "company", "companyname", "associatedcompany",
          "account", "accountname", "org"},
         get_member<&Lead::organization>,
         set_member<&Lead::organization>},
        {"email",
         "email",
         FieldKind::text,
         io | edit,
         {},
         "--email",
         "Email",
         {"emailaddress", "emailwork", "emailhome", "emailother", "email1"},
         get_member<&Lead::email>,
         set_member<&Lead::email>},
        {"phone",
         "phone",
         FieldKind::text,
         io | edit,
         {},
         "--phone",
         "Phone",
         {"phonenumber", "mobile", "mobilephone", "phonework", "phonemobile", "phonehome"},
         get_member<&Lead::phone>,
         set_member<&Lead::phone>},
        {"source",
         "source",
         FieldKind::text,
         io | edit,
         {},
         "--source",
         "Where the lead came from: web, referral, event, ...",
         {"leadsource", "sourcechannel", "originalsource", "origin"},
         get_member<&Lead::source>,
         set_member<&Lead::source>},
        {"status",
         "status",
         FieldKind::choice,
         io | edit,
         {},
         "--status",
         "new, qualified, nurturing or disqualified",
         {"leadstatus"},
         get_member<&Lead::status>,
         set_member<&Lead::status>},
        {"created_at",
         "created_at",
         FieldKind::instant,
         io,
         {},
         {},
         {},
         {"created", "createddate", "createdon", "createdate", "createdtime", "datecreated",
          "leadcreated", "addtime"},
         get_member<&Lead::created_at>,
         set_member<&Lead::created_at>},
        {"follow_up",
         "follow_up",
         FieldKind::date,
         io | edit,
         {},
         "-f,--follow-up",
         "Follow-up date: 2026-03-31, tomorrow, fri, +3d (none clears)",
         {"followupdate", "nextfollowup"},
         get_member<&Lead::follow_up>,
         set_member<&Lead::follow_up>},
        {"budget",
         "budget",
         FieldKind::score,
         exported,
         {},
         {},
         {},
         {},
         get_member<&Lead::budget>,
         set_member<&Lead::budget>},
        {"authority",
         "authority",
         FieldKind::score,
         exported,
         {},
         {},
         {},
         {},
         get_member<&Lead::authority>,
         set_member<&Lead::authority>},
        {"need",
         "need",
         FieldKind::score,
         exported,
         {},
         {},
         {},
         {},
         get_member<&Lead::need>,
         set_member<&Lead::need>},
        {"timeline",
         "timeline",
         FieldKind::score,
         exported,
         {},
         {},
         {},
         {},
         get_member<&Lead::timeline>,
         set_member<&Lead::timeline>},
        {"notes",
         "notes",
         FieldKind::text,
         io | edit,
         {},
         "--note,--notes",
         "Free notes",
         {"note", "description", "comments"},
         get_member<&Lead::notes>,
         set_member<&Lead::notes>},
        {"nurture_until",
         "nurture_until",
         FieldKind::date,
         json,
         {},
         {},
         {},
         {},
         get_member<&Lead::nurture_until>,
         set_member<&Lead::nurture_until>},
        {"drop_reason",
         "drop_reason",
         FieldKind::text,
         json,
         {},
         {},
         {},
         {},
         get_member<&Lead::drop_reason>,
         set_member<&Lead::drop_reason>},
        {"deal_id",
         "deal_id",
         FieldKind::ref,
         json,
         {},
         {},
         {},
         {},
         get_member<&Lead::deal_id>,
         set_member<&Lead::deal_id>},
        {"updated_at",
         "updated_at",
         FieldKind::instant,
         json,
         {},
         {},
         {},
         {},
         get_member<&Lead::updated_at>,
         set_member<&Lead::updated_at>},
        {"last_touch_at",
         "last_touch_at",
         FieldKind::instant,
         json,
         {},
         {},
         {},
         {},
         get_member<&Lead::last_touch_at>,
         set_member<&Lead::last_touch_at>},
        {"person_id",
         "person_id",
         FieldKind::ref,
         json,
         {},
         {},
         {},
         {},
         get_member<&Lead::person_id>,
         set_member<&Lead::person_id>},
        {"organization_id",
         "organization_id",
         FieldKind::ref,
         json,
         {},
         {},
         {},
         {},
         get_member<&Lead::organization_id>,
         set_member<&Lead::organization_id>},
    };
    return table;
}

} // namespace crm

namespace crm::detail {

const std::string& lead_columns() {
    static const std::string columns = select_list(lead_fields(), "leads.");
    return columns;
}

Lead read_lead_row(SQLite::Statement& st) {
    return read_fields(lead_fields(), st);
}

Result<Lead> require_lead(Store& store, std::int64_t id) {
    auto& st = store.statement("SELECT " + lead_columns() + " FROM leads WHERE id = ?");
    st.bind(1, id);
    if (st.executeStep()) return read_lead_row(st);
    return fail(fmt::format("lead {} not found", id),
                act("lead", "list").option("--status", "all"));
}

std::int64_t insert_lead(Store& store, Lead& lead, std::optional<std::int64_t> batch) {
    lead.id = require_change(store).next_id("leads");
    static const auto sql = insert_sql(lead_fields(), "leads", "batch_id");
    auto& st = store.statement(sql);
    auto next = bind_all(lead_fields(), st, lead);
    if (batch)
        st.bind(next, *batch);
    else
        st.bind(next);
    st.exec();
    return lead.id;
}

void update_lead(Store& store, const Lead& lead) {
    static const auto sql = update_sql(lead_fields(), "leads");
    auto& st = store.statement(sql);
    bind_update(lead_fields(), st, lead);
    st.exec();
}

} // namespace crm::detail
