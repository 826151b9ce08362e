#include "engine/in_process_models.h"

#include "engine/lane_thread.h"
#include "engine/thread_start.h"

#include <memory>
#include <optional>
#include <vector>

namespace interleave {

namespace {

void threadBody(ModelRun& run, Gil* gil, std::int32_t task, const std::string& name, ThreadStart& started,
                LaneWriter lane)
{
    PythonThread thread(lane, gil, run.stopToken());
    try {
        thread.begin(task); // _bootstrap_inner runs with the GIL ...
        started.set();      // ... and sets _started before it calls run()
        run.runTask(thread, task);
        thread.end();
    } catch (...) {
        started.set();
        const std::uint16_t detail = run.reportFailure(std::current_exception(), lane.id(), name, task);
        thread.end(endStateFor(detail), detail);
    }
}

} // namespace

// threads = [Thread(target=task, args=(i,)) for i in range(n)]; start them all; join them all.
//
// Each start() is CPython's: the new thread shows Starting until it has the GIL; the main
// thread meanwhile waits for it with the GIL released (WaitingLock), then needs the GIL back
// (WaitingGil) to start the next one. With I/O-bound threads that is quick (the new thread
// soon blocks and drops the GIL); with CPU-bound ones it takes a switch interval per thread,
// which is what CPython does too. join() waits on a lock with the GIL released: WaitingLock.
void runThreadsModel(ModelRun& run)
{
    const TimeNs cpuStart = threadCpuNs();
    Gil* const gil = run.gil();
    LaneWriter lane = run.addProcessLane();
    PythonThread main(lane, gil, run.stopToken());

    const int count = run.config().tasks;
    std::vector<LaneThread> threads;
    threads.reserve(static_cast<std::size_t>(count));
    std::optional<std::uint16_t> failure;
    try {
        main.begin(kNoTask);
        for (std::int32_t task = 0; task < count; ++task) {
            main.checkpoint();
            std::string name = "Thread-" + std::to_string(task + 1);
            LaneInfo info = run.laneInfo(lane.id(), LaneKind::Thread, name);
            auto started = std::make_shared<ThreadStart>();
            threads.emplace_back(
                run.recorder(), std::move(info),
                [&run, gil, task, name, started](LaneWriter threadLane) {
                    threadBody(run, gil, task, name, *started, threadLane);
                },
                &run.cpuTotal());
            main.releaseFor(State::WaitingLock);
            if (!started->wait(run.stopToken()))
                throw RunCancelled{};
            main.reacquire(State::Running);
        }
    } catch (...) {
        // A stop, or the system refusing another thread ("can't start new thread"). Either
        // way the threads already started still run to their end (or to the stop) and are
        // joined below, as the interpreter joins non-daemon threads before it exits.
        failure = run.reportFailure(std::current_exception(), lane.id(), "MainProcess", kNoTask);
    }

    main.releaseFor(State::WaitingLock);
    for (LaneThread& thread : threads)
        thread.join();
    run.endMainThread(main, failure, cpuStart);
}

} // namespace interleave
