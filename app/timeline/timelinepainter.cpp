#include "timeline/timelinepainter.h"

#include <QFontMetricsF>
#include <QPaintEngine>
#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>

namespace interleave {
namespace {

constexpr int kIndentPx = 16;
constexpr int kDisclosurePx = 16; // room for a group's triangle before every label
constexpr int kGutterPadding = 10;
constexpr int kMinGutter = 140;
constexpr int kMaxGutter = 360;
constexpr double kMaxGutterShare = 0.35; // of the width: the plot keeps most of it
constexpr double kMinTickSpacingPx = 110;
constexpr int kBarInset = 4; // between a row's edge and its bars

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

// A translucent colour composed over an opaque one: the opaque colour that looks the same.
QColor over(const QColor& top, const QColor& below)
{
    const double a = top.alphaF();
    auto mix = [a](double t, double b) { return t * a + b * (1 - a); };
    return QColor::fromRgbF(static_cast<float>(mix(top.redF(), below.redF())),
        static_cast<float>(mix(top.greenF(), below.greenF())),
        static_cast<float>(mix(top.blueF(), below.blueF())));
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

TimelinePainter::TimelinePainter(TimelineTheme theme)
    : m_palette(theme)
{
    QFont font;
    font.setPointSizeF(std::max(11.0, font.pointSizeF()));
    setFont(font);
}

void TimelinePainter::setFont(const QFont& font)
{
    m_font = font;
    if (m_font.pointSizeF() > 0 && m_font.pointSizeF() < 11)
        m_font.setPointSizeF(11);
    m_smallFont = m_font;
    if (m_font.pointSizeF() > 0)
        m_smallFont.setPointSizeF(std::max(10.5, m_font.pointSizeF() - 1));
    m_allRows.clear(); // label widths depend on the font: lay the rows out again
    setTrace(Trace(m_trace));
}

void TimelinePainter::setTheme(TimelineTheme theme)
{
    if (theme != m_palette.theme())
        m_palette = TimelinePalette(theme);
}

void TimelinePainter::setLodTable(std::shared_ptr<const LodTable> table)
{
    m_lod = std::move(table);
    refreshParallelism();
}

void TimelinePainter::setParallelism(std::shared_ptr<const ParallelismProfile> profile)
{
    if (profile && profile->matches(m_trace))
        m_parallelism = std::move(profile);
}

void TimelinePainter::refreshParallelism()
{
    if (m_parallelism && m_parallelism->matches(m_trace))
        return;
    if (m_lod && m_lod->parallelism() && m_lod->parallelism()->matches(m_trace))
        m_parallelism = m_lod->parallelism();
    else if (m_trace.totalSpanCount() < LodTable::kWorthBuildingSpans)
        m_parallelism = std::make_shared<const ParallelismProfile>(m_trace); // a few ms at most
    else
        m_parallelism.reset(); // too large to build per frame: the table's job brings one
}

void TimelinePainter::setTrace(const Trace& trace)
{
    // Rows and label widths change only when the lanes do; a live run mostly appends spans,
    // so the lanes are compared (a few hundred small structs) rather than re-laid out.
    bool sameLanes = !m_allRows.empty() && trace.laneCount() == m_trace.laneCount();
    for (std::size_t i = 0; sameLanes && i < trace.laneCount(); ++i)
        sameLanes = trace.lane(static_cast<LaneId>(i)) == m_trace.lane(static_cast<LaneId>(i));
    m_trace = trace;
    refreshParallelism();
    if (sameLanes)
        return;
    m_allRows = orderRows(m_trace);
    const QFontMetricsF metrics(m_font);
    QFont bold = m_font;
    bold.setBold(true);
    const QFontMetricsF boldMetrics(bold); // process labels are bold
    double widest = 0;
    // Over every lane, shown or not: the gutter keeps its width when a group opens.
    for (const TimelineRow& row : m_allRows) {
        const LaneInfo& info = m_trace.lane(row.lane);
        const QFontMetricsF& fm = info.kind == LaneKind::Process ? boldMetrics : metrics;
        double width = row.depth * kIndentPx + kDisclosurePx + fm.horizontalAdvance(laneLabel(info)) + 2;
        if (row.hasChildren) // room for the count of hidden lanes when it is collapsed
            width += hiddenBadgeWidth(static_cast<int>(m_allRows.size())) + 6;
        widest = std::max(widest, width);
    }
    m_labelWidth = static_cast<int>(std::ceil(widest));
    applyCollapsed();
}

double TimelinePainter::hiddenBadgeWidth(int hiddenLanes) const
{
    return QFontMetricsF(m_smallFont).horizontalAdvance(QStringLiteral("+%1").arg(hiddenLanes)) + 2;
}

void TimelinePainter::applyCollapsed()
{
    m_rows.clear();
    m_hiddenUnder.clear();
    m_rowOfLane.assign(m_trace.laneCount(), -1);
    // Rows come parent first, children right after at a greater depth: a collapsed group hides
    // the rows that follow it while they are deeper than it.
    std::optional<int> hidingDepth;
    for (TimelineRow row : m_allRows) {
        if (hidingDepth && row.depth > *hidingDepth) {
            m_hiddenUnder.back().push_back(row.lane);
            ++m_rows.back().hiddenLanes;
            continue;
        }
        hidingDepth.reset();
        row.collapsed = row.hasChildren && isCollapsed(row.lane);
        row.hiddenLanes = 0;
        if (row.collapsed)
            hidingDepth = row.depth;
        m_rowOfLane[static_cast<std::size_t>(row.lane)] = static_cast<int>(m_rows.size());
        m_rows.push_back(row);
        m_hiddenUnder.emplace_back();
    }
}

void TimelinePainter::setCollapsed(LaneId lane, bool collapsed)
{
    if (collapsed == isCollapsed(lane))
        return;
    if (collapsed)
        m_collapsed.insert(lane);
    else
        m_collapsed.erase(lane);
    applyCollapsed();
}

void TimelinePainter::setCollapsedLanes(std::set<LaneId> lanes)
{
    m_collapsed = std::move(lanes);
    applyCollapsed();
}

void TimelinePainter::collapseAll()
{
    for (const TimelineRow& row : m_allRows) {
        if (row.hasChildren)
            m_collapsed.insert(row.lane);
    }
    applyCollapsed();
}

void TimelinePainter::expandAll()
{
    m_collapsed.clear();
    applyCollapsed();
}

std::optional<LaneId> TimelinePainter::groupAt(const TimelineCoordinates& coords, QPointF point) const
{
    if (point.x() < 0 || point.x() >= coords.gutterWidth())
        return std::nullopt;
    const std::optional<int> row = coords.rowAtY(static_cast<int>(std::floor(point.y())));
    if (!row || *row >= static_cast<int>(m_rows.size())
        || !m_rows[static_cast<std::size_t>(*row)].hasChildren)
        return std::nullopt;
    return m_rows[static_cast<std::size_t>(*row)].lane;
}

std::optional<int> TimelinePainter::rowOfLane(LaneId lane) const
{
    if (lane < 0 || static_cast<std::size_t>(lane) >= m_rowOfLane.size()
        || m_rowOfLane[static_cast<std::size_t>(lane)] < 0)
        return std::nullopt;
    return m_rowOfLane[static_cast<std::size_t>(lane)];
}

std::vector<TimelineRow> TimelinePainter::orderRows(const Trace& trace)
{
    const auto count = static_cast<LaneId>(trace.laneCount());
    std::vector<std::vector<LaneId>> children(trace.laneCount());
    std::vector<LaneId> roots;
    for (LaneId id = 0; id < count; ++id) {
        const LaneId parent = trace.lane(id).parent;
        // A parent that is unknown, or not earlier than its child, cannot form a cycle-free
        // tree by id order: such a lane is listed at the top level rather than lost.
        if (parent >= 0 && parent < id)
            children[static_cast<std::size_t>(parent)].push_back(id);
        else
            roots.push_back(id);
    }
    for (auto& list : children) {
        // Task lanes after the lanes that run them; otherwise in creation order.
        std::stable_partition(
            list.begin(), list.end(), [&](LaneId id) { return isExecutionLane(trace.lane(id).kind); });
    }
    std::vector<TimelineRow> rows;
    rows.reserve(trace.laneCount());
    std::function<void(LaneId, int)> visit = [&](LaneId id, int depth) {
        rows.push_back({id, depth, !children[static_cast<std::size_t>(id)].empty()});
        for (LaneId child : children[static_cast<std::size_t>(id)])
            visit(child, depth + 1);
    };
    for (LaneId root : roots)
        visit(root, 0);
    return rows;
}

QString TimelinePainter::laneLabel(const LaneInfo& lane)
{
    QString name = QString::fromStdString(lane.name);
    if (name.isEmpty())
        name = QStringLiteral("%1 %2").arg(
            QString::fromUtf8(laneKindName(lane.kind).data()), QString::number(lane.id));
    if (lane.kind == LaneKind::Process && lane.pid > 0)
        name += QStringLiteral("  (pid %1)").arg(lane.pid);
    return name;
}

void TimelinePainter::layout(TimelineCoordinates& coords) const
{
    const QFontMetricsF metrics(m_font);
    const int rowHeight = std::max(26, static_cast<int>(std::ceil(metrics.height() * 1.6)));
    const int maxGutter = std::max(kMinGutter / 2, static_cast<int>(coords.width() * kMaxGutterShare));
    const int gutter
        = std::min({std::max(kMinGutter, m_labelWidth + 2 * kGutterPadding), kMaxGutter, maxGutter});
    coords.setGutterWidth(gutter);
    coords.setRowHeight(rowHeight);
    coords.setHeaderHeight(legendHeight(coords.width()) + kAxisHeight + kParallelismHeight + 6);
    coords.setRowCount(static_cast<int>(m_rows.size()));
    coords.setTraceExtent(m_trace.startTime(), m_trace.endTime());
}

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
        entries.push_back({s, QRectF(x, 3 + line * kLegendLineHeight, entryWidth, kLegendLineHeight)});
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
            {State::Unknown, QRectF(x, 3 + line * kLegendLineHeight, entryWidth, kLegendLineHeight), true});
    }
    return entries;
}

