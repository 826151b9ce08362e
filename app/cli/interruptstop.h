#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <thread>

namespace interleave::cli {

// Turns Ctrl+C (SIGINT) and SIGTERM into a stop request while a command runs, so a run
// interrupted from the terminal still joins its threads and reaps its children. The signal
// handler only sets a lock-free flag; a watcher thread turns it into request_stop().
class InterruptStop {
public:
    InterruptStop();
    ~InterruptStop();
    InterruptStop(const InterruptStop&) = delete;
    InterruptStop& operator=(const InterruptStop&) = delete;

    std::stop_token token() const noexcept { return m_source.get_token(); }
    bool interrupted() const noexcept { return m_source.stop_requested(); }

private:
    std::stop_source m_source;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_closing = false;
    std::thread m_watcher;
};

} // namespace interleave::cli
