#pragma once

#include "lab/wait_for_graph.h"
#include "trace/lock_log.h"
#include "trace/trace.h"

#include <optional>

namespace interleave {

// The wait-for graph of a recorded lab run at instant t, rebuilt from its lock log: the events
// at or before t, applied in order. An edge from a thread to a lock appears at the instant its
// wait began (where the thread's WaitingLock span starts) and is gone from the instant the wait
// ended (the lock taken, or the wait abandoned); an edge from a lock to its holder lasts from
// the acquire to the last release. Before the first event every thread waits for nothing and
// every lock is free; events naming a thread or lock the log does not have are ignored.
// Threads and locks keep the log's order, so the graph reads as the live one did.
WaitForGraph waitForGraphAt(const LockLog& log, TimeNs t);
inline WaitForGraph waitForGraphAt(const Trace& trace, TimeNs t)
{
    return waitForGraphAt(trace.lockLog(), t);
}

// The instant a cycle first closed (the time of the event that closed it: the wait that made the
// last edge), or nullopt when the graph never had one.
std::optional<TimeNs> firstCycleAt(const LockLog& log);

} // namespace interleave
