#include "timeline/timelinewidget.h"

#include "timeline/replayoverlay.h"

#include <QContextMenuEvent>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <system_error>

namespace interleave {
namespace {

constexpr double kKeyZoomFactor = 1.5;
// One notch of a wheel (120 units) zooms by this much; touchpads send smaller deltas.
constexpr double kWheelZoomPerNotch = 1.25;
// A press that moves less than this is a click, not a drag.
constexpr int kDragThresholdPx = 4;
// Room for the start and end markers when the whole trace is shown.
constexpr double kFitMarginPx = 8;

} // namespace

TimelineWidget::TimelineWidget(QWidget* parent)
    : QWidget(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    m_painter.setFont(font());
    relayout();
    m_lodPoll.setInterval(kLodPollMs);
    connect(&m_lodPoll, &QTimer::timeout, this, &TimelineWidget::collectLodTable);
    m_lodDelay.setSingleShot(true);
    m_lodDelay.setInterval(kLodDelayMs);
    connect(&m_lodDelay, &QTimer::timeout, this, &TimelineWidget::startLodJob);
}

QSize TimelineWidget::sizeHint() const
{
    return {900, std::clamp(m_coords.contentHeight(), 240, 700)};
}

QSize TimelineWidget::minimumSizeHint() const
{
    return {320, 160};
}

void TimelineWidget::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    // The widget's font is the painter's: classroom mode's large type and a lab view's
    // own size reach the labels, the axis and the rows.
    if (event->type() == QEvent::FontChange) {
        m_painter.setFont(font());
        relayout();
        invalidate();
    }
}

void TimelineWidget::relayout()
{
    m_coords.setWidth(width());
    m_painter.layout(m_coords);
    // Rows scroll, but never past the last one.
    const int maxScroll = std::max(0, m_coords.contentHeight() - height());
    m_coords.setScrollY(std::min(m_coords.scrollY(), maxScroll));
}

void TimelineWidget::invalidate()
{
    m_cacheValid = false;
    update();
}

void TimelineWidget::setTrace(const Trace& trace)
{
    m_painter.setTrace(trace);
    relayout();
    if (m_followLive || !m_windowSet)
        fitToTrace();
    // A span index stays valid as a live trace grows; a smaller trace may have lost it.
    if (m_selection && m_selection->lane >= 0
        && (static_cast<std::size_t>(m_selection->lane) >= trace.laneCount()
            || m_selection->spanIndex >= trace.spanCount(m_selection->lane)))
        m_selection.reset();
    m_hover.reset();
    invalidate();
    requestLodTable();
}

void TimelineWidget::requestLodTable()
{
    ++m_lodGeneration; // whatever is being built now is for an older trace
    if (m_painter.trace().totalSpanCount() < LodTable::kWorthBuildingSpans) {
        m_lodDelay.stop();
        m_painter.setLodTable(nullptr); // small traces draw fast from their spans
        return;
    }
    m_lodDelay.start(); // restarted by every snapshot of a live run
}

void TimelineWidget::startLodJob()
{
    if (m_lodJob.valid()) {
        m_lodWanted = true; // one job at a time: the next starts when this one ends
        return;
    }
    m_lodWanted = false;
    const std::uint64_t generation = m_lodGeneration;
    // The Trace is a cheap, immutable snapshot: safe to read on another thread. The job runs on a
    // thread of its own that never touches Qt; the GUI thread looks for its result.
    try {
        m_lodJob = std::async(std::launch::async, [trace = m_painter.trace(), generation] {
            return LodResult {generation, std::make_shared<const LodTable>(trace)};
        });
    } catch (const std::system_error&) {
        return; // no thread to be had: dense lanes go on being drawn from their spans
    }
    ++m_lodJobsStarted;
    m_lodPoll.start();
}

