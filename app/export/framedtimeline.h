#pragma once

#include "export/timelineframing.h"
#include "timeline/timelinecoordinates.h"
#include "timeline/timelinepainter.h"

#include <QFont>
#include <QSize>

class QPainter;

namespace interleave {

// A trace drawn for a picture: the timeline painter laid out at a size, fitted to the
// framing's window and lanes, between a title band and a caption band. The one layout the PNG,
// the SVG and every frame of an animation share, so a frame of an animation is the
// screenshot with a playhead on it.
//
// Needs a QGuiApplication (text). The framing must have passed framingProblem().
class FramedTimeline {
public:
    // coreCount: the parallelism strip's reference line; 0 or less: the trace's "cores"
    // metadata (the machine that ran it), else this machine's cores.
    FramedTimeline(const Trace& trace, const TimelineFraming& framing, QSize size, TimelineTheme theme,
        int coreCount = 0);

    QSize size() const noexcept { return m_size; }
    const TimelinePainter& painter() const noexcept { return m_painter; }
    const TimelineCoordinates& coordinates() const noexcept { return m_coords; }
    // The timeline's band: below the title, above the caption.
    int timelineTop() const noexcept { return m_titleHeight; }
    int timelineHeight() const noexcept { return m_size.height() - m_titleHeight - m_captionHeight; }
    // The replayable stretch: the window in trace time.
    const FramedWindow& window() const noexcept { return m_window; }

    // Everything but a playhead, over [0, size).
    void paint(QPainter& painter) const;
    // A replay's playhead at t over a paint()ed picture, as the window's replay draws it: what
    // lies after it veiled, a line with a handle on the axis.
    void paintPlayhead(QPainter& painter, TimeNs t) const;

private:
    TimelinePainter m_painter;
    TimelineCoordinates m_coords;
    TimelineFraming m_framing;
    FramedWindow m_window;
    QSize m_size;
    QFont m_titleFont;
    QFont m_captionFont;
    int m_titleHeight = 0;
    int m_captionHeight = 0;
};

} // namespace interleave
