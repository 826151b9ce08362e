#pragma once

#include "lab/deadlock_watchdog.h"
#include "lab/lock_demos_run.h"
#include "lab/wait_for_graph.h"
#include "trace/recorder.h"

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>

namespace interleave {

enum class DeadlockScenario {
    TwoLocks, // worker-1 takes lock-a then lock-b, worker-2 lock-b then lock-a
    Philosophers, // N philosophers, N forks, each takes the left fork then the right
};

struct DeadlockConfig {
    DeadlockScenario scenario = DeadlockScenario::Philosophers;
    int philosophers = 5;
    // Fix by lock ordering: every thread takes its two locks in one global order (the lower
    // numbered first), so no cycle can form.
    bool ordered = false;
    int meals = 2; // rounds per thread (meals, or transfers in the two-lock case)
    // Between taking the first lock and asking for the second: long enough that every thread
    // holds its first lock before any asks for its second, so the unordered run deadlocks
    // every time rather than now and then.
    TimeNs pauseNs = 30'000'000;
    TimeNs eatNs = 20'000'000; // holding both locks
    TimeNs thinkNs = 10'000'000; // holding none
    TimeNs watchdogPollNs = 10'000'000;
    // How long a detected deadlock is left standing before the run is stopped: 0 for the
    // command line; the views leave it a moment so the timeline shows the threads stuck.
    TimeNs showDeadlockNs = 0;

    static constexpr int kMinPhilosophers = 2;
    static constexpr int kMaxPhilosophers = 10;
    static constexpr int kMaxMeals = 20;
};

// What is wrong with a configuration, in words for the user; nullopt when it can run.
std::optional<std::string> validate(const DeadlockConfig& config);

// What to look for, and the same program in Python.
std::string deadlockTitle(const DeadlockConfig& config);
std::string deadlockExplanation(const DeadlockConfig& config);
std::string deadlockPython(const DeadlockConfig& config);

struct DeadlockResult {
    bool deadlocked = false;
    bool stopped = false; // stopped from outside (not by the watchdog)
    std::optional<DeadlockReport> report;
    TimeNs startedAt = 0;
    TimeNs wallNs = 0;
    TimeNs detectedAfterNs = 0; // from the start of the run to the watchdog's report
    int meals = 0; // critical sections completed (both locks held)
    int mealsPlanned = 0;
    // The graph at the report when deadlocked; otherwise the last one the watchdog read.
    WaitForGraph graph;
};

// Runs the scenario on real threads (lanes named philosopher-1.., worker-1..; locks fork-1..,
// lock-a, lock-b) with a watchdog polling the wait-for graph. A deadlock is reported within
// about one poll interval of forming, then the run is stopped: every thread gives up its wait,
// releases what it holds and is joined. onGraph, if given, receives every graph the watchdog
// reads, on the watchdog's thread. Throws std::invalid_argument for a configuration validate()
// rejects.
DeadlockResult runDeadlockDemo(const DeadlockConfig& config, Recorder& recorder, std::stop_token stop = {},
    std::function<void(const WaitForGraph&)> onGraph = {});

// The scenario a deadlock run was recorded with, read back from the metadata runDeadlockDemo
// writes into its trace (lab, scenario, philosophers, ordered), as a reopened saved run has it;
// nullopt when the metadata is not a deadlock run's. A value that is not one the run could
// have written is left at its default.
std::optional<DeadlockConfig> deadlockConfigFromMetadata(const std::map<std::string, std::string>& metadata);

// runDeadlockDemo on a thread of its own, for the GUI; the live graph is readable meanwhile.
class DeadlockRun {
public:
    explicit DeadlockRun(DeadlockConfig config);
    // Throws std::invalid_argument before any thread starts for a configuration validate()
    // rejects, std::logic_error when called twice.
    void start();
    void requestStop() { m_thread.requestStop(); }
    bool finished() const noexcept { return m_thread.finished(); }
    const BackgroundJob& job() const noexcept { return m_thread.job(); }
    const Recorder& recorder() const noexcept { return m_thread.recorder(); }
    const DeadlockConfig& config() const noexcept { return m_config; }
    // The latest graph the watchdog read (empty before its first poll). Any thread.
    WaitForGraph liveGraph() const;
    // Valid once finished() is true.
    const DeadlockResult& result() const noexcept { return m_result; }
    const std::string& error() const noexcept { return m_error; }

private:
    DeadlockConfig m_config;
    DeadlockResult m_result;
    std::string m_error;
    mutable std::mutex m_graphMutex;
    WaitForGraph m_graph; // under m_graphMutex
    LabRunThread m_thread; // last: joined before the fields it writes are destroyed
};

} // namespace interleave
