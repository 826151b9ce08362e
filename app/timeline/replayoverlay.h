#pragma once

#include "timeline/timelinecoordinates.h"
#include "timeline/timelinepalette.h"

class QPainter;

namespace interleave {

// The playhead of a replay, drawn live over the timeline's cached static layer: what lies
// after it is veiled in the background colour, so the run seems to unfold as the playhead
// moves, and a line with a handle on the time axis marks the instant. Colour is not the cue:
// the line is the theme's text colour with a halo of its background, on both themes.
//
// The line runs from lineTop (where its handle sits: on the axis's ticks, below their labels)
// to the bottom; the veil from veilTop (below the axis, whose labels stay readable) down.
void paintPlayhead(QPainter& painter, const TimelineCoordinates& coords, const TimelinePalette& palette,
    TimeNs playhead, int lineTop, int veilTop, int height);

} // namespace interleave
