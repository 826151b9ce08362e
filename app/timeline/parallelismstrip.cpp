#include "timeline/parallelismstrip.h"

namespace interleave {

std::vector<ParallelismColumn> parallelismColumns(
    const ParallelismProfile& profile, const TimelineCoordinates& coords)
{
    const int columns = coords.plotWidth();
    std::vector<ParallelismColumn> out(static_cast<std::size_t>(std::max(columns, 0)));
    if (profile.empty())
        return out;
    const double left = coords.plotLeft();
    // Neighbouring columns share a boundary: one time and one area per boundary.
    TimeNs t0 = coords.timeForX(left);
    double area0 = profile.area(t0);
    for (int c = 0; c < columns; ++c) {
        const TimeNs t1 = coords.timeForX(left + c + 1);
        const double area1 = profile.area(t1);
        ParallelismColumn& column = out[static_cast<std::size_t>(c)];
        if (t1 > t0) {
            column.mean = (area1 - area0) / static_cast<double>(t1 - t0);
            column.peak = profile.peak(t0, t1);
        }
        t0 = t1;
        area0 = area1;
    }
    return out;
}

} // namespace interleave
