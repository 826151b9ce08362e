#include "engine/gil.h"

#include <algorithm>
#include <chrono>

namespace interleave {

Gil::Gil(TimeNs switchInterval, std::stop_token stop)
    // CPython refuses intervals below one microsecond (sys.setswitchinterval raises; take_gil
    // clamps to 1 us); a zero interval would make every waiter request a drop at once.
    : m_interval(std::max<TimeNs>(1000, switchInterval))
    , m_stop(std::move(stop))
    , m_onStop(m_stop, StopWaker{this})
{
}

bool Gil::take(const void* self, void (*onWait)(void*), void* context)
{
    std::unique_lock lock(m_mutex);
    if (m_stop.stop_requested())
        return false;

    bool waited = false;
    if (m_locked) {
        waited = true;
        if (onWait)
            onWait(context);
    }
    while (m_locked) {
        const std::uint64_t savedSwitchNumber = m_switchNumber;
        // A fresh full interval on every pass, as CPython's COND_TIMED_WAIT: a wakeup by
        // another thread's drop that this thread then lost to a third one starts the
        // countdown again.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::nanoseconds(m_interval);
        const bool timedOut = m_cond.wait_until(lock, deadline) == std::cv_status::timeout;
        if (m_stop.stop_requested())
            return false;
        // Only ask for a drop if nobody got the GIL during the whole interval: if there was a
        // switch, the current holder has not had its interval yet.
        if (timedOut && m_locked && m_switchNumber == savedSwitchNumber) {
            m_dropRequest.store(true, std::memory_order_relaxed);
            ++m_stats.dropRequests;
        }
    }

    {
        // last_holder changes under switch_mutex so that a thread in dropForSwitch() cannot
        // test it between the change and the signal and then sleep through the signal.
        std::lock_guard switchLock(m_switchMutex);
        m_locked = true;
        if (m_lastHolder.load(std::memory_order_relaxed) != self) {
            m_lastHolder.store(self, std::memory_order_relaxed);
            ++m_switchNumber;
        }
        m_switchCond.notify_one();
    }
    // The request, if any, was for whoever held the GIL before; it is answered now.
    if (m_dropRequest.load(std::memory_order_relaxed))
        m_dropRequest.store(false, std::memory_order_relaxed);
    ++m_stats.takes;
    if (waited)
        ++m_stats.contendedTakes;
    return true;
}

void Gil::release(const void* self)
{
    m_lastHolder.store(self, std::memory_order_relaxed);
    std::lock_guard lock(m_mutex);
    m_locked = false;
    m_cond.notify_one();
}

void Gil::drop(const void* self) { release(self); }

void Gil::dropForSwitch(const void* self)
{
    release(self);
    // The waiter that asked may already have taken the GIL (and cleared the request) between
    // the release and here: then there is nothing to wait for.
    if (!m_dropRequest.load(std::memory_order_relaxed))
        return;
    std::unique_lock lock(m_switchMutex);
    if (m_lastHolder.load(std::memory_order_relaxed) != self)
        return;
    m_dropRequest.store(false, std::memory_order_relaxed);
    m_forcedSwitches.fetch_add(1, std::memory_order_relaxed);
    // CPython waits once and lets a spurious wakeup through; waiting until the condition holds
    // is what the wait means. It ends within about one interval at worst: a waiter whose
    // signal was lost still finds the GIL free when its timed wait expires.
    m_switchCond.wait(lock, [&] {
        return m_lastHolder.load(std::memory_order_relaxed) != self || m_stop.stop_requested();
    });
}

GilStats Gil::stats() const
{
    std::lock_guard lock(m_mutex);
    GilStats stats = m_stats;
    stats.switches = m_switchNumber;
    stats.forcedSwitches = m_forcedSwitches.load(std::memory_order_relaxed);
    return stats;
}

void Gil::wakeAllForStop()
{
    // Under each mutex so that a thread that checked the stop flag just before it was set is
    // already waiting (and gets the notification) rather than about to wait.
    {
        std::lock_guard lock(m_mutex);
        m_cond.notify_all();
    }
    {
        std::lock_guard lock(m_switchMutex);
        m_switchCond.notify_all();
    }
}

} // namespace interleave