int TimelinePainter::legendHeight(int width) const
{
    const std::vector<LegendEntry> entries = legendLayout(width);
    const double bottom = entries.empty() ? 0 : entries.back().rect.bottom();
    return static_cast<int>(std::ceil(bottom)) + 3;
}

void TimelinePainter::paintLegend(QPainter& painter, const TimelineCoordinates& coords) const
{
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
    const int axisBottom = axisTop + kAxisHeight;
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
        painter.drawText(QRectF(left, axisTop, labelWidth + 1, kAxisHeight - 6), Qt::AlignCenter, label);
    }
    painter.setPen(m_palette.axisPen());
    painter.drawLine(QPointF(coords.plotLeft(), axisBottom - 0.5), QPointF(coords.width(), axisBottom - 0.5));
}

void TimelinePainter::paintParallelism(QPainter& painter, const TimelineCoordinates& coords,
    const std::vector<const TimelineDrawList*>& threadLists) const
{
    // Headroom above the scale keeps the core line clear of the axis above it.
    const int top = legendBottom(coords) + kAxisHeight + 12;
    const int bottom = legendBottom(coords) + kAxisHeight + kParallelismHeight - 4;
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
    const QRectF labelBox(kGutterPadding, top - 6, coords.gutterWidth() - 2 * kGutterPadding - 34, usable + 12);
    painter.setPen(m_palette.text());
    painter.drawText(labelBox, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap,
        parallelismStripName() + QStringLiteral("\nthreads running"));
    painter.setPen(m_palette.mutedText());
    painter.drawText(QRectF(left - 40, top - 9, 34, 18), Qt::AlignRight | Qt::AlignVCenter,
        QString::number(static_cast<int>(scale)));
    painter.drawText(
        QRectF(left - 40, bottom - 9, 34, 18), Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("0"));
}

