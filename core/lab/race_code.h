#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace interleave {

// What the racing threads run between reading the counter and writing it back: the one
// difference between the Python code that keeps its updates under CPython 3.10+'s GIL and the
// code that loses them.
//  - None: `counter += 1`. LOAD_GLOBAL, LOAD_CONST, BINARY_OP, STORE_GLOBAL: no call and no
//    backward jump, so no eval-breaker check between the load and the store.
//  - Call: `counter = counter + one()`. The call's RESUME checks the eval breaker between the
//    load and the store: a GIL switch can happen there, and the thread later stores a stale
//    value.
enum class RaceBetween : std::uint8_t { None, Call };

inline std::string_view raceBetweenName(RaceBetween between) noexcept
{
    return between == RaceBetween::Call ? "call" : "none";
}

inline std::optional<RaceBetween> raceBetweenFromName(std::string_view name) noexcept
{
    if (name == "none")
        return RaceBetween::None;
    if (name == "call")
        return RaceBetween::Call;
    return std::nullopt;
}

// "on" and "off", as the command line and the lab parameters say it.
inline std::string_view gilName(bool gil) noexcept { return gil ? "on" : "off"; }

inline std::optional<bool> gilFromName(std::string_view name) noexcept
{
    if (name == "on")
        return true;
    if (name == "off")
        return false;
    return std::nullopt;
}

} // namespace interleave
