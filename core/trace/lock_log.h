#pragma once

#include "trace/clock.h"
#include "trace/lane.h"

#include <cstdint>
#include <string>
#include <vector>

namespace interleave {

// What a lab run's locks did, beside its lanes' states: who began waiting for which lock, took
// it, gave up waiting, or let it go, and when. The lanes show that a thread waits; this says
// for which lock and who held it, so the wait-for graph of any instant of a recorded run can be
// rebuilt from the trace alone (lab/wait_for_graph_at.h) and a replay draws it as it was.
enum class LockEventKind : std::uint8_t {
    Wait, // began waiting for the lock (the lane's WaitingLock span starts here)
    Acquire, // took it: at once, or at the end of a wait; a recursive lock's re-entry too
    Abandon, // stopped waiting without it (a watchdog broke the wait)
    Release, // let go of one hold (a recursive lock is free after its last)
};

struct LockEvent {
    TimeNs time = 0;
    std::int32_t thread = 0; // index into LockLog::threads
    std::int32_t lock = 0; // index into LockLog::locks
    LockEventKind kind = LockEventKind::Wait;
    LaneId lane = kNoLane; // the thread's lane, when it records one

    friend bool operator==(const LockEvent&, const LockEvent&) = default;
};

// The threads and locks of a run, numbered from 0 in the order they were added, and their
// events in the order they happened (times never decrease). Empty for an engine run.
struct LockLog {
    struct Lock {
        std::string name;
        bool recursive = false;

        friend bool operator==(const Lock&, const Lock&) = default;
    };

    std::vector<std::string> threads;
    std::vector<Lock> locks;
    std::vector<LockEvent> events;

    bool empty() const noexcept { return threads.empty() && locks.empty(); }
    friend bool operator==(const LockLog&, const LockLog&) = default;
};

} // namespace interleave