void TimelinePainter::paintRow(
    QPainter& painter, const TimelineDrawList& list, double barTop, double barHeight) const
{
    const double top = barTop;
    const double height = barHeight;
    // Neighbouring narrow items of one state are filled as one rectangle: at a wide zoom a row
    // has up to a couple of items per pixel, and one fill per run instead of per item is most
    // of the painting time saved. A hatch narrower than a few pixels shows no pattern: skipped.
    constexpr double kNarrowPx = 4;
    // The busy mark under merged blocks runs across state changes: one fill per stretch.
    double busyStart = 0;
    double busyEnd = -1;
    auto flushBusy = [&] {
        if (busyEnd > busyStart)
            painter.fillRect(QRectF(busyStart, barTop + barHeight - 3, busyEnd - busyStart, 3),
                m_palette.busyMarkBrush().color());
        busyEnd = -1;
    };
    auto fillRun = [&](double x0, double x1, State state, bool busy) {
        const QRectF rect(x0, barTop, x1 - x0, barHeight);
        painter.fillRect(rect, m_palette.stateColor(state));
        const QBrush& hatch = m_palette.hatchBrush(state);
        if (hatch.style() != Qt::NoBrush && x1 - x0 >= kNarrowPx)
            painter.fillRect(rect, hatch);
        if (!busy)
            return;
        if (busyEnd < 0 || x0 > busyEnd + 0.5) {
            flushBusy();
            busyStart = x0;
        }
        busyEnd = std::max(busyEnd, x1);
    };
    const auto& items = list.items;
    for (std::size_t k = 0; k < items.size();) {
        const TimelineDrawItem& item = items[k];
        if (isTerminal(item.state) && item.spanCount == 1) {
            painter.fillRect(QRectF(item.x0 - 1, top, 3, height), m_palette.stateColor(item.state));
            ++k;
            continue;
        }
        if (item.x1 - item.x0 >= kNarrowPx) {
            // A one-pixel gap between wide neighbours keeps two spans of one state apart.
            fillRun(item.x0, item.x1 - 1, item.state, item.merged());
            ++k;
            continue;
        }
        double x1 = item.x1;
        bool busy = item.merged();
        std::size_t next = k + 1;
        while (next < items.size() && items[next].state == item.state
            && items[next].x1 - items[next].x0 < kNarrowPx && items[next].x0 <= x1 + 0.5) {
            x1 = std::max(x1, items[next].x1);
            busy = busy || items[next].merged();
            ++next;
        }
        fillRun(item.x0, x1, item.state, busy);
        k = next;
    }
    flushBusy();
}

