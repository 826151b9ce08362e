#pragma once

#include "analysis/measured_run.h"
#include "jobs/background_job.h"

#include <stop_token>
#include <string>
#include <vector>

namespace interleave {

// Comparisons of models and workers sweeps, run one after another on a thread of their own (a
// BackgroundJob), for the GUI: start, poll progress() and runs() from a timer, stop at any
// moment. Nothing here calls Qt; the runs the GUI reads are a JobSnapshot, locked briefly
// between runs.
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
    ~AnalysisJob() = default; // the job, declared last, stops and joins first
    AnalysisJob(const AnalysisJob&) = delete;
    AnalysisJob& operator=(const AnalysisJob&) = delete;

    // Checks every step (the same limits as a single run) and starts the thread. Throws
    // std::invalid_argument, before anything runs, for a step that cannot run, and
    // std::logic_error when called twice.
    void start();
    void requestStop() noexcept { m_job.requestStop(); }
    bool finished() const noexcept { return m_job.finished(); }
    // Its progress counts single runs, every repetition included.
    const BackgroundJob& job() const noexcept { return m_job; }

    Progress progress() const;
    // Every point finished so far, in order: one per model or worker count, each the median of
    // its repetitions (a point is finished in the last round of its step).
    std::vector<MeasuredRun> runs() const { return m_runs.get(); }
    std::string error() const { return m_job.error(); } // why the job ended early; empty otherwise

    // One label per single run the steps will make, in order (the repetitions interleaved):
    // what progress().current shows.
    static std::vector<std::string> plan(const std::vector<Step>& steps);

private:
    void body(std::stop_token stop);

    std::vector<Step> m_steps;
    std::vector<std::string> m_plan;
    JobSnapshot<std::vector<MeasuredRun>> m_runs;
    BackgroundJob m_job; // last: joined before the members it writes go away
};

} // namespace interleave
