// libFuzzer target: money parsing and formatting (outside input from the command line and
// imports). Invariant: a parsed amount formats back to a decimal that parses to the same value.
#include "pipe/money.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)crm::parse_currency(text);
    for (int digits : {0, 2, 3}) {
        auto amount = crm::parse_amount(text, digits);
        if (!amount) continue;
        auto decimal = crm::format_decimal(*amount, digits);
        auto again = crm::parse_amount(decimal, digits);
        if (!again || *again != *amount) std::abort();
        (void)crm::format_money(*amount, "EUR");
        (void)crm::format_money_short(*amount, "JPY");
    }
    return 0;
}
