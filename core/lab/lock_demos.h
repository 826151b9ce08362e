#pragma once

#include "lab/deadlock_watchdog.h"
#include "lab/lock_demos_run.h"
#include "trace/recorder.h"

#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace interleave {

// Python's threading primitives, each shown by a short live run on real threads.
enum class LockDemo { Lock, RLock, Semaphore, Event, Condition, Queue };

inline constexpr LockDemo kAllLockDemos[] = {LockDemo::Lock, LockDemo::RLock, LockDemo::Semaphore,
    LockDemo::Event, LockDemo::Condition, LockDemo::Queue};

// "lock", "rlock", "semaphore", "event", "condition", "queue".
std::string_view lockDemoName(LockDemo demo) noexcept;
std::optional<LockDemo> lockDemoFromName(std::string_view name) noexcept;
// "Semaphore(k): at most k downloads at once".
std::string lockDemoTitle(LockDemo demo);

struct LockDemoConfig {
    LockDemo demo = LockDemo::Lock;
    // Lock: workers; RLock: tellers; Semaphore: downloads; Event: waiting workers;
    // Condition: consumers; Queue: producers.
    int threads = 4;
    int consumers = 2; // Queue only
    // Semaphore: the k of Semaphore(k); Queue: the queue's maxsize.
    int limit = 3;
    // Lock, RLock: rounds per thread; Condition: items per consumer; Queue: items per producer.
    int rounds = 3;
    // RLock only: run the same re-entrant code with a plain Lock. It deadlocks on itself; the
    // watchdog detects that and the thread gives up its inner acquire and carries on.
    bool plainLock = false;
    // The unit of simulated work (a critical section, a download, an item's processing);
    // everything else is a multiple of it.
    TimeNs workNs = 20'000'000;
    // RLock with a plain Lock: how often the watchdog looks. Slow enough that the thread
    // waiting for itself shows on the timeline before it is rescued.
    TimeNs watchdogPollNs = 40'000'000;

    static constexpr int kMaxThreads = 16;
    static constexpr int kMaxRounds = 50;
};

// What is wrong with a configuration, in words for the user; nullopt when it can run.
std::optional<std::string> validate(const LockDemoConfig& config);

// What a person reads beside the run: what happens, and what to look for on the timeline. The
// RLock text depends on plainLock.
std::string lockDemoExplanation(const LockDemoConfig& config);
// The same program in Python, in the idioms the tutorials use: the file
// resources/explanations/<lockDemoPythonFileName> with the configuration's numbers filled in.
std::string lockDemoPython(const LockDemoConfig& config);
// "lab-lock.py", "lab-rlock.py", ...
std::string lockDemoPythonFileName(LockDemo demo);

struct LockDemoResult {
    LockDemo demo = LockDemo::Lock;
    bool stopped = false; // a stop ended it early
    TimeNs wallNs = 0;
    // Lock and RLock: the lock's acquisitions (outermost ones), how many had to wait, the
    // summed waiting and holding time.
    int acquisitions = 0;
    int contended = 0;
    TimeNs lockWaitNs = 0;
    TimeNs lockHeldNs = 0;
    // Lock: the wall time the same threads would take if they never waited for each other.
    TimeNs uncontendedWallNs = 0;
    // Semaphore: the most downloads in progress at once. Queue: the most items queued at once.
    int peak = 0;
    // Queue and Condition: items put and taken; Queue: put() calls that blocked on a full
    // queue and get() calls that blocked on an empty one.
    int produced = 0;
    int consumed = 0;
    int blockedPuts = 0;
    int blockedGets = 0;
    // Event: waiters released by set().
    int released = 0;
    // RLock with a plain Lock: each self-deadlock the watchdog found (and the thread recovered from).
    std::vector<DeadlockReport> selfDeadlocks;
    // A few lines that state the measured outcome, for the view and the command line.
    std::vector<std::string> summary;
};

// Runs the demo on real threads, one lane each, recording into the recorder; returns when
// every thread has ended, or soon after a stop (every thread joined either way). Throws
// std::invalid_argument for a configuration validate() rejects.
LockDemoResult runLockDemo(const LockDemoConfig& config, Recorder& recorder, std::stop_token stop = {});

// runLockDemo on a thread of its own, for the GUI.
class LockDemoRun {
public:
    explicit LockDemoRun(LockDemoConfig config);
    // Throws std::invalid_argument before any thread starts for a configuration validate()
    // rejects, std::logic_error when called twice.
    void start();
    void requestStop() { m_thread.requestStop(); }
    bool finished() const noexcept { return m_thread.finished(); }
    const BackgroundJob& job() const noexcept { return m_thread.job(); }
    const Recorder& recorder() const noexcept { return m_thread.recorder(); }
    const LockDemoConfig& config() const noexcept { return m_config; }
    // Valid once finished() is true.
    const LockDemoResult& result() const noexcept { return m_result; }
    const std::string& error() const noexcept { return m_error; }

private:
    LockDemoConfig m_config;
    LockDemoResult m_result;
    std::string m_error;
    LabRunThread m_thread; // last: joined before the fields it writes are destroyed
};

} // namespace interleave
