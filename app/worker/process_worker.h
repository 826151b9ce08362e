#pragma once

#include "engine/process_worker_options.h"
#include "engine/worker_protocol.h"
#include "jobs/background_job.h"
#include "record_stream.h"
#include "trace/recorder.h"

#include <memory>
#include <optional>
#include <stop_token>

namespace interleave {

class PythonThread;

// One interleave-worker process: an emulated Python process with a single Python thread (its
// main thread, which is the process lane the parent created), running one task (the
// processes model) or chunks of tasks handed out by the parent (process_pool), and streaming
// every state change of its lane back over the records pipe.
//
// A second, non-Python thread (the ticker) sends records within a couple of milliseconds
// while the Python thread is active, and turns SIGTERM, SIGINT and SIGHUP into a stop
// request: the running slice ends, the lane ends Failed (cancelled) and the process exits with
// kExitCancelled, well within the parent's grace period. The constructor blocks those
// signals, so it must run before any other thread exists.
class ProcessWorker {
public:
    explicit ProcessWorker(ProcessWorkerOptions options);
    ~ProcessWorker();
    ProcessWorker(const ProcessWorker&) = delete;
    ProcessWorker& operator=(const ProcessWorker&) = delete;

    // Runs to the end and returns the process's exit code (worker_protocol::kExit...).
    int run();

private:
    void runSingle(PythonThread& thread);
    void runPool(PythonThread& thread);
    void runChunk(PythonThread& thread, const worker_protocol::Chunk& chunk);
    // The next command from the parent; nullopt when the parent closed the channel.
    // Throws RunCancelled when a stop arrives while waiting.
    std::optional<worker_protocol::Message> waitForCommand();
    TimeNs lastRecordTime() const;
    // How long the ticker may sleep once `sent` records of the lane are sent; -1: until woken.
    int tickTimeoutMs(std::size_t sent) const;
    void poke(); // wakes the ticker to look again
    void tick(std::stop_token quit);

    ProcessWorkerOptions m_options;
    Recorder m_recorder;
    LaneWriter m_lane;
    std::shared_ptr<const LaneStore> m_laneStore; // m_lane's records, read by the ticker
    TimeNs m_shortestWaitNs = 0;
    RecordStream m_stream;
    std::stop_source m_stop;
    worker_protocol::FrameDecoder m_commands;
    int m_signalFd = -1;
    int m_quitFd = -1; // eventfd: the ticker's stop, woken out of its poll()
    int m_stopFd = -1; // eventfd: wakes the main thread from its wait for a command
    int m_pokeFd = -1; // eventfd: wakes the ticker
    BackgroundJob m_ticker; // stopped and joined before the descriptors above are closed
};

} // namespace interleave
