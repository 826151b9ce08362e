#include "timeline/timelinecoordinates.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace interleave {
namespace {

// Rounds a double time offset to whole nanoseconds without overflowing on absurd inputs
// (a pixel far outside the widget, a factor of 1e-300).
TimeNs roundToNs(double ns)
{
    constexpr double kLimit = 4e18;
    return static_cast<TimeNs>(std::llround(std::clamp(ns, -kLimit, kLimit)));
}

} // namespace

bool TimelineCoordinates::setWindow(TimeNs start, TimeNs end)
{
    if (end <= start)
        return false;
    clampWindow(start, end);
    return true;
}

void TimelineCoordinates::setTraceExtent(TimeNs start, TimeNs end)
{
    m_traceStart = start;
    m_traceEnd = end;
}

TimeNs TimelineCoordinates::maxWindowNs() const noexcept
{
    const TimeNs duration = m_traceEnd - m_traceStart;
    if (duration <= 0)
        return kDefaultMaxWindowNs;
    // A trace shorter than the minimum window still has to be viewable whole.
    return std::max(duration * 10, kMinWindowNs * 10);
}

int TimelineCoordinates::plotWidth() const noexcept
{
    return std::max(1, m_width - m_gutter);
}

double TimelineCoordinates::nsPerPixel() const noexcept
{
    return static_cast<double>(windowDuration()) / plotWidth();
}

double TimelineCoordinates::xForTime(TimeNs t) const noexcept
{
    return m_gutter + static_cast<double>(t - m_start) / nsPerPixel();
}

TimeNs TimelineCoordinates::timeForX(double x) const noexcept
{
    return m_start + roundToNs((x - m_gutter) * nsPerPixel());
}

void TimelineCoordinates::clampWindow(TimeNs start, TimeNs end)
{
    TimeNs duration = end - start;
    const TimeNs centre = start + duration / 2;
    duration = std::clamp(duration, kMinWindowNs, maxWindowNs());
    start = centre - duration / 2;

    // Keep at least a tenth of the window on the trace, so a drag cannot lose it off screen.
    if (m_traceEnd > m_traceStart) {
        const TimeNs margin = duration / 10;
        const TimeNs lowest = m_traceStart - duration + margin;
        const TimeNs highest = m_traceEnd - margin;
        start = std::clamp(start, lowest, std::max(lowest, highest));
    }
    m_start = start;
    m_end = start + duration;
}

void TimelineCoordinates::zoomAround(double x, double factor)
{
    if (!(factor > 0) || !std::isfinite(factor))
        return;
    x = std::clamp(x, plotLeft(), plotRight());
    const TimeNs anchor = timeForX(x);
    const double fraction = (x - m_gutter) / plotWidth();
    const double newDuration = std::clamp(static_cast<double>(windowDuration()) / factor,
        static_cast<double>(kMinWindowNs), static_cast<double>(maxWindowNs()));
    const TimeNs duration = roundToNs(newDuration);
    const TimeNs start = anchor - roundToNs(fraction * static_cast<double>(duration));
    clampWindow(start, start + duration);
}

void TimelineCoordinates::panByPixels(double dx)
{
    const TimeNs shift = roundToNs(dx * nsPerPixel());
    clampWindow(m_start - shift, m_end - shift);
}

void TimelineCoordinates::fitTo(TimeNs start, TimeNs end, double marginPx)
{
    if (end <= start) {
        start -= kMinWindowNs / 2;
        end = start + kMinWindowNs;
    }
    const double usable = plotWidth() - 2 * marginPx;
    if (marginPx > 0 && usable >= plotWidth() / 2.0) {
        const TimeNs margin = roundToNs(static_cast<double>(end - start) * marginPx / usable);
        start -= margin;
        end += margin;
    }
    clampWindow(start, end);
}

std::optional<int> TimelineCoordinates::rowAtY(int y) const noexcept
{
    if (y < m_headerHeight)
        return std::nullopt;
    const int offset = y - m_headerHeight + m_scrollY;
    const int row = offset / m_rowHeight;
    if (row < 0 || row >= m_rowCount)
        return std::nullopt;
    return row;
}

} // namespace interleave
