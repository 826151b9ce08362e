#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace interleave {

struct ChartPoint {
    double x = 0;
    double y = 0;
    friend bool operator==(const ChartPoint&, const ChartPoint&) = default;
};

// Fewer points for a line chart that look the same: the points (in x order) are cut into
// buckets of equal count and each bucket keeps its lowest and its highest point, in their
// original order, so every spike and every dip survives. The first and last points are always
// kept. Returns the input unchanged when it already has at most maxPoints; the result never
// has more than maxPoints (maxPoints below 4 is taken as 4).
std::vector<ChartPoint> decimateMinMax(std::span<const ChartPoint> points, std::size_t maxPoints);

} // namespace interleave
