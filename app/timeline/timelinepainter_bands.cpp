#include "timeline/timelinepainter.h"

// The bands above the lanes: the legend of states, the time axis with its grid, and the
// parallelism strip; and the tick and duration texts the axis and the tooltips use.

#include <QFontMetricsF>
#include <QPaintEngine>
#include <QPainter>

#include <algorithm>
#include <array>
#include <cmath>

namespace interleave {
namespace {

constexpr double kMinTickSpacingPx = 110;

QString legendName(State s)
{
    return QString::fromUtf8(stateLabel(s).data(), static_cast<qsizetype>(stateLabel(s).size()));
}

// Done, Failed and Stopped are instants; the legend lists Failed (a red marker worth
// explaining) and leaves Done out: the end of a bar says it. Stopped (a grey marker) is listed
// when a lane of the trace ends so; Unknown (a sampling gap) only occurs in traces of a real
// program, and is listed only for them.
constexpr std::array<State, 10> kLegendStates {State::Running, State::WaitingGil, State::BlockedIo,
    State::WaitingLock, State::Ready, State::Suspended, State::Starting, State::Failed, State::Stopped,
    State::Unknown};

// Set by the real-CPython tracer (core/pytrace) on the traces it builds.
bool isSampledTrace(const Trace& trace)
{
    const auto it = trace.metadata().find("source");
    return it != trace.metadata().end() && it->second == "cpython";
}

struct TimeUnit {
    TimeNs ns;
    const char* name;
};
constexpr std::array<TimeUnit, 4> kUnits {
    {{1, "ns"}, {1'000, "µs"}, {1'000'000, "ms"}, {1'000'000'000, "s"}}};

std::size_t unitIndexFor(TimeNs magnitude)
{
    std::size_t unit = 0;
    while (unit + 1 < kUnits.size() && magnitude >= kUnits[unit + 1].ns)
        ++unit;
    return unit;
}

// A vertical line from y0 to y1 over pixel column x (x is a column's centre, like a cosmetic
// pen's). On a raster device it is filled in bands: Qt's raster engine hands a translucent fill
// taller than about a hundred scanlines to its thread pool, and for a one-pixel line the
// hand-over costs more than the fill (much more on a loaded machine). Elsewhere (SVG) it stays
// one line.
void drawVerticalLine(QPainter& painter, double x, double y0, double y1, const QPen& pen)
{
    if (y1 <= y0)
        return;
    const QPaintEngine* engine = painter.paintEngine();
    if (!engine || engine->type() != QPaintEngine::Raster || pen.widthF() > 1
        || pen.style() != Qt::SolidLine) {
        painter.setPen(pen);
        painter.drawLine(QPointF(x, y0), QPointF(x, y1));
        return;
    }
    constexpr double kBand = 64;
    const QColor colour = pen.color();
    for (double y = y0; y < y1; y += kBand)
        painter.fillRect(QRectF(x - 0.5, y, 1, std::min(kBand, y1 - y)), colour);
}

// True when some lane ends Stopped: the run was stopped before it finished.
bool endsStopped(const Trace& trace)
{
    for (std::size_t lane = 0; lane < trace.laneCount(); ++lane) {
        const std::size_t count = trace.spanCount(static_cast<LaneId>(lane));
        if (count > 0 && trace.span(static_cast<LaneId>(lane), count - 1).state == State::Stopped)
            return true;
    }
    return false;
}

} // namespace

TimeNs TimelinePainter::tickStep(double nsPerPixel, double minSpacingPx)
{
    const double wanted = std::max(1.0, nsPerPixel * minSpacingPx);
    TimeNs decade = 1;
    while (static_cast<double>(decade) * 10 <= wanted && decade < TimeNs {1'000'000'000'000'000'000})
        decade *= 10;
    for (TimeNs multiple : {1, 2, 5, 10}) {
        if (static_cast<double>(decade * multiple) >= wanted)
            return decade * multiple;
    }
    return decade * 10;
}

QString TimelinePainter::formatTick(TimeNs offset, TimeNs step)
{
    // The unit follows the step, so neighbouring labels differ in their last digits; far into a
    // long trace a larger unit with decimals keeps labels short ("1500.2 ms", not "1500200 µs").
    std::size_t unit = unitIndexFor(std::max<TimeNs>(step, 1));
    const TimeNs magnitude = offset < 0 ? -offset : offset;
    while (unit + 1 < kUnits.size() && magnitude / kUnits[unit].ns >= 10'000)
        ++unit;
    const double value = static_cast<double>(offset) / static_cast<double>(kUnits[unit].ns);
    int decimals = 0;
    for (TimeNs resolution = kUnits[unit].ns; resolution > step && decimals < 6; resolution /= 10)
        ++decimals;
    return QStringLiteral("%1 %2").arg(
        QString::number(value, 'f', decimals), QString::fromUtf8(kUnits[unit].name));
}

QString TimelinePainter::formatDuration(TimeNs ns)
{
    const TimeNs magnitude = ns < 0 ? -ns : ns;
    const std::size_t unit = unitIndexFor(magnitude);
    const double value = static_cast<double>(ns) / static_cast<double>(kUnits[unit].ns);
    // Three significant digits: "1.25 ms", "12.5 ms", "125 ms".
    const int decimals = unit == 0 ? 0 : (std::abs(value) < 10 ? 2 : std::abs(value) < 100 ? 1 : 0);
    return QStringLiteral("%1 %2").arg(
        QString::number(value, 'f', decimals), QString::fromUtf8(kUnits[unit].name));
}

void TimelinePainter::paintSwatch(QPainter& painter, const QRectF& rect, State state) const
{
    painter.fillRect(rect, m_palette.stateBrush(state));
    const QBrush& hatch = m_palette.hatchBrush(state);
    if (hatch.style() != Qt::NoBrush)
        painter.fillRect(rect, hatch);
}

std::vector<TimelinePainter::LegendEntry> TimelinePainter::legendLayout(int width) const
{
    // Entries flow left to right from the left edge and wrap onto another line where the next
    // one would not fit, so every state keeps its entry at any width a window or slide has.
    const QFontMetricsF metrics(m_smallFont);
    const double right = width - 4;
    // A line as tall as the type (classroom mode's large type overlapped at 24 px).
    const double lineHeight = std::max<double>(kLegendLineHeight, std::ceil(metrics.height()) + 4);
    std::vector<LegendEntry> entries;
    double x = kGutterPadding;
    int line = 0;
    for (State s : kLegendStates) {
        if (s == State::Unknown && !isSampledTrace(m_trace))
            continue;
        if (s == State::Stopped && !endsStopped(m_trace))
            continue;
        const double entryWidth = kLegendSwatch + 6 + std::ceil(metrics.horizontalAdvance(legendName(s))) + 2;
        if (x > kGutterPadding && x + entryWidth > right) {
            ++line;
            x = kGutterPadding;
        }
        entries.push_back({s, QRectF(x, 3 + line * lineHeight, entryWidth, lineHeight)});
        x += entryWidth + kLegendSpacing;
    }
    // A trace past its span budget says so where the states are explained.
    if (m_trace.droppedSpanCount() > 0) {
        const double entryWidth
            = kLegendSwatch + 6 + std::ceil(metrics.horizontalAdvance(droppedDetailText())) + 2;
        if (x > kGutterPadding && x + entryWidth > right) {
            ++line;
            x = kGutterPadding;
        }
        entries.push_back(
            {State::Unknown, QRectF(x, 3 + line * lineHeight, entryWidth, lineHeight), true});
    }
    return entries;
}

int TimelinePainter::legendHeight(int width) const
{
    if (!m_legendShown)
        return 3; // a margin above the axis's labels
    const std::vector<LegendEntry> entries = legendLayout(width);
    const double bottom = entries.empty() ? 0 : entries.back().rect.bottom();
    return static_cast<int>(std::ceil(bottom)) + 3;
}

void TimelinePainter::paintLegend(QPainter& painter, const TimelineCoordinates& coords) const
{
    if (!m_legendShown)
        return;
    painter.setFont(m_smallFont);
    painter.setPen(m_palette.text());
    for (const LegendEntry& entry : legendLayout(coords.width())) {
        const QRectF& r = entry.rect;
        const QRectF swatch(r.left(), r.center().y() - kLegendSwatch / 2, kLegendSwatch, kLegendSwatch);
        if (entry.droppedDetail) {
            painter.fillRect(swatch, QBrush(m_palette.mutedText(), Qt::BDiagPattern));
            painter.setPen(QPen(m_palette.mutedText(), 1, Qt::DashLine));
            painter.drawRect(swatch.adjusted(0.5, 0.5, -0.5, -0.5));
            painter.setPen(m_palette.text());
        } else {
            paintSwatch(painter, swatch, entry.state);
        }
        painter.drawText(
            QRectF(r.left() + kLegendSwatch + 6, r.top(), r.width() - kLegendSwatch - 6, r.height()),
            Qt::AlignVCenter | Qt::AlignLeft, entry.droppedDetail ? droppedDetailText() : legendName(entry.state));
    }
}

void TimelinePainter::paintAxis(QPainter& painter, const TimelineCoordinates& coords, int height) const
{
    const TimeNs step = tickStep(coords.nsPerPixel(), kMinTickSpacingPx);
    const TimeNs origin = m_trace.startTime();
    // First tick at a multiple of step after the window's start, counted from the trace's start.
    const TimeNs fromOrigin = coords.windowStart() - origin;
    TimeNs offset = (fromOrigin / step) * step;
    if (offset < fromOrigin)
        offset += step;
    const int axisTop = legendBottom(coords);
    const int axisBottom = axisTop + axisHeight();
    painter.setFont(m_smallFont);
    const QFontMetricsF metrics(m_smallFont);
    for (; origin + offset < coords.windowEnd(); offset += step) {
        const double x = std::round(coords.xForTime(origin + offset)) + 0.5;
        drawVerticalLine(painter, x, axisBottom, height, m_palette.gridPen());
        painter.setPen(m_palette.axisPen());
        painter.drawLine(QPointF(x, axisBottom - 6), QPointF(x, axisBottom));
        const QString label = formatTick(offset, step);
        const double labelWidth = metrics.horizontalAdvance(label);
        // A label is centred on its tick but never pushed under the gutter or off the edge.
        const double left
            = std::clamp(x - labelWidth / 2, coords.plotLeft() + 2, coords.width() - labelWidth - 2);
        painter.setPen(m_palette.text());
        painter.drawText(QRectF(left, axisTop, labelWidth + 1, axisHeight() - 6), Qt::AlignCenter, label);
    }
    painter.setPen(m_palette.axisPen());
    painter.drawLine(QPointF(coords.plotLeft(), axisBottom - 0.5), QPointF(coords.width(), axisBottom - 0.5));
}

QRectF TimelinePainter::stripLabelBox(const TimelineCoordinates& coords) const
{
    // Beside the strip, left of the room its scale's numbers take.
    const int top = stripTop(coords) + 12;
    const int bottom = stripTop(coords) + parallelismHeight(coords) - 4;
    return {kGutterPadding, top - 6.0, coords.gutterWidth() - 2.0 * kGutterPadding - kStripScaleWidth, bottom - top + 12.0};
}

void TimelinePainter::paintParallelism(QPainter& painter, const TimelineCoordinates& coords,
    const std::vector<const TimelineDrawList*>& threadLists) const
{
    // Headroom above the scale keeps the core line clear of the axis above it.
    const int top = stripTop(coords) + 12;
    const int bottom = stripTop(coords) + parallelismHeight(coords) - 4;
    const int columns = coords.plotWidth();
    const double left = coords.plotLeft();
    std::vector<ParallelismColumn> strip;
    int threads = 0;
    bool peaks = false;
    if (m_parallelism) {
        strip = parallelismColumns(*m_parallelism, coords);
        threads = m_parallelism->threadCount();
        peaks = true;
    } else {
        // A large trace before its profile is built: the mean estimated from the thread lanes'
        // draw lists (each item adds its running share to the columns it covers, in
        // proportion to coverage), no peak.
        strip.resize(static_cast<std::size_t>(columns));
        threads = static_cast<int>(threadLists.size());
        for (const TimelineDrawList* list : threadLists) {
            for (const TimelineDrawItem& item : list->items) {
                if (item.runningShare <= 0)
                    continue;
                const double a = std::max(item.x0 - left, 0.0);
                const double b = std::min(item.x1 - left, static_cast<double>(columns));
                if (b <= a)
                    continue;
                const int first = static_cast<int>(a);
                const int last = std::min(static_cast<int>(std::ceil(b)) - 1, columns - 1);
                for (int c = first; c <= last; ++c) {
                    const double cover = std::min(b, c + 1.0) - std::max(a, static_cast<double>(c));
                    strip[static_cast<std::size_t>(c)].mean += cover * item.runningShare;
                }
            }
        }
    }
    // The scale is the threads that exist: a full strip means every thread is executing.
    const double scale = std::max(1, threads);
    const double usable = bottom - top;
    auto yFor = [&](double value) { return bottom - std::min(value, scale) / scale * usable; };

    // The mean as an area, one rectangle per run of columns of the same height (whole pixels:
    // the strip is drawn without antialiasing). Cheaper to fill than a polygon with two
    // corners per column, and the same picture.
    const QColor areaColour = m_palette.parallelismBrush().color();
    int runStart = 0;
    int runTop = bottom;
    for (int c = 0; c <= columns; ++c) {
        const int rowTop = c < columns
            ? static_cast<int>(std::lround(yFor(strip[static_cast<std::size_t>(c)].mean)))
            : bottom;
        if (c < columns && rowTop == runTop)
            continue;
        if (runTop < bottom)
            painter.fillRect(QRectF(left + runStart, runTop, c - runStart, bottom - runTop), areaColour);
        runStart = c;
        runTop = rowTop;
    }
    if (peaks) {
        // The peak as a thin step line over the area: where it stands above the area, some
        // instant of the column had more threads executing than its average.
        const QColor lineColour = m_palette.parallelismPen().color();
        int from = 0;
        int level = columns > 0 ? strip[0].peak : 0;
        for (int c = 1; c <= columns; ++c) {
            const int next = c < columns ? strip[static_cast<std::size_t>(c)].peak : -1;
            if (next == level)
                continue;
            const int y = static_cast<int>(std::lround(yFor(level)));
            if (level > 0)
                painter.fillRect(QRectF(left + from, y, c - from, 1), lineColour);
            if (c < columns && (level > 0 || next > 0)) {
                const int y2 = static_cast<int>(std::lround(yFor(next)));
                const int y0 = std::min(y, y2);
                painter.fillRect(QRectF(left + c, y0, 1, std::abs(y2 - y) + 1), lineColour);
            }
            from = c;
            level = next;
        }
    }
    painter.setBrush(Qt::NoBrush);
    painter.setPen(m_palette.axisPen());
    painter.drawLine(QPointF(left, bottom + 0.5), QPointF(coords.width(), bottom + 0.5));

    painter.setFont(m_smallFont);
    if (m_coreCount > 0 && m_coreCount <= scale) {
        const double y = std::round(yFor(m_coreCount)) + 0.5;
        painter.setPen(m_palette.coreLinePen());
        painter.drawLine(QPointF(left, y), QPointF(coords.width(), y));
        painter.setPen(m_palette.text());
        const QString cores
            = m_coreCount == 1 ? QStringLiteral("1 core") : QStringLiteral("%1 cores").arg(m_coreCount);
        // Under the line at the right, on a patch of the header's colour so the area drawn
        // beneath cannot hide it.
        const QFontMetricsF metrics(m_smallFont);
        const double textWidth = metrics.horizontalAdvance(cores) + 8;
        // Above the line instead when it sits too low for the label to fit under it.
        const double boxTop = y + 2 + metrics.height() <= bottom ? y + 2 : y - 2 - metrics.height();
        const QRectF box(coords.width() - textWidth - 4, boxTop, textWidth, metrics.height());
        painter.fillRect(box, m_palette.headerBackground());
        painter.drawText(box, Qt::AlignCenter, cores);
    }
    // Named as the lessons name it; the second line says what it counts.
    painter.setPen(m_palette.text());
    painter.drawText(stripLabelBox(coords), Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, stripLabel());
    painter.setPen(m_palette.mutedText());
    // The scale's numbers, centred on the lines they name, as tall as their type.
    const double numberHeight = std::ceil(QFontMetricsF(m_smallFont).height());
    painter.drawText(QRectF(left - 40, top - numberHeight / 2, 34, numberHeight), Qt::AlignRight | Qt::AlignVCenter,
        QString::number(static_cast<int>(scale)));
    painter.drawText(QRectF(left - 40, bottom - numberHeight / 2, 34, numberHeight), Qt::AlignRight | Qt::AlignVCenter,
        QStringLiteral("0"));
}

} // namespace interleave
