#pragma once

#include "trace/clock.h"
#include "trace/state.h"

#include <cstdint>
#include <type_traits>

namespace interleave {

inline constexpr std::int32_t kNoTask = -1;

// One record of a lane: from `time` on, the lane is in `state`. A lane's records are in
// time order; each one starts a span that ends where the next one starts.
struct StateChange {
    TimeNs time = 0;
    std::int32_t task = kNoTask; // index of the task the lane is working on
    State state = State::Starting;
    std::uint8_t reserved = 0;
    std::uint16_t detail = 0; // model-specific: a lock's id, a pool chunk, ...

    friend bool operator==(const StateChange&, const StateChange&) = default;
};

static_assert(sizeof(StateChange) == 16, "records are meant to stay one quarter of a cache line");
static_assert(std::is_trivially_copyable_v<StateChange>, "stores write records into raw memory");

} // namespace interleave
