#pragma once

#include "analysis/measured_run.h"

#include <atomic>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

namespace interleave {

// Comparisons of models and workers sweeps, run one after another on a thread of their own,
// for the GUI: start, poll progress() and runs() from a timer, stop at any moment. Nothing
// here calls Qt; the state the GUI reads is behind one mutex, taken briefly between runs.
class AnalysisJob {
public:
    struct Step {
        enum class Kind { Compare, Sweep };
        Kind kind = Kind::Compare;
        RunConfig config; // the workload; for a sweep, config.model is the pool swept
        std::vector<Model> models; // Compare: the models (sequential always runs first)
        std::vector<int> workers; // Sweep: the worker counts (one worker always runs first)
        int repeat = 1; // how often each point runs (interleaved); results hold the median
    };

    struct Progress {
        int done = 0; // single runs finished (every repetition counts)
        int total = 0; // single runs planned
        std::string current; // e.g. "threads, io-bound"; empty when none is under way
    };

    explicit AnalysisJob(std::vector<Step> steps);
    ~AnalysisJob(); // stops and joins
    AnalysisJob(const AnalysisJob&) = delete;
    AnalysisJob& operator=(const AnalysisJob&) = delete;

    // Checks every step (the same limits as a single run) and starts the thread. Throws
    // std::invalid_argument, before anything runs, for a step that cannot run, and
    // std::logic_error when called twice.
    void start();
    void requestStop() { m_thread.request_stop(); }
    bool finished() const noexcept { return m_finished.load(std::memory_order_acquire); }

    Progress progress() const;
    // Every point finished so far, in order: one per model or worker count, each the median of
    // its repetitions (a point is finished in the last round of its step).
    std::vector<MeasuredRun> runs() const;
    std::string error() const; // why the job ended early; empty otherwise

    // One label per single run the steps will make, in order (the repetitions interleaved):
    // what progress().current shows.
    static std::vector<std::string> plan(const std::vector<Step>& steps);

private:
    void body(std::stop_token stop);
    void publish(MeasuredRun run);

    std::vector<Step> m_steps;
    std::vector<std::string> m_plan;
    mutable std::mutex m_mutex;
    std::vector<MeasuredRun> m_runs; // guarded by m_mutex
    int m_done = 0; // single runs finished; guarded by m_mutex
    std::string m_error; // guarded by m_mutex
    std::atomic<bool> m_finished {false};
    bool m_started = false;
    std::jthread m_thread;
};

} // namespace interleave
