#include "timeline/timelinecoordinates.h"

#include <gtest/gtest.h>

#include <cmath>

namespace interleave {
namespace {

// Absolute times like CLOCK_MONOTONIC's after some days of uptime: double rounding would
// show up here first.
constexpr TimeNs kBase = 987'654'321'000'000;

TimelineCoordinates coordsFor(TimeNs start, TimeNs end, int width = 1100, int gutter = 100)
{
    TimelineCoordinates c;
    c.setWidth(width);
    c.setGutterWidth(gutter);
    EXPECT_TRUE(c.setWindow(start, end));
    return c;
}

class CoordinatesAtZoom : public testing::TestWithParam<TimeNs> { };

TEST_P(CoordinatesAtZoom, EdgesMapToPlotEdges)
{
    const TimeNs window = GetParam();
    const TimelineCoordinates c = coordsFor(kBase, kBase + window);
    EXPECT_DOUBLE_EQ(c.xForTime(kBase), 100.0);
    EXPECT_DOUBLE_EQ(c.xForTime(kBase + window), 1100.0);
    EXPECT_EQ(c.timeForX(100), kBase);
    EXPECT_EQ(c.timeForX(1100), kBase + window);
    EXPECT_DOUBLE_EQ(c.nsPerPixel(), static_cast<double>(window) / 1000);
}

TEST_P(CoordinatesAtZoom, PixelTimePixelRoundTrips)
{
    const TimeNs window = GetParam();
    const TimelineCoordinates c = coordsFor(kBase, kBase + window);
    for (int x = 100; x <= 1100; x += 37)
        EXPECT_NEAR(c.xForTime(c.timeForX(x)), x, 0.5 / c.nsPerPixel() + 1e-9) << "x = " << x;
}

TEST_P(CoordinatesAtZoom, TimePixelTimeRoundTripsWithinHalfAPixel)
{
    const TimeNs window = GetParam();
    const TimelineCoordinates c = coordsFor(kBase, kBase + window);
    for (TimeNs t = kBase; t <= kBase + window; t += window / 7 + 1)
        EXPECT_LE(std::llabs(c.timeForX(c.xForTime(t)) - t), static_cast<long long>(c.nsPerPixel()) + 1);
}

TEST_P(CoordinatesAtZoom, ZoomKeepsTheTimeUnderTheCursor)
{
    const TimeNs window = GetParam() * 4; // leaves room to zoom in
    TimelineCoordinates c = coordsFor(kBase, kBase + 1000);
    c.setTraceExtent(kBase, kBase + window); // first: it bounds the window
    ASSERT_TRUE(c.setWindow(kBase, kBase + window));
    const double x = 333;
    const TimeNs before = c.timeForX(x);
    c.zoomAround(x, 2.0);
    EXPECT_NEAR(static_cast<double>(c.windowDuration()), window / 2.0, 1.0);
    EXPECT_LE(std::llabs(c.timeForX(x) - before), static_cast<long long>(c.nsPerPixel()) + 1);
}

INSTANTIATE_TEST_SUITE_P(NanosecondsToSeconds, CoordinatesAtZoom,
    testing::Values(
        TimeNs {1'000}, TimeNs {50'000}, TimeNs {3'000'000}, TimeNs {250'000'000}, TimeNs {7'000'000'000}));

TEST(TimelineCoordinates, RefusesAnEmptyOrReversedWindow)
{
    TimelineCoordinates c = coordsFor(1000, 2000);
    EXPECT_FALSE(c.setWindow(5000, 5000));
    EXPECT_FALSE(c.setWindow(5000, 4000));
    EXPECT_EQ(c.windowStart(), 1000);
    EXPECT_EQ(c.windowEnd(), 2000);
}

TEST(TimelineCoordinates, ZoomInStopsAtTheMinimumWindow)
{
    TimelineCoordinates c = coordsFor(kBase, kBase + 10'000);
    c.setTraceExtent(kBase, kBase + 10'000);
    for (int i = 0; i < 50; ++i)
        c.zoomAround(600, 4.0);
    EXPECT_EQ(c.windowDuration(), TimelineCoordinates::kMinWindowNs);
    EXPECT_GE(c.xForTime(c.windowEnd()) - c.xForTime(c.windowStart()), 999.0);
}

TEST(TimelineCoordinates, ZoomOutStopsAtTenTimesTheTrace)
{
    TimelineCoordinates c = coordsFor(kBase, kBase + 1'000'000);
    c.setTraceExtent(kBase, kBase + 1'000'000);
    for (int i = 0; i < 50; ++i)
        c.zoomAround(600, 0.25);
    EXPECT_EQ(c.windowDuration(), 10'000'000);
}

TEST(TimelineCoordinates, NonsenseZoomFactorsAreIgnored)
{
    TimelineCoordinates c = coordsFor(1000, 2000);
    c.zoomAround(500, 0);
    c.zoomAround(500, -2);
    c.zoomAround(500, std::nan(""));
    EXPECT_EQ(c.windowStart(), 1000);
    EXPECT_EQ(c.windowEnd(), 2000);
}

TEST(TimelineCoordinates, TinyWindowIsWidenedAroundItsCentre)
{
    TimelineCoordinates c = coordsFor(1000, 1010);
    EXPECT_EQ(c.windowDuration(), TimelineCoordinates::kMinWindowNs);
    EXPECT_EQ(c.windowStart(), 1005 - TimelineCoordinates::kMinWindowNs / 2);
}

TEST(TimelineCoordinates, PanMovesByPixelsAndKeepsSomeTraceInView)
{
    TimelineCoordinates c = coordsFor(kBase, kBase + 1'000'000); // 1 µs per pixel
    c.setTraceExtent(kBase, kBase + 1'000'000);
    c.panByPixels(-100); // drag left: later times
    EXPECT_EQ(c.windowStart(), kBase + 100'000);
    EXPECT_EQ(c.windowDuration(), 1'000'000);
    c.panByPixels(1e9); // far right: clamped
    EXPECT_GT(c.windowEnd(), kBase + c.windowDuration() / 10 - 1);
    EXPECT_LE(c.windowEnd(), kBase + c.windowDuration());
    EXPECT_EQ(c.windowDuration(), 1'000'000);
}

TEST(TimelineCoordinates, FitShowsTheRangeAcrossThePlot)
{
    TimelineCoordinates c = coordsFor(0, 10);
    c.setTraceExtent(kBase, kBase + 5'000'000'000);
    c.fitTo(kBase, kBase + 5'000'000'000);
    EXPECT_EQ(c.windowStart(), kBase);
    EXPECT_EQ(c.windowEnd(), kBase + 5'000'000'000);
    c.fitTo(kBase, kBase + 1'000'000, 10); // 1000 px plot: 980 px for the range, 10 on each side
    EXPECT_NEAR(c.xForTime(kBase), 110.0, 0.01);
    EXPECT_NEAR(c.xForTime(kBase + 1'000'000), 1090.0, 0.01);
    c.fitTo(kBase + 42, kBase + 42); // an instant: the minimum window around it
    EXPECT_EQ(c.windowDuration(), TimelineCoordinates::kMinWindowNs);
    EXPECT_LE(c.windowStart(), kBase + 42);
    EXPECT_GT(c.windowEnd(), kBase + 42);
}

TEST(TimelineCoordinates, NarrowWidgetStaysFinite)
{
    TimelineCoordinates c = coordsFor(0, 1000, 50, 100); // gutter wider than the widget
    EXPECT_EQ(c.plotWidth(), 1);
    EXPECT_TRUE(std::isfinite(c.xForTime(500)));
}

TEST(TimelineCoordinates, RowsSitUnderTheHeader)
{
    TimelineCoordinates c;
    c.setHeaderHeight(100);
    c.setRowHeight(30);
    c.setRowCount(3);
    EXPECT_EQ(c.yForRow(0), 100);
    EXPECT_EQ(c.yForRow(2), 160);
    EXPECT_FALSE(c.rowAtY(99));
    EXPECT_EQ(c.rowAtY(100), 0);
    EXPECT_EQ(c.rowAtY(129), 0);
    EXPECT_EQ(c.rowAtY(130), 1);
    EXPECT_EQ(c.rowAtY(189), 2);
    EXPECT_FALSE(c.rowAtY(190)); // below the last row
    EXPECT_EQ(c.contentHeight(), 190);
    c.setScrollY(30);
    EXPECT_EQ(c.rowAtY(100), 1);
    EXPECT_EQ(c.yForRow(1), 100);
    EXPECT_FALSE(c.rowAtY(50)); // the header does not scroll
}

} // namespace
} // namespace interleave
