// Schema version 9 (cutoffs): the indexes that rotting and stuck deals are found by also hold
// what their counts and sums need. A stage's deals on the smaller side of a cutoff
// (stage_cutoffs.hpp) are summed by currency and probability from the index alone, instead of
// one row read per deal; a stage's typical time is taken from its latest exits in the index.

#include "schema.hpp"

namespace crm::schema {

std::string_view v9_cutoffs() {
    static constexpr std::string_view sql = R"sql(
DROP INDEX deals_touch;
CREATE INDEX deals_touch ON deals(status, pipeline, stage, last_touch_at, currency, value,
                                  probability);
DROP INDEX deals_entered;
CREATE INDEX deals_entered ON deals(status, pipeline, stage, stage_entered_at, currency, value,
                                    probability);
DROP INDEX stage_exits_stage;
CREATE INDEX stage_exits_stage ON stage_exits(pipeline, stage, left_at, entered_at);
)sql";
    return sql;
}

} // namespace crm::schema
