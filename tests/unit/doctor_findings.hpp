#pragma once
// What pipe doctor finds in a test's book, one "area: problem" line a finding.

#include "fixture.hpp"
#include "pipe/doctor.hpp"

#include <string>
#include <vector>

namespace crm::test {

/// The findings of check_book, as "area: problem"; empty when the book is sound.
inline std::vector<std::string> problems(Book& book) {
    std::vector<std::string> out;
    for (const auto& f : ok(check_book(book)).findings) out.push_back(f.area + ": " + f.problem);
    return out;
}

} // namespace crm::test
