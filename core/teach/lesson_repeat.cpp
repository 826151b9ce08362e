#include "teach/lesson_repeat.h"

#include <stdexcept>
#include <string>
#include <utility>

namespace interleave {

bool lessonMeasuresSequential(const RunConfig& config) noexcept
{
    return config.workload != WorkloadKind::Io && config.workMs > 0 && config.model != Model::Sequential;
}

LessonRepeatJob::LessonRepeatJob(RunConfig config, RunResult watched, int runs)
    : m_config(std::move(config))
    , m_runs(runs)
{
    m_modelRuns.push_back(std::move(watched));
}

void LessonRepeatJob::start()
{
    if (m_job.started())
        throw std::logic_error("LessonRepeatJob::start called twice");
    if (m_runs < 1 || m_runs > kMaxRepeat)
        throw std::invalid_argument("runs must be between 1 and " + std::to_string(kMaxRepeat));
    if (auto why = validate(m_config))
        throw std::invalid_argument(*why);
    const bool sequential = lessonMeasuresSequential(m_config);
    m_job.setProgressTotal((m_runs - 1) + (sequential ? m_runs : 0));
    m_job.start([this](std::stop_token stop) { body(std::move(stop)); });
}

void LessonRepeatJob::body(std::stop_token stop)
{
    const bool sequential = lessonMeasuresSequential(m_config);
    const auto runOnce = [&](Model model) {
        RunConfig config = m_config;
        config.model = model;
        Recorder recorder(effectiveMaxSpans(config));
        RunResult result = runModel(config, recorder, stop);
        m_job.advanceProgress();
        return result;
    };
    for (int round = 0; round < m_runs; ++round) {
        if (sequential && !stop.stop_requested())
            m_sequentialRuns.push_back(runOnce(Model::Sequential));
        // The watched run is this round's model run in the first round.
        if (round > 0 && !stop.stop_requested())
            m_modelRuns.push_back(runOnce(m_config.model));
    }
    const auto cut = [](const std::vector<RunResult>& runs) {
        return !runs.empty() && runs.back().cancelled;
    };
    const std::size_t planned = static_cast<std::size_t>(m_runs);
    m_stopped = stop.stop_requested() || m_modelRuns.size() < planned || cut(m_modelRuns)
        || (sequential && (m_sequentialRuns.size() < planned || cut(m_sequentialRuns)));
}

LessonRepeatJob::Outcome LessonRepeatJob::outcome() const
{
    if (!finished())
        throw std::logic_error("LessonRepeatJob::outcome read before the job finished");
    Outcome outcome;
    outcome.model = foldRepeats(m_modelRuns);
    if (!m_sequentialRuns.empty())
        outcome.sequential = foldRepeats(m_sequentialRuns);
    outcome.stopped = m_stopped;
    return outcome;
}

LessonMeasurement measureLessonRepeats(
    const RunConfig& config, const LessonRepeatJob::Outcome& outcome, const Trace* watchedTrace)
{
    const bool sequentialMeasured = outcome.sequential && outcome.sequential->wall.runs > 0;
    std::optional<TimeNs> sequentialNs;
    if (sequentialMeasured)
        sequentialNs = outcome.sequential->result.wallNs;
    LessonMeasurement m = measureLessonRun(config, outcome.model.result, sequentialNs, watchedTrace);
    const RepeatedWall& wall = outcome.model.wall;
    m.runs = std::max(1, wall.runs);
    if (wall.runs > 0) {
        m.wallMsMin = static_cast<double>(wall.minNs) / 1e6;
        m.wallMsMax = static_cast<double>(wall.maxNs) / 1e6;
    }
    if (sequentialMeasured) {
        m.sequentialRuns = outcome.sequential->wall.runs;
        const SpeedupWithRange s = speedupAgainst(*outcome.sequential, outcome.model);
        if (s.median > 0) {
            m.speedup = s.median;
            m.speedupLow = s.low;
            m.speedupHigh = s.high;
        }
    } else if (wall.runs > 0 && m.sequentialMs > 0) {
        // Against a sequential time that is not measured, the range is the wall time's alone.
        m.speedupLow = m.sequentialMs / m.wallMsMax;
        m.speedupHigh = m.sequentialMs / m.wallMsMin;
    }
    return m;
}

} // namespace interleave
