#include "engine/in_process_models.h"

namespace interleave {

// The process's main thread runs the tasks one after another: for i in range(n): task(i).
// A task that throws is reported and the loop goes on with the next one, as a script that
// catches per task would; the lane then ends Failed because one of its tasks did.
void runSequentialModel(ModelRun& run)
{
    const TimeNs cpuStart = threadCpuNs();
    // One thread: the GIL is never contended, but taking it costs what it costs in CPython.
    Gil* const gil = run.gil();
    LaneWriter lane = run.addProcessLane();
    PythonThread main(lane, gil, run.stopToken());

    std::uint16_t failure = kEndNormal;
    for (std::int32_t task = 0; task < run.config().tasks; ++task) {
        try {
            run.runTask(main, task);
        } catch (...) {
            const std::uint16_t detail
                = run.reportFailure(std::current_exception(), lane.id(), "MainProcess", task);
            if (detail == kEndCancelled) {
                failure = kEndCancelled;
                break;
            }
            failure = kEndError;
        }
    }
    main.end(endStateFor(failure), failure);
    run.addCpu(threadCpuNs() - cpuStart);
}

} // namespace interleave
