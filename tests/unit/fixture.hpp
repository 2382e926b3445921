#pragma once
// A book on an in-memory database built by the real migrations, with a fixed clock.

#include "pipe/book.hpp"
#include "pipe/clock.hpp"
#include "pipe/deals.hpp"
#include "pipe/leads.hpp"

#include <doctest/doctest.h>

namespace crm::test {

/// Parse an instant or fail the test.
inline Timestamp at(const char* text) {
    auto t = parse_timestamp(text, Timestamp{});
    REQUIRE_MESSAGE(t.has_value(), text);
    return *t;
}

/// Unwrap a Result, failing the test with its message.
template <class T> T ok(Result<T> r) {
    REQUIRE_MESSAGE(r.has_value(), (r ? std::string() : r.error().message()));
    if constexpr (!std::is_void_v<T>) return std::move(*r);
}

/// An in-memory book at 2026-03-02 09:00 UTC with the built-in stages.
struct BookFixture {
    Store store = *Store::open_memory();
    StageConfig stages = default_stage_config();
    FixedClock clock{at("2026-03-02T09:00:00Z")};
    Book book{store, stages, clock};

    /// Add a deal with a title and value.
    Deal deal(const std::string& title, const std::string& value = "1000") {
        DealFields f;
        f.set("title", title);
        f.set("value", value);
        return ok(add_deal(book, f));
    }
};

} // namespace crm::test
