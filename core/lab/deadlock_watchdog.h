#pragma once

#include "lab/lock_demos_lock_table.h"
#include "lab/wait_for_graph.h"

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace interleave {

// A cycle a watchdog found, with the graph as it was then (for drawing).
struct DeadlockReport {
    std::vector<std::string> cycle; // thread, lock, thread, lock, ...
    std::string description; // "philosopher-1 waits for fork-2 held by philosopher-2, ..."
    WaitCycle indices;
    WaitForGraph graph;
    TimeNs formedAt = 0; // the cycle's last edge appeared
    TimeNs detectedAt = 0; // the watchdog saw it

    TimeNs latencyNs() const noexcept { return detectedAt - formedAt; }
};

// A thread that polls a LockTable's wait-for graph and acts on the first cycle it sees, the
// way a database's lock manager or a debugger's deadlock check does. A deadlocked run
// therefore never hangs: it is found within one poll interval of forming.
class DeadlockWatchdog {
public:
    enum class Response {
        StopRun, // report the cycle and stop the whole run (every waiter returns Stopped)
        BreakFirstWait, // report it, make its first thread's acquire return GaveUp, keep watching
    };
    using OnReport = std::function<void(const DeadlockReport&)>;
    using OnPoll = std::function<void(const WaitForGraph&)>;

    // Starts polling at once. The callbacks, if given, run on the watchdog's thread: onPoll
    // with every graph it reads (a live view of the run), onReport with each cycle found.
    // With StopRun, stopDelay leaves the deadlock standing that long after the report (so a
    // view can show it) before the stop; a stop from elsewhere cuts the delay short.
    DeadlockWatchdog(LockTable& table, TimeNs pollInterval, Response response, OnReport onReport = {},
        OnPoll onPoll = {}, TimeNs stopDelay = 0);
    ~DeadlockWatchdog(); // close() and join
    DeadlockWatchdog(const DeadlockWatchdog&) = delete;
    DeadlockWatchdog& operator=(const DeadlockWatchdog&) = delete;

    // Ends the polling thread; reports stay readable.
    void close();
    std::vector<DeadlockReport> reports() const;

private:
    void watch();

    LockTable& m_table;
    TimeNs m_interval;
    Response m_response;
    OnReport m_onReport;
    OnPoll m_onPoll;
    TimeNs m_stopDelay;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_closing = false; // under m_mutex
    std::vector<DeadlockReport> m_reports; // under m_mutex
    std::thread m_thread;
};

} // namespace interleave
