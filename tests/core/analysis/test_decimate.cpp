#include "analysis/decimate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace interleave {
namespace {

std::vector<ChartPoint> sine(std::size_t n)
{
    std::vector<ChartPoint> points;
    for (std::size_t i = 0; i < n; ++i)
        points.push_back({static_cast<double>(i), std::sin(static_cast<double>(i) / 50.0)});
    return points;
}

TEST(Decimate, SmallSeriesPassUnchanged)
{
    const auto points = sine(100);
    EXPECT_EQ(decimateMinMax(points, 100), points);
    EXPECT_EQ(decimateMinMax(points, 10'000), points);
    EXPECT_TRUE(decimateMinMax({}, 10).empty());
}

TEST(Decimate, NeverMoreThanAskedAndKeepsTheEnds)
{
    const auto points = sine(50'000);
    for (std::size_t max : {4u, 5u, 101u, 1000u, 10'000u}) {
        const auto out = decimateMinMax(points, max);
        EXPECT_LE(out.size(), max) << max;
        EXPECT_GE(out.size(), max - 2) << max;
        EXPECT_EQ(out.front(), points.front());
        EXPECT_EQ(out.back(), points.back());
        EXPECT_TRUE(std::is_sorted(out.begin(), out.end(), [](auto a, auto b) { return a.x < b.x; })) << max;
    }
    EXPECT_LE(decimateMinMax(points, 1).size(), 4u);
}

TEST(Decimate, KeepsEverySpikeAndDip)
{
    std::vector<ChartPoint> points(20'000);
    for (std::size_t i = 0; i < points.size(); ++i)
        points[i] = {static_cast<double>(i), 0.5};
    points[7'777].y = 1.0; // a one-sample spike
    points[12'345].y = 0.0; // a one-sample dip
    const auto out = decimateMinMax(points, 200);
    EXPECT_NE(std::find(out.begin(), out.end(), points[7'777]), out.end());
    EXPECT_NE(std::find(out.begin(), out.end(), points[12'345]), out.end());
    const auto [lo, hi]
        = std::minmax_element(out.begin(), out.end(), [](auto a, auto b) { return a.y < b.y; });
    EXPECT_EQ(lo->y, 0.0);
    EXPECT_EQ(hi->y, 1.0);
}

} // namespace
} // namespace interleave
