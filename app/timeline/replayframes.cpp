#include "timeline/replayframes.h"

#include "timeline/replayclock.h"
#include "trace/duration_text.h"

#include <cmath>
#include <cstdio>

namespace interleave {
namespace {

double stepNs(const ReplayFramesRequest& request)
{
    return request.speed * 1e9 / request.fps;
}

std::string numberText(double value)
{
    char text[64];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

} // namespace

double replayFrameCount(const ReplayFramesRequest& request)
{
    if (request.end <= request.start || !(request.speed > 0) || request.fps < 1)
        return 0;
    // Frames at start, start + step, ... while before end; then the held whole.
    // A stretch of exactly n steps is n frames, even where the division lands a hair above n.
    return std::ceil(static_cast<double>(request.end - request.start) / stepNs(request) - 1e-6) + 1;
}

std::optional<std::string> replayFramesProblem(const ReplayFramesRequest& request)
{
    if (request.fps < 1 || request.fps > kMaxReplayFps)
        return "--fps must be 1 to " + std::to_string(kMaxReplayFps) + ", not " + std::to_string(request.fps);
    if (!(request.speed >= ReplayClock::kMinSpeed && request.speed <= ReplayClock::kMaxSpeed))
        return "--speed must be " + numberText(ReplayClock::kMinSpeed) + " to " + numberText(ReplayClock::kMaxSpeed)
            + ", not " + numberText(request.speed);
    if (request.end <= request.start)
        return "there is no time to replay: the stretch is empty";
    const double frames = replayFrameCount(request);
    if (frames > kMaxReplayFrames) {
        const double seconds = static_cast<double>(request.end - request.start) / 1e9 / request.speed;
        return "replaying " + fixedText(request.end - request.start, kNsPerMs, 1) + " ms at speed "
            + numberText(request.speed) + " takes " + fixedText(static_cast<TimeNs>(seconds * 1e9), 1'000'000'000, 1)
            + " s, " + numberText(frames) + " frames at " + std::to_string(request.fps) + " per second; at most "
            + std::to_string(kMaxReplayFrames) + " are drawn: raise --speed, lower --fps or cut a window with "
            + "--from-ms/--to-ms";
    }
    return std::nullopt;
}

std::vector<ReplayFrame> planReplayFrames(const ReplayFramesRequest& request)
{
    if (replayFramesProblem(request))
        return {};
    const double step = stepNs(request);
    const auto moving = static_cast<std::int64_t>(replayFrameCount(request)) - 1;
    std::vector<ReplayFrame> frames;
    frames.reserve(static_cast<std::size_t>(moving + 1));
    const auto centiseconds = [&](std::int64_t frame) {
        return static_cast<std::int64_t>(std::llround(static_cast<double>(frame) * 100.0 / request.fps));
    };
    for (std::int64_t i = 0; i < moving; ++i) {
        const auto at = request.start + static_cast<TimeNs>(std::llround(static_cast<double>(i) * step));
        frames.push_back({at, static_cast<int>(centiseconds(i + 1) - centiseconds(i))});
    }
    frames.push_back({std::nullopt, request.holdCs});
    return frames;
}

} // namespace interleave
