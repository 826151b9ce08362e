#pragma once

#include "trace/clock.h"

#include <optional>

namespace interleave {

// Time <-> pixel and row <-> y math of the timeline, as a value with no Qt in it.
//
// Horizontally the widget is a label gutter [0, gutterWidth) followed by the plot
// [gutterWidth, width); the plot shows the time window [windowStart, windowEnd). Vertically a
// header strip (time axis and parallelism strip) of headerHeight sits on top, then one row of
// rowHeight per lane. x and y are in logical pixels (device-independent), as QPainter uses them.
class TimelineCoordinates {
public:
    // A window narrower than this shows nothing new: record times are nanoseconds, and the
    // clock read that produced them costs tens of them.
    static constexpr TimeNs kMinWindowNs = 100;
    // The widest window allowed before any trace is known (then: ten times the trace).
    static constexpr TimeNs kDefaultMaxWindowNs = 10'000'000'000;

    TimelineCoordinates() = default;

    // Refused (returns false, nothing changes) when end <= start: a zero-width window would
    // divide by zero in every conversion. Windows narrower than kMinWindowNs are widened
    // around their centre; wider than maxWindowNs() are narrowed around it.
    bool setWindow(TimeNs start, TimeNs end);
    TimeNs windowStart() const noexcept { return m_start; }
    TimeNs windowEnd() const noexcept { return m_end; }
    TimeNs windowDuration() const noexcept { return m_end - m_start; }

    // The trace's extent bounds zoom-out (ten times its duration) and panning (some of the
    // trace stays in view). An empty extent (end <= start) lifts the panning bound.
    void setTraceExtent(TimeNs start, TimeNs end);
    TimeNs maxWindowNs() const noexcept;

    // Negative sizes count as zero. A plot narrower than one pixel is treated as one pixel
    // wide so conversions stay finite while a widget is being laid out.
    void setWidth(int width) noexcept { m_width = width > 0 ? width : 0; }
    void setGutterWidth(int gutter) noexcept { m_gutter = gutter > 0 ? gutter : 0; }
    int width() const noexcept { return m_width; }
    int gutterWidth() const noexcept { return m_gutter; }
    int plotWidth() const noexcept;
    double plotLeft() const noexcept { return m_gutter; }
    double plotRight() const noexcept { return m_gutter + plotWidth(); }

    // Exact in both directions for the times and pixels of a window of any size: the
    // arithmetic is done relative to windowStart, so absolute CLOCK_MONOTONIC values (around
    // 1e15 ns after some days of uptime) lose no nanoseconds to double rounding.
    double xForTime(TimeNs t) const noexcept;
    TimeNs timeForX(double x) const noexcept;
    double nsPerPixel() const noexcept;

    // factor > 1 zooms in. The time under x stays under x (x outside the plot is clamped
    // to it), unless a clamp to [kMinWindowNs, maxWindowNs()] moved the window.
    void zoomAround(double x, double factor);
    // dx > 0 drags the content right: the window moves to earlier times.
    void panByPixels(double dx);
    // Shows [start, end) across the whole plot, less marginPx on either side (so markers at
    // the very start and end are not cut in half by the plot's edges); a zero-length range is
    // widened to kMinWindowNs around it. The margin is dropped on a plot too narrow for it.
    void fitTo(TimeNs start, TimeNs end, double marginPx = 0);

    // Rows.
    void setRowHeight(int height) noexcept { m_rowHeight = height > 1 ? height : 1; }
    void setHeaderHeight(int height) noexcept { m_headerHeight = height > 0 ? height : 0; }
    void setRowCount(int rows) noexcept { m_rowCount = rows > 0 ? rows : 0; }
    void setScrollY(int scrollY) noexcept { m_scrollY = scrollY > 0 ? scrollY : 0; }
    int rowHeight() const noexcept { return m_rowHeight; }
    int headerHeight() const noexcept { return m_headerHeight; }
    int rowCount() const noexcept { return m_rowCount; }
    int scrollY() const noexcept { return m_scrollY; }
    // Top of a row; rows scroll under the header by scrollY.
    int yForRow(int row) const noexcept { return m_headerHeight + row * m_rowHeight - m_scrollY; }
    // The row under y; nullopt in the header and below the last row.
    std::optional<int> rowAtY(int y) const noexcept;
    int contentHeight() const noexcept { return m_headerHeight + m_rowCount * m_rowHeight; }

    friend bool operator==(const TimelineCoordinates&, const TimelineCoordinates&) = default;

private:
    void clampWindow(TimeNs start, TimeNs end);

    TimeNs m_start = 0;
    TimeNs m_end = 1'000'000'000;
    TimeNs m_traceStart = 0;
    TimeNs m_traceEnd = 0;
    int m_width = 0;
    int m_gutter = 0;
    int m_rowHeight = 28;
    int m_headerHeight = 0;
    int m_rowCount = 0;
    int m_scrollY = 0;
};

} // namespace interleave
