#pragma once

#include "timeline/timelinecoordinates.h"
#include "trace/trace.h"

#include <cstddef>
#include <vector>

namespace interleave {

class LaneLod;

// One rectangle to paint in a lane's row. A single span (spanCount == 1) is drawn exactly;
// a run of spans too narrow to see one by one becomes one "busy block" coloured by its
// dominant state (the state the lane spent most of the block's time in).
struct TimelineDrawItem {
    double x0 = 0; // logical pixels, x0 < x1, x1 - x0 >= 1
    double x1 = 0;
    State state = State::Starting;
    std::size_t firstSpan = 0; // index of the first span the item stands for
    std::size_t spanCount = 0;
    // Share of the item's time spent Running, in [0, 1] (estimated like the dominant state
    // for a busy block): what the parallelism strip adds up.
    float runningShare = 0;

    bool merged() const noexcept { return spanCount > 1; }
};

struct TimelineDrawList {
    LaneId lane = kNoLane;
    std::vector<TimelineDrawItem> items;
    // How many span records were read to build it (binary searches not counted): the cost,
    // which must follow the plot's width, not the lane's span count.
    std::size_t spansRead = 0;
};

// Spans narrower than this many pixels are merged into busy blocks.
inline constexpr double kMergeWidthPx = 2.0;

// Builds the draw list of one lane over the visible window of coords.
//
// Every span overlapping the window is accounted for exactly once: the spanCounts of the
// items add up to the size of Trace::spanRange over the window, and items are in time order.
// Where many spans share a pixel column they are not visited one by one: the column's end is
// found by binary search, and the dominant state is estimated from at most a fixed number of
// evenly strided spans. So a lane costs O(plot pixels * log spans), whatever its span count.
TimelineDrawList buildLaneDrawList(
    const Trace& trace, LaneId lane, const TimelineCoordinates& coords, double mergeWidthPx = kMergeWidthPx);

// The same from the lane's level-of-detail summary where the zoom is coarse enough for it
// (about a span per pixel or more): one step per summary bucket of at most the merge width,
// reading one record per step at most (none where the summary shows every span of the bucket
// to be narrow), so a fitted million-span lane costs what its pixels cost. Blocks start and
// end on span boundaries as above, a wide span is still drawn on its own, and every span is
// accounted for exactly once (even with a summary of some other lane); a block's colour and
// running share come from the summary (the spans starting in its bucket). Without a summary,
// or zoomed in finer than its finest level, this is the call above.
TimelineDrawList buildLaneDrawList(const Trace& trace, LaneId lane, const TimelineCoordinates& coords,
    const LaneLod* lod, double mergeWidthPx = kMergeWidthPx);

} // namespace interleave
