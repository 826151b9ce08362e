#include "engine/model_run.h"

#include <ctime>
#include <unistd.h>

namespace interleave {

ModelRun::ModelRun(const RunConfig& config, Recorder& recorder, std::stop_token stop, const RunHooks& hooks)
    : m_config(config)
    , m_spec(makeWorkloadSpec(config, config.iterationsPerMs))
    , m_recorder(recorder)
    , m_stop(std::move(stop))
    , m_hooks(hooks)
    , m_pid(static_cast<int>(::getpid()))
{
    if (m_config.gil)
        m_gil = std::make_unique<Gil>(std::max<TimeNs>(1, nanosecondsFromMs(m_config.switchIntervalMs)), m_stop);
}

void ModelRun::recordGilStats()
{
    if (!m_gil)
        return;
    const GilStats stats = m_gil->stats();
    m_recorder.setMetadata("gil_switches", std::to_string(stats.switches));
    m_recorder.setMetadata("gil_drop_requests", std::to_string(stats.dropRequests));
    m_recorder.setMetadata("gil_forced_switches", std::to_string(stats.forcedSwitches));
}

LaneInfo ModelRun::laneInfo(LaneId parent, LaneKind kind, std::string name) const
{
    return LaneInfo{.parent = parent,
                    .kind = kind,
                    .pid = m_pid,
                    .tid = static_cast<std::int32_t>(::gettid()),
                    .name = std::move(name)};
}

LaneWriter ModelRun::addProcessLane()
{
    return m_recorder.addLane(laneInfo(kNoLane, LaneKind::Process, "MainProcess"));
}

void ModelRun::runTask(PythonThread& thread, std::int32_t task)
{
    thread.begin(task);
    if (m_hooks.beforeTask)
        m_hooks.beforeTask(task);
    interleave::runTask(thread, m_spec, task);
}

std::uint16_t ModelRun::reportFailure(std::exception_ptr error, LaneId lane, std::string_view laneName,
                                      std::int32_t task)
{
    std::string what;
    try {
        std::rethrow_exception(error);
    } catch (const RunCancelled&) {
        markCancelled();
        return kEndCancelled;
    } catch (const std::exception& e) {
        what = e.what();
    } catch (...) {
        what = "unknown exception";
    }
    std::string text = task == kNoTask ? std::string(laneName) + " failed: " + what
                                       : "task " + std::to_string(task) + " failed: " + what;
    if (task != kNoTask)
        text += " (" + std::string(laneName) + ")";
    reportError(lane, std::move(text));
    return kEndError;
}

void ModelRun::reportError(LaneId lane, std::string text)
{
    m_recorder.addNote(lane, nowNs(), text);
    std::lock_guard lock(m_errorsMutex);
    m_errors.push_back(std::move(text));
}

RunResult ModelRun::result() const
{
    RunResult result;
    result.model = m_config.model;
    result.cpuNs = m_cpuNs.load(std::memory_order_relaxed);
    result.cancelled = m_cancelled.load(std::memory_order_relaxed);
    std::lock_guard lock(m_errorsMutex);
    result.errors = m_errors;
    return result;
}

void ModelRun::endMainThread(PythonThread& main, std::optional<std::uint16_t> failure, TimeNs cpuStart)
{
    if (!failure) {
        try {
            main.reacquire(State::Running);
        } catch (...) {
            failure = reportFailure(std::current_exception(), main.lane().id(), "MainProcess", kNoTask);
        }
    }
    main.end(endStateFor(failure.value_or(kEndNormal)), failure.value_or(kEndNormal));
    addCpu(threadCpuNs() - cpuStart);
}

} // namespace interleave
