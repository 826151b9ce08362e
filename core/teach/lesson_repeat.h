#pragma once

#include "analysis/repeat_stats.h"
#include "engine/engine.h"
#include "jobs/background_job.h"
#include "teach/lesson.h"
#include "trace/trace.h"

#include <optional>
#include <stop_token>
#include <vector>

namespace interleave {

// How many runs a lesson's figures are made of: the run the learner watched and two more.
inline constexpr int kLessonRuns = 3;

// Whether a lesson's speedup needs the same tasks measured one after another: when its tasks
// compute, their time alone depends on this machine's speed and load, so an estimate from the
// workload is a guess; waits last what they say, and tasks x latency is their sequential time.
bool lessonMeasuresSequential(const RunConfig& config) noexcept;

// A lesson's run measured again, on a thread of its own (a BackgroundJob, polled by the GUI):
// kLessonRuns - 1 more runs of the same configuration and, when lessonMeasuresSequential, the
// same tasks under the sequential model kLessonRuns times, interleaved (sequential, then the
// model, round after round) so a busy spell of the machine touches both. The watched run is the
// first of the model's runs. Nothing here calls Qt.
class LessonRepeatJob {
public:
    struct Outcome {
        RepeatedRun model; // the watched run and the repeats: the median and the spread
        std::optional<RepeatedRun> sequential; // when measured
        bool stopped = false; // asked to stop before every run was made
    };

    LessonRepeatJob(RunConfig config, RunResult watched, int runs = kLessonRuns);
    ~LessonRepeatJob() = default; // the job, declared last, stops and joins first
    LessonRepeatJob(const LessonRepeatJob&) = delete;
    LessonRepeatJob& operator=(const LessonRepeatJob&) = delete;

    // Starts the runs. Throws std::invalid_argument for a configuration that cannot run or a
    // count of runs outside 1..kMaxRepeat, std::logic_error when called twice.
    void start();
    void requestStop() noexcept { m_job.requestStop(); }
    bool finished() const noexcept { return m_job.finished(); }
    // Progress counts the runs still to make (the watched one is not among them).
    const BackgroundJob& job() const noexcept { return m_job; }
    // Read once finished(): what was measured (whatever ran when stopped).
    Outcome outcome() const;

private:
    void body(std::stop_token stop);

    RunConfig m_config;
    int m_runs;
    std::vector<RunResult> m_modelRuns; // written by the body; read after finished()
    std::vector<RunResult> m_sequentialRuns;
    bool m_stopped = false;
    BackgroundJob m_job; // last: joined before the members it writes go away
};

// The lesson's figures from the repeated runs: wall time and speedup as medians with their
// range, the sequential time measured (its median) or estimated, the peak from the watched
// run's trace.
LessonMeasurement measureLessonRepeats(
    const RunConfig& config, const LessonRepeatJob::Outcome& outcome, const Trace* watchedTrace = nullptr);

} // namespace interleave