void TimelineWidget::collectLodTable()
{
    if (!m_lodJob.valid() || m_lodJob.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
        return;
    m_lodPoll.stop();
    const LodResult result = m_lodJob.get(); // leaves m_lodJob empty: no job running
    if (result.generation == m_lodGeneration) {
        m_painter.setLodTable(result.table);
        invalidate();
    } else if (m_lodWanted) {
        startLodJob();
    }
}

void TimelineWidget::setTheme(TimelineTheme theme)
{
    if (theme == m_painter.palette().theme())
        return;
    m_painter.setTheme(theme);
    invalidate();
}

void TimelineWidget::setCoreCount(int cores)
{
    m_painter.setCoreCount(cores);
    invalidate();
}

void TimelineWidget::setFollowLive(bool follow)
{
    if (follow == m_followLive)
        return;
    m_followLive = follow;
    if (follow)
        fitToTrace();
    emit followLiveChanged(follow);
}

bool TimelineWidget::setWindow(TimeNs start, TimeNs end)
{
    if (!m_coords.setWindow(start, end))
        return false;
    m_windowSet = true;
    invalidate();
    return true;
}

void TimelineWidget::fitToTrace()
{
    const Trace& trace = m_painter.trace();
    if (trace.empty())
        return;
    m_coords.fitTo(trace.startTime(), trace.endTime(), kFitMarginPx);
    m_windowSet = true;
    invalidate();
}

void TimelineWidget::zoomBy(double factor, double aroundX)
{
    m_coords.zoomAround(aroundX, factor);
    m_windowSet = true;
    userMovedWindow();
    invalidate();
}

void TimelineWidget::zoomIn()
{
    zoomBy(kKeyZoomFactor, m_coords.plotLeft() + m_coords.plotWidth() / 2.0);
}

void TimelineWidget::zoomOut()
{
    zoomBy(1 / kKeyZoomFactor, m_coords.plotLeft() + m_coords.plotWidth() / 2.0);
}

void TimelineWidget::setPlayhead(std::optional<TimeNs> t)
{
    if (t == m_playhead)
        return;
    m_playhead = t;
    update(); // live layer only
}

void TimelineWidget::ensureTimeVisible(TimeNs t)
{
    // Inside the window, even on its very edge, nothing moves: a fitted trace never pages.
    if (t >= m_coords.windowStart() && t <= m_coords.windowEnd())
        return;
    const TimeNs span = m_coords.windowDuration();
    // The next page starts a little before t: what just happened stays in view.
    const TimeNs start = t - span / 10;
    if (m_coords.setWindow(start, start + span)) {
        m_windowSet = true;
        invalidate();
    }
}

void TimelineWidget::userMovedWindow()
{
    if (m_followLive) {
        m_followLive = false;
        emit followLiveChanged(false);
    }
}

void TimelineWidget::clearSelection()
{
    if (!m_selection)
        return;
    m_selection.reset();
    update();
}

std::optional<TimelineHit> TimelineWidget::hitTest(QPoint point) const
{
    return m_painter.hitTest(m_coords, QPointF(point) + QPointF(0.5, 0.5));
}

QString TimelineWidget::toolTipFor(const TimelineHit& hit) const
{
    const Trace& trace = m_painter.trace();
    const LaneInfo& lane = trace.lane(hit.lane);
    const Span s = trace.span(hit.lane, hit.spanIndex);
    QString text = QStringLiteral("<b>%1</b> (%2)<br>%3")
                       .arg(QString::fromStdString(lane.name).toHtmlEscaped(),
                           QString::fromUtf8(laneKindName(lane.kind).data()),
                           QString::fromUtf8(stateLabel(s.state).data()));
    if (s.task != kNoTask)
        text += QStringLiteral("<br>task %1").arg(s.task);
    // A pool task's lane mirrors its worker: name the worker (its lane id is the detail).
    if (lane.kind == LaneKind::Task && !isTerminal(s.state) && s.state != State::Ready && s.detail > 0
        && static_cast<std::size_t>(s.detail) < trace.laneCount()
        && isExecutionLane(trace.lane(static_cast<LaneId>(s.detail)).kind))
        text += QStringLiteral("<br>run by %1")
                    .arg(QString::fromStdString(trace.lane(static_cast<LaneId>(s.detail)).name).toHtmlEscaped());
    if (s.state == State::BlockedIo && s.detail == kBlockedInSelect && lane.kind != LaneKind::Task)
        text += QStringLiteral("<br>the event loop, waiting in select: every task is suspended");
    // A traced CPython program keeps its spans' words in the metadata: what a thread waited
    // on ("lock made at race.py:12"), or with --calls the function it ran in.
    if (const auto source = trace.metadata().find("source");
        s.detail > 0 && source != trace.metadata().end() && source->second == "cpython") {
        if (const auto it = trace.metadata().find("detail." + std::to_string(s.detail)); it != trace.metadata().end())
            text += QStringLiteral("<br>%1").arg(QString::fromStdString(it->second).toHtmlEscaped());
    }
    text += QStringLiteral("<br>start %1<br>duration %2")
                .arg(TimelinePainter::formatDuration(s.start - trace.startTime()),
                    TimelinePainter::formatDuration(s.duration()));
    return text;
}

bool TimelineWidget::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        if (const auto hit = hitTest(help->pos()))
            QToolTip::showText(help->globalPos(), toolTipFor(*hit), this);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

void TimelineWidget::paintEvent(QPaintEvent*)
{
    const qreal dpr = devicePixelRatioF();
    const QSize pixels = (QSizeF(size()) * dpr).toSize();
    if (!m_cacheValid || m_cache.size() != pixels || m_cache.devicePixelRatio() != dpr) {
        m_cache = QPixmap(pixels);
        m_cache.setDevicePixelRatio(dpr);
        QPainter cachePainter(&m_cache);
        m_painter.paint(cachePainter, m_coords, height());
        m_cacheValid = true;
        ++m_staticRepaints;
    }
    QPainter painter(this);
    painter.drawPixmap(0, 0, m_cache);
    if (m_playhead) {
        const int stripTop = m_painter.stripTop(m_coords);
        // The handle sits on the axis's tick marks, below its labels.
        paintPlayhead(painter, m_coords, m_painter.palette(), *m_playhead, stripTop - 11, stripTop, height());
    }
    if (m_hover && m_hover != m_selection)
        m_painter.paintHighlight(painter, m_coords, *m_hover, false);
    if (m_selection)
        m_painter.paintHighlight(painter, m_coords, *m_selection, true);
}

void TimelineWidget::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    relayout();
    if (m_followLive)
        fitToTrace();
    invalidate();
}

