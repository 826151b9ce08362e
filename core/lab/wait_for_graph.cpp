#include "lab/wait_for_graph.h"

#include <algorithm>

namespace interleave {
namespace {

bool validThread(const WaitForGraph& graph, int index)
{
    return index >= 0 && static_cast<std::size_t>(index) < graph.threads.size();
}

bool validLock(const WaitForGraph& graph, int index)
{
    return index >= 0 && static_cast<std::size_t>(index) < graph.locks.size();
}

// The thread the given thread waits on (through the lock it waits for), if any.
int nextThread(const WaitForGraph& graph, int thread)
{
    const int lock = graph.threads[static_cast<std::size_t>(thread)].waitsFor;
    if (!validLock(graph, lock))
        return WaitForGraph::kNone;
    const int holder = graph.locks[static_cast<std::size_t>(lock)].heldBy;
    return validThread(graph, holder) ? holder : WaitForGraph::kNone;
}

} // namespace

std::optional<WaitCycle> findWaitCycle(const WaitForGraph& graph)
{
    // Colours of the classic DFS: unvisited, on the current path, finished. With one outgoing
    // edge per thread (through its lock) the search from a root is a single path.
    enum class Mark { New, OnPath, Done };
    std::vector<Mark> marks(graph.threads.size(), Mark::New);
    std::optional<WaitCycle> best;
    for (int root = 0; root < static_cast<int>(graph.threads.size()); ++root) {
        if (marks[static_cast<std::size_t>(root)] != Mark::New)
            continue;
        std::vector<int> path;
        int at = root;
        while (at != WaitForGraph::kNone && marks[static_cast<std::size_t>(at)] == Mark::New) {
            marks[static_cast<std::size_t>(at)] = Mark::OnPath;
            path.push_back(at);
            at = nextThread(graph, at);
        }
        if (at != WaitForGraph::kNone && marks[static_cast<std::size_t>(at)] == Mark::OnPath) {
            // A back edge: the cycle is the path from `at` onwards.
            const auto first = std::find(path.begin(), path.end(), at);
            std::vector<int> threads(first, path.end());
            std::rotate(threads.begin(), std::min_element(threads.begin(), threads.end()), threads.end());
            WaitCycle cycle;
            for (int t : threads) {
                cycle.threads.push_back(t);
                cycle.locks.push_back(graph.threads[static_cast<std::size_t>(t)].waitsFor);
            }
            if (!best || cycle.threads.front() < best->threads.front())
                best = std::move(cycle);
        }
        for (int t : path)
            marks[static_cast<std::size_t>(t)] = Mark::Done;
    }
    return best;
}

std::vector<std::string> cycleNodeNames(const WaitForGraph& graph, const WaitCycle& cycle)
{
    std::vector<std::string> names;
    for (std::size_t i = 0; i < cycle.threads.size(); ++i) {
        names.push_back(graph.threads.at(static_cast<std::size_t>(cycle.threads[i])).name);
        names.push_back(graph.locks.at(static_cast<std::size_t>(cycle.locks[i])).name);
    }
    return names;
}

std::string describeCycle(const WaitForGraph& graph, const WaitCycle& cycle)
{
    std::string text;
    const std::size_t n = cycle.threads.size();
    for (std::size_t i = 0; i < n; ++i) {
        const std::string& waiter = graph.threads.at(static_cast<std::size_t>(cycle.threads[i])).name;
        const std::string& lock = graph.locks.at(static_cast<std::size_t>(cycle.locks[i])).name;
        const std::string& holder
            = graph.threads.at(static_cast<std::size_t>(cycle.threads[(i + 1) % n])).name;
        if (!text.empty())
            text += ", ";
        text += waiter + " waits for " + lock + " held by " + holder;
        if (n == 1)
            text += " (itself)";
    }
    return text;
}

TimeNs cycleFormedAt(const WaitForGraph& graph, const WaitCycle& cycle)
{
    TimeNs latest = 0;
    for (std::size_t i = 0; i < cycle.threads.size(); ++i) {
        latest = std::max(latest, graph.threads.at(static_cast<std::size_t>(cycle.threads[i])).waitingSince);
        latest = std::max(latest, graph.locks.at(static_cast<std::size_t>(cycle.locks[i])).heldSince);
    }
    return latest;
}

} // namespace interleave
