#include "trace_checks.h"

#include <gtest/gtest.h>

#include <numeric>

namespace interleave {
namespace {

using namespace interleave::trace_checks;

// A run far past a tiny budget goes on to the end; every lane's time is still accounted for
// to the nanosecond and every task's end is still counted, from totals rather than detail.
TEST(SpanBudgetRun, ATinyBudgetKeepsEveryLanesTotalsExact)
{
    RunConfig config = makeConfig(Model::Asyncio, WorkloadKind::Mixed, 40);
    config.mixedRounds = 20;
    config.latencyMs = 2;
    config.workMs = 1;
    config.maxSpans = 300;
    Recorder recorder(effectiveMaxSpans(config));
    const RunResult result = runModel(config, recorder);
    const Trace trace = Trace::fromSnapshot(recorder.snapshot());

    EXPECT_FALSE(result.cancelled);
    EXPECT_TRUE(result.errors.empty());
    EXPECT_LE(trace.totalSpanCount(), 300u);
    ASSERT_GT(trace.droppedSpanCount(), 0u);
    EXPECT_EQ(trace.metadata().at("spans_dropped"), std::to_string(trace.droppedSpanCount()));

    int tasksDone = 0;
    for (LaneId lane = 0; lane < static_cast<LaneId>(trace.laneCount()); ++lane) {
        const DroppedRecords& dropped = trace.dropped(lane);
        if (trace.spanCount(lane) == 0 && dropped.count == 0)
            continue;
        const TimeNs start = trace.spanCount(lane) > 0 ? trace.span(lane, 0).start : dropped.from;
        const StateTotals totals = trace.stateTotals(lane);
        EXPECT_EQ(std::accumulate(totals.begin(), totals.end(), TimeNs {0}), trace.laneEnd(lane) - start)
            << "lane " << lane;
        if (trace.lane(lane).kind != LaneKind::Coroutine)
            continue;
        std::uint64_t done = dropped.entered[static_cast<std::size_t>(State::Done)];
        for (std::size_t i = 0; i < trace.spanCount(lane); ++i)
            done += trace.span(lane, i).state == State::Done ? 1 : 0;
        EXPECT_EQ(done, 1u) << "lane " << lane;
        tasksDone += static_cast<int>(done);
    }
    EXPECT_EQ(tasksDone, 40);
    // The run's own figures come from whole-lane totals too: the loop blocked in its selector.
    EXPECT_GT(result.wallNs, 0);
}

TEST(SpanBudgetRun, ZeroMeansSizedToTheMachine)
{
    RunConfig config;
    EXPECT_GE(effectiveMaxSpans(config), 1'000'000u);
    config.maxSpans = 1234;
    EXPECT_EQ(effectiveMaxSpans(config), 1234u);
    config.maxSpans = -1;
    EXPECT_TRUE(validate(config).has_value());
}

} // namespace
} // namespace interleave
