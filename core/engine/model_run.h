#pragma once

#include "engine/engine.h"
#include "engine/gil.h"
#include "engine/python_thread.h"
#include "workloads/workload.h"

#include <atomic>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace interleave {

// What a model running in this process shares with all of its threads: the configuration,
// the work in calibrated units, the run's stop, and the outcome gathered from every thread
// (errors, CPU time, whether a stop cut something short). Thread-safe where noted.
class ModelRun {
public:
    // config.iterationsPerMs must already be calibrated when the workload computes.
    ModelRun(const RunConfig& config, Recorder& recorder, std::stop_token stop, const RunHooks& hooks);
    ModelRun(const ModelRun&) = delete;
    ModelRun& operator=(const ModelRun&) = delete;

    const RunConfig& config() const noexcept { return m_config; }
    const WorkloadSpec& spec() const noexcept { return m_spec; }
    Recorder& recorder() noexcept { return m_recorder; }
    const RunHooks& hooks() const noexcept { return m_hooks; }
    const std::stop_token& stopToken() const noexcept { return m_stop; }

    // The process's GIL, or null for the free-threaded build. Its waits end on the run's stop.
    // Models with a single thread use it too: uncontended, it costs what it costs in CPython.
    Gil* gil() const noexcept { return m_gil.get(); }
    // Writes the GIL's counters (switches, drop requests, forced switches) into the
    // recorder's metadata. Call once every thread of the run is joined.
    void recordGilStats();
    // The "MainProcess" lane: the calling thread, as the process's main thread.
    LaneWriter addProcessLane();
    // Fields of a lane that lives in this process, under `parent`; the tid is the caller's.
    LaneInfo laneInfo(LaneId parent, LaneKind kind, std::string name) const;

    // One task on a Python thread: begin (GIL, Running), the test hook, then the body.
    void runTask(PythonThread& thread, std::int32_t task);

    // Classifies whatever ended a lane early and reports it: a stop gives kEndCancelled and
    // marks the run cancelled; anything else gives kEndError with a note on the lane and an
    // error line naming it. Returns the detail for the lane's Failed record. Thread-safe.
    std::uint16_t reportFailure(std::exception_ptr error, LaneId lane, std::string_view laneName,
                                std::int32_t task);
    // How the main thread of the threads and thread_pool models leaves its join: takes the GIL
    // back (unless it already failed), records Done or Failed, and counts its CPU time since
    // cpuStart. The stop can still arrive while it waits for the GIL.
    void endMainThread(PythonThread& main, std::optional<std::uint16_t> failure, TimeNs cpuStart);
    // An error of the run itself, not of a task (a thread the system would not start).
    void reportError(LaneId lane, std::string text);

    void addCpu(TimeNs ns) noexcept { m_cpuNs.fetch_add(ns, std::memory_order_relaxed); }
    std::atomic<TimeNs>& cpuTotal() noexcept { return m_cpuNs; }
    void markCancelled() noexcept { m_cancelled.store(true, std::memory_order_relaxed); }

    // CPU time, errors and the cancelled flag. Call once every thread of the run is joined.
    RunResult result() const;

private:
    RunConfig m_config;
    WorkloadSpec m_spec;
    Recorder& m_recorder;
    std::stop_token m_stop;
    const RunHooks& m_hooks;
    int m_pid = 0;
    std::unique_ptr<Gil> m_gil;

    std::atomic<TimeNs> m_cpuNs{0};
    std::atomic<bool> m_cancelled{false};
    mutable std::mutex m_errorsMutex;
    std::vector<std::string> m_errors;
};

} // namespace interleave
