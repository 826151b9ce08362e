#include "engine/in_process_models.h"

#include "engine/event_loop.h"

#include <optional>

namespace interleave {

namespace {

std::string taskName(std::int32_t task)
{
    return task == kNoTask ? std::string("main") : "Task-" + std::to_string(task + 1);
}

// async def task(i): the workload, with the I/O awaited instead of blocked on. The CPU part
// runs inline on the loop's thread: nothing else on the loop runs meanwhile.
AsyncTask taskCoroutine(EventLoop& loop, ModelRun& run, std::int32_t task)
{
    const RunHooks& hooks = run.hooks();
    if (hooks.beforeTask)
        hooks.beforeTask(task);
    const WorkloadSpec& spec = run.spec();
    switch (spec.kind) {
    case WorkloadKind::Cpu:
        loop.thread().compute(spec.workIterations);
        break;
    case WorkloadKind::Io:
        co_await loop.sleep(spec.latencyNs);
        break;
    case WorkloadKind::Mixed:
        for (int round = 0; round < std::max(1, spec.rounds); ++round) {
            loop.thread().compute(spec.iterationsOfRound(round));
            co_await loop.sleep(spec.latencyOfRound(round));
        }
        break;
    }
}

// async def main(): await asyncio.gather(*(task(i) for i in range(n)))
AsyncTask mainCoroutine(EventLoop& loop, ModelRun& run, LaneId processLane)
{
    for (std::int32_t task = 0; task < run.config().tasks; ++task) {
        LaneWriter lane
            = run.recorder().addLane(run.laneInfo(processLane, LaneKind::Coroutine, taskName(task)));
        loop.createTask(taskCoroutine(loop, run, task), lane, task);
    }
    co_await loop.gatherAll();
}

} // namespace

// asyncio.run(main()): one thread, the process's main thread, runs the event loop. With the
// GIL on there is a GIL, never contended (one thread), taken and released around the selector
// as in CPython.
void runAsyncioModel(ModelRun& run)
{
    const TimeNs cpuStart = threadCpuNs();
    Gil* const gil = run.gil();
    LaneWriter lane = run.addProcessLane();
    PythonThread loopThread(lane, gil, run.stopToken());
    std::optional<std::uint16_t> failure;
    try {
        loopThread.begin(kNoTask);
        EventLoop loop(loopThread, run.stopToken(),
            [&run](std::exception_ptr error, LaneId taskLane, std::int32_t task) {
                return run.reportFailure(error, taskLane, taskName(task), task);
            });
        loop.runUntilComplete(mainCoroutine(loop, run, lane.id()));
    } catch (...) {
        failure = run.reportFailure(std::current_exception(), lane.id(), "MainProcess", kNoTask);
    }
    loopThread.end(endStateFor(failure.value_or(kEndNormal)), failure.value_or(kEndNormal));
    run.addCpu(threadCpuNs() - cpuStart);
}

} // namespace interleave
