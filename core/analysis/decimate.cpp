#include "analysis/decimate.h"

#include <algorithm>

namespace interleave {

std::vector<ChartPoint> decimateMinMax(std::span<const ChartPoint> points, std::size_t maxPoints)
{
    maxPoints = std::max<std::size_t>(maxPoints, 4);
    if (points.size() <= maxPoints)
        return {points.begin(), points.end()};

    // The first and the last point stand alone; the rest share (maxPoints - 2) / 2 buckets of
    // two points each.
    const std::size_t inner = points.size() - 2;
    const std::size_t buckets = (maxPoints - 2) / 2;
    std::vector<ChartPoint> out;
    out.reserve(maxPoints);
    out.push_back(points.front());
    for (std::size_t b = 0; b < buckets; ++b) {
        const std::size_t begin = 1 + b * inner / buckets;
        const std::size_t end = 1 + (b + 1) * inner / buckets;
        if (begin >= end)
            continue;
        std::size_t lo = begin, hi = begin;
        for (std::size_t i = begin + 1; i < end; ++i) {
            if (points[i].y < points[lo].y)
                lo = i;
            if (points[i].y > points[hi].y)
                hi = i;
        }
        out.push_back(points[std::min(lo, hi)]);
        if (lo != hi)
            out.push_back(points[std::max(lo, hi)]);
    }
    out.push_back(points.back());
    return out;
}

} // namespace interleave
