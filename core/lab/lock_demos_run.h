#pragma once

#include "trace/recorder.h"

#include <atomic>
#include <functional>
#include <memory>
#include <stop_token>
#include <thread>

namespace interleave {

// A lab run on a thread of its own, for the GUI: start it, poll recorder() snapshots from a
// timer, stop it at any moment. Nothing here calls Qt.
class LabRunThread {
public:
    using Body = std::function<void(Recorder&, std::stop_token)>;

    LabRunThread();
    ~LabRunThread(); // stops and joins
    LabRunThread(const LabRunThread&) = delete;
    LabRunThread& operator=(const LabRunThread&) = delete;

    // Runs body on the thread. Throws std::logic_error when called twice.
    void start(Body body);
    void requestStop() { m_thread.request_stop(); }
    // True once body has returned; whatever it wrote before returning is then visible.
    bool finished() const noexcept { return m_finished.load(std::memory_order_acquire); }
    bool started() const noexcept { return m_thread.joinable(); }
    const Recorder& recorder() const noexcept { return *m_recorder; }
    std::shared_ptr<const Recorder> sharedRecorder() const noexcept { return m_recorder; }

private:
    std::shared_ptr<Recorder> m_recorder;
    std::atomic<bool> m_finished {false};
    std::jthread m_thread;
};

} // namespace interleave
