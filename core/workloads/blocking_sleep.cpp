#include "workloads/blocking_sleep.h"

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace interleave {

bool sleepUntil(TimeNs deadline, const std::stop_token& stop)
{
    // steady_clock is CLOCK_MONOTONIC in libstdc++, the clock nowNs() reads, so the deadline
    // converts without an offset; libstdc++ waits on it with pthread_cond_clockwait.
    const std::chrono::steady_clock::time_point until{std::chrono::nanoseconds(deadline)};
    // Nobody ever notifies this condition variable: the wait ends at the deadline or through
    // the stop callback that condition_variable_any registers for the duration of the wait.
    std::mutex mutex;
    std::condition_variable_any wakeup;
    std::unique_lock lock(mutex);
    wakeup.wait_until(lock, stop, until, [] { return false; });
    // Spurious wakeups are absorbed by wait_until's loop; it returns only at the deadline or
    // on a stop. A stop that races with the deadline counts as a stop.
    return !stop.stop_requested();
}

} // namespace interleave
