#include "lab/lock_demos.h"

#include "engine/lane_thread.h"
#include "engine/python_thread.h"
#include "lab/lock_demos_lock_table.h"
#include "trace/duration_text.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <deque>
#include <functional>
#include <stdexcept>
#include <unistd.h>

namespace interleave {
namespace {

std::string percent(double share)
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%.0f%%", 100 * share);
    return buffer;
}

// The threads of one demo: each a LaneThread (its own lane, named for its role) and an entry
// in the lock table. Threads are joined by the destructor at the latest.
class DemoThreads {
public:
    DemoThreads(Recorder& recorder, LockTable& table)
        : m_recorder(recorder)
        , m_table(table)
    {
    }
    ~DemoThreads() { joinAll(); }

    // The table's thread entries come first, so a body may use its index at once.
    int add(std::string name)
    {
        m_names.push_back(name);
        return m_table.addThread(std::move(name));
    }

    // Starts thread `index` (from add). Its body waits, still Starting, until every thread has
    // been started (joinAll opens the gate): the scripted timings then begin together, however
    // late the system runs a new thread. A thread the system refuses stops the whole run, so
    // those already started end promptly, and is reported to the caller.
    void start(int index, std::function<void(LaneWriter)> body)
    {
        LaneInfo info;
        info.kind = LaneKind::Thread;
        info.pid = static_cast<std::int32_t>(::getpid());
        info.name = m_names.at(static_cast<std::size_t>(index));
        auto gated = [this, body = std::move(body)](LaneWriter lane) {
            m_gate.wait(false, std::memory_order_acquire);
            body(std::move(lane));
        };
        try {
            m_threads.emplace_back(m_recorder, std::move(info), std::move(gated));
        } catch (...) {
            m_table.requestStop();
            throw;
        }
        if (m_lanes.size() <= static_cast<std::size_t>(index))
            m_lanes.resize(static_cast<std::size_t>(index) + 1, kNoLane);
        m_lanes[static_cast<std::size_t>(index)] = m_threads.back().lane();
    }

    LaneId lane(int index) const { return m_lanes.at(static_cast<std::size_t>(index)); }

    void joinAll()
    {
        m_gate.store(true, std::memory_order_release);
        m_gate.notify_all();
        for (LaneThread& t : m_threads)
            t.join();
    }

private:
    Recorder& m_recorder;
    LockTable& m_table;
    std::atomic<bool> m_gate {false};
    std::vector<std::string> m_names;
    std::vector<LaneThread> m_threads;
    std::vector<LaneId> m_lanes;
};

// Every lane ends with one of these: Done, or Stopped when a stop cut it short.
void finish(LaneWriter& lane, bool completed)
{
    if (completed)
        lane.record(State::Done, kNoTask, kEndNormal);
    else
        lane.record(State::Stopped, kNoTask, kEndCancelled);
}

// A stretch of simulated work in one state; false when a stop cut it short.
bool work(LockTable& table, LaneWriter& lane, State state, TimeNs duration)
{
    lane.record(state);
    return table.sleepFor(duration);
}

// threading.Semaphore(k) on the table's mutex.
class Semaphore {
public:
    Semaphore(LockTable& table, int permits)
        : m_table(table)
        , m_free(permits)
    {
    }

    bool acquire(LaneWriter& lane)
    {
        std::unique_lock guard = m_table.guard();
        if (m_free == 0) {
            lane.record(State::WaitingLock);
            if (!m_table.waitUntil(guard, [this] { return m_free > 0; }))
                return false;
        }
        --m_free;
        ++m_inUse;
        m_peak = std::max(m_peak, m_inUse);
        return true;
    }

    void release()
    {
        {
            std::unique_lock guard = m_table.guard();
            ++m_free;
            --m_inUse;
        }
        m_table.notifyAll();
    }

    int peak() const
    {
        std::unique_lock guard = m_table.guard();
        return m_peak;
    }

private:
    LockTable& m_table;
    int m_free;
    int m_inUse = 0;
    int m_peak = 0;
};

// threading.Event on the table's mutex.
class Event {
public:
    explicit Event(LockTable& table)
        : m_table(table)
    {
    }

    bool wait(LaneWriter& lane)
    {
        std::unique_lock guard = m_table.guard();
        if (!m_set) {
            lane.record(State::WaitingLock);
            if (!m_table.waitUntil(guard, [this] { return m_set; }))
                return false;
        }
        ++m_released;
        return true;
    }

