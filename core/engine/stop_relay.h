#pragma once

#include <condition_variable>
#include <mutex>
#include <optional>
#include <stop_token>
#include <thread>

namespace interleave {

// Forwards a stop from the caller's token to a token of the run's own, from a thread of its
// own. std::stop_source::request_stop() runs every registered callback on the requesting
// thread, and a run registers one per blocked thread (each blocking wait, each condition):
// with thousands of threads, waking them all takes tens of milliseconds of syscalls and
// context switches. The requester, often the GUI thread, should pay one notification for
// that, not the whole wake-up: the relay thread pays it.
class StopRelay {
public:
    explicit StopRelay(std::stop_token outer);
    StopRelay(const StopRelay&) = delete;
    StopRelay& operator=(const StopRelay&) = delete;
    ~StopRelay(); // ends the relay thread; the inner token stays as it is

    // The token the run's threads use; stopped shortly after the outer one.
    std::stop_token token() const noexcept { return m_inner.get_token(); }

private:
    void relay();

    struct Notify {
        StopRelay* relay;
        void operator()() const;
    };

    std::stop_source m_inner;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_outerStopped = false; // under m_mutex
    bool m_closing = false;      // under m_mutex
    std::thread m_thread;
    // Registered last, after the thread exists, and removed first in the destructor. It may
    // run at once in the constructor when the outer stop was already requested.
    std::optional<std::stop_callback<Notify>> m_callback;
};

} // namespace interleave
