#pragma once

#include <condition_variable>
#include <mutex>
#include <stop_token>

namespace interleave {

// The _started event of threading.Thread. Thread.start() creates the OS thread and then waits
// on this event, with the GIL released, until the new thread has begun running Python code
// (it holds the GIL and sets the event from its bootstrap). So in CPython a thread that is
// started runs first, and the starting thread needs the GIL back before it can start the
// next one: starting CPU-bound threads takes about a switch interval each.
class ThreadStart {
public:
    // Idempotent; the new thread sets it on every path, failures included, so that the
    // starter never waits for a thread that is already gone.
    void set();
    // Returns true once set, false when the stop was requested first.
    bool wait(const std::stop_token& stop);

private:
    std::mutex m_mutex;
    std::condition_variable_any m_changed;
    bool m_set = false;
};

} // namespace interleave