void TimelinePainter::paintGroupSummary(QPainter& painter, const TimelineCoordinates& coords, double top,
    double height, const std::vector<const TimelineDrawList*>& lists) const
{
    // Per pixel column, the state the hidden lanes spend the most time in together (each item
    // weighs what it covers of the column); end markers carry no time and are left out.
    const int columns = coords.plotWidth();
    const double left = coords.plotLeft();
    std::vector<std::array<float, kStateCount>> weight(static_cast<std::size_t>(columns));
    for (const TimelineDrawList* list : lists) {
        for (const TimelineDrawItem& item : list->items) {
            if (isTerminal(item.state))
                continue;
            const double a = std::max(item.x0 - left, 0.0);
            const double b = std::min(item.x1 - left, static_cast<double>(columns));
            for (int c = static_cast<int>(a); c < columns && c < b; ++c) {
                const double cover = std::min(b, c + 1.0) - std::max(a, static_cast<double>(c));
                if (cover > 0)
                    weight[static_cast<std::size_t>(c)][static_cast<std::size_t>(item.state)]
                        += static_cast<float>(cover);
            }
        }
    }
    // A column's state as an index; -1 where no hidden lane has time.
    auto stateOf = [&](int c) {
        const auto& w = weight[static_cast<std::size_t>(c)];
        const auto best = std::max_element(w.begin(), w.end());
        return *best > 0 ? static_cast<int>(best - w.begin()) : -1;
    };
    int runStart = 0;
    int runState = columns > 0 ? stateOf(0) : -1;
    for (int c = 1; c <= columns; ++c) {
        const int state = c < columns ? stateOf(c) : -1;
        if (c < columns && state == runState)
            continue;
        if (runState >= 0) {
            const QRectF rect(left + runStart, top, c - runStart, height);
            painter.fillRect(rect, m_palette.stateColor(static_cast<State>(runState)));
            const QBrush& hatch = m_palette.hatchBrush(static_cast<State>(runState));
            if (hatch.style() != Qt::NoBrush && c - runStart >= 4)
                painter.fillRect(rect, hatch);
        }
        runStart = c;
        runState = state;
    }
}

