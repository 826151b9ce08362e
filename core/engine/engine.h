#pragma once

#include "engine/run_config.h"
#include "trace/recorder.h"

#include <atomic>
#include <memory>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

namespace interleave {

struct RunResult {
    Model model = Model::Sequential;
    TimeNs wallNs = 0;     // first record to last, as the user would time it
    TimeNs cpuNs = 0;      // measured CPU time of every thread and child process of the run
    TimeNs gilWaitNs = 0;  // summed WaitingGil time over all lanes
    bool cancelled = false;
    std::vector<std::string> errors; // a task that threw, a worker that died: one line each
};

// Runs one model over the workload on real threads, processes or coroutines, recording every
// lane into the recorder, and returns when every task has ended or a stop was requested (then
// within 200 ms, with every thread joined and every child reaped). Throws std::invalid_argument
// for a configuration validate() rejects.
RunResult runModel(const RunConfig& config, Recorder& recorder, std::stop_token stop = {});

// A run on a thread of its own, for the GUI: start it, poll recorder() snapshots from a timer,
// stop it at any moment. Nothing here calls Qt.
class EngineRun {
public:
    explicit EngineRun(RunConfig config);
    ~EngineRun(); // stops and joins
    EngineRun(const EngineRun&) = delete;
    EngineRun& operator=(const EngineRun&) = delete;

    void start();
    void requestStop();
    bool finished() const noexcept { return m_finished.load(std::memory_order_acquire); }
    const Recorder& recorder() const noexcept { return *m_recorder; }
    std::shared_ptr<const Recorder> sharedRecorder() const noexcept { return m_recorder; }
    const RunConfig& config() const noexcept { return m_config; }
    // Valid once finished() is true.
    const RunResult& result() const noexcept { return m_result; }

private:
    RunConfig m_config;
    std::shared_ptr<Recorder> m_recorder;
    RunResult m_result;
    std::atomic<bool> m_finished{false};
    std::jthread m_thread;
};

} // namespace interleave
