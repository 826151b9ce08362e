#pragma once

#include "trace/clock.h"

#include <optional>

namespace interleave {

class ReplayController;
class TimelineWidget;

// Puts the replay's playhead on a timeline, as the window's Timeline tab and each lab view show
// it: none while there is nothing to replay, or while the replay rests at its end (the whole
// run shown as it is, with no line over its last instant); otherwise at the replay's position,
// kept in view (the zoom as it was) while it plays or stands away from the end. Returns the
// playhead drawn.
std::optional<TimeNs> showReplayOnTimeline(const ReplayController& replay, TimelineWidget& timeline);

} // namespace interleave
