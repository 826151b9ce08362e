#pragma once

#include "export/timelineframing.h"
#include "timeline/replayframes.h"
#include "timeline/timelinepalette.h"
#include "trace/trace.h"

#include <QRectF>
#include <QSize>

class QPainter;

#include <cstddef>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>

namespace interleave {

// The replay of a run as an animated GIF: the framed picture (export/framedtimeline.h) with
// the window's replay playhead moving over it, frame by frame (timeline/replayframes.h).

struct AnimationSettings {
    int fps = 20;
    double speed = 0.1; // the replay's speed: trace time per real time
    bool loop = false;
    int holdCs = 200; // the last frame, the whole run, stays this long
};

// The most device pixels a frame of an animation has: 3840x2160. Each frame is drawn and
// compared whole, so the time an animation takes grows with it.
inline constexpr double kMaxAnimationPixels = 3840.0 * 2160.0;

// Why frames of size at scale are not drawn (more than kMaxAnimationPixels, or a side past
// the format's 65535); nullopt when they are.
std::optional<std::string> animationPixelsProblem(QSize size, double scale);

// What the frames would be for this trace, framing and settings, without drawing them.
ReplayFramesRequest animationRequest(const Trace& trace, const TimelineFraming& framing, const AnimationSettings& settings);

// A picture beside the timeline in every frame, drawn for the instant the frame shows (the
// playhead's; the end of the framed window in the last frame): the Deadlock view's wait-for
// graph, so that it changes exactly where the timeline does.
struct AnimationSidePanel {
    int width = 0; // logical pixels, on the left; the timeline takes the rest
    std::function<void(QPainter& painter, const QRectF& rect, TimeNs at)> paint;
};

struct Animation {
    std::string gif; // the file's bytes
    int frames = 0; // frames planned (each a step of the playhead)
    int images = 0; // images in the file: frames that changed nothing add to the one before
    QSize pixels; // the frames' size in device pixels
};

// Draws every frame and encodes the GIF in memory. The framing must have passed
// framingProblem() and the request replayFramesProblem(). Needs a QGuiApplication (text).
// Returns nullopt when stop was requested between two frames (nothing is written then).
// Throws GifError if the encoder fails.
std::optional<Animation> renderTimelineAnimation(const Trace& trace, const TimelineFraming& framing, QSize size,
    double scale, TimelineTheme theme, const AnimationSettings& settings, std::stop_token stop = {},
    int coreCount = 0, const AnimationSidePanel& side = {});

} // namespace interleave
