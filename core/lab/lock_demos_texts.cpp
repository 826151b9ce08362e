#include "lab/lock_demos.h"

#include "lab/lock_demos_python.h"

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace interleave {

namespace {

// Copies a program, putting each value in place of its {name}. Other braces stay as they are.
std::string fillLockDemoPlaces(
    std::string_view program, std::initializer_list<std::pair<std::string_view, std::string>> values)
{
    std::string filled;
    filled.reserve(program.size());
    std::size_t i = 0;
    while (i < program.size()) {
        bool replaced = false;
        if (program[i] == '{') {
            for (const auto& [name, value] : values) {
                if (program.compare(i + 1, name.size(), name) == 0 && program.size() > i + 1 + name.size()
                    && program[i + 1 + name.size()] == '}') {
                    filled += value;
                    i += name.size() + 2;
                    replaced = true;
                    break;
                }
            }
        }
        if (!replaced)
            filled.push_back(program[i++]);
    }
    return filled;
}

} // namespace

std::string lockDemoTitle(LockDemo demo)
{
    switch (demo) {
    case LockDemo::Lock:
        return "Lock: threads contending for one lock";
    case LockDemo::RLock:
        return "RLock: a thread re-entering its own lock";
    case LockDemo::Semaphore:
        return "Semaphore(k): at most k downloads at once";
    case LockDemo::Event:
        return "Event: threads wait until one sets it";
    case LockDemo::Condition:
        return "Condition: wait for a predicate, notify when it changes";
    case LockDemo::Queue:
        return "Queue(maxsize): producers and consumers";
    }
    return {};
}

std::string lockDemoExplanation(const LockDemoConfig& config)
{
    switch (config.demo) {
    case LockDemo::Lock:
        return "Each worker fetches data (I/O, overlapping freely), then updates shared state inside "
               "`with lock:`. Only one worker at a time may hold the lock; the others wait (hatched "
               "Waiting for lock bars). That waiting is the cost of contention: the more threads and the "
               "longer the critical section, the more of the run is spent queueing for the lock.";
    case LockDemo::RLock:
        if (config.plainLock)
            return "deposit() takes the lock and calls log_balance(), which takes the same lock again. "
                   "A plain Lock does not know who holds it, so the thread waits for itself forever: a "
                   "deadlock with one thread. A watchdog sees the cycle in the wait-for graph (the "
                   "thread waits for a lock it holds), reports it and makes the inner acquire give up, "
                   "so the run recovers. Other tellers wait behind the stuck one meanwhile.";
        return "deposit() takes the lock and calls log_balance(), which takes the same lock again. An "
               "RLock remembers its owner and counts re-entries: the second acquire succeeds at once, "
               "and the lock is free again only after the matching number of releases. Switch to a "
               "plain Lock to see the same code deadlock.";
    case LockDemo::Semaphore:
        return "A Semaphore(k) holds k permits. Each download takes one (`with sem:`) and gives it back "
               "when it is done; when none is left, the next downloader waits. However many threads "
               "there are, at most k downloads (Blocked on I/O bars) are in progress at any instant: a "
               "polite limit on connections to one server.";
    case LockDemo::Event:
        return "The loader loads the settings while the workers connect. Each worker calls "
               "ready.wait() and blocks until the loader calls ready.set(); then all of them are "
               "released at the same moment. An Event is a one-way signal: once set, wait() returns "
               "at once.";
    case LockDemo::Condition:
        return "Consumers wait on a Condition until there is an item (cond.wait_for(lambda: items)). "
               "wait() releases the condition's lock while sleeping, so the producer can take it, add "
               "an item and notify(). A woken consumer re-checks the predicate under the lock before "
               "taking the item.";
    case LockDemo::Queue:
        return "Producers put() items into a queue.Queue(maxsize) and consumers get() them. When the "
               "queue is full, put() blocks; when it is empty, get() blocks. Both waits show as "
               "Waiting for lock: inside, Queue waits on Conditions (not_full, not_empty) built on a lock, "
               "not on I/O. The bound keeps fast producers from running ahead of slow consumers.";
    }
    return {};
}

std::string lockDemoPythonFileName(LockDemo demo)
{
    return "lab-" + std::string(lockDemoName(demo)) + ".py";
}

// The programs are files in resources/explanations (lab-lock.py, ...), compiled in. Their
// places: {threads}, {consumers}, {limit}, {rounds}, {total} (items the Condition's producer
// makes) and {lock} (RLock, or Lock for the plain-lock variant). Lines stay within about 44
// characters: the code sits in a narrow side panel. The file's last newline is not shown.
std::string lockDemoPython(const LockDemoConfig& config)
{
    std::string_view program = lockDemoPythonFile(lockDemoPythonFileName(config.demo));
    if (!program.empty() && program.back() == '\n')
        program.remove_suffix(1);
    return fillLockDemoPlaces(program,
        {{"threads", std::to_string(config.threads)}, {"consumers", std::to_string(config.consumers)},
            {"limit", std::to_string(config.limit)}, {"rounds", std::to_string(config.rounds)},
            {"total", std::to_string(config.threads * config.rounds)},
            {"lock", config.plainLock ? "Lock" : "RLock"}});
}

} // namespace interleave
