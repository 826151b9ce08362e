#pragma once

#include "engine/lane_thread.h"
#include "lab/lock_demos_lock_table.h"
#include "trace/recorder.h"

#include <atomic>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace interleave {

// The pieces the lock demos are built from, besides the locks of LockTable: the demo's threads,
// and Python's Semaphore, Event and Queue. Each keeps its state under the table's one mutex (see
// LockTable for why), so a stop wakes every one of them.

// The threads of one demo: each a LaneThread (its own lane, named for its role) and an entry
// in the lock table. Threads are joined by the destructor at the latest.
class DemoThreads {
public:
    DemoThreads(Recorder& recorder, LockTable& table);
    ~DemoThreads();
    DemoThreads(const DemoThreads&) = delete;
    DemoThreads& operator=(const DemoThreads&) = delete;

    // The table's thread entries come first, so a body may use its index at once.
    int add(std::string name);

    // Starts thread `index` (from add). Its body waits, still Starting, until every thread has
    // been started (joinAll opens the gate): the scripted timings then begin together, however
    // late the system runs a new thread. A thread the system refuses stops the whole run, so
    // those already started end promptly, and is reported to the caller.
    void start(int index, std::function<void(LaneWriter)> body);

    LaneId lane(int index) const { return m_lanes.at(static_cast<std::size_t>(index)); }

    void joinAll();

private:
    Recorder& m_recorder;
    LockTable& m_table;
    std::atomic<bool> m_gate {false};
    std::vector<std::string> m_names;
    std::vector<LaneThread> m_threads;
    std::vector<LaneId> m_lanes;
};

// Every lane ends with one of these: Done, or Stopped when a stop cut it short.
void finishDemoLane(LaneWriter& lane, bool completed);

// A stretch of simulated work in one state; false when a stop cut it short.
bool demoWork(LockTable& table, LaneWriter& lane, State state, TimeNs duration);

// threading.Semaphore(k) on the table's mutex.
class LabSemaphore {
public:
    LabSemaphore(LockTable& table, int permits);

    bool acquire(LaneWriter& lane);
    void release();
    int peak() const;

private:
    LockTable& m_table;
    int m_free;
    int m_inUse = 0;
    int m_peak = 0;
};

// threading.Event on the table's mutex.
class LabEvent {
public:
    explicit LabEvent(LockTable& table);

    bool wait(LaneWriter& lane);
    void set();
    int released() const;

private:
    LockTable& m_table;
    bool m_set = false;
    int m_released = 0;
};

// queue.Queue(maxsize) on the table's mutex. It closes when its last producer is done, so
// consumers can end without sentinels.
class LabQueue {
public:
    LabQueue(LockTable& table, int capacity, int producers);

    bool put(LaneWriter& lane, int item);
    // The next item; nullopt once the queue is closed and empty, or on a stop.
    std::optional<int> get(LaneWriter& lane);
    void producerDone();

    struct Counts {
        int peak = 0; // the most items queued at once
        int produced = 0;
        int consumed = 0;
        int blockedPuts = 0;
        int blockedGets = 0;
    };
    Counts counts() const;

private:
    LockTable& m_table;
    std::size_t m_capacity;
    int m_producers;
    std::deque<int> m_items;
    Counts m_counts;
};

} // namespace interleave
