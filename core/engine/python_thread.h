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

// The terminal state that goes with a detail: a stop ends a lane Stopped (the user's doing,
// not an error), an error Failed.
constexpr State endStateFor(std::uint16_t detail) noexcept
{
    return detail == kEndNormal ? State::Done : detail == kEndCancelled ? State::Stopped : State::Failed;
}

// Iterations of cpuKernel between two checks of the eval breaker (the GIL's drop request and
// the run's stop). A constant rather than a share of the calibration so that PythonThread
// needs no calibration of its own: 12,000 iterations take about 30 us on the machines this
// is developed on (about 400,000 iterations per ms), in the 20-50 us band that keeps both the
// hand-off after a drop request and the reaction to a stop well under a millisecond, while
// the check itself (two atomic loads) stays far below 0.1% of a slice. On a machine several
// times slower a slice is still well under a millisecond.
inline constexpr std::uint64_t kSliceIterations = 12'000;

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
    // Releases the GIL and records the lane's terminal state. Only the first call records;
    // the terminal record is written before the GIL is released, so that a Running span never
    // overlaps the next holder's.
    void end(State final = State::Done, std::uint16_t detail = kEndNormal);

    // What the eval loop does between two bytecodes of code that is not a slice of compute():
    // throws RunCancelled on a stop, and honours a drop request (WaitingGil until retaken).
    void checkpoint();
    // Enters a blocking call that releases the GIL (a lock, a queue, a join, a selector):
    // records `waitState` (with `detail`, e.g. kBlockedInSelect) and drops the GIL without
    // waiting for anyone to take it.
    void releaseFor(State waitState, std::uint16_t detail = 0);
    // Leaves it: takes the GIL back (WaitingGil if it must wait) and records `shownAs`.
    // Throws RunCancelled when a stop is requested instead.
    void reacquire(State shownAs = State::Running);
    // The lane's later records carry no task (a pool worker between two work items).
    void clearTask() noexcept { m_task = kNoTask; }

    // A pool worker holding a work item: from now until stopMirroring(), every state this
    // lane records is recorded on the item's lane too, at the same instant, with `detail`
    // (the worker's lane id) so the item's lane can name its worker. Starts by copying the
    // state the lane shows now. The item's lane must have nothing recorded after that state
    // began (its Ready was recorded before the item was queued), and this thread must be its
    // only writer until stopMirroring().
    void mirrorTo(LaneWriter* itemLane, std::uint16_t detail);
    void stopMirroring() noexcept { m_mirror = nullptr; }

    LaneWriter& lane() noexcept { return m_lane; }
    std::int32_t task() const noexcept { return m_task; }
    bool holdsGil() const noexcept { return m_holdsGil; }

private:
    // Records `state` for the current task unless that is what the lane already shows: a
    // record costs a clock read, so nothing is recorded per slice, only on changes.
    void show(State state, std::uint16_t detail = 0);
    void acquireGil(); // throws RunCancelled
    void switchGil(State shownAs);

    LaneWriter m_lane;
    Gil* m_gil;
    std::stop_token m_stop;
    std::int32_t m_task = kNoTask;
    bool m_holdsGil = false;
    bool m_shownAny = false;
    bool m_ended = false;
    State m_shownState = State::Starting;
    std::int32_t m_shownTask = kNoTask;
    std::uint16_t m_shownDetail = 0;
    TimeNs m_shownAt = 0;
    LaneWriter* m_mirror = nullptr;
    std::uint16_t m_mirrorDetail = 0;
    std::uint64_t m_sink = 0; // consumes cpuKernel's result so the work is not optimised away
};

// The body of one task, as the Python code beside the run would execute it: compute for a cpu
// task, one blocking wait for an io task, alternating rounds for a mixed one. Throws
// RunCancelled when a stop is requested.
void runTask(PythonThread& thread, const WorkloadSpec& spec, std::int32_t task);

} // namespace interleave
