#include "trace_checks.h"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <unistd.h>

namespace interleave {
namespace {

using namespace interleave::trace_checks;

std::vector<LaneId> executionLanes(const Trace& trace)
{
    std::vector<LaneId> lanes = lanesOfKind(trace, LaneKind::Process);
    for (LaneId lane : lanesOfKind(trace, LaneKind::Thread))
        lanes.push_back(lane);
    return lanes;
}

TEST(ThreadsModel, OneThreadLanePerTaskUnderTheProcess)
{
    RunConfig config = makeConfig(Model::Threads, WorkloadKind::Io, 4);
    config.latencyMs = 100; // long enough for all four to be started before the first wakes
    const auto [result, trace] = runToTrace(config);

    ASSERT_EQ(trace.laneCount(), 5u);
    const LaneInfo& process = trace.lane(0);
    EXPECT_EQ(process.kind, LaneKind::Process);
    EXPECT_EQ(process.name, "MainProcess");
    EXPECT_EQ(process.parent, kNoLane);

    std::set<std::int32_t> tids{process.tid};
    for (LaneId id = 1; id <= 4; ++id) {
        const LaneInfo& lane = trace.lane(id);
        EXPECT_EQ(lane.kind, LaneKind::Thread);
        EXPECT_EQ(lane.name, "Thread-" + std::to_string(id));
        EXPECT_EQ(lane.parent, 0);
        EXPECT_EQ(lane.pid, static_cast<std::int32_t>(::getpid()));
        EXPECT_TRUE(tids.insert(lane.tid).second) << "every thread is a real thread of its own";

        const std::vector<State> states = stateSequence(trace, id);
        ASSERT_GE(states.size(), 3u);
        EXPECT_EQ(states.front(), State::Starting);
        EXPECT_TRUE(endsWith(trace, id, State::Done, kEndNormal));
        EXPECT_GT(timeIn(trace, id, State::BlockedIo), 0);
        for (const Span& span : spansOf(trace, id)) {
            if (span.state != State::Starting) {
                EXPECT_EQ(span.task, id - 1);
            }
        }
    }
    // The main thread starts the threads holding the GIL, then joins with it released.
    const std::vector<State> mainStates = stateSequence(trace, 0);
    EXPECT_EQ(mainStates.front(), State::Running);
    EXPECT_EQ(mainStates.back(), State::Done);
    EXPECT_NE(std::find(mainStates.begin(), mainStates.end(), State::WaitingLock), mainStates.end());
    // I/O releases the GIL: all four wait at once.
    EXPECT_EQ(maxConcurrent(trace, executionLanes(trace), State::BlockedIo), 4);
    EXPECT_EQ(maxConcurrent(trace, executionLanes(trace), State::Running), 1);
    EXPECT_TRUE(result.errors.empty());
}

TEST(ThreadsModel, CpuThreadsTakeTurnsUnderTheGil)
{
    RunConfig config = makeConfig(Model::Threads, WorkloadKind::Cpu, 2);
    config.workMs = 100;
    config.switchIntervalMs = 5;
    const auto [result, trace] = runToTrace(config);
    const std::vector<LaneId> lanes = executionLanes(trace);
    EXPECT_EQ(maxConcurrent(trace, lanes, State::Running), 1);
    const int handOffs = gilAcquisitionsAfterWaiting(trace, lanes);
    const double wallMs = static_cast<double>(trace.duration()) / 1e6;
    EXPECT_GE(handOffs, 10) << wallMs;
    EXPECT_LE(handOffs, std::max(80, static_cast<int>(2 * wallMs / 5))) << wallMs;
    EXPECT_GT(result.gilWaitNs, 0);
    EXPECT_GT(result.cpuNs, 100'000'000);
    RecordProperty("hand_offs", handOffs);
}

TEST(ThreadsModel, WithoutTheGilCpuThreadsOverlap)
{
    RunConfig config = makeConfig(Model::Threads, WorkloadKind::Cpu, 2);
    config.gil = false;
    config.workMs = 50;
    const auto [result, trace] = runToTrace(config);
    EXPECT_EQ(maxConcurrent(trace, lanesOfKind(trace, LaneKind::Thread), State::Running), 2);
    EXPECT_EQ(result.gilWaitNs, 0);
}

TEST(ThreadsModel, MixedWorkAlternates)
{
    RunConfig config = makeConfig(Model::Threads, WorkloadKind::Mixed, 3);
    config.workMs = 6;
    config.latencyMs = 6;
    config.mixedRounds = 3;
    const auto [result, trace] = runToTrace(config);
    for (LaneId id : lanesOfKind(trace, LaneKind::Thread)) {
        int waits = 0;
        for (const Span& span : spansOf(trace, id))
            waits += span.state == State::BlockedIo;
        EXPECT_EQ(waits, 3);
        EXPECT_TRUE(endsWith(trace, id, State::Done, kEndNormal));
    }
    EXPECT_EQ(maxConcurrent(trace, executionLanes(trace), State::Running), 1);
}

TEST(ThreadsModel, AFailingThreadEndsFailedAndTheRunFinishes)
{
    RunConfig config = makeConfig(Model::Threads, WorkloadKind::Io, 3);
    config.latencyMs = 5;
    RunHooks hooks;
    hooks.beforeTask = [](std::int32_t task) {
        if (task == 1)
            throw std::runtime_error("thread task failed");
    };
    const auto [result, trace] = runToTrace(config, hooks);
    ASSERT_EQ(result.errors.size(), 1u);
    EXPECT_NE(result.errors[0].find("Thread-2"), std::string::npos);
    EXPECT_TRUE(endsWith(trace, 2, State::Failed, kEndError));
    EXPECT_TRUE(endsWith(trace, 1, State::Done, kEndNormal));
    EXPECT_TRUE(endsWith(trace, 3, State::Done, kEndNormal));
    EXPECT_TRUE(endsWith(trace, 0, State::Done, kEndNormal));
    ASSERT_EQ(trace.notes().size(), 1u);
    EXPECT_EQ(trace.notes()[0].lane, 2);
}

} // namespace
} // namespace interleave
