#include "export/timelineanimation.h"

#include "export/framedtimeline.h"
#include "io/gif_palette.h"
#include "io/gif_writer.h"

#include <QImage>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <span>
#include <vector>

namespace interleave {
namespace {

constexpr int kMaxGifSide = 65535;

// The theme's opaque colours, first in the GIF's table so they come out exact: the states,
// the backgrounds, the texts and lines. Translucent ones (stripes, the veil, hatches) land on
// other colours and reach the table through the sampled frames.
std::vector<std::uint32_t> themeColours(const TimelinePalette& palette)
{
    std::vector<std::uint32_t> colours;
    const auto add = [&](const QColor& colour) {
        if (colour.alpha() == 255)
            colours.push_back(colour.rgb());
    };
    add(palette.background());
    add(palette.headerBackground());
    add(palette.gutterBackground());
    add(palette.text());
    add(palette.mutedText());
    add(palette.separatorPen().color());
    add(palette.parallelismPen().color());
    for (State s : kAllStates)
        add(palette.stateColor(s));
    return colours;
}

QImage blankFrame(QSize pixels, double scale, const TimelinePalette& palette)
{
    QImage image(pixels, QImage::Format_RGB32);
    if (image.isNull())
        throw GifError("the frames could not be drawn: out of memory");
    image.setDevicePixelRatio(scale);
    image.fill(palette.background());
    return image;
}

void addPixels(std::vector<std::uint32_t>& into, const QImage& image)
{
    for (int y = 0; y < image.height(); ++y) {
        const auto* row = reinterpret_cast<const std::uint32_t*>(image.constScanLine(y));
        into.insert(into.end(), row, row + image.width());
    }
}

} // namespace

std::optional<std::string> animationPixelsProblem(QSize size, double scale)
{
    const double width = std::round(size.width() * scale);
    const double height = std::round(size.height() * scale);
    char text[240];
    if (width > kMaxGifSide || height > kMaxGifSide) {
        std::snprintf(text, sizeof text, "%dx%d at scale %g is %.0fx%.0f pixels; a GIF is at most %d on a side",
            size.width(), size.height(), scale, width, height, kMaxGifSide);
        return std::string(text);
    }
    if (width * height <= kMaxAnimationPixels)
        return std::nullopt;
    std::snprintf(text, sizeof text,
        "%dx%d at scale %g is %.1f megapixels a frame; an animation's frames have at most %.1f "
        "(3840x2160): make it smaller or lower the scale",
        size.width(), size.height(), scale, width * height / 1e6, kMaxAnimationPixels / 1e6);
    return std::string(text);
}

ReplayFramesRequest animationRequest(const Trace& trace, const TimelineFraming& framing, const AnimationSettings& settings)
{
    const FramedWindow window = framedWindow(trace, framing);
    return {.start = window.start,
        .end = window.end,
        .speed = settings.speed,
        .fps = settings.fps,
        .holdCs = settings.holdCs};
}

std::optional<Animation> renderTimelineAnimation(const Trace& trace, const TimelineFraming& framing, QSize size,
    double scale, TimelineTheme theme, const AnimationSettings& settings, std::stop_token stop, int coreCount,
    const AnimationSidePanel& side)
{
    const std::vector<ReplayFrame> frames = planReplayFrames(animationRequest(trace, framing, settings));
    if (frames.empty())
        throw GifError("there are no frames to draw");
    const int sideWidth = side.paint ? std::clamp(side.width, 0, size.width() / 2) : 0;
    const FramedTimeline framed(trace, framing, QSize(size.width() - sideWidth, size.height()), theme, coreCount);
    const TimelinePalette& palette = framed.painter().palette();
    const QSize pixels(static_cast<int>(std::lround(size.width() * scale)),
                       static_cast<int>(std::lround(size.height() * scale)));

    // The picture without a playhead, drawn once; every frame starts as a copy of it.
    QImage still = blankFrame(pixels, scale, palette);
    {
        QPainter p(&still);
        p.translate(sideWidth, 0);
        framed.paint(p);
    }
    const auto drawFrame = [&](const ReplayFrame& frame) {
        if (!frame.playhead && sideWidth == 0)
            return still;
        QImage image = still.copy();
        QPainter p(&image);
        if (sideWidth > 0) {
            const QRectF panel(0, 0, sideWidth, size.height());
            p.fillRect(panel, palette.background());
            side.paint(p, panel, frame.playhead.value_or(framed.window().end));
        }
        if (frame.playhead) {
            p.translate(sideWidth, 0);
            framed.paintPlayhead(p, *frame.playhead);
        }
        return image;
    };

    // The colour table: the theme's colours, then what the picture and a frame half replayed
    // use most (anti-aliased text, the veiled colours after the playhead), and with a side
    // panel the last frame too (a deadlock's cycle is drawn only once it has closed).
    std::vector<std::uint32_t> samples;
    samples.reserve(static_cast<std::size_t>(pixels.width()) * static_cast<std::size_t>(pixels.height()) * 3);
    addPixels(samples, still);
    addPixels(samples, drawFrame(frames[frames.size() / 2]));
    if (sideWidth > 0)
        addPixels(samples, drawFrame(frames.back()));
    const std::vector<std::uint32_t> required = themeColours(palette);
    GifWriter writer(pixels.width(), pixels.height(), GifPalette(required, samples), settings.loop);
    samples = {};

    for (const ReplayFrame& frame : frames) {
        if (stop.stop_requested())
            return std::nullopt;
        const QImage image = drawFrame(frame);
        writer.addFrame(reinterpret_cast<const std::uint32_t*>(image.constBits()),
            image.bytesPerLine() / static_cast<qsizetype>(sizeof(std::uint32_t)), frame.delayCs);
    }
    Animation animation;
    animation.images = writer.imageCount();
    animation.gif = writer.finish();
    animation.frames = static_cast<int>(frames.size());
    animation.pixels = pixels;
    return animation;
}

} // namespace interleave
