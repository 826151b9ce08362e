#pragma once

#include "engine/child_process.h"
#include "engine/engine.h"
#include "engine/process_worker_options.h"
#include "engine/worker_protocol.h"
#include "trace/recorder.h"

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <poll.h>
#include <stop_token>
#include <string>
#include <vector>

namespace interleave {

// Pool.map's chunk size for `tasks` items over `workers` processes, as CPython computes it:
// chunksize, extra = divmod(len(iterable), len(pool) * 4); if extra: chunksize += 1.
int poolChunkSize(int tasks, int workers) noexcept;

// One run of the processes or process_pool model, driven entirely by the calling thread: it
// spawns the workers, then waits in poll() on every child's records pipe, stderr pipe and
// exit (pidfd) together with the stop, and merges what the children send into the recorder.
//
// Lane ownership: every lane of the run is created and written by the calling thread only,
// including the lanes of the children (their records arrive here and are appended with
// recordAt), so each lane has exactly one writer without any hand-over.
//
// Time: children stamp their records with CLOCK_MONOTONIC, which is system-wide, so they land
// on the parent's clock unchanged. Each record is still clamped into [the lane's last time,
// now]: a child cannot have recorded anything later than the moment we read it, and the clamp
// keeps a lane's times non-decreasing whatever a confused or malicious child sends.
class ProcessModelRun {
public:
    // iterationsPerMs: the parent's calibration, passed to every child.
    ProcessModelRun(const RunConfig& config, Recorder& recorder, std::stop_token stop, std::string workerPath,
                    double iterationsPerMs);
    ~ProcessModelRun(); // any child still alive (only after an exception) is killed and reaped
    ProcessModelRun(const ProcessModelRun&) = delete;
    ProcessModelRun& operator=(const ProcessModelRun&) = delete;

    RunResult run();

private:
    struct OwnedLane {
        LaneWriter writer;
        TimeNs last = 0;
        State state = State::Starting;
        std::int32_t task = kNoTask;
        bool recorded = false;
    };

    struct PoolTask {
        enum class Phase { Ready, Running, Ended };
        std::size_t lane = 0; // in m_lanes
        Phase phase = Phase::Ready;
        int worker = -1;
    };

    struct Worker {
        std::string name;
        ChildProcess process;
        std::vector<std::size_t> lanes; // the worker's lane index -> m_lanes index
        worker_protocol::FrameDecoder decoder;
        std::string stderrText;
        std::string protocolError; // set once; the child is then killed
        bool helloSeen = false;
        TimeNs reportedCpuNs = 0;
        bool finalized = false;
        // process_pool
        bool idle = false; // said Ready and has no chunk
        bool exitSent = false;
        std::optional<std::size_t> chunk;
        std::vector<std::int32_t> unfinished; // tasks of the current chunk not ended yet
        // The task between its TaskStarted and TaskFinished: the worker's lane is mirrored onto
        // the task's lane meanwhile.
        std::int32_t runningTask = kNoTask;
        // The watchdog: since when the child has been seen stopped (0: not stopped), and why it
        // was killed once it stayed stopped too long.
        TimeNs stoppedSince = 0;
        std::string watchdogError;
    };

    struct StopWaker {
        int fd;
        void operator()() const noexcept;
    };

    bool pool() const noexcept { return m_config.model == Model::ProcessPool; }
    std::size_t addLane(LaneInfo info);
    // Appends to an owned lane, clamping the time to keep the lane in order.
    void record(std::size_t lane, TimeNs time, State state, std::int32_t task = kNoTask,
                std::uint16_t detail = 0);
    // A time sent by a child, clamped to now (see the class comment).
    static TimeNs childTime(TimeNs t) noexcept;

    void spawnWorker(int index, std::int32_t task);
    void pump(int timeoutMs);
    int pollTimeout() const;
    void checkStop();
    bool allFinalized() const;

    // Read at most limit bytes (then poll() again, so that no child starves the others).
    void readRecords(Worker& w, std::size_t limit);
    void readStderr(Worker& w, std::size_t limit);
    void processFrames(Worker& w);
    void handle(Worker& w, int index, const worker_protocol::Message& message);
    void protocolFailure(Worker& w, std::string why);
    void finalize(Worker& w);

    // Kills and reaps every child after an unexpected error, ending all their lanes.
    void abort(const std::string& why);
    // A pool worker ended abruptly (killed, crashed, stopped for good): like
    // concurrent.futures' BrokenProcessPool, the whole pool fails at once. The other workers
    // are stopped (SIGTERM, then SIGKILL after the grace) and every unfinished task fails.
    void breakPool();
    // Kills a child that has stayed stopped (SIGSTOP) for the configured time; see RunConfig.
    void watchdog();
    std::string runningTaskOf(const Worker& w) const;
    void dispatch();
    void failUnrunnableChunks();
    void endTask(std::int32_t task, TimeNs time, State state, std::uint16_t detail);
    std::string describe(const Worker& w) const;

    RunConfig m_config;
    Recorder& m_recorder;
    std::stop_token m_stop;
    std::string m_workerPath;
    ProcessWorkerOptions m_workerOptions; // shared by every child; index and task vary

    std::vector<OwnedLane> m_lanes;
    std::size_t m_mainLane = 0;
    std::vector<std::unique_ptr<Worker>> m_workers;

    // process_pool
    std::vector<PoolTask> m_tasks;
    std::vector<std::vector<std::int32_t>> m_chunks;
    std::deque<std::size_t> m_pendingChunks;
    std::size_t m_tasksEnded = 0;
    bool m_mapped = false; // map() was called: the task lanes and chunks exist

    // Stop: SIGTERM to every child at m_stopAt, SIGKILL to the survivors at m_killAt.
    bool m_stopping = false;
    bool m_killed = false;
    bool m_aborted = false;
    bool m_broken = false;          // process_pool: a worker ended abruptly; see breakPool()
    std::size_t m_brokenTasks = 0;  // tasks that did not finish because of it
    TimeNs m_killAt = 0;
    TimeNs m_watchdogAt = 0;        // the next look at the children's states

    int m_wakeFd = -1; // eventfd written by the stop callback, so poll() wakes up
    std::optional<std::stop_callback<StopWaker>> m_onStop;

    std::vector<pollfd> m_pollFds;
    std::vector<std::uint8_t> m_readBuffer;
    TimeNs m_childCpuNs = 0;
    std::vector<std::string> m_errors;
};

} // namespace interleave
