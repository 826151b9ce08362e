#include "analysis/repeat_stats.h"

#include <gtest/gtest.h>

#include <vector>

namespace interleave {
namespace {

RunResult repeatStatsRun(double wallMs, std::optional<double> busy = std::nullopt)
{
    RunResult r;
    r.model = Model::Threads;
    r.wallNs = static_cast<TimeNs>(wallMs * 1e6);
    r.cpuNs = r.wallNs / 2;
    r.busyOtherCpu = busy;
    return r;
}

TEST(RepeatStats, QuantileIsTheNearestValueByRank)
{
    EXPECT_EQ(quantileOf({}, 0.95), 0.0);
    std::vector<double> hundred;
    for (int i = 100; i >= 1; --i)
        hundred.push_back(i); // unsorted on purpose
    EXPECT_EQ(quantileOf(hundred, 0.0), 1.0);
    EXPECT_EQ(quantileOf(hundred, 0.5), 51.0); // rank 49.5 rounds to the 51st value
    EXPECT_EQ(quantileOf(hundred, 0.95), 95.0);
    EXPECT_EQ(quantileOf(hundred, 1.0), 100.0);
    EXPECT_EQ(quantileOf({7}, 0.95), 7.0);
}

TEST(RepeatStats, MedianOfOddAndEvenCounts)
{
    EXPECT_EQ(medianOf({}), 0.0);
    EXPECT_EQ(medianOf({3, 1, 2}), 2.0);
    EXPECT_EQ(medianOf({4, 1, 3, 2}), 2.5);
}

TEST(RepeatStats, FoldKeepsTheMedianAndTheSpread)
{
    // Three runs of a model, the second hit by a busy spell.
    const auto folded = foldRepeats({repeatStatsRun(100, 0.05), repeatStatsRun(180, 0.45), repeatStatsRun(110, 0.1)});
    EXPECT_EQ(folded.wall.runs, 3);
    EXPECT_EQ(folded.result.wallNs, static_cast<TimeNs>(110e6));
    EXPECT_EQ(folded.wall.minNs, static_cast<TimeNs>(100e6));
    EXPECT_EQ(folded.wall.maxNs, static_cast<TimeNs>(180e6));
    EXPECT_EQ(folded.wall.allNs.size(), 3u);
    EXPECT_EQ(folded.wall.allNs[1], static_cast<TimeNs>(180e6)); // in the order they ran
    // The other figures come from the run nearest the median.
    EXPECT_EQ(folded.result.cpuNs, static_cast<TimeNs>(55e6));
    ASSERT_TRUE(folded.result.busyOtherCpu.has_value());
    EXPECT_NEAR(*folded.result.busyOtherCpu, 0.2, 1e-12);
}

TEST(RepeatStats, FailedAndStoppedRunsAreNotMeasurements)
{
    RunResult failed = repeatStatsRun(5);
    failed.errors.push_back("task 2 threw");
    RunResult stopped = repeatStatsRun(7);
    stopped.cancelled = true;
    const auto folded = foldRepeats({repeatStatsRun(100), failed, stopped});
    EXPECT_EQ(folded.wall.runs, 1);
    EXPECT_EQ(folded.result.wallNs, static_cast<TimeNs>(100e6));
    EXPECT_EQ(folded.result.errors, std::vector<std::string> {"task 2 threw"});
    EXPECT_TRUE(folded.result.cancelled);

    const auto nothing = foldRepeats({stopped});
    EXPECT_EQ(nothing.wall.runs, 0);
    EXPECT_TRUE(nothing.result.cancelled);
}

TEST(RepeatStats, SpeedupIsMedianOverMedianWithTheWidestRange)
{
    const auto baseline = foldRepeats({repeatStatsRun(400), repeatStatsRun(380), repeatStatsRun(420)});
    const auto point = foldRepeats({repeatStatsRun(210), repeatStatsRun(200), repeatStatsRun(190)});
    const auto s = speedupAgainst(baseline, point);
    EXPECT_DOUBLE_EQ(s.median, 2.0);
    EXPECT_DOUBLE_EQ(s.low, 380.0 / 210.0);
    EXPECT_DOUBLE_EQ(s.high, 420.0 / 190.0);
    EXPECT_EQ(speedupText(s.median, s.low, s.high, 3), "2.00x (1.81-2.21)");
}

TEST(RepeatStats, NoSpeedupWithoutACleanBaseline)
{
    RunResult stopped = repeatStatsRun(100);
    stopped.cancelled = true;
    const auto s = speedupAgainst(foldRepeats({stopped}), foldRepeats({repeatStatsRun(50)}));
    EXPECT_EQ(s.median, 0.0);
    EXPECT_EQ(speedupText(s.median, s.low, s.high, 1), "-");
}

TEST(RepeatStats, OneRunHasNoRangeToPrint)
{
    EXPECT_EQ(speedupText(1.434, 1.434, 1.434, 1), "1.43x");
    EXPECT_EQ(speedupText(1.9, 1.7, 2.1, 3), "1.90x (1.70-2.10)");
}

} // namespace
} // namespace interleave
