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
    // What a shell reports for a command the signal ended: 128 + the signal that stopped it
    // (or else the last one to arrive), so 130 after Ctrl+C (SIGINT) and 143 after SIGTERM.
    int exitStatus() const noexcept;

    // How many SIGINT/SIGTERM arrived so far, read straight from the handler's counter (no
    // watcher delay): a step that must stop at once compares it with its value at the start.
    int signalCount() const noexcept;

private:
    void watch();

    std::stop_source m_source;
    std::atomic<int> m_signal{0}; // the signal that requested the stop
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_closing = false;
    std::thread m_watcher;
};

} // namespace interleave::cli
