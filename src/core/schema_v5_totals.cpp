// Schema version 5: a running total of deal_totals that would pass 64 bits is refused, so the
// write that would make it is an error and rolls back. (SQLite turns an integer `+` that
// overflows into a REAL, which would leave the total wrong for good.)

#include "amounts.hpp"
#include "schema.hpp"

#include <fmt/format.h>
#include <string>

namespace crm::schema {

std::string_view v5_totals() {
    static const std::string sql = fmt::format(R"sql(
CREATE TRIGGER deal_totals_overflow AFTER UPDATE OF value ON deal_totals
WHEN typeof(NEW.value) <> 'integer'
BEGIN
  SELECT RAISE(ABORT, '{}');
END;
)sql",
                                               detail::total_overflow_raise);
    return sql;
}

} // namespace crm::schema