void TimelinePainter::paintLabel(QPainter& painter, const TimelineCoordinates& coords, int row) const
{
    const TimelineRow& r = m_rows[static_cast<std::size_t>(row)];
    const LaneInfo& info = m_trace.lane(r.lane);
    const double y = coords.yForRow(row);
    const double centre = y + coords.rowHeight() / 2.0;
    const double indent = kGutterPadding + r.depth * kIndentPx;
    if (r.hasChildren) {
        // A triangle, not a glyph: every font has it. Right: collapsed; down: open.
        QPolygonF triangle;
        if (r.collapsed)
            triangle << QPointF(indent + 2, centre - 5) << QPointF(indent + 2, centre + 5)
                     << QPointF(indent + 10, centre);
        else
            triangle << QPointF(indent, centre - 3) << QPointF(indent + 10, centre - 3)
                     << QPointF(indent + 5, centre + 4);
        painter.save();
        painter.setRenderHint(QPainter::Antialiasing, true);
        painter.setPen(Qt::NoPen);
        painter.setBrush(m_palette.mutedText());
        painter.drawPolygon(triangle);
        painter.restore();
    }
    const double left = indent + kDisclosurePx;
    double right = coords.gutterWidth() - kGutterPadding;
    if (r.collapsed) {
        // How many lanes the group hides, at the right end of its label.
        const QString hidden = QStringLiteral("+%1").arg(r.hiddenLanes);
        const double badge = hiddenBadgeWidth(r.hiddenLanes);
        painter.setFont(m_smallFont);
        painter.setPen(m_palette.mutedText());
        painter.drawText(
            QRectF(right - badge, y, badge, coords.rowHeight()), Qt::AlignVCenter | Qt::AlignRight, hidden);
        right -= badge + 6;
    }
    QFont font = m_font;
    font.setBold(info.kind == LaneKind::Process);
    painter.setFont(font);
    painter.setPen(info.kind == LaneKind::Task ? m_palette.mutedText() : m_palette.text());
    const double width = std::max(0.0, right - left);
    const QString label = fitLaneLabel(info, QFontMetricsF(font), width);
    painter.drawText(QRectF(left, y, width, coords.rowHeight()), Qt::AlignVCenter | Qt::AlignLeft, label);
}

QString TimelinePainter::fitLaneLabel(const LaneInfo& lane, const QFontMetricsF& metrics, double width)
{
    const QString whole = laneLabel(lane);
    if (metrics.horizontalAdvance(whole) <= width)
        return whole;
    if (lane.kind == LaneKind::Process && lane.pid > 0 && !lane.name.empty())
        return metrics.elidedText(QString::fromStdString(lane.name), Qt::ElideRight, width);
    return metrics.elidedText(whole, Qt::ElideMiddle, width);
}

