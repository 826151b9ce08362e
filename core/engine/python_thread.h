#pragma once

#include "trace/recorder.h"
#include "workloads/workload.h"

#include <cstdint>
#include <stop_token>

namespace interleave {

class Gil;

// Thrown out of a task when a stop is requested; the model catches it and ends the lane.
struct RunCancelled {};

// Detail values on a lane's terminal record.
inline constexpr std::uint16_t kEndNormal = 0;
inline constexpr std::uint16_t kEndCancelled = 1;
inline constexpr std::uint16_t kEndError = 2;

// A thread as CPython runs it: it executes only while holding its process's GIL (when there
// is one), computes in short slices between which it honours drop requests, and releases the
// GIL around blocking calls. Records every state change of its lane. Used by the thread
// models in this process and by the worker executable in child processes alike.
class PythonThread {
public:
    // gil may be null: the free-threaded build, or a process with a single thread.
    PythonThread(LaneWriter lane, Gil* gil, std::stop_token stop);
    ~PythonThread(); // releases the GIL if still held

    PythonThread(const PythonThread&) = delete;
    PythonThread& operator=(const PythonThread&) = delete;

    // Takes the GIL (WaitingGil until it is ours) and records Running for the task.
    void begin(std::int32_t task);
    // CPU work in slices of tens of microseconds, yielding the GIL when another thread asks.
    // shownAs lets an emulated interpreter start-up show as Starting.
    void compute(std::uint64_t iterations, State shownAs = State::Running);
    // A real blocking wait (BlockedIo) with the GIL released, then WaitingGil until retaken.
    void blockingWait(TimeNs duration);
    // Releases the GIL and records the lane's terminal state.
    void end(State final = State::Done, std::uint16_t detail = kEndNormal);

    LaneWriter& lane() noexcept { return m_lane; }
    std::int32_t task() const noexcept { return m_task; }
    bool holdsGil() const noexcept { return m_holdsGil; }

private:
    LaneWriter m_lane;
    Gil* m_gil;
    std::stop_token m_stop;
    std::int32_t m_task = kNoTask;
    bool m_holdsGil = false;
    std::uint64_t m_sink = 0; // consumes cpuKernel's result so the work is not optimised away
};

// The body of one task, as the Python code beside the run would execute it: compute for a cpu
// task, one blocking wait for an io task, alternating rounds for a mixed one. Throws
// RunCancelled when a stop is requested.
void runTask(PythonThread& thread, const WorkloadSpec& spec, std::int32_t task);

} // namespace interleave
