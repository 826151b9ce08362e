#include "trace_checks.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <unistd.h>

namespace interleave {
namespace {

using namespace interleave::trace_checks;

TEST(SequentialModel, OneProcessLaneRunsTheTasksInOrder)
{
    RunConfig config = makeConfig(Model::Sequential, WorkloadKind::Io, 3);
    config.latencyMs = 5;
    const auto [result, trace] = runToTrace(config);

    ASSERT_EQ(trace.laneCount(), 1u);
    const LaneInfo& lane = trace.lane(0);
    EXPECT_EQ(lane.kind, LaneKind::Process);
    EXPECT_EQ(lane.name, "MainProcess");
    EXPECT_EQ(lane.parent, kNoLane);
    EXPECT_EQ(lane.pid, static_cast<std::int32_t>(::getpid()));
    EXPECT_NE(lane.tid, 0);

    EXPECT_EQ(stateSequence(trace, 0), (std::vector<State>{State::Running, State::BlockedIo, State::Running,
                                                           State::BlockedIo, State::Running, State::BlockedIo,
                                                           State::Running, State::Done}));
    std::int32_t lastTask = 0;
    for (const Span& span : spansOf(trace, 0)) {
        if (span.state == State::Done)
            continue;
        EXPECT_GE(span.task, lastTask);
        lastTask = span.task;
    }
    EXPECT_EQ(lastTask, 2);
    EXPECT_TRUE(endsWith(trace, 0, State::Done, kEndNormal));
    EXPECT_FALSE(result.cancelled);
    EXPECT_TRUE(result.errors.empty());
    EXPECT_EQ(result.model, Model::Sequential);
    EXPECT_EQ(result.gilWaitNs, 0);
    EXPECT_EQ(result.wallNs, trace.duration());
}

TEST(SequentialModel, CpuWorkIsMeasured)
{
    const RunConfig config = makeConfig(Model::Sequential, WorkloadKind::Cpu, 2);
    const auto [result, trace] = runToTrace(config);
    EXPECT_EQ(statesOf(trace, 0), (std::vector<State>{State::Running, State::Running, State::Done}));
    // 2 x 20 ms of calibrated work: the thread's own CPU clock saw most of it.
    EXPECT_GT(result.cpuNs, 10'000'000);
    EXPECT_EQ(result.gilWaitNs, 0);
}

TEST(SequentialModel, AFailingTaskIsReportedAndTheOthersStillRun)
{
    RunConfig config = makeConfig(Model::Sequential, WorkloadKind::Io, 3);
    config.latencyMs = 2;
    RunHooks hooks;
    hooks.beforeTask = [](std::int32_t task) {
        if (task == 1)
            throw std::runtime_error("boom");
    };
    const auto [result, trace] = runToTrace(config, hooks);
    ASSERT_EQ(result.errors.size(), 1u);
    EXPECT_NE(result.errors[0].find("task 1"), std::string::npos);
    EXPECT_NE(result.errors[0].find("boom"), std::string::npos);
    ASSERT_EQ(trace.notes().size(), 1u);
    EXPECT_EQ(trace.notes()[0].lane, 0);
    EXPECT_TRUE(endsWith(trace, 0, State::Failed, kEndError));
    bool ranTask2 = false;
    for (const Span& span : spansOf(trace, 0))
        ranTask2 |= span.task == 2 && span.state == State::BlockedIo;
    EXPECT_TRUE(ranTask2);
    EXPECT_FALSE(result.cancelled);
}

} // namespace
} // namespace interleave
