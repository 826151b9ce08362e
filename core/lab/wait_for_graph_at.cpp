#include "lab/wait_for_graph_at.h"

#include <cstddef>

namespace interleave {
namespace {

WaitForGraph emptyGraph(const LockLog& log)
{
    WaitForGraph graph;
    graph.threads.reserve(log.threads.size());
    for (const std::string& name : log.threads)
        graph.threads.push_back({name, WaitForGraph::kNone, 0});
    graph.locks.reserve(log.locks.size());
    for (const LockLog::Lock& lock : log.locks)
        graph.locks.push_back({lock.name, WaitForGraph::kNone, 0, 0, lock.recursive});
    return graph;
}

void apply(WaitForGraph& graph, const LockEvent& e)
{
    if (e.thread < 0 || static_cast<std::size_t>(e.thread) >= graph.threads.size() || e.lock < 0
        || static_cast<std::size_t>(e.lock) >= graph.locks.size())
        return;
    WaitForGraph::Thread& thread = graph.threads[static_cast<std::size_t>(e.thread)];
    WaitForGraph::Lock& lock = graph.locks[static_cast<std::size_t>(e.lock)];
    const auto endWait = [&] {
        if (thread.waitsFor == e.lock) {
            thread.waitsFor = WaitForGraph::kNone;
            thread.waitingSince = 0;
        }
    };
    switch (e.kind) {
    case LockEventKind::Wait:
        thread.waitsFor = e.lock;
        thread.waitingSince = e.time;
        break;
    case LockEventKind::Acquire:
        endWait();
        if (lock.heldBy == e.thread && lock.recursive) {
            ++lock.depth;
        } else {
            lock.heldBy = e.thread;
            lock.depth = 1;
            lock.heldSince = e.time;
        }
        break;
    case LockEventKind::Abandon:
        endWait();
        break;
    case LockEventKind::Release:
        if (lock.heldBy != e.thread)
            break;
        if (--lock.depth <= 0) {
            lock.heldBy = WaitForGraph::kNone;
            lock.depth = 0;
            lock.heldSince = 0;
        }
        break;
    }
}

} // namespace

WaitForGraph waitForGraphAt(const LockLog& log, TimeNs t)
{
    WaitForGraph graph = emptyGraph(log);
    for (const LockEvent& e : log.events) {
        if (e.time > t)
            break; // in time order: nothing later applies
        apply(graph, e);
    }
    return graph;
}

std::optional<TimeNs> firstCycleAt(const LockLog& log)
{
    WaitForGraph graph = emptyGraph(log);
    for (const LockEvent& e : log.events) {
        apply(graph, e);
        if (findWaitCycle(graph))
            return e.time;
    }
    return std::nullopt;
}

} // namespace interleave
