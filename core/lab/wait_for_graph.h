#pragma once

#include "trace/clock.h"

#include <optional>
#include <string>
#include <vector>

namespace interleave {

// Who waits for which lock and who holds it, at one instant: the wait-for graph of a lab run.
// Nodes are threads and locks; an edge goes from a thread to the lock it is blocked on, and
// from a lock to the thread holding it. A thread waits for at most one lock and a lock has at
// most one holder, so every node has at most one outgoing edge and a cycle, if there is one,
// is found by walking the edges from any node on it.
struct WaitForGraph {
    static constexpr int kNone = -1;

    struct Thread {
        std::string name;
        int waitsFor = kNone; // lock index
        TimeNs waitingSince = 0; // when the wait began; meaningful while waitsFor != kNone

        friend bool operator==(const Thread&, const Thread&) = default;
    };
    struct Lock {
        std::string name;
        int heldBy = kNone; // thread index
        int depth = 0; // re-entries of a recursive lock by its holder, 1 for a plain hold
        TimeNs heldSince = 0; // meaningful while heldBy != kNone
        bool recursive = false;

        friend bool operator==(const Lock&, const Lock&) = default;
    };

    std::vector<Thread> threads;
    std::vector<Lock> locks;

    friend bool operator==(const WaitForGraph&, const WaitForGraph&) = default;
};

// A cycle of the graph: threads[i] waits for locks[i], which is held by threads[(i + 1) % n].
// It starts at the thread with the lowest index, so the same deadlock always reads the same.
// A thread waiting for a plain lock it holds itself is a cycle of one thread and one lock.
struct WaitCycle {
    std::vector<int> threads;
    std::vector<int> locks;

    friend bool operator==(const WaitCycle&, const WaitCycle&) = default;
};

// Depth-first search over the graph; the first cycle found from the lowest-numbered thread.
// Edges that point outside the graph are ignored.
std::optional<WaitCycle> findWaitCycle(const WaitForGraph& graph);

// The cycle as node names in order: thread, lock, thread, lock, ... (not repeating the first).
std::vector<std::string> cycleNodeNames(const WaitForGraph& graph, const WaitCycle& cycle);

// "philosopher-1 waits for fork-2 held by philosopher-2, philosopher-2 waits for fork-1 held
// by philosopher-1"; a self-wait reads "worker-1 waits for lock held by worker-1 (itself)".
std::string describeCycle(const WaitForGraph& graph, const WaitCycle& cycle);

// When the cycle was complete: the latest of its edges to appear.
TimeNs cycleFormedAt(const WaitForGraph& graph, const WaitCycle& cycle);

} // namespace interleave