void TimelinePainter::paint(QPainter& painter, const TimelineCoordinates& coords, int height) const
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.fillRect(QRect(0, 0, coords.width(), height), m_palette.background());
    const int header = coords.headerHeight();

    // Rows: alternate backgrounds first, so grid lines and bars go on top.
    std::optional<int> firstRow = coords.rowAtY(header);
    const int rowCount = static_cast<int>(m_rows.size());
    int endRow = rowCount;
    if (auto lastVisible = coords.rowAtY(height - 1))
        endRow = *lastVisible + 1;
    const int beginRow = firstRow.value_or(rowCount);

    painter.fillRect(
        QRect(0, header, coords.gutterWidth(), std::max(0, height - header)), m_palette.gutterBackground());
    painter.setClipRect(QRect(0, header, coords.width(), std::max(0, height - header)));
    // Stripes run through the gutter too, so a label and its row read as one line. The stripe
    // colour is composed over each background here, once, so the fills are opaque: a
    // translucent fill over the whole plot is one of the costliest things in a frame.
    const QColor gutterStripe = over(m_palette.alternateRow(), m_palette.gutterBackground());
    const QColor plotStripe = over(m_palette.alternateRow(), m_palette.background());
    for (int row = beginRow; row < endRow; ++row) {
        if (row % 2 == 1) {
            const int y = coords.yForRow(row);
            painter.fillRect(QRect(0, y, coords.gutterWidth(), coords.rowHeight()), gutterStripe);
            painter.fillRect(
                QRect(coords.gutterWidth(), y, coords.plotWidth(), coords.rowHeight()), plotStripe);
        }
    }
    painter.setClipping(false);

    // Draw lists, by lane: without a parallelism profile every OS thread lane feeds the
    // strip's estimate, shown or hidden; shown rows are painted, and a collapsed group's row
    // sums up the lanes it hides.
    std::vector<TimelineDrawList> lists(m_trace.laneCount());
    std::vector<char> built(m_trace.laneCount(), 0);
    auto build = [&](LaneId lane) {
        const auto index = static_cast<std::size_t>(lane);
        if (!built[index]) {
            lists[index] = buildLaneDrawList(m_trace, lane, coords, lodOf(lane));
            built[index] = 1;
        }
    };
    std::vector<const TimelineDrawList*> threadLists;
    if (!m_parallelism) {
        for (const TimelineRow& r : m_allRows) {
            const LaneKind kind = m_trace.lane(r.lane).kind;
            if (kind == LaneKind::Process || kind == LaneKind::Thread) {
                build(r.lane);
                threadLists.push_back(&lists[static_cast<std::size_t>(r.lane)]);
            }
        }
    }
    for (int row = beginRow; row < endRow; ++row) {
        build(m_rows[static_cast<std::size_t>(row)].lane);
        for (LaneId hidden : m_hiddenUnder[static_cast<std::size_t>(row)])
            build(hidden);
    }

    // Header.
    painter.fillRect(QRect(0, 0, coords.width(), header), m_palette.headerBackground());
    paintAxis(painter, coords, height);

    painter.setClipRect(
        QRect(coords.gutterWidth(), header, coords.plotWidth(), std::max(0, height - header)));
    for (int row = beginRow; row < endRow; ++row) {
        const TimelineRow& r = m_rows[static_cast<std::size_t>(row)];
        const TimelineDrawList& list = lists[static_cast<std::size_t>(r.lane)];
        const double top = coords.yForRow(row) + kBarInset;
        const double barHeight = coords.rowHeight() - 2 * kBarInset;
        if (r.collapsed) {
            // The group's own lane on top, the merged state of the lanes it hides below.
            const double own = std::floor(barHeight * 0.5);
            paintRow(painter, list, top, own);
            // The lanes that run, if it hides any; pool task lanes only repeat what their
            // workers do (or, queued, would outweigh them).
            std::vector<const TimelineDrawList*> hiddenLists;
            std::vector<const TimelineDrawList*> hiddenTasks;
            for (LaneId hidden : m_hiddenUnder[static_cast<std::size_t>(row)]) {
                const TimelineDrawList* hiddenList = &lists[static_cast<std::size_t>(hidden)];
                (isExecutionLane(m_trace.lane(hidden).kind) ? hiddenLists : hiddenTasks)
                    .push_back(hiddenList);
            }
            if (hiddenLists.empty())
                hiddenLists = std::move(hiddenTasks);
            paintGroupSummary(painter, coords, top + own + 2, barHeight - own - 2, hiddenLists);
        } else if (m_trace.lane(r.lane).kind == LaneKind::Task) {
            // Task lanes only mirror the worker that holds them: thinner than lanes that run.
            paintRow(painter, list, top + barHeight * 0.25, barHeight * 0.5);
        } else {
            paintRow(painter, list, top, barHeight);
        }
        paintDroppedDetail(painter, coords, r.lane, top, barHeight);
    }

    // Labels, clipped to the gutter so a long name never runs into the bars.
    painter.setClipRect(QRect(0, header, coords.gutterWidth() - 4, std::max(0, height - header)));
    for (int row = beginRow; row < endRow; ++row)
        paintLabel(painter, coords, row);
    painter.setClipping(false);

    painter.setPen(m_palette.separatorPen());
    painter.drawLine(QPointF(0, header - 0.5), QPointF(coords.width(), header - 0.5));

    paintParallelism(painter, coords, threadLists);
    paintLegend(painter, coords);
    painter.setFont(m_smallFont);
    painter.setPen(m_palette.mutedText());
    painter.drawText(QRectF(kGutterPadding, legendBottom(coords), coords.gutterWidth() - 2 * kGutterPadding,
                         kAxisHeight - 6),
        Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("time since start"));
    painter.restore();
}

