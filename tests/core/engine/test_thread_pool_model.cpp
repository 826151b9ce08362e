#include "trace_checks.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

namespace interleave {
namespace {

using namespace interleave::trace_checks;

RunConfig poolConfig(WorkloadKind workload, int tasks, int workers)
{
    RunConfig config = makeConfig(Model::ThreadPool, workload, tasks);
    config.threadWorkers = workers;
    return config;
}

// How many of the tasks a worker held at once: from a task's first state after Ready to its end.
int maxHeldAtOnce(const Trace& trace, const std::vector<LaneId>& tasks)
{
    std::vector<std::pair<TimeNs, int>> edges;
    for (LaneId task : tasks) {
        const std::size_t n = trace.spanCount(task);
        if (n < 3)
            continue;
        edges.emplace_back(trace.span(task, 1).start, +1);
        edges.emplace_back(trace.span(task, n - 1).start, -1);
    }
    std::sort(edges.begin(), edges.end());
    int current = 0;
    int most = 0;
    for (const auto& edge : edges) {
        current += edge.second;
        most = std::max(most, current);
    }
    return most;
}

TEST(ThreadPoolModel, TaskLanesGoReadyThenShowTheirWorkerThenDoneOnKWorkers)
{
    RunConfig config = poolConfig(WorkloadKind::Io, 6, 2);
    config.latencyMs = 30;
    const auto [result, trace] = runToTrace(config);

    const std::vector<LaneId> processes = lanesOfKind(trace, LaneKind::Process);
    const std::vector<LaneId> workers = lanesOfKind(trace, LaneKind::Thread);
    const std::vector<LaneId> tasks = lanesOfKind(trace, LaneKind::Task);
    ASSERT_EQ(processes.size(), 1u);
    ASSERT_EQ(workers.size(), 2u);
    ASSERT_EQ(tasks.size(), 6u);
    const LaneId process = processes[0];
    EXPECT_EQ(trace.lane(process).name, "MainProcess");

    for (std::size_t i = 0; i < workers.size(); ++i) {
        const LaneInfo& worker = trace.lane(workers[i]);
        EXPECT_EQ(worker.name, "ThreadPoolExecutor-0_" + std::to_string(i));
        EXPECT_EQ(worker.parent, process);
        EXPECT_NE(worker.tid, 0);
        EXPECT_EQ(stateSequence(trace, workers[i]).front(), State::Starting);
        EXPECT_TRUE(endsWith(trace, workers[i], State::Done, kEndNormal));
    }
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        const LaneInfo& task = trace.lane(tasks[i]);
        EXPECT_EQ(task.name, "task " + std::to_string(i));
        EXPECT_EQ(task.parent, process);
        // Queued, then what its worker does: Running, blocked on its wait (the GIL released),
        // maybe waiting for the GIL back, Running again; then Done.
        std::vector<State> states = stateSequence(trace, tasks[i]);
        states.erase(std::remove(states.begin(), states.end(), State::WaitingGil), states.end());
        EXPECT_EQ(states, (std::vector<State>{State::Ready, State::Running, State::BlockedIo, State::Running,
                              State::Done}));
        const Span running = trace.span(tasks[i], 1);
        EXPECT_EQ(running.task, static_cast<std::int32_t>(i));
        // Every state while a worker holds it carries the lane of that worker.
        ASSERT_LT(running.detail, trace.laneCount());
        EXPECT_EQ(trace.lane(static_cast<LaneId>(running.detail)).kind, LaneKind::Thread);
        EXPECT_EQ(trace.lane(static_cast<LaneId>(running.detail)).parent, process);
        for (std::size_t k = 1; k + 1 < trace.spanCount(tasks[i]); ++k)
            EXPECT_EQ(trace.span(tasks[i], k).detail, running.detail);
    }
    // Never more tasks held than workers; with io, both workers hold one at some point. Under
    // the GIL only one of them is Running at a time.
    EXPECT_EQ(maxHeldAtOnce(trace, tasks), 2);
    EXPECT_EQ(maxConcurrent(trace, tasks, State::Running), 1);
    EXPECT_LE(maxConcurrent(trace, workers, State::BlockedIo), 2);
    // Tasks 2.. waited in the queue while the first two ran.
    EXPECT_GT(trace.span(tasks[5], 0).duration(), trace.span(tasks[0], 0).duration());
    // The main thread waits for the results with the GIL released.
    const std::vector<State> mainStates = stateSequence(trace, process);
    EXPECT_NE(std::find(mainStates.begin(), mainStates.end(), State::WaitingLock), mainStates.end());
    EXPECT_TRUE(endsWith(trace, process, State::Done, kEndNormal));
    EXPECT_TRUE(result.errors.empty());
}

TEST(ThreadPoolModel, WorkersStartLazilyUpToTheTaskCount)
{
    RunConfig config = poolConfig(WorkloadKind::Io, 2, 8);
    config.latencyMs = 5;
    const auto [result, trace] = runToTrace(config);
    EXPECT_EQ(lanesOfKind(trace, LaneKind::Thread).size(), 2u);
}

TEST(ThreadPoolModel, IdleWorkersWaitOnTheQueueWithoutTheGil)
{
    // Three items on two workers: whichever worker does not get the third item finds the
    // queue empty while the other still runs it, and waits there until shutdown.
    RunConfig config = poolConfig(WorkloadKind::Io, 3, 2);
    config.latencyMs = 10;
    const auto [result, trace] = runToTrace(config);
    bool sawWaitingLock = false;
    for (LaneId worker : lanesOfKind(trace, LaneKind::Thread)) {
        for (const Span& span : spansOf(trace, worker)) {
            if (span.state == State::WaitingLock) {
                sawWaitingLock = true;
                EXPECT_EQ(span.task, kNoTask);
            }
        }
    }
    EXPECT_TRUE(sawWaitingLock);
}

TEST(ThreadPoolModel, CpuTasksTakeTurnsUnderTheGil)
{
    RunConfig config = poolConfig(WorkloadKind::Cpu, 4, 3);
    config.workMs = 15;
    config.switchIntervalMs = 2;
    const auto [result, trace] = runToTrace(config);
    std::vector<LaneId> execution = lanesOfKind(trace, LaneKind::Thread);
    execution.push_back(lanesOfKind(trace, LaneKind::Process)[0]);
    EXPECT_EQ(maxConcurrent(trace, execution, State::Running), 1);
    EXPECT_LE(maxConcurrent(trace, lanesOfKind(trace, LaneKind::Task), State::Running), 3);
    EXPECT_GT(result.gilWaitNs, 0);
}

TEST(ThreadPoolModel, AFailingTaskFailsItsLaneAndTheWorkerGoesOn)
{
    RunConfig config = poolConfig(WorkloadKind::Io, 4, 1);
    config.latencyMs = 2;
    RunHooks hooks;
    hooks.beforeTask = [](std::int32_t task) {
        if (task == 0)
            throw std::runtime_error("first item fails");
    };
    const auto [result, trace] = runToTrace(config, hooks);
    const std::vector<LaneId> tasks = lanesOfKind(trace, LaneKind::Task);
    ASSERT_EQ(tasks.size(), 4u);
    EXPECT_TRUE(endsWith(trace, tasks[0], State::Failed, kEndError));
    for (std::size_t i = 1; i < tasks.size(); ++i)
        EXPECT_TRUE(endsWith(trace, tasks[i], State::Done, kEndNormal));
    const std::vector<LaneId> workers = lanesOfKind(trace, LaneKind::Thread);
    ASSERT_EQ(workers.size(), 1u);
    EXPECT_TRUE(endsWith(trace, workers[0], State::Done, kEndNormal));
    ASSERT_EQ(result.errors.size(), 1u);
    EXPECT_NE(result.errors[0].find("task 0"), std::string::npos);
    ASSERT_EQ(trace.notes().size(), 1u);
    EXPECT_EQ(trace.notes()[0].lane, tasks[0]);
}

} // namespace
} // namespace interleave
