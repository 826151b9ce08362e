#pragma once

#include "jobs/background_job.h"
#include "trace/recorder.h"

#include <functional>
#include <memory>
#include <stop_token>

namespace interleave {

// A lab run on a thread of its own (a BackgroundJob) with the recorder it writes, for the GUI:
// start it, poll recorder() snapshots, stop it at any moment. Nothing here calls Qt.
class LabRunThread {
public:
    using Body = std::function<void(Recorder&, std::stop_token)>;

    LabRunThread();
    ~LabRunThread() = default; // the job, declared last, stops and joins first
    LabRunThread(const LabRunThread&) = delete;
    LabRunThread& operator=(const LabRunThread&) = delete;

    // Runs body on the thread. Throws std::logic_error when called twice.
    void start(Body body);
    void requestStop() noexcept { m_job.requestStop(); }
    // True once body has returned; whatever it wrote before returning is then visible.
    bool finished() const noexcept { return m_job.finished(); }
    bool started() const noexcept { return m_job.started(); }
    const BackgroundJob& job() const noexcept { return m_job; }
    const Recorder& recorder() const noexcept { return *m_recorder; }
    std::shared_ptr<const Recorder> sharedRecorder() const noexcept { return m_recorder; }

private:
    std::shared_ptr<Recorder> m_recorder;
    BackgroundJob m_job; // last: joined before the recorder goes away
};

} // namespace interleave