    void set()
    {
        {
            std::unique_lock guard = m_table.guard();
            m_set = true;
        }
        m_table.notifyAll();
    }

    int released() const
    {
        std::unique_lock guard = m_table.guard();
        return m_released;
    }

private:
    LockTable& m_table;
    bool m_set = false;
    int m_released = 0;
};

// queue.Queue(maxsize) on the table's mutex. It closes when its last producer is done, so
// consumers can end without sentinels.
class BoundedQueue {
public:
    BoundedQueue(LockTable& table, int capacity, int producers)
        : m_table(table)
        , m_capacity(static_cast<std::size_t>(capacity))
        , m_producers(producers)
    {
    }

    bool put(LaneWriter& lane, int item)
    {
        std::unique_lock guard = m_table.guard();
        if (m_items.size() >= m_capacity) {
            ++m_blockedPuts;
            lane.record(State::WaitingLock);
            if (!m_table.waitUntil(guard, [this] { return m_items.size() < m_capacity; }))
                return false;
            lane.record(State::Running);
        }
        m_items.push_back(item);
        ++m_produced;
        m_peak = std::max(m_peak, static_cast<int>(m_items.size()));
        guard.unlock();
        m_table.notifyAll();
        return true;
    }

    // The next item; nullopt once the queue is closed and empty, or on a stop.
    std::optional<int> get(LaneWriter& lane)
    {
        std::unique_lock guard = m_table.guard();
        if (m_items.empty() && m_producers > 0) {
            ++m_blockedGets;
            lane.record(State::WaitingLock);
            if (!m_table.waitUntil(guard, [this] { return !m_items.empty() || m_producers == 0; }))
                return std::nullopt;
            lane.record(State::Running);
        }
        if (m_items.empty())
            return std::nullopt;
        const int item = m_items.front();
        m_items.pop_front();
        ++m_consumed;
        guard.unlock();
        m_table.notifyAll();
        return item;
    }

    void producerDone()
    {
        {
            std::unique_lock guard = m_table.guard();
            --m_producers;
        }
        m_table.notifyAll();
    }

