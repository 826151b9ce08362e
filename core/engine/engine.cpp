#include "engine/engine.h"

#include "analysis/other_cpu_load.h"
#include "engine/in_process_models.h"
#include "engine/process_models.h"
#include "engine/run_fields.h"
#include "engine/stop_relay.h"
#include "trace/parallelism.h"
#include "trace/trace.h"
#include "workloads/workload.h"

#include <algorithm>
#include <thread>
#include <charconv>
#include <cstdio>
#include <limits>
#include <stdexcept>

namespace interleave {

namespace {

// The shortest decimal that reads back the same, whatever the C locale's decimal point.
std::string formatNumber(double value)
{
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, ec == std::errc() ? end : buffer);
}

bool needsCalibration(const RunConfig& config)
{
    return config.workload != WorkloadKind::Io
        || (usesProcesses(config.model) && config.processStart == ProcessStart::Python);
}

// Calibrated once per program: the kernel's speed does not change between runs, and a run
// that starts 30 ms late every time would be a nuisance in the GUI. A function-local static
// is initialised exactly once even when two runs start together.
double calibratedIterationsPerMs()
{
    static const double rate = calibrateIterationsPerMs();
    return rate;
}

// What ran, under run_fields.h's keys, so that an opened trace gives its configuration back
// (runConfigFromTexts); the pools' sizes as they were, the defaults resolved.
void writeMetadata(Recorder& recorder, const RunConfig& config)
{
    recorder.setMetadata("model", std::string(modelName(config.model)));
    recorder.setMetadata("workload", std::string(workloadName(config.workload)));
    recorder.setMetadata("process_start", std::string(processStartName(config.processStart)));
    RunConfig ran = config;
    ran.threadWorkers = effectiveThreadWorkers(config);
    ran.processWorkers = effectiveProcessWorkers(config);
    for (const RunField& field : runFields())
        recorder.setMetadata(std::string(field.key), fieldText(ran, field));
    recorder.setMetadata("iterations_per_ms", formatNumber(config.iterationsPerMs));
    recorder.setMetadata("slice_iterations", std::to_string(kSliceIterations));
    // The machine's, not the run's: a picture drawn from the saved trace elsewhere draws the
    // parallelism strip's core line of the machine that ran it.
    recorder.setMetadata("cores", std::to_string(std::max(1u, std::thread::hardware_concurrency())));
}

// The figures that are read off the trace rather than counted by the model: wall time from
// the run's first record to its last, and the WaitingGil time of all its lanes. Only the lanes
// this run added count (those from firstLane on), in case the recorder was not fresh.
void summarize(RunResult& result, const Recorder& recorder, std::size_t firstLane)
{
    const Trace trace = Trace::fromSnapshot(recorder.snapshot());
    TimeNs first = std::numeric_limits<TimeNs>::max();
    TimeNs last = std::numeric_limits<TimeNs>::min();
    result.gilWaitNs = 0;
    for (std::size_t index = firstLane; index < trace.laneCount(); ++index) {
        const auto lane = static_cast<LaneId>(index);
        if (trace.spanCount(lane) == 0)
            continue;
        first = std::min(first, trace.span(lane, 0).start);
        last = std::max(last, trace.laneEnd(lane));
        result.gilWaitNs += totalFor(trace.stateTotals(lane), State::WaitingGil);
    }
    result.wallNs = last > first ? last - first : 0;
}

// How many OS threads executed at once, by the count the parallelism strip draws, over the
// lanes this run added.
void measureParallelism(RunResult& result, const Recorder& recorder, std::size_t firstLane)
{
    const ParallelismProfile profile(
        Trace::fromSnapshot(recorder.snapshot()), static_cast<LaneId>(firstLane));
    result.peakParallelism = profile.peak();
    result.meanParallelism = profile.mean();
}

} // namespace

RunResult runModel(const RunConfig& config, Recorder& recorder, std::stop_token stop)
{
    return runModel(config, recorder, std::move(stop), RunHooks{});
}

RunResult runModel(const RunConfig& config, Recorder& recorder, std::stop_token stop, const RunHooks& hooks)
{
    if (auto error = validate(config))
        throw std::invalid_argument(*error);

    RunConfig resolved = config;
    if (resolved.iterationsPerMs <= 0 && needsCalibration(resolved))
        resolved.iterationsPerMs = calibratedIterationsPerMs();
    writeMetadata(recorder, resolved);

    RunResult result;
    const std::size_t firstLane = recorder.laneCount();
    const auto loadBefore = readCpuLoad();
    if (usesProcesses(resolved.model)) {
        // The process models fill in every figure themselves, wall and GIL time included.
        result = runProcessModel(resolved, recorder, stop);
    } else {
        const StopRelay relay(stop);
        ModelRun run(resolved, recorder, relay.token(), hooks);
        switch (resolved.model) {
        case Model::Sequential:
            runSequentialModel(run);
            break;
        case Model::Threads:
            runThreadsModel(run);
            break;
        case Model::ThreadPool:
            runThreadPoolModel(run);
            break;
        case Model::Asyncio:
            runAsyncioModel(run);
            break;
        case Model::Processes:
        case Model::ProcessPool:
            break; // dispatched above
        }
        run.recordGilStats();
        result = run.result();
        summarize(result, recorder, firstLane);
    }
    if (const auto loadAfter = readCpuLoad(); loadBefore && loadAfter)
        result.busyOtherCpu = otherCpuShare(*loadBefore, *loadAfter);
    measureParallelism(result, recorder, firstLane);
    result.model = resolved.model;
    return result;
}

EngineRun::EngineRun(RunConfig config)
    : m_config(std::move(config))
    , m_recorder(std::make_shared<Recorder>(effectiveMaxSpans(m_config)))
{
}

void EngineRun::start()
{
    if (m_job.started())
        throw std::logic_error("EngineRun::start called twice");
    if (auto error = validate(m_config))
        throw std::invalid_argument(*error);
    m_job.start([this](std::stop_token stop) {
        try {
            m_result = runModel(m_config, *m_recorder, std::move(stop));
        } catch (const std::exception& e) {
            m_result.model = m_config.model;
            m_result.errors.push_back(e.what());
        }
    });
    // The system refused the run's thread: a run that ended at once with that error. The job
    // has finished, so its thread (if any) wrote nothing more and m_result is ours to write.
    if (const std::string error = m_job.error(); !error.empty()) {
        m_result.model = m_config.model;
        m_result.errors.push_back(error);
    }
}

} // namespace interleave
