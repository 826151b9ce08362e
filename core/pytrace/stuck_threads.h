#pragma once

#include "trace/trace.h"

#include <string>
#include <vector>

namespace interleave::pytrace {

// A thread that has waited for a lock without a break up to the end of a trace.
struct StuckOnLock {
    LaneId lane = kNoLane;
    TimeNs since = 0;  // when its wait began
    std::string lock;  // what the span says it waits on: "lock made at deadlock.py:11"
};

// How a deadlock looks from outside: in one process, two or more threads that have each
// waited for a lock for at least minWait, up to the trace's end, while none of its threads
// runs. The tracer does not see who holds a lock, so this is a strong hint, not a proof (a
// thread that holds a lock for a long sleep looks the same to its waiters, but then the
// sleeper is not waiting for a lock itself). Empty when no process looks like that; the
// threads of the first one that does, otherwise. A trace's last instant may be a stop: the
// zero-length end of each lane is not a break.
std::vector<StuckOnLock> likelyDeadlock(const Trace& trace, TimeNs minWait);

} // namespace interleave::pytrace
