#pragma once

#include "trace/clock.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace interleave {

// The frames of a replay recorded as an animation, with no Qt in it: where the playhead is in
// each frame and how long the frame is shown. The replay runs as the window's does, speed
// times real time, so at speed 0.05 and 20 frames a second each frame moves the playhead
// 2.5 ms of trace time.
//
// Frame i shows the playhead at start + i * step until the playhead reaches end; one last
// frame shows the whole stretch with no playhead (as the window does when a replay ends) and
// is held for holdCs. GIF delays are whole hundredths of a second: a frame's delay is the
// rounding of when the next frame starts minus the rounding of when it starts, so the
// hundredths add up to the replay's length whatever the rate (at 30 frames a second: 3, 3, 4).
struct ReplayFrame {
    std::optional<TimeNs> playhead; // nullopt: the last frame, everything shown
    int delayCs = 0;
};

struct ReplayFramesRequest {
    TimeNs start = 0;
    TimeNs end = 0;
    double speed = 0.1; // trace time per real time
    int fps = 20;
    int holdCs = 200;
};

// The frames; empty when the request is impossible (replayFramesProblem says why).
std::vector<ReplayFrame> planReplayFrames(const ReplayFramesRequest& request);

// How many frames the replay would have, the held last one included; computed without making
// them (a request for a billion is answered at once).
double replayFrameCount(const ReplayFramesRequest& request);

// The most frames an animation is made of: 3000 frames, 150 s at 20 frames a second.
inline constexpr int kMaxReplayFrames = 3000;
// The fastest rate: viewers show a GIF delay under 2 hundredths as a tenth of a second.
inline constexpr int kMaxReplayFps = 50;

// Why the request cannot be made: a rate or speed out of range, an empty stretch, more than
// kMaxReplayFrames frames (naming what to change); nullopt when it can.
std::optional<std::string> replayFramesProblem(const ReplayFramesRequest& request);

} // namespace interleave
