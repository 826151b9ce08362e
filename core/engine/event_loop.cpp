#include "engine/event_loop.h"

#include "workloads/blocking_sleep.h"

#include <stdexcept>

namespace interleave {

EventLoop::EventLoop(PythonThread& thread, std::stop_token stop, FailureReporter reportFailure)
    : m_thread(thread), m_stop(std::move(stop)), m_reportFailure(std::move(reportFailure))
{
}

EventLoop::~EventLoop() = default;

void EventLoop::record(Entry& entry, State state, std::uint16_t detail)
{
    if (entry.lane.valid())
        entry.lane.record(state, entry.task, detail);
}

void EventLoop::makeReady(Entry& entry)
{
    record(entry, State::Ready);
    m_ready.push_back(&entry);
}

void EventLoop::timerFired(const Timer& timer)
{
    // Ready from its deadline on, not from when the loop got round to looking: a loop busy in
    // a step, or just waking from the selector, leaves the task waiting Ready meanwhile.
    Entry& entry = *timer.entry;
    if (entry.lane.valid())
        entry.lane.recordAt(timer.when, State::Ready, entry.task);
    m_ready.push_back(&entry);
}

void EventLoop::createTask(AsyncTask coroutine, LaneWriter lane, std::int32_t task)
{
    auto entry = std::make_unique<Entry>();
    entry->coroutine = std::move(coroutine);
    entry->lane = lane;
    entry->task = task;
    entry->gathered = true;
    Entry& created = *entry;
    m_entries.push_back(std::move(entry));
    ++m_unfinished;
    makeReady(created);
}

void EventLoop::park(TimeNs duration)
{
    Entry& entry = *m_current;
    if (duration <= 0) {
        makeReady(entry);
        return;
    }
    record(entry, State::Suspended);
    m_timers.push(Timer{nowNs() + duration, m_timerSequence++, &entry});
}

void EventLoop::parkUntilAllEnded()
{
    record(*m_current, State::Suspended);
    m_gatherer = m_current;
}

void EventLoop::step(Entry& entry)
{
    record(entry, State::Running);
    m_current = &entry;
    entry.coroutine.resume();
    m_current = nullptr;
    if (entry.coroutine.done())
        finish(entry);
}

void EventLoop::finish(Entry& entry)
{
    entry.ended = true;
    if (const std::exception_ptr error = entry.coroutine.error()) {
        const LaneId lane = entry.lane.valid() ? entry.lane.id() : kNoLane;
        const std::uint16_t detail = m_reportFailure(error, lane, entry.task);
        record(entry, endStateFor(detail), detail);
    } else {
        record(entry, State::Done);
    }
    // The frame is no longer needed; free it now rather than at the end of the run.
    entry.coroutine = AsyncTask();
    if (entry.gathered && --m_unfinished == 0 && m_gatherer) {
        makeReady(*m_gatherer);
        m_gatherer = nullptr;
    }
}

void EventLoop::waitForTimers()
{
    // The selector's wait: nothing to run until the earliest timer. The loop thread sleeps
    // for real, with the GIL released, as select() releases it.
    m_thread.releaseFor(State::BlockedIo, kBlockedInSelect);
    if (!sleepUntil(m_timers.top().when, m_stop))
        throw RunCancelled{};
    m_thread.reacquire(State::Running);
}

void EventLoop::runUntilComplete(AsyncTask main)
{
    auto mainEntry = std::make_unique<Entry>();
    mainEntry->coroutine = std::move(main);
    Entry& mainTask = *mainEntry;
    m_entries.push_back(std::move(mainEntry));
    m_ready.push_back(&mainTask);

    try {
        while (!mainTask.ended) {
            if (m_stop.stop_requested())
                throw RunCancelled{};
            const TimeNs now = nowNs();
            while (!m_timers.empty() && m_timers.top().when <= now) {
                const Timer timer = m_timers.top();
                m_timers.pop();
                timerFired(timer);
            }
            if (m_ready.empty()) {
                if (m_timers.empty())
                    throw std::logic_error(
                        "event loop: the main coroutine waits for something that never happens");
                waitForTimers();
                continue;
            }
            // One pass runs what is ready now; what becomes ready meanwhile waits for the
            // next pass, as in asyncio's _run_once, so timers get a look-in between passes.
            for (std::size_t n = m_ready.size(); n > 0; --n) {
                Entry* entry = m_ready.front();
                m_ready.pop_front();
                step(*entry);
                m_thread.checkpoint();
            }
        }
    } catch (...) {
        cancelAll();
        throw;
    }
}

void EventLoop::cancelAll()
{
    for (const auto& entry : m_entries) {
        if (!entry->ended) {
            entry->ended = true;
            record(*entry, State::Stopped, kEndCancelled);
        }
    }
    m_ready.clear();
    m_timers = {};
    m_gatherer = nullptr;
    m_unfinished = 0;
    // Frames parked at an await are destroyed here; their locals unwind without resuming.
    m_entries.clear();
}

} // namespace interleave
