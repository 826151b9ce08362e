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

    // How many SIGINT/SIGTERM arrived so far, read straight from the handler's counter (no
    // watcher delay): a step that must stop at once compares it with its value at the start.
    int signalCount() const noexcept;
    // What a shell reports for the last signal: 130 for SIGINT, 143 for SIGTERM.
    int exitStatus() const noexcept;

private:
    std::stop_source m_source;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_closing = false;
    std::thread m_watcher;
};

} // namespace interleave::cli