void TimelineWidget::scrollRowsBy(int dy)
{
    const int maxScroll = std::max(0, m_coords.contentHeight() - height());
    const int scroll = std::clamp(m_coords.scrollY() + dy, 0, maxScroll);
    if (scroll == m_coords.scrollY())
        return;
    m_coords.setScrollY(scroll);
    invalidate();
}

void TimelineWidget::wheelEvent(QWheelEvent* event)
{
    const QPoint delta = event->angleDelta();
    if (event->modifiers() & Qt::ControlModifier) {
        const double notches = delta.y() / 120.0;
        zoomBy(std::pow(kWheelZoomPerNotch, notches), event->position().x());
    } else if (event->modifiers() & Qt::ShiftModifier || delta.x() != 0) {
        // Shift turns a vertical wheel into a horizontal one (some systems already do).
        const int dx = delta.x() != 0 ? delta.x() : delta.y();
        m_coords.panByPixels(dx / 2.0);
        userMovedWindow();
        invalidate();
    } else {
        scrollRowsBy(-delta.y() / 4);
    }
    event->accept();
}

void TimelineWidget::keyPressEvent(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal: // + without Shift on many layouts
        zoomIn();
        break;
    case Qt::Key_Minus:
        zoomOut();
        break;
    case Qt::Key_F:
        fitToTrace();
        break;
    case Qt::Key_Left:
    case Qt::Key_Right:
        m_coords.panByPixels((event->key() == Qt::Key_Left ? 1 : -1) * m_coords.plotWidth() / 8.0);
        userMovedWindow();
        invalidate();
        break;
    case Qt::Key_Escape:
        clearSelection();
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

void TimelineWidget::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    m_pressAt = event->position().toPoint();
    m_lastDragAt = *m_pressAt;
    m_dragged = false;
    event->accept();
}

void TimelineWidget::mouseMoveEvent(QMouseEvent* event)
{
    const QPoint at = event->position().toPoint();
    if (m_pressAt && (event->buttons() & Qt::LeftButton)) {
        if (!m_dragged && (at - *m_pressAt).manhattanLength() >= kDragThresholdPx)
            m_dragged = true;
        if (m_dragged) {
            m_coords.panByPixels(at.x() - m_lastDragAt.x());
            scrollRowsBy(m_lastDragAt.y() - at.y());
            m_lastDragAt = at;
            userMovedWindow();
            invalidate();
        }
        event->accept();
        return;
    }
    const std::optional<TimelineHit> hover = hitTest(at);
    if (hover != m_hover) {
        m_hover = hover;
        update(); // live layer only: the cache stays valid
    }
}

void TimelineWidget::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || !m_pressAt) {
        QWidget::mouseReleaseEvent(event);
        return;
    }
    if (!m_dragged) {
        if (const auto group = m_painter.groupAt(m_coords, event->position())) {
            setLaneCollapsed(*group, !isLaneCollapsed(*group));
            m_pressAt.reset();
            event->accept();
            return;
        }
        m_selection = hitTest(event->position().toPoint());
        if (m_selection)
            emit spanSelected(m_selection->lane, static_cast<qint64>(m_selection->spanIndex));
        update();
    }
    m_pressAt.reset();
    m_dragged = false;
    event->accept();
}

void TimelineWidget::leaveEvent(QEvent* event)
{
    QWidget::leaveEvent(event);
    if (m_hover) {
        m_hover.reset();
        update();
    }
}

} // namespace interleave

namespace interleave {

void TimelineWidget::setLaneCollapsed(LaneId lane, bool collapsed)
{
    if (collapsed == isLaneCollapsed(lane))
        return;
    m_painter.setCollapsed(lane, collapsed);
    groupsChanged();
}

void TimelineWidget::collapseAllGroups()
{
    m_painter.collapseAll();
    groupsChanged();
}

void TimelineWidget::expandAllGroups()
{
    m_painter.expandAll();
    groupsChanged();
}

void TimelineWidget::groupsChanged()
{
    relayout();
    m_hover.reset();
    invalidate();
    emit laneGroupsChanged();
}

void TimelineWidget::contextMenuEvent(QContextMenuEvent* event)
{
    QMenu menu(this);
    if (const auto group = m_painter.groupAt(m_coords, QPointF(event->pos()))) {
        const LaneId lane = *group;
        menu.addAction(isLaneCollapsed(lane) ? tr("Expand") : tr("Collapse"), this,
            [this, lane] { setLaneCollapsed(lane, !isLaneCollapsed(lane)); });
        menu.addSeparator();
    }
    menu.addAction(tr("Collapse all groups"), this, &TimelineWidget::collapseAllGroups);
    menu.addAction(tr("Expand all groups"), this, &TimelineWidget::expandAllGroups);
    menu.exec(event->globalPos());
}

} // namespace interleave
