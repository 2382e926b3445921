// Schema version 6 (owner): who owns a deal, as another CRM's export names them (`Owner`,
// `Deal - Owner`, `Deal owner`). Plain text; empty when none.

#include "schema.hpp"

namespace crm::schema {

std::string_view v6_owner() {
    static constexpr std::string_view sql = R"sql(
ALTER TABLE deals ADD COLUMN owner TEXT NOT NULL DEFAULT '';
CREATE INDEX deals_owner ON deals(owner) WHERE owner <> '';
)sql";
    return sql;
}

} // namespace crm::schema
