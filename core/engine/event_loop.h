#pragma once

#include "engine/async_task.h"
#include "engine/python_thread.h"
#include "trace/recorder.h"

#include <coroutine>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <queue>
#include <stop_token>
#include <vector>

namespace interleave {

// A small asyncio event loop on one real thread: a ready queue, a timer heap, and a real
// timed wait when nothing is ready (the selector). Each task is a C++20 coroutine with a lane:
// Ready while queued (a sleeper from its deadline on), Running while the loop steps it,
// Suspended while parked at an await, then Done or Failed. The loop's own lane (the
// PythonThread's) is Running while it steps tasks and BlockedIo ("waiting in select",
// kBlockedInSelect), with the GIL released, while every task is suspended and it waits in the
// selector.
//
// Everything here runs on the loop's thread: a task's CPU work runs inline inside its step
// and holds up every other task, which stays Ready until the step ends.
class EventLoop {
public:
    // Classifies what a task threw and reports it; returns the detail of its Failed record.
    using FailureReporter = std::function<std::uint16_t(std::exception_ptr, LaneId lane, std::int32_t task)>;

    // `thread` is the loop's thread, already begun (holding the GIL when there is one).
    EventLoop(PythonThread& thread, std::stop_token stop, FailureReporter reportFailure);
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;
    ~EventLoop();

    PythonThread& thread() noexcept { return m_thread; }

    // asyncio.create_task(): the task is Ready from now on.
    void createTask(AsyncTask coroutine, LaneWriter lane, std::int32_t task);

    // asyncio.run(main): steps `main` (a coroutine without a lane of its own) and the tasks it
    // creates until main has returned. On a stop, every unfinished task's lane ends Failed
    // (kEndCancelled), their frames are destroyed, and RunCancelled is thrown.
    void runUntilComplete(AsyncTask main);

    struct SleepAwaiter {
        EventLoop& loop;
        TimeNs duration;
        bool await_ready() const noexcept { return false; }
        void await_suspend(std::coroutine_handle<>) { loop.park(duration); }
        void await_resume() const noexcept {}
    };
    // co_await loop.sleep(ns): asyncio.sleep(). The task is Suspended until its timer fires;
    // sleep(0) just goes to the back of the ready queue, as asyncio.sleep(0) does.
    SleepAwaiter sleep(TimeNs duration) noexcept { return {*this, duration}; }

    struct GatherAwaiter {
        EventLoop& loop;
        bool await_ready() const noexcept { return loop.m_unfinished == 0; }
        void await_suspend(std::coroutine_handle<>) { loop.parkUntilAllEnded(); }
        void await_resume() const noexcept {}
    };
    // co_await loop.gatherAll(): asyncio.gather() over every task created so far. Resumes the
    // awaiting coroutine once all of them have ended, failed ones included (as with
    // return_exceptions=True: one task's error does not cancel the others).
    GatherAwaiter gatherAll() noexcept { return {*this}; }

private:
    struct Entry {
        AsyncTask coroutine;
        LaneWriter lane; // invalid for main
        std::int32_t task = kNoTask;
        bool gathered = false; // created by createTask(): counted in m_unfinished
        bool ended = false;
    };
    struct Timer {
        TimeNs when = 0;
        std::uint64_t sequence = 0; // equal deadlines fire in the order they were set
        Entry* entry = nullptr;
        friend bool operator>(const Timer& a, const Timer& b)
        {
            return a.when != b.when ? a.when > b.when : a.sequence > b.sequence;
        }
    };

    void record(Entry& entry, State state, std::uint16_t detail = 0);
    void makeReady(Entry& entry);
    void timerFired(const Timer& timer);
    void step(Entry& entry);
    void finish(Entry& entry);
    void park(TimeNs duration);
    void parkUntilAllEnded();
    void waitForTimers();
    void cancelAll();

    PythonThread& m_thread;
    std::stop_token m_stop;
    FailureReporter m_reportFailure;
    std::vector<std::unique_ptr<Entry>> m_entries; // stable addresses for the queues
    std::deque<Entry*> m_ready;
    std::priority_queue<Timer, std::vector<Timer>, std::greater<>> m_timers;
    std::uint64_t m_timerSequence = 0;
    Entry* m_current = nullptr;
    Entry* m_gatherer = nullptr;
    std::size_t m_unfinished = 0; // tasks created and not yet ended, main excluded
};

} // namespace interleave