void TimelinePainter::paintDroppedDetail(
    QPainter& painter, const TimelineCoordinates& coords, LaneId lane, double top, double height) const
{
    const DroppedRecords& dropped = m_trace.dropped(lane);
    if (dropped.count == 0)
        return;
    const double x0 = std::max(coords.xForTime(dropped.from), coords.plotLeft());
    const double x1 = std::min(coords.xForTime(m_trace.laneEnd(lane)), static_cast<double>(coords.width()));
    if (x1 <= x0)
        return;
    const QRectF rect(x0, top, std::max(1.0, x1 - x0), height);
    painter.fillRect(rect, m_palette.background());
    painter.fillRect(rect, QBrush(m_palette.mutedText(), Qt::BDiagPattern));
    painter.setPen(QPen(m_palette.mutedText(), 1, Qt::DashLine));
    painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5));
    const QString text = QStringLiteral("detail dropped");
    const QFontMetricsF metrics(m_smallFont);
    if (rect.width() > metrics.horizontalAdvance(text) + 12 && rect.height() >= metrics.height()) {
        painter.setFont(m_smallFont);
        const QRectF label(rect.left() + 4, rect.center().y() - metrics.height() / 2,
            metrics.horizontalAdvance(text) + 4, metrics.height());
        painter.fillRect(label, m_palette.background());
        painter.setPen(m_palette.text());
        painter.drawText(label, Qt::AlignCenter, text);
    }
}

QString TimelinePainter::droppedDetailText() const
{
    return QStringLiteral("detail dropped: %1 spans past the span budget (in the totals)")
        .arg(m_trace.droppedSpanCount());
}

void TimelinePainter::paintHighlight(
    QPainter& painter, const TimelineCoordinates& coords, const TimelineHit& hit, bool selection) const
{
    const std::optional<int> row = rowOfLane(hit.lane);
    if (!row || hit.spanIndex >= m_trace.spanCount(hit.lane))
        return;
    const Span s = m_trace.span(hit.lane, hit.spanIndex);
    if (s.end < coords.windowStart() || s.start >= coords.windowEnd())
        return;
    const double x0 = std::max(coords.xForTime(s.start), coords.plotLeft() - 2);
    const double x1 = std::min(std::max(coords.xForTime(s.end), x0 + 1), coords.plotRight() + 2);
    const int y = coords.yForRow(*row);
    painter.save();
    painter.setClipRect(QRect(coords.gutterWidth(), coords.headerHeight(), coords.plotWidth(),
        std::max(0, coords.contentHeight() - coords.headerHeight())));
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setBrush(Qt::NoBrush);
    painter.setPen(selection ? m_palette.selectionPen() : m_palette.hoverPen());
    painter.drawRect(QRectF(x0 - 1, y + 1.5, x1 - x0 + 2, coords.rowHeight() - 3));
    painter.restore();
}

std::optional<TimelineHit> TimelinePainter::hitTest(const TimelineCoordinates& coords, QPointF point) const
{
    if (point.x() < coords.plotLeft() || point.x() >= coords.plotRight())
        return std::nullopt;
    const std::optional<int> row = coords.rowAtY(static_cast<int>(std::floor(point.y())));
    if (!row || *row >= static_cast<int>(m_rows.size()))
        return std::nullopt;
    const LaneId lane = m_rows[static_cast<std::size_t>(*row)].lane;
    if (const auto index = m_trace.spanAt(lane, coords.timeForX(point.x())))
        return TimelineHit {lane, *index};
    // Slack: the nearest span within a few pixels (a zero-length Done, a sliver).
    constexpr double kSlackPx = 3;
    const auto [first, last] = m_trace.spanRange(
        lane, coords.timeForX(point.x() - kSlackPx), coords.timeForX(point.x() + kSlackPx) + 1);
    if (first == last)
        return std::nullopt;
    return TimelineHit {lane, first};
}

} // namespace interleave
