#pragma once

#include "engine/run_config.h"
#include "jobs/background_job.h"
#include "trace/recorder.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace interleave {

struct RunResult {
    Model model = Model::Sequential;
    TimeNs wallNs = 0;     // first record to last, as the user would time it
    TimeNs cpuNs = 0;      // measured CPU time of every thread and child process of the run
    TimeNs gilWaitNs = 0;  // summed WaitingGil time over all lanes
    // OS threads executing at once (ParallelismProfile, what the parallelism strip draws):
    // the most at any instant, and the average over the wall time.
    int peakParallelism = 0;
    double meanParallelism = 0;
    bool cancelled = false;
    std::vector<std::string> errors; // a task that threw, a worker that died: one line each
    // The share of all CPUs that other programs used while the run was measured
    // (otherCpuShare); nullopt when it could not be read or the run was too short to say.
    std::optional<double> busyOtherCpu;
};

// Ways into a run for tests and demonstrations. The models of this process (sequential,
// threads, thread_pool, asyncio) honour them; the process models run their tasks in child
// processes and ignore them.
struct RunHooks {
    // Called in the task's lane as the task begins (GIL held when there is one), before its
    // body. An exception it throws fails that task exactly like one thrown by the task itself:
    // the task's lane ends Failed (kEndError), a note and an error line say why, the run goes on.
    std::function<void(std::int32_t task)> beforeTask;
};

// Runs one model over the workload on real threads, processes or coroutines, recording every
// lane into the recorder, and returns when every task has ended or a stop was requested (then
// within 200 ms, with every thread joined and every child reaped). Throws std::invalid_argument
// for a configuration validate() rejects.
//
// The run's metadata (model, workload, parameters) is written into the recorder, so it should
// be fresh; wallNs and gilWaitNs count only the lanes the run added. config.iterationsPerMs = 0
// is calibrated once per program and then reused.
RunResult runModel(const RunConfig& config, Recorder& recorder, std::stop_token stop = {});
RunResult runModel(const RunConfig& config, Recorder& recorder, std::stop_token stop, const RunHooks& hooks);

// A run on a thread of its own (a BackgroundJob), for the GUI: start it, poll recorder()
// snapshots, stop it at any moment. Nothing here calls Qt.
class EngineRun {
public:
    explicit EngineRun(RunConfig config);
    ~EngineRun() = default; // the job, declared last, stops and joins first
    EngineRun(const EngineRun&) = delete;
    EngineRun& operator=(const EngineRun&) = delete;

    // Starts the run on its own thread. Throws std::invalid_argument, before any thread is
    // started, for a configuration validate() rejects, and std::logic_error when called twice.
    void start();
    void requestStop() noexcept { m_job.requestStop(); }
    bool finished() const noexcept { return m_job.finished(); }
    const BackgroundJob& job() const noexcept { return m_job; }
    const Recorder& recorder() const noexcept { return *m_recorder; }
    std::shared_ptr<const Recorder> sharedRecorder() const noexcept { return m_recorder; }
    const RunConfig& config() const noexcept { return m_config; }
    // Valid once finished() is true. A run that could not go on (an error the model did not
    // catch, no thread to be had) carries the reason in errors.
    const RunResult& result() const noexcept { return m_result; }

private:
    RunConfig m_config;
    std::shared_ptr<Recorder> m_recorder;
    RunResult m_result;
    BackgroundJob m_job; // last: joined before the members it writes go away
};

} // namespace interleave
