// libFuzzer target: the stage file loader (TOML). Invariant: an accepted configuration has a
// default pipeline with exactly one won and one lost stage.
#include "pipe/stages.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto config = crm::parse_stage_config(text, "fuzz.toml");
    if (!config) return 0;
    auto pipeline = config->pipeline();
    if (!pipeline) std::abort();
    (void)(*pipeline)->won();
    (void)(*pipeline)->lost();
    (void)(*pipeline)->names();
    for (const auto* name : {"pro", "W", "", "lost"}) (void)(*pipeline)->match(name);
    return 0;
}
