#include "lab/deadlock_watchdog.h"

#include <algorithm>
#include <chrono>

namespace interleave {

DeadlockWatchdog::DeadlockWatchdog(LockTable& table, TimeNs pollInterval, Response response,
    OnReport onReport, OnPoll onPoll, TimeNs stopDelay)
    : m_table(table)
    , m_interval(std::max<TimeNs>(100'000, pollInterval))
    , m_response(response)
    , m_onReport(std::move(onReport))
    , m_onPoll(std::move(onPoll))
    , m_stopDelay(std::max<TimeNs>(0, stopDelay))
{
    m_thread = std::thread([this] { watch(); });
}

DeadlockWatchdog::~DeadlockWatchdog()
{
    close();
}

void DeadlockWatchdog::close()
{
    {
        std::lock_guard lock(m_mutex);
        m_closing = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

std::vector<DeadlockReport> DeadlockWatchdog::reports() const
{
    std::lock_guard lock(m_mutex);
    return m_reports;
}

void DeadlockWatchdog::watch()
{
    for (;;) {
        {
            const std::chrono::steady_clock::time_point until {
                std::chrono::nanoseconds(nowNs() + m_interval)};
            std::unique_lock lock(m_mutex);
            if (m_wake.wait_until(lock, until, [this] { return m_closing; }))
                return;
        }
        if (m_table.stopRequested())
            return;
        WaitForGraph graph = m_table.graph();
        if (m_onPoll)
            m_onPoll(graph);
        const std::optional<WaitCycle> cycle = findWaitCycle(graph);
        if (!cycle)
            continue;

        DeadlockReport report;
        report.detectedAt = nowNs();
        report.cycle = cycleNodeNames(graph, *cycle);
        report.description = describeCycle(graph, *cycle);
        report.formedAt = cycleFormedAt(graph, *cycle);
        report.indices = *cycle;
        report.graph = std::move(graph);
        if (m_onReport)
            m_onReport(report);
        const int firstThread = report.indices.threads.front();
        {
            std::lock_guard lock(m_mutex);
            m_reports.push_back(std::move(report));
        }
        if (m_response == Response::StopRun) {
            if (m_stopDelay > 0)
                m_table.sleepFor(m_stopDelay); // the deadlocked threads stay blocked meanwhile
            m_table.requestStop();
            return;
        }
        m_table.breakWait(firstThread);
    }
}

} // namespace interleave