    void fill(LockDemoResult& result) const
    {
        std::unique_lock guard = m_table.guard();
        result.peak = m_peak;
        result.produced = m_produced;
        result.consumed = m_consumed;
        result.blockedPuts = m_blockedPuts;
        result.blockedGets = m_blockedGets;
    }

private:
    LockTable& m_table;
    std::size_t m_capacity;
    int m_producers;
    std::deque<int> m_items;
    int m_peak = 0;
    int m_produced = 0;
    int m_consumed = 0;
    int m_blockedPuts = 0;
    int m_blockedGets = 0;
};

void runLock(const LockDemoConfig& config, Recorder& recorder, LockTable& table, LockDemoResult& result)
{
    const int lock = table.addLock("lock");
    DemoThreads threads(recorder, table);
    const TimeNs fetch = config.workNs / 2;
    const TimeNs update = config.workNs;
    for (int i = 0; i < config.threads; ++i)
        threads.add("worker-" + std::to_string(i + 1));
    for (int i = 0; i < config.threads; ++i) {
        threads.start(i, [&, i](LaneWriter lane) {
            bool ok = true;
            for (int round = 0; ok && round < config.rounds; ++round) {
                ok = work(table, lane, State::BlockedIo, fetch); // outside the lock: overlaps
                if (!ok)
                    break;
                // The critical section is the Running span tagged with its round.
                if (table.acquire(i, lock, &lane, round) != LockTable::Outcome::Acquired) {
                    ok = false;
                    break;
                }
                ok = table.sleepFor(update);
                lane.record(State::Running); // leaving it, while still holding the lock
                table.release(i, lock);
            }
            finish(lane, ok);
        });
    }
    threads.joinAll();
    const LockTable::LockStats stats = table.stats(lock);
    result.acquisitions = stats.acquisitions;
    result.contended = stats.contended;
    result.lockWaitNs = stats.waitedNs;
    result.lockHeldNs = stats.heldNs;
    result.uncontendedWallNs = config.rounds * (fetch + update);
}

void runRLock(const LockDemoConfig& config, Recorder& recorder, LockTable& table, LockDemoResult& result)
{
    const int account = table.addLock("account", !config.plainLock);
    DemoThreads threads(recorder, table);
    const TimeNs request = config.workNs / 2;
    const TimeNs step = config.workNs / 2;
    for (int i = 0; i < config.threads; ++i)
        threads.add("teller-" + std::to_string(i + 1));
    for (int i = 0; i < config.threads; ++i) {
        threads.start(i, [&, i](LaneWriter lane) {
            bool ok = true;
            for (int round = 0; ok && round < config.rounds; ++round) {
                ok = work(table, lane, State::BlockedIo, request);
                if (!ok)
                    break;
                lane.record(State::Running);
                // deposit(): with account: ...
                if (table.acquire(i, account, &lane) != LockTable::Outcome::Acquired) {
                    ok = false;
                    break;
                }
                ok = table.sleepFor(step);
                if (ok) {
                    // log_balance(), called inside deposit(): with account: ... again.
                    const LockTable::Outcome inner = table.acquire(i, account, &lane);
                    if (inner == LockTable::Outcome::Acquired) {
                        ok = table.sleepFor(step);
                        table.release(i, account);
                    } else if (inner == LockTable::Outcome::Stopped) {
                        ok = false;
                    }
                    // GaveUp: the watchdog found this thread waiting for itself; it skips
                    // the inner section and unwinds normally, releasing the outer hold.
                }
                table.release(i, account);
            }
            finish(lane, ok);
        });
    }

    // Lane ids are all known before the watchdog can report anything.
    const auto onReport = [&](const DeadlockReport& report) {
        const int thread = report.indices.threads.front();
        recorder.addNote(threads.lane(thread), report.detectedAt,
            "Deadlock: " + report.description + "; detected after " + durationText(report.latencyNs())
                + ", its inner acquire gave up");
    };
    DeadlockWatchdog watchdog(
        table, config.watchdogPollNs, DeadlockWatchdog::Response::BreakFirstWait, onReport);
    threads.joinAll();
    watchdog.close();
    result.selfDeadlocks = watchdog.reports();
    const LockTable::LockStats stats = table.stats(account);
    result.acquisitions = stats.acquisitions;
    result.contended = stats.contended;
    result.lockWaitNs = stats.waitedNs;
    result.lockHeldNs = stats.heldNs;
}

// A download's length: varied so the permits change hands at different moments.
TimeNs downloadTime(const LockDemoConfig& config, int index)
{
    return config.workNs * (2 + (index * 3) % 4) / 2;
}

void runSemaphore(const LockDemoConfig& config, Recorder& recorder, LockTable& table, LockDemoResult& result)
{
    Semaphore permits(table, config.limit);
    DemoThreads threads(recorder, table);
    for (int i = 0; i < config.threads; ++i)
        threads.add("downloader-" + std::to_string(i + 1));
    for (int i = 0; i < config.threads; ++i) {
        threads.start(i, [&, i](LaneWriter lane) {
            lane.record(State::Running);
            bool ok = permits.acquire(lane);
            if (ok) {
                ok = work(table, lane, State::BlockedIo, downloadTime(config, i));
                // Running is recorded before the permit goes back, so the trace never shows
                // more than k downloads at once, exactly as the semaphore allows.
                lane.record(State::Running);
                permits.release();
            }
            finish(lane, ok);
        });
    }
    threads.joinAll();
    result.peak = permits.peak();
}

void runEvent(const LockDemoConfig& config, Recorder& recorder, LockTable& table, LockDemoResult& result)
{
    Event ready(table);
    DemoThreads threads(recorder, table);
    const int loader = threads.add("loader");
    for (int i = 0; i < config.threads; ++i)
        threads.add("worker-" + std::to_string(i + 1));
    threads.start(loader, [&](LaneWriter lane) {
        const bool ok = work(table, lane, State::BlockedIo, 3 * config.workNs) // load the settings
            && work(table, lane, State::Running, config.workNs / 4); // parse them: one thread, briefly
        if (ok)
            ready.set();
        finish(lane, ok);
    });
    for (int i = 0; i < config.threads; ++i) {
        threads.start(loader + 1 + i, [&, i](LaneWriter lane) {
            // Workers connect (I/O) at different speeds, then all wait for the same signal.
            bool ok = work(table, lane, State::BlockedIo, config.workNs * (i + 1) / 4) && ready.wait(lane);
            ok = ok && work(table, lane, State::BlockedIo, config.workNs); // serve, with the settings
            finish(lane, ok);
        });
    }
    threads.joinAll();
    result.released = ready.released();
}

void runCondition(const LockDemoConfig& config, Recorder& recorder, LockTable& table, LockDemoResult& result)
{
    std::deque<int> items; // under table.guard()
    bool done = false; // under table.guard()
    int produced = 0; // under table.guard()
    int consumed = 0; // under table.guard()
    DemoThreads threads(recorder, table);
    const int producer = threads.add("producer");
    for (int i = 0; i < config.threads; ++i)
        threads.add("consumer-" + std::to_string(i + 1));
    const int total = config.threads * config.rounds;
    threads.start(producer, [&](LaneWriter lane) {
        bool ok = true;
        for (int n = 0; ok && n < total; ++n) {
            ok = work(table, lane, State::BlockedIo, config.workNs / 2); // fetch the next item
            lane.record(State::Running);
            if (ok) {
                std::unique_lock guard = table.guard();
                items.push_back(n);
                ++produced;
            }
            table.notifyAll(); // cond.notify()
        }
        {
            std::unique_lock guard = table.guard();
            done = true;
        }
        table.notifyAll();
        finish(lane, ok);
    });
    for (int i = 0; i < config.threads; ++i) {
        threads.start(producer + 1 + i, [&](LaneWriter lane) {
            lane.record(State::Running);
            bool ok = true;
            for (;;) {
                std::unique_lock guard = table.guard();
                if (items.empty() && !done) {
                    lane.record(State::WaitingLock); // cond.wait_for(lambda: items or done)
                    ok = table.waitUntil(guard, [&] { return !items.empty() || done; });
                    lane.record(State::Running);
                }
                if (!ok || items.empty())
                    break;
                items.pop_front();
                ++consumed;
                guard.unlock();
                ok = work(table, lane, State::BlockedIo, config.workNs); // save the item, outside the lock
                lane.record(State::Running);
                if (!ok)
                    break;
            }
            finish(lane, ok);
        });
    }
    threads.joinAll();
    result.produced = produced;
    result.consumed = consumed;
}

void runQueue(const LockDemoConfig& config, Recorder& recorder, LockTable& table, LockDemoResult& result)
{
    BoundedQueue queue(table, config.limit, config.threads);
    DemoThreads threads(recorder, table);
    for (int i = 0; i < config.threads; ++i)
        threads.add("producer-" + std::to_string(i + 1));
    for (int j = 0; j < config.consumers; ++j)
        threads.add("consumer-" + std::to_string(j + 1));
    // Producers connect first (consumers find the queue empty and get() blocks), then fetch
    // items quicker than consumers store them (the queue fills and put() blocks).
    for (int i = 0; i < config.threads; ++i) {
        threads.start(i, [&, i](LaneWriter lane) {
            bool ok = work(table, lane, State::BlockedIo, config.workNs); // connect
            for (int n = 0; ok && n < config.rounds; ++n) {
                ok = work(table, lane, State::BlockedIo, config.workNs / 2); // fetch an item
                lane.record(State::Running);
                ok = ok && queue.put(lane, i * 1000 + n);
            }
            queue.producerDone();
            finish(lane, ok);
        });
    }
    for (int j = 0; j < config.consumers; ++j) {
        threads.start(config.threads + j, [&](LaneWriter lane) {
            lane.record(State::Running);
            bool ok = true;
            while (ok && queue.get(lane)) {
                ok = work(table, lane, State::BlockedIo, config.workNs * 3 / 2); // store it
                lane.record(State::Running);
            }
            finish(lane, ok && !table.stopRequested());
        });
    }
    threads.joinAll();
    queue.fill(result);
}

void summarise(const LockDemoConfig& config, LockDemoResult& r)
{
    std::vector<std::string>& s = r.summary;
    if (r.stopped)
        s.push_back("Stopped before the end.");
    switch (config.demo) {
    case LockDemo::Lock: {
        s.push_back(std::to_string(r.acquisitions) + " acquisitions, " + std::to_string(r.contended)
            + " had to wait for the lock");
        const double laneTime = static_cast<double>(r.wallNs) * config.threads;
        s.push_back("Waiting for the lock: " + durationText(r.lockWaitNs) + " in total, "
            + percent(laneTime > 0 ? static_cast<double>(r.lockWaitNs) / laneTime : 0)
            + " of the workers' time");
        s.push_back("Took " + durationText(r.wallNs) + "; without contention it would take about "
            + durationText(r.uncontendedWallNs));
        break;
    }
    case LockDemo::RLock:
        if (config.plainLock) {
            s.push_back("Plain Lock: " + std::to_string(r.selfDeadlocks.size())
                + " self-deadlocks detected and recovered from");
            if (!r.selfDeadlocks.empty())
                s.push_back("First: " + r.selfDeadlocks.front().description + ", found after "
                    + durationText(r.selfDeadlocks.front().latencyNs()));
        } else {
            s.push_back("RLock: every re-entry worked (" + std::to_string(r.acquisitions)
                + " outer acquisitions, no deadlock)");
        }
        break;
    case LockDemo::Semaphore:
        s.push_back(std::to_string(config.threads) + " downloads, Semaphore(" + std::to_string(config.limit)
            + "): at most " + std::to_string(r.peak) + " at once");
        s.push_back("Took " + durationText(r.wallNs));
        break;
    case LockDemo::Event:
        s.push_back(std::to_string(r.released) + " of " + std::to_string(config.threads)
            + " workers released by one set()");
        break;
    case LockDemo::Condition:
        s.push_back(
            std::to_string(r.produced) + " items produced, " + std::to_string(r.consumed) + " consumed");
        break;
    case LockDemo::Queue:
        s.push_back(std::to_string(r.produced) + " items through a queue of maxsize "
            + std::to_string(config.limit) + "; at most " + std::to_string(r.peak) + " queued at once");
        s.push_back(std::to_string(r.blockedPuts) + " put() calls blocked on a full queue, "
            + std::to_string(r.blockedGets) + " get() calls on an empty one");
        break;
    }
}

} // namespace

