#pragma once

#include "timeline/timelinecoordinates.h"
#include "trace/parallelism.h"

#include <cstdint>
#include <vector>

namespace interleave {

// What the parallelism strip draws in one pixel column of the plot: how many OS threads
// executed, averaged over the column's time (the filled area), and the most at any instant of
// it (the thin line). Both come from the ParallelismProfile that `run --json` reports from.
struct ParallelismColumn {
    double mean = 0;
    int peak = 0;
};

// One entry per plot column of coords, left to right; column c covers
// [timeForX(plotLeft + c), timeForX(plotLeft + c + 1)). Costs a few binary searches per column,
// whatever the trace's size.
std::vector<ParallelismColumn> parallelismColumns(
    const ParallelismProfile& profile, const TimelineCoordinates& coords);

} // namespace interleave
