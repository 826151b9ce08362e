#include "panels/taskprogress.h"
#include "trace/clock.h"

#include "engine/engine.h"

#include <gtest/gtest.h>

namespace interleave {
namespace {


// One lane working through tasks 0 and 1 (as sequential does), then a thread on task 2 that
// waits for the GIL in between; only `records` of the whole story are in the trace.
Trace story(int records)
{
    TraceBuilder b;
    const LaneId worker = b.addLane({.kind = LaneKind::Thread, .name = "worker"});
    const LaneId thread = b.addLane({.kind = LaneKind::Thread, .name = "thread"});
    const std::vector<std::pair<LaneId, StateChange>> all {
        {worker, {.time = 0, .task = kNoTask, .state = State::Starting}},
        {worker, {.time = 1 * kNsPerMs, .task = 0, .state = State::Running}},
        {thread, {.time = 1 * kNsPerMs, .task = 2, .state = State::Running}},
        {worker, {.time = 2 * kNsPerMs, .task = 0, .state = State::WaitingGil}},
        {thread, {.time = 2 * kNsPerMs, .task = 2, .state = State::WaitingGil}},
        {worker, {.time = 3 * kNsPerMs, .task = 1, .state = State::Running}},
        {thread, {.time = 3 * kNsPerMs, .task = 2, .state = State::Running}},
        {worker, {.time = 4 * kNsPerMs, .task = 1, .state = State::Done}},
        {thread, {.time = 5 * kNsPerMs, .task = kNoTask, .state = State::Done}},
    };
    for (int i = 0; i < records; ++i)
        b.append(all[static_cast<std::size_t>(i)].first, all[static_cast<std::size_t>(i)].second);
    return b.build();
}

TEST(TaskProgress, ATaskFinishesWhenItsLaneMovesOnOrEnds)
{
    TaskProgress progress;
    progress.reset(3);
    EXPECT_EQ(progress.total(), 3);
    const int expected[] = {0, 0, 0, 0, 0, 1, 1, 2, 3}; // after 1..9 records
    for (int records = 1; records <= 9; ++records) {
        progress.update(story(records));
        EXPECT_EQ(progress.finished(), expected[records - 1]) << records << " records";
    }
    progress.update(story(9)); // nothing new: nothing counted twice
    EXPECT_EQ(progress.finished(), 3);
    progress.reset(3);
    EXPECT_EQ(progress.finished(), 0);
}

TEST(TaskProgress, EveryTaskOfARealRunIsCounted)
{
    for (Model model : {Model::Sequential, Model::Threads, Model::ThreadPool, Model::Asyncio}) {
        RunConfig c;
        c.model = model;
        c.workload = WorkloadKind::Mixed;
        c.tasks = 5;
        c.workMs = 4;
        c.latencyMs = 4;
        c.mixedRounds = 2;
        c.threadWorkers = 2;
        Recorder recorder;
        runModel(c, recorder);
        TaskProgress progress;
        progress.reset(c.tasks);
        progress.update(Trace::fromSnapshot(recorder.snapshot()));
        EXPECT_EQ(progress.finished(), c.tasks) << modelName(model);
    }
}

} // namespace
} // namespace interleave
