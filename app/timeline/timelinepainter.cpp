#include "timeline/timelinepainter.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <functional>

namespace interleave {
namespace {

constexpr int kMinGutter = 140;
constexpr int kMaxGutter = 360;
constexpr double kMaxGutterShare = 0.35; // of the width: the plot keeps most of it
constexpr int kBarInset = 4; // between a row's edge and its bars

// A translucent colour composed over an opaque one: the opaque colour that looks the same.
QColor over(const QColor& top, const QColor& below)
{
    const double a = top.alphaF();
    auto mix = [a](double t, double b) { return t * a + b * (1 - a); };
    return QColor::fromRgbF(static_cast<float>(mix(top.redF(), below.redF())),
        static_cast<float>(mix(top.greenF(), below.greenF())),
        static_cast<float>(mix(top.blueF(), below.blueF())));
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
    double read = 0;
    // Over every lane, shown or not: the gutter keeps its width when a group opens.
    for (const TimelineRow& row : m_allRows) {
        const LaneInfo& info = m_trace.lane(row.lane);
        const QFontMetricsF& fm = info.kind == LaneKind::Process ? boldMetrics : metrics;
        double around = row.depth * kIndentPx + kDisclosurePx + 2;
        if (row.hasChildren) // room for the count of hidden lanes when it is collapsed
            around += hiddenBadgeWidth(static_cast<int>(m_allRows.size())) + 6;
        widest = std::max(widest, around + fm.horizontalAdvance(laneLabel(info)));
        read = std::max(read, around + fm.horizontalAdvance(shortLaneLabel(info)));
    }
    const QFontMetricsF small(m_smallFont);
    for (const QString& line : stripLabel().split(QLatin1Char('\n')))
        read = std::max(read, small.horizontalAdvance(line) + kStripScaleWidth);
    read = std::max(read, small.horizontalAdvance(axisLabel()));
    m_labelWidth = static_cast<int>(std::ceil(widest));
    m_readWidth = static_cast<int>(std::ceil(read));
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
        if (m_shownLanes && m_shownLanes->count(row.lane) == 0)
            continue;
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

void TimelinePainter::setShownLanes(std::optional<std::set<LaneId>> lanes)
{
    m_shownLanes = std::move(lanes);
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

QString TimelinePainter::shortLaneLabel(const LaneInfo& lane)
{
    if (lane.kind == LaneKind::Process && lane.pid > 0 && !lane.name.empty())
        return QString::fromStdString(lane.name);
    return laneLabel(lane);
}

void TimelinePainter::layout(TimelineCoordinates& coords) const
{
    const QFontMetricsF metrics(m_font);
    const int rowHeight = std::max(26, static_cast<int>(std::ceil(metrics.height() * 1.6)));
    // Whole labels (pids too) get up to a share of the width; what must be read (every name,
    // the strip's and the axis's words, in the type they are drawn in) gets its width, up to
    // half of it: in classroom type beside the docks the share alone cut "MainProcess".
    const int share = std::max(kMinGutter / 2, static_cast<int>(coords.width() * kMaxGutterShare));
    const int wanted = std::min({std::max(kMinGutter, m_labelWidth + 2 * kGutterPadding), kMaxGutter, share});
    const int needed = std::min(m_readWidth + 2 * kGutterPadding, std::max(share, coords.width() / 2));
    coords.setGutterWidth(std::max(wanted, needed));
    coords.setRowHeight(rowHeight);
    coords.setHeaderHeight(legendHeight(coords.width()) + axisHeight() + parallelismHeight(coords) + 6);
    coords.setRowCount(static_cast<int>(m_rows.size()));
    coords.setTraceExtent(m_trace.startTime(), m_trace.endTime());
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
    painter.drawText(axisLabelBox(coords), Qt::AlignLeft | Qt::AlignVCenter, axisLabel());
    painter.restore();
}

int TimelinePainter::axisHeight() const
{
    // Its labels take the band less 6 px of ticks.
    return std::max(kAxisHeight, static_cast<int>(std::ceil(QFontMetricsF(m_smallFont).height())) + 6);
}

int TimelinePainter::parallelismHeight(const TimelineCoordinates& coords) const
{
    // The label's box is 4 px shorter than the strip (stripLabelBox); where the gutter is too
    // narrow for its two lines, they wrap and the strip grows to hold them.
    const double labelWidth = coords.gutterWidth() - 2.0 * kGutterPadding - kStripScaleWidth;
    const QRectF needs = QFontMetricsF(m_smallFont).boundingRect(
        QRectF(0, 0, std::max(1.0, labelWidth), 1e6), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, stripLabel());
    return std::max(kParallelismHeight, static_cast<int>(std::ceil(needs.height())) + 4);
}

QRectF TimelinePainter::axisLabelBox(const TimelineCoordinates& coords) const
{
    return {static_cast<double>(kGutterPadding), static_cast<double>(legendBottom(coords)),
        coords.gutterWidth() - 2.0 * kGutterPadding, axisHeight() - 6.0};
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
