#include "lab/lock_demos.h"

#include "lab/lock_demos_lock_table.h"
#include "lab/lock_demos_primitives.h"
#include "trace/duration_text.h"

#include <algorithm>
#include <deque>
#include <stdexcept>

namespace interleave {
namespace {

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
                ok = demoWork(table, lane, State::BlockedIo, fetch); // outside the lock: overlaps
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
            finishDemoLane(lane, ok);
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
                ok = demoWork(table, lane, State::BlockedIo, request);
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
            finishDemoLane(lane, ok);
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
    LabSemaphore permits(table, config.limit);
    DemoThreads threads(recorder, table);
    for (int i = 0; i < config.threads; ++i)
        threads.add("downloader-" + std::to_string(i + 1));
    for (int i = 0; i < config.threads; ++i) {
        threads.start(i, [&, i](LaneWriter lane) {
            lane.record(State::Running);
            bool ok = permits.acquire(lane);
            if (ok) {
                ok = demoWork(table, lane, State::BlockedIo, downloadTime(config, i));
                // Running is recorded before the permit goes back, so the trace never shows
                // more than k downloads at once, exactly as the semaphore allows.
                lane.record(State::Running);
                permits.release();
            }
            finishDemoLane(lane, ok);
        });
    }
    threads.joinAll();
    result.peak = permits.peak();
}

void runEvent(const LockDemoConfig& config, Recorder& recorder, LockTable& table, LockDemoResult& result)
{
    LabEvent ready(table);
    DemoThreads threads(recorder, table);
    const int loader = threads.add("loader");
    for (int i = 0; i < config.threads; ++i)
        threads.add("worker-" + std::to_string(i + 1));
    threads.start(loader, [&](LaneWriter lane) {
        const bool ok = demoWork(table, lane, State::BlockedIo, 3 * config.workNs) // load the settings
            && demoWork(table, lane, State::Running, config.workNs / 4); // parse them: one thread, briefly
        if (ok)
            ready.set();
        finishDemoLane(lane, ok);
    });
    for (int i = 0; i < config.threads; ++i) {
        threads.start(loader + 1 + i, [&, i](LaneWriter lane) {
            // Workers connect (I/O) at different speeds, then all wait for the same signal.
            bool ok
                = demoWork(table, lane, State::BlockedIo, config.workNs * (i + 1) / 4) && ready.wait(lane);
            ok = ok && demoWork(table, lane, State::BlockedIo, config.workNs); // serve, with the settings
            finishDemoLane(lane, ok);
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
            ok = demoWork(table, lane, State::BlockedIo, config.workNs / 2); // fetch the next item
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
        finishDemoLane(lane, ok);
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
                ok = demoWork(
                    table, lane, State::BlockedIo, config.workNs); // save the item, outside the lock
                lane.record(State::Running);
                if (!ok)
                    break;
            }
            finishDemoLane(lane, ok);
        });
    }
    threads.joinAll();
    result.produced = produced;
    result.consumed = consumed;
}

void runQueue(const LockDemoConfig& config, Recorder& recorder, LockTable& table, LockDemoResult& result)
{
    LabQueue queue(table, config.limit, config.threads);
    DemoThreads threads(recorder, table);
    for (int i = 0; i < config.threads; ++i)
        threads.add("producer-" + std::to_string(i + 1));
    for (int j = 0; j < config.consumers; ++j)
        threads.add("consumer-" + std::to_string(j + 1));
    // Producers connect first (consumers find the queue empty and get() blocks), then fetch
    // items quicker than consumers store them (the queue fills and put() blocks).
    for (int i = 0; i < config.threads; ++i) {
        threads.start(i, [&, i](LaneWriter lane) {
            bool ok = demoWork(table, lane, State::BlockedIo, config.workNs); // connect
            for (int n = 0; ok && n < config.rounds; ++n) {
                ok = demoWork(table, lane, State::BlockedIo, config.workNs / 2); // fetch an item
                lane.record(State::Running);
                ok = ok && queue.put(lane, i * 1000 + n);
            }
            queue.producerDone();
            finishDemoLane(lane, ok);
        });
    }
    for (int j = 0; j < config.consumers; ++j) {
        threads.start(config.threads + j, [&](LaneWriter lane) {
            lane.record(State::Running);
            bool ok = true;
            while (ok && queue.get(lane)) {
                ok = demoWork(table, lane, State::BlockedIo, config.workNs * 3 / 2); // store it
                lane.record(State::Running);
            }
            finishDemoLane(lane, ok && !table.stopRequested());
        });
    }
    threads.joinAll();
    const LabQueue::Counts counts = queue.counts();
    result.peak = counts.peak;
    result.produced = counts.produced;
    result.consumed = counts.consumed;
    result.blockedPuts = counts.blockedPuts;
    result.blockedGets = counts.blockedGets;
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
            + percentText(laneTime > 0 ? static_cast<double>(r.lockWaitNs) / laneTime : 0, 0)
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

LockDemoResult runLockDemo(const LockDemoConfig& config, Recorder& recorder, std::stop_token stop)
{
    if (auto problem = validate(config))
        throw std::invalid_argument(*problem);
    recorder.setMetadata("lab", "locks");
    recorder.setMetadata("demo", std::string(lockDemoName(config.demo)));

    LockDemoResult result;
    result.demo = config.demo;
    LockTable table(&recorder); // its lock log goes into the trace, for the replay's wait-for graph
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
