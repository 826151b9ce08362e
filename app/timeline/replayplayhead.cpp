#include "timeline/replayplayhead.h"

#include "timeline/replaycontroller.h"
#include "timeline/timelinewidget.h"

namespace interleave {

std::optional<TimeNs> showReplayOnTimeline(const ReplayController& replay, TimelineWidget& timeline)
{
    if (!replay.isAvailable() || (replay.clock().atEnd() && !replay.isPlaying())) {
        timeline.setPlayhead(std::nullopt);
        return std::nullopt;
    }
    const TimeNs position = replay.position();
    timeline.setPlayhead(position);
    timeline.ensureTimeVisible(position);
    return position;
}

} // namespace interleave
