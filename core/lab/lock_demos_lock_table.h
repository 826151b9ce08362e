#pragma once

#include "lab/wait_for_graph.h"
#include "trace/recorder.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>

namespace interleave {

// The locks of one lab run and who holds or waits for each: the wait-for graph, kept live.
//
// Every lock, and every other synchronisation object of a lab run (semaphore, event,
// condition, queue), keeps its state under this one mutex and waits on this one condition
// variable. That makes three things simple and exact: the graph a watchdog reads is always
// consistent (no edge is half-updated), a stop wakes every blocked thread at once so a
// deadlocked run can always be unwound, and ThreadSanitizer sees one plain mutex rather than
// the lab's deliberately inverted lock orders. The cost (every wake-up wakes every waiter) does
// not matter for a dozen threads.
class LockTable {
public:
    enum class Outcome {
        Acquired,
        Stopped, // the run is stopping: the caller unwinds
        GaveUp, // a watchdog broke this thread's wait (a deadlock it chose to recover from)
    };

    // With a recorder, the table writes its threads, locks and every wait, acquire, abandoned
    // wait and release into the recorder's lock log (trace/lock_log.h), so a replay of the run
    // can draw its wait-for graph at any instant. The log ends at a stop: what follows is the
    // run being taken down (every waiter gives up, every lock is let go at once), not part of
    // what it did, and a deadlock stopped by its watchdog stays a cycle at the trace's end.
    explicit LockTable(Recorder* log = nullptr)
        : m_log(log)
    {
    }
    LockTable(const LockTable&) = delete;
    LockTable& operator=(const LockTable&) = delete;

    // Threads and locks are numbered in the order they are added, from 0.
    int addThread(std::string name);
    int addLock(std::string name, bool recursive = false);

    // threading.Lock.acquire() / RLock.acquire(). A plain lock its caller already holds is
    // waited for like any other (a real self-deadlock: only a stop or breakWait ends it); a
    // recursive one is re-entered at once. With a lane, a caller that has to wait records
    // WaitingLock (detail = the lock's index), and every new hold (not a re-entry) starts a
    // Running span with the given task. To keep holds apart on the timeline, the caller
    // records its next state before release().
    Outcome acquire(int thread, int lock, LaneWriter* lane = nullptr, std::int32_t task = kNoTask);
    // Undoes one acquire. Throws std::logic_error when the thread does not hold the lock.
    void release(int thread, int lock);

    // Every blocked thread returns Stopped (sleepFor and waitUntil false), now and from then on.
    void requestStop();
    bool stopRequested() const;
    // If the thread is blocked acquiring a lock, that acquire returns GaveUp.
    void breakWait(int thread);

    WaitForGraph graph() const;

    // Per lock, over the whole run so far.
    struct LockStats {
        int acquisitions = 0;
        int contended = 0; // acquisitions that had to wait
        TimeNs waitedNs = 0; // summed over the waits that ended with the lock
        TimeNs heldNs = 0; // summed over completed holds (outermost acquire to last release)
        int mostWaiting = 0; // the largest number of threads waiting for it at once
    };
    LockStats stats(int lock) const;

    // For the other primitives: their state lives under guard(), they wait with waitUntil and
    // announce changes with notifyAll (under the guard or not).
    std::unique_lock<std::mutex> guard() const { return std::unique_lock(m_mutex); }
    // Waits until ready() holds (true) or the run stops (false). ready() runs under the guard.
    template <typename Ready> bool waitUntil(std::unique_lock<std::mutex>& lock, Ready ready)
    {
        m_changed.wait(lock, [&] { return m_stopped || ready(); });
        return !m_stopped;
    }
    void notifyAll() { m_changed.notify_all(); }

    // A blocking sleep (off-CPU) that a stop cuts short: false then.
    bool sleepFor(TimeNs duration);

private:
    struct ThreadEntry {
        std::string name;
        int waitsFor = WaitForGraph::kNone;
        TimeNs waitingSince = 0;
        bool giveUp = false;
        LaneId lane = kNoLane; // the lane its acquires record on, once one has
    };
    struct LockEntry {
        std::string name;
        bool recursive = false;
        int heldBy = WaitForGraph::kNone;
        int depth = 0;
        TimeNs heldSince = 0;
        int waiting = 0;
        LockStats stats;
    };

    ThreadEntry& thread(int index);
    // Adds an event to the log, if there is one and the run has not been stopped. Under m_mutex.
    void logEvent(TimeNs time, int thread, int lock, LockEventKind kind);
    LockEntry& lockAt(int index);
    const LockEntry& lockAt(int index) const;

    Recorder* m_log = nullptr;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_stopped = false;
    // Deques: a waiting thread keeps references to its entries while others may be added.
    std::deque<ThreadEntry> m_threads;
    std::deque<LockEntry> m_locks;
};

} // namespace interleave
