#pragma once

#include "trace/clock.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <stop_token>

namespace interleave {

// Counters of one GIL since it was created, for tests and the statistics panel.
struct GilStats {
    std::uint64_t takes = 0;          // successful take() calls
    std::uint64_t contendedTakes = 0; // takes that found the GIL held and had to wait
    std::uint64_t switches = 0;       // CPython's switch_number: takes by a thread other than the last holder
    std::uint64_t dropRequests = 0;   // times a waiter timed out and set the drop request
    std::uint64_t forcedSwitches = 0; // drops for a request that then waited for another thread to take it

    friend bool operator==(const GilStats&, const GilStats&) = default;
};

// The global interpreter lock of one emulated process, with CPython 3.2+'s algorithm
// (Python/ceval_gil.c, take_gil and drop_gil, FORCE_SWITCHING defined):
//
// - take: while the GIL is locked, wait on `cond` for one switch interval. If the wait timed
//   out, the GIL is still locked and no switch happened meanwhile (switch_number unchanged),
//   set the drop request. Once free: locked = 1; if the taker differs from the last holder,
//   last_holder = taker and ++switch_number; signal `switch_cond`; clear the drop request.
// - drop: locked = 0, signal `cond`. For a drop that answers a request (dropForSwitch), then
//   wait on `switch_cond` until the last holder is someone else: without this the dropping
//   thread, already running, would usually take the GIL straight back before the woken
//   waiter is scheduled, and the request would achieve nothing.
//
// The holder polls dropRequested() between slices of work, as the eval loop polls its eval
// breaker. Holders are identified by an opaque pointer (the PythonThread).
//
// Cancellation: when the stop token given at construction is triggered, every wait inside
// take() and dropForSwitch() wakes up and returns within microseconds; take() then fails.
class Gil {
public:
    explicit Gil(TimeNs switchInterval, std::stop_token stop = {});
    Gil(const Gil&) = delete;
    Gil& operator=(const Gil&) = delete;

    // Blocks until `self` holds the GIL and returns true, or returns false without it once the
    // stop is requested (also when it was requested before the call). When the GIL is held by
    // someone else on arrival, onWait(context) is called once, before waiting, under the GIL's
    // internal mutex: the caller records WaitingGil there and only there, so an uncontended
    // take leaves no zero-length WaitingGil span behind.
    bool take(const void* self, void (*onWait)(void*) = nullptr, void* context = nullptr);

    // Releases the GIL without waiting for anyone: around blocking I/O and at a thread's end.
    void drop(const void* self);

    // Releases the GIL because a drop was requested and, if the request is still pending,
    // waits until another thread has taken it (FORCE_SWITCHING). The caller then take()s again.
    void dropForSwitch(const void* self);

    // The eval breaker: a relaxed load, cheap enough to poll between every slice.
    bool dropRequested() const noexcept { return m_dropRequest.load(std::memory_order_relaxed); }

    TimeNs switchInterval() const noexcept { return m_interval; }
    GilStats stats() const;

private:
    void release(const void* self);
    void wakeAllForStop();

    const TimeNs m_interval;
    const std::stop_token m_stop;

    mutable std::mutex m_mutex; // CPython's gil->mutex
    std::condition_variable m_cond; // gil->cond: signalled on every drop
    bool m_locked = false;
    std::uint64_t m_switchNumber = 0;
    std::atomic<bool> m_dropRequest{false}; // written under m_mutex, polled without it

    std::mutex m_switchMutex; // gil->switch_mutex
    std::condition_variable m_switchCond; // gil->switch_cond: signalled on every take
    // Written by take (under both mutexes) and drop (under m_mutex); read by dropForSwitch
    // under m_switchMutex only, hence atomic, as in CPython.
    std::atomic<const void*> m_lastHolder{nullptr};

    GilStats m_stats; // under m_mutex, except the two atomics below
    std::atomic<std::uint64_t> m_forcedSwitches{0};

    struct StopWaker {
        Gil* gil;
        void operator()() const { gil->wakeAllForStop(); }
    };
    // Last member: it runs wakeAllForStop() from the constructor when the stop is already
    // requested, so everything that touches must be constructed by then.
    std::stop_callback<StopWaker> m_onStop;
};

} // namespace interleave
