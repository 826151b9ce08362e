#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace interleave {

using LaneId = std::int32_t;
inline constexpr LaneId kNoLane = -1;

// Process and Thread lanes are OS threads (a process lane is its main thread). A Coroutine lane
// is a logical lane run by the thread above it. A Task lane is a work item handed to a pool:
// Ready while queued; while a worker holds it, whatever that worker's lane shows (Running,
// WaitingGil, BlockedIo, ...; detail = the worker's lane id); then Done. Only OS threads are
// counted when a view asks how many threads run at once (see ParallelismProfile).
enum class LaneKind : std::uint8_t { Process, Thread, Coroutine, Task };

constexpr std::string_view laneKindName(LaneKind k) noexcept
{
    switch (k) {
    case LaneKind::Process: return "process";
    case LaneKind::Thread: return "thread";
    case LaneKind::Coroutine: return "coroutine";
    case LaneKind::Task: return "task";
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
    if (name == "task")
        return LaneKind::Task;
    return std::nullopt;
}

constexpr bool isExecutionLane(LaneKind k) noexcept { return k != LaneKind::Task; }

// Lanes nest: process > thread > coroutine; task lanes sit under the pool's process. A process lane is the process's main thread;
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
