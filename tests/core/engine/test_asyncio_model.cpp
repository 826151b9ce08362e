#include "trace_checks.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace interleave {
namespace {

using namespace interleave::trace_checks;

TEST(AsyncioModel, OneCoroutineLanePerTaskOnTheLoopThread)
{
    RunConfig config = makeConfig(Model::Asyncio, WorkloadKind::Io, 5);
    config.latencyMs = 50;
    const auto [result, trace] = runToTrace(config);

    ASSERT_EQ(trace.laneCount(), 6u);
    const LaneInfo& loop = trace.lane(0);
    EXPECT_EQ(loop.kind, LaneKind::Process);
    EXPECT_EQ(loop.name, "MainProcess");
    const std::vector<LaneId> coroutines = lanesOfKind(trace, LaneKind::Coroutine);
    ASSERT_EQ(coroutines.size(), 5u);
    for (std::size_t i = 0; i < coroutines.size(); ++i) {
        const LaneInfo& lane = trace.lane(coroutines[i]);
        EXPECT_EQ(lane.name, "Task-" + std::to_string(i + 1));
        EXPECT_EQ(lane.parent, 0);
        EXPECT_EQ(lane.tid, loop.tid) << "coroutines run on the loop's thread";
        EXPECT_EQ(statesOf(trace, coroutines[i]),
            (std::vector<State> {
                State::Ready, State::Running, State::Suspended, State::Ready, State::Running, State::Done}));
    }
    EXPECT_EQ(maxConcurrent(trace, coroutines, State::Running), 1);
    // All five are parked at their sleep together: the waits overlap, as with threads.
    EXPECT_EQ(maxConcurrent(trace, coroutines, State::Suspended), 5);
    // The loop thread sleeps in the selector while nothing is ready.
    EXPECT_GT(timeIn(trace, 0, State::BlockedIo), 10'000'000);
    EXPECT_TRUE(endsWith(trace, 0, State::Done, kEndNormal));
    EXPECT_TRUE(result.errors.empty());
}

TEST(AsyncioModel, CpuWorkInACoroutineBlocksTheLoop)
{
    RunConfig config = makeConfig(Model::Asyncio, WorkloadKind::Cpu, 3);
    config.workMs = 15;
    const auto [result, trace] = runToTrace(config);
    const std::vector<LaneId> coroutines = lanesOfKind(trace, LaneKind::Coroutine);
    ASSERT_EQ(coroutines.size(), 3u);
    EXPECT_EQ(maxConcurrent(trace, coroutines, State::Running), 1);
    // While the first task computes, the others are Ready and nothing else runs.
    const Span first = trace.span(coroutines[0], 1);
    ASSERT_EQ(first.state, State::Running);
    const TimeNs middle = first.start + first.duration() / 2;
    for (std::size_t i = 1; i < coroutines.size(); ++i) {
        const auto at = trace.spanAt(coroutines[i], middle);
        ASSERT_TRUE(at.has_value());
        EXPECT_EQ(trace.span(coroutines[i], *at).state, State::Ready);
    }
    // Each task is one uninterrupted step: Ready, Running, Done.
    for (LaneId lane : coroutines)
        EXPECT_EQ(statesOf(trace, lane), (std::vector<State>{State::Ready, State::Running, State::Done}));
    EXPECT_EQ(result.gilWaitNs, 0);
}

TEST(AsyncioModel, MixedTasksInterleaveAtTheirAwaits)
{
    RunConfig config = makeConfig(Model::Asyncio, WorkloadKind::Mixed, 3);
    config.workMs = 3;
    config.latencyMs = 30;
    config.mixedRounds = 2;
    const auto [result, trace] = runToTrace(config);
    const std::vector<LaneId> coroutines = lanesOfKind(trace, LaneKind::Coroutine);
    for (LaneId lane : coroutines) {
        int suspensions = 0;
        for (const Span& span : spansOf(trace, lane))
            suspensions += span.state == State::Suspended;
        EXPECT_EQ(suspensions, 2);
        EXPECT_TRUE(endsWith(trace, lane, State::Done, kEndNormal));
    }
    EXPECT_EQ(maxConcurrent(trace, coroutines, State::Running), 1);
    EXPECT_GE(maxConcurrent(trace, coroutines, State::Suspended), 2);
}

TEST(AsyncioModel, AFailingTaskDoesNotStopTheOthers)
{
    RunConfig config = makeConfig(Model::Asyncio, WorkloadKind::Io, 3);
    config.latencyMs = 5;
    RunHooks hooks;
    hooks.beforeTask = [](std::int32_t task) {
        if (task == 2)
            throw std::runtime_error("coroutine failed");
    };
    const auto [result, trace] = runToTrace(config, hooks);
    const std::vector<LaneId> coroutines = lanesOfKind(trace, LaneKind::Coroutine);
    ASSERT_EQ(coroutines.size(), 3u);
    EXPECT_TRUE(endsWith(trace, coroutines[2], State::Failed, kEndError));
    EXPECT_TRUE(endsWith(trace, coroutines[0], State::Done, kEndNormal));
    EXPECT_TRUE(endsWith(trace, coroutines[1], State::Done, kEndNormal));
    EXPECT_TRUE(endsWith(trace, 0, State::Done, kEndNormal));
    ASSERT_EQ(result.errors.size(), 1u);
    EXPECT_NE(result.errors[0].find("Task-3"), std::string::npos);
}

TEST(AsyncioModel, WorksWithoutTheGil)
{
    RunConfig config = makeConfig(Model::Asyncio, WorkloadKind::Io, 2);
    config.gil = false;
    config.latencyMs = 5;
    const auto [result, trace] = runToTrace(config);
    for (LaneId lane : lanesOfKind(trace, LaneKind::Coroutine))
        EXPECT_TRUE(endsWith(trace, lane, State::Done, kEndNormal));
}

} // namespace
} // namespace interleave
