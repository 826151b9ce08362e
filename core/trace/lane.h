#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace interleave {

using LaneId = std::int32_t;
inline constexpr LaneId kNoLane = -1;

enum class LaneKind : std::uint8_t { Process, Thread, Coroutine };

constexpr std::string_view laneKindName(LaneKind k) noexcept
{
    switch (k) {
    case LaneKind::Process: return "process";
    case LaneKind::Thread: return "thread";
    case LaneKind::Coroutine: return "coroutine";
    }
    return "?";
}

constexpr std::optional<LaneKind> laneKindFromName(std::string_view name) noexcept
{
    if (name == "process")
        return LaneKind::Process;
    if (name == "thread")
        return LaneKind::Thread;
    if (name == "coroutine")
        return LaneKind::Coroutine;
    return std::nullopt;
}

// Lanes nest: process > thread > coroutine. A process lane is the process's main thread;
// its parent is kNoLane. A lane's id is its index in the recorder (and in the trace).
struct LaneInfo {
    LaneId id = kNoLane;
    LaneId parent = kNoLane;
    LaneKind kind = LaneKind::Thread;
    std::int32_t pid = 0;
    std::int32_t tid = 0;
    std::string name;

    friend bool operator==(const LaneInfo&, const LaneInfo&) = default;
};

} // namespace interleave
