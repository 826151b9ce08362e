#pragma once

#include "trace/trace.h"

#include <QString>

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace interleave {

// How a picture of a run is framed for a slide or a tutorial, the same for a PNG, an SVG and
// an animation (screenshot's and animate's options, the window's export dialog): which stretch
// of time, which lanes, words above and below, the legend or not.
struct TimelineFraming {
    // The window's edges as offsets from the trace's start (its axis reads from 0 there);
    // nullopt: the trace's own start or end.
    std::optional<TimeNs> from = std::nullopt;
    std::optional<TimeNs> to = std::nullopt;
    // Lanes by name ("MainThread", "Thread-1", "task 3", a process's name); empty: every lane.
    std::vector<std::string> lanes = {};
    QString title = {}; // drawn above the timeline, bold; empty: no band
    QString caption = {}; // drawn below it, wrapped; empty: no band
    bool legend = true;

    bool operator==(const TimelineFraming&) const = default;
};

// The lanes of trace that framing names, in lane order; every lane when it names none.
// nullopt with *problem set when a name matches no lane (the message lists the names there
// are) or a window is empty or outside the trace.
std::optional<std::set<LaneId>> framedLanes(const Trace& trace, const TimelineFraming& framing, std::string* problem);

// Why framing cannot frame trace, in a sentence naming the option (--lanes, --from-ms,
// --to-ms); nullopt when it can.
std::optional<std::string> framingProblem(const Trace& trace, const TimelineFraming& framing);

// The stretch of trace time a framed picture shows: [start, end) in trace time.
struct FramedWindow {
    TimeNs start = 0;
    TimeNs end = 0;
    bool explicitStart = false; // given by framing.from (no margin before it)
    bool explicitEnd = false;
};
FramedWindow framedWindow(const Trace& trace, const TimelineFraming& framing);

} // namespace interleave
