#include "engine/python_thread.h"

#include "engine/gil.h"
#include "workloads/blocking_sleep.h"

#include <algorithm>

namespace interleave {

PythonThread::PythonThread(LaneWriter lane, Gil* gil, std::stop_token stop)
    : m_lane(lane), m_gil(gil), m_stop(std::move(stop))
{
}

PythonThread::~PythonThread()
{
    if (m_holdsGil)
        m_gil->drop(this);
}

void PythonThread::show(State state, std::uint16_t detail)
{
    if (m_shownAny && m_shownState == state && m_shownTask == m_task && m_shownDetail == detail)
        return;
    m_shownAt = m_lane.record(state, m_task, detail);
    if (m_mirror)
        m_mirror->recordAt(m_shownAt, state, m_task, m_mirrorDetail);
    m_shownAny = true;
    m_shownState = state;
    m_shownTask = m_task;
    m_shownDetail = detail;
}

void PythonThread::mirrorTo(LaneWriter* itemLane, std::uint16_t detail)
{
    m_mirror = itemLane;
    m_mirrorDetail = detail;
    if (m_mirror && m_shownAny)
        m_mirror->recordAt(m_shownAt, m_shownState, m_task, m_mirrorDetail);
}

void PythonThread::acquireGil()
{
    if (m_stop.stop_requested())
        throw RunCancelled{};
    if (!m_gil || m_holdsGil)
        return;
    // Called by the Gil only when the GIL is held by another thread on arrival.
    auto onWait = [](void* self) { static_cast<PythonThread*>(self)->show(State::WaitingGil); };
    if (!m_gil->take(this, onWait, this))
        throw RunCancelled{};
    m_holdsGil = true;
}

void PythonThread::switchGil(State shownAs)
{
    // WaitingGil is recorded while the GIL is still ours, so the Running span ends before the
    // next holder's begins.
    show(State::WaitingGil);
    m_holdsGil = false;
    m_gil->dropForSwitch(this);
    acquireGil();
    show(shownAs);
}

void PythonThread::begin(std::int32_t task)
{
    m_task = task;
    acquireGil();
    show(State::Running);
}

void PythonThread::compute(std::uint64_t iterations, State shownAs)
{
    acquireGil();
    show(shownAs);
    while (iterations > 0) {
        // The eval breaker: two relaxed loads per slice.
        if (m_stop.stop_requested())
            throw RunCancelled{};
        if (m_gil && m_gil->dropRequested())
            switchGil(shownAs);
        const std::uint64_t slice = std::min(iterations, kSliceIterations);
        m_sink = cpuKernel(slice, m_sink);
        iterations -= slice;
    }
}

void PythonThread::checkpoint()
{
    if (m_stop.stop_requested())
        throw RunCancelled{};
    if (m_gil && m_holdsGil && m_gil->dropRequested())
        switchGil(m_shownAny ? m_shownState : State::Running);
}

void PythonThread::releaseFor(State waitState, std::uint16_t detail)
{
    show(waitState, detail);
    if (m_holdsGil) {
        m_holdsGil = false;
        m_gil->drop(this);
    }
}

void PythonThread::reacquire(State shownAs)
{
    acquireGil();
    show(shownAs);
}

void PythonThread::blockingWait(TimeNs duration)
{
    releaseFor(State::BlockedIo);
    if (!sleepFor(duration, m_stop))
        throw RunCancelled{};
    reacquire(State::Running);
}

void PythonThread::end(State final, std::uint16_t detail)
{
    if (!m_ended) {
        m_ended = true;
        m_lane.record(final, m_task, detail);
    }
    if (m_holdsGil) {
        m_holdsGil = false;
        m_gil->drop(this);
    }
}

void runTask(PythonThread& thread, const WorkloadSpec& spec, std::int32_t task)
{
    thread.begin(task);
    switch (spec.kind) {
    case WorkloadKind::Cpu:
        thread.compute(spec.workIterations);
        break;
    case WorkloadKind::Io:
        thread.blockingWait(spec.latencyNs);
        break;
    case WorkloadKind::Mixed: {
        const int rounds = std::max(1, spec.rounds);
        for (int round = 0; round < rounds; ++round) {
            thread.compute(spec.iterationsOfRound(round));
            thread.blockingWait(spec.latencyOfRound(round));
        }
        break;
    }
    }
}

} // namespace interleave
