#include "parallelism_testing.h"
#include "timeline/parallelismstrip.h"
#include "trace/clock.h"

#include <gtest/gtest.h>

namespace interleave {
namespace {

using paralleltest::parallelismSampleTrace;

// 100 columns over 100 ms: one column per millisecond.
TimelineCoordinates coordsFor(const Trace& trace, int columns)
{
    TimelineCoordinates coords;
    coords.setWidth(columns + 50);
    coords.setGutterWidth(50);
    coords.setTraceExtent(trace.startTime(), trace.endTime());
    coords.setWindow(trace.startTime(), trace.endTime());
    return coords;
}

TEST(ParallelismStrip, ColumnsCountThreadsNotLanes)
{
    const Trace trace = parallelismSampleTrace();
    const ParallelismProfile profile(trace);
    EXPECT_EQ(profile.threadCount(), 2);
    const auto columns = parallelismColumns(profile, coordsFor(trace, 100));
    ASSERT_EQ(columns.size(), 100U);
    EXPECT_DOUBLE_EQ(columns[5].mean, 1.0); // the loop and its coroutine: one thread
    EXPECT_EQ(columns[5].peak, 1);
    EXPECT_DOUBLE_EQ(columns[30].mean, 2.0); // the loop and the thread
    EXPECT_EQ(columns[30].peak, 2);
    EXPECT_DOUBLE_EQ(columns[50].mean, 1.0); // the thread; the loop waits in select
    EXPECT_DOUBLE_EQ(columns[80].mean, 0.0); // the task lane alone counts for nothing
    EXPECT_EQ(columns[80].peak, 0);
}

// A column wider than a change: the mean weighs the time, the peak keeps the instant.
TEST(ParallelismStrip, WideColumnsAverageAndKeepThePeak)
{
    const Trace trace = parallelismSampleTrace();
    const ParallelismProfile profile(trace);
    const auto columns = parallelismColumns(profile, coordsFor(trace, 4)); // 25 ms each
    ASSERT_EQ(columns.size(), 4U);
    EXPECT_NEAR(columns[0].mean, (20 + 2 * 5) / 25.0, 1e-9);
    EXPECT_EQ(columns[0].peak, 2);
    EXPECT_NEAR(columns[1].mean, (15 * 2 + 10) / 25.0, 1e-9);
    EXPECT_EQ(columns[1].peak, 2);
    EXPECT_NEAR(columns[2].mean, 10 / 25.0, 1e-9);
    EXPECT_EQ(columns[2].peak, 1);
    EXPECT_EQ(columns[3].peak, 0);
}

} // namespace
} // namespace interleave