std::string_view lockDemoName(LockDemo demo) noexcept
{
    switch (demo) {
    case LockDemo::Lock:
        return "lock";
    case LockDemo::RLock:
        return "rlock";
    case LockDemo::Semaphore:
        return "semaphore";
    case LockDemo::Event:
        return "event";
    case LockDemo::Condition:
        return "condition";
    case LockDemo::Queue:
        return "queue";
    }
    return "?";
}

std::optional<LockDemo> lockDemoFromName(std::string_view name) noexcept
{
    for (LockDemo demo : kAllLockDemos) {
        if (lockDemoName(demo) == name)
            return demo;
    }
    return std::nullopt;
}

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

std::optional<std::string> validate(const LockDemoConfig& c)
{
    const std::string who = c.demo == LockDemo::Queue ? "producers" : "threads";
    if (c.threads < 1 || c.threads > LockDemoConfig::kMaxThreads)
        return "the number of " + who + " must be 1 to " + std::to_string(LockDemoConfig::kMaxThreads)
            + ", not " + std::to_string(c.threads);
    if (c.demo == LockDemo::Queue && (c.consumers < 1 || c.consumers > LockDemoConfig::kMaxThreads))
        return "the number of consumers must be 1 to " + std::to_string(LockDemoConfig::kMaxThreads)
            + ", not " + std::to_string(c.consumers);
    if (c.demo == LockDemo::Semaphore && (c.limit < 1 || c.limit > LockDemoConfig::kMaxThreads))
        return "the semaphore's k must be 1 to " + std::to_string(LockDemoConfig::kMaxThreads) + ", not "
            + std::to_string(c.limit);
    if (c.demo == LockDemo::Queue && (c.limit < 1 || c.limit > 100))
        return "the queue's maxsize must be 1 to 100, not " + std::to_string(c.limit);
    if (c.rounds < 1 || c.rounds > LockDemoConfig::kMaxRounds)
        return "rounds must be 1 to " + std::to_string(LockDemoConfig::kMaxRounds) + ", not "
            + std::to_string(c.rounds);
    if (c.workNs < 100'000 || c.workNs > 1'000 * kNsPerMs)
        return "the unit of work must be 0.1 ms to 1 s";
    if (c.watchdogPollNs < 100'000 || c.watchdogPollNs > 1'000 * kNsPerMs)
        return "the watchdog's poll interval must be 0.1 ms to 1 s";
    return std::nullopt;
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

// Lines stay within about 44 characters: the code sits in a narrow side panel.
std::string lockDemoPython(const LockDemoConfig& config)
{
    const std::string n = std::to_string(config.threads);
    const std::string k = std::to_string(config.limit);
    const std::string rounds = std::to_string(config.rounds);
    std::string code;
    switch (config.demo) {
    case LockDemo::Lock:
        code = "lock = threading.Lock()\n\n";
        code += "def worker():\n";
        code += "    for _ in range(" + rounds + "):\n";
        code += "        data = fetch()    # I/O, no lock\n";
        code += "        with lock:        # one at a time\n";
        code += "            update(data)\n\n";
        code += "threads = [threading.Thread(target=worker)\n";
        code += "           for _ in range(" + n + ")]\n";
        code += "for t in threads: t.start()\n";
        code += "for t in threads: t.join()";
        break;
    case LockDemo::RLock:
        code = std::string("account = threading.") + (config.plainLock ? "Lock()" : "RLock()") + "\n\n";
        code += "def log_balance():\n";
        code += "    with account:         # taken again\n";
        code += "        print(balance)\n\n";
        code += "def deposit(amount):\n";
        code += "    global balance\n";
        code += "    with account:\n";
        code += "        balance += amount\n";
        code += "        log_balance()";
        break;
    case LockDemo::Semaphore:
        code = "sem = threading.Semaphore(" + k + ")\n\n";
        code += "def download(url):\n";
        code += "    with sem:             # at most " + k + " at once\n";
        code += "        return requests.get(url).content\n\n";
        code += "threads = [threading.Thread(target=download,\n";
        code += "                            args=(url,))\n";
        code += "           for url in urls]   # " + n + " URLs";
        break;
    case LockDemo::Event:
        code = "ready = threading.Event()\n\n";
        code += "def loader():\n";
        code += "    load_settings()       # I/O\n";
        code += "    parse_settings()      # brief CPU\n";
        code += "    ready.set()\n\n";
        code += "def worker():\n";
        code += "    connect()             # I/O\n";
        code += "    ready.wait()          # until set()\n";
        code += "    serve()               # I/O";
        break;
    case LockDemo::Condition:
        code = "cond = threading.Condition()\n";
        code += "items, done = [], False\n\n";
        code += "def producer():\n";
        code += "    global done\n";
        code += "    for _ in range(" + std::to_string(config.threads * config.rounds) + "):\n";
        code += "        item = fetch()    # I/O\n";
        code += "        with cond:\n";
        code += "            items.append(item)\n";
        code += "            cond.notify()\n";
        code += "    with cond:\n";
        code += "        done = True\n";
        code += "        cond.notify_all()\n\n";
        code += "def consumer():\n";
        code += "    while True:\n";
        code += "        with cond:\n";
        code += "            cond.wait_for(lambda: items or done)\n";
        code += "            if not items:\n";
        code += "                return\n";
        code += "            item = items.pop(0)\n";
        code += "        save(item)        # I/O, unlocked";
        break;
    case LockDemo::Queue:
        code = "q = queue.Queue(maxsize=" + k + ")\n\n";
        code += "def producer():\n";
        code += "    connect()\n";
        code += "    for _ in range(" + rounds + "):\n";
        code += "        q.put(fetch())    # blocks if full\n\n";
        code += "def consumer():\n";
        code += "    # get() blocks while the queue is empty\n";
        code += "    while (item := q.get()) is not None:\n";
        code += "        store(item)       # I/O\n\n";
        code += "# " + n + " producers, " + std::to_string(config.consumers) + " consumers;\n";
        code += "# one None per consumer ends them";
        break;
    }
    return code;
}

LockDemoResult runLockDemo(const LockDemoConfig& config, Recorder& recorder, std::stop_token stop)
{
    if (auto problem = validate(config))
        throw std::invalid_argument(*problem);
    recorder.setMetadata("lab", "locks");
    recorder.setMetadata("demo", std::string(lockDemoName(config.demo)));

    LockDemoResult result;
    result.demo = config.demo;
    LockTable table;
    std::stop_callback onStop(stop, [&table] { table.requestStop(); });
    const TimeNs start = nowNs();
    switch (config.demo) {
    case LockDemo::Lock:
        runLock(config, recorder, table, result);
        break;
    case LockDemo::RLock:
        runRLock(config, recorder, table, result);
        break;
    case LockDemo::Semaphore:
        runSemaphore(config, recorder, table, result);
        break;
    case LockDemo::Event:
        runEvent(config, recorder, table, result);
        break;
    case LockDemo::Condition:
        runCondition(config, recorder, table, result);
        break;
    case LockDemo::Queue:
        runQueue(config, recorder, table, result);
        break;
    }
    result.wallNs = nowNs() - start;
    result.stopped = table.stopRequested();
    summarise(config, result);
    return result;
}

LockDemoRun::LockDemoRun(LockDemoConfig config)
    : m_config(config)
{
}

void LockDemoRun::start()
{
    if (auto problem = validate(m_config))
        throw std::invalid_argument(*problem);
    m_thread.start([this](Recorder& recorder, std::stop_token stop) {
        try {
            m_result = runLockDemo(m_config, recorder, std::move(stop));
        } catch (const std::exception& e) {
            m_error = e.what();
        }
    });
}

} // namespace interleave
