#pragma once

#include "timeline/timelinecoordinates.h"
#include "timeline/timelinepainter.h"
#include "trace/trace.h"

#include <QPixmap>
#include <QPoint>
#include <QTimer>
#include <QWidget>

#include <cstdint>
#include <future>
#include <memory>
#include <optional>

namespace interleave {

// The interactive timeline. It holds a Trace snapshot (the GUI's timer replaces it at display
// rate during a live run) and paints it with TimelinePainter. The static layer is cached in a
// pixmap at the screen's device pixel ratio and repainted only when the trace, the window, the
// size or the theme change; hover and selection are drawn live on top.
//
// Mouse and keys: Ctrl+wheel or +/- zoom (around the cursor for the wheel), drag or
// Shift+wheel pans, the wheel scrolls lanes, F fits the whole trace, Escape clears the
// selection. A click on a span selects it.
class TimelineWidget : public QWidget {
    Q_OBJECT

public:
    explicit TimelineWidget(QWidget* parent = nullptr);

    void setTrace(const Trace& trace);
    const Trace& trace() const noexcept { return m_painter.trace(); }
    void setTheme(TimelineTheme theme);
    TimelineTheme theme() const noexcept { return m_painter.palette().theme(); }
    void setCoreCount(int cores);

    // While on, every new trace is fitted whole, so a growing run stays in view. Zooming or
    // panning by hand turns it off (followLiveChanged says so); F does not turn it back on.
    void setFollowLive(bool follow);
    bool followLive() const noexcept { return m_followLive; }

    const TimelineCoordinates& coordinates() const noexcept { return m_coords; }
    // The gutter's texts that do not show whole at the present size (TimelinePainter::cutTexts).
    QStringList cutTexts() const { return m_painter.cutTexts(m_coords); }
    // Shows [start, end); refused like TimelineCoordinates::setWindow.
    bool setWindow(TimeNs start, TimeNs end);
    void fitToTrace();
    void zoomBy(double factor, double aroundX);
    // One step of the +/- keys, around the middle of the plot.
    void zoomIn();
    void zoomOut();

    // A replay's playhead, drawn live over the cached layer (what lies after it is veiled);
    // nullopt: none.
    void setPlayhead(std::optional<TimeNs> t);
    std::optional<TimeNs> playhead() const noexcept { return m_playhead; }
    // Pages the window (same zoom) so that t is in view, when it is not.
    void ensureTimeVisible(TimeNs t);

    // The span under a widget point, if any.
    std::optional<TimelineHit> hitTest(QPoint point) const;
    std::optional<TimelineHit> selection() const noexcept { return m_selection; }
    void clearSelection();

    // Collapsible lane groups (process > thread > coroutine), by lane id: they stay collapsed
    // as a live trace grows. A click on a group's label toggles it; the context menu collapses
    // or expands them all.
    void setLaneCollapsed(LaneId lane, bool collapsed);
    bool isLaneCollapsed(LaneId lane) const { return m_painter.isCollapsed(lane); }
    // For an export that shows what the window shows: TimelinePainter::setCollapsedLanes.
    const std::set<LaneId>& collapsedLanes() const noexcept { return m_painter.collapsedLanes(); }
    void collapseAllGroups();
    void expandAllGroups();

    // Repaints of the static layer so far: the cache is meant to keep this low.
    int staticRepaintCount() const noexcept { return m_staticRepaints; }

    // Level of detail: a trace of LodTable::kWorthBuildingSpans spans or more gets its
    // summaries built by a background job, once it has stopped changing for kLodDelayMs (a
    // live run's snapshots, a few a second, would make every summary stale before it is
    // done, and the job would take a core from the run being measured). One job at a time,
    // each tagged with the trace generation it was built for: a result for a trace that has
    // been replaced since is dropped. Until one arrives, dense lanes are drawn from their
    // spans, only slower.
    static constexpr int kLodDelayMs = 250;
    static constexpr int kLodPollMs = 16;
    const LodTable* lodTable() const noexcept { return m_painter.lodTable().get(); }
    std::uint64_t lodJobsStarted() const noexcept { return m_lodJobsStarted; }
    bool lodJobRunning() const noexcept { return m_lodJob.valid(); }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void spanSelected(int lane, qint64 spanIndex);
    void followLiveChanged(bool follow);
    void laneGroupsChanged();

protected:
    bool event(QEvent* event) override;
    void changeEvent(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    void invalidate();
    void relayout();
    void userMovedWindow();
    void scrollRowsBy(int dy);
    QString toolTipFor(const TimelineHit& hit) const;
    void requestLodTable();
    void groupsChanged();
    void startLodJob();
    void collectLodTable();

    TimelinePainter m_painter;
    TimelineCoordinates m_coords;
    QPixmap m_cache;
    bool m_cacheValid = false;
    bool m_windowSet = false; // until a first trace arrives, the window is a placeholder
    bool m_followLive = false;
    std::optional<TimelineHit> m_selection;
    std::optional<TimelineHit> m_hover;
    std::optional<QPoint> m_pressAt;
    QPoint m_lastDragAt;
    bool m_dragged = false;
    int m_staticRepaints = 0;

    struct LodResult {
        std::uint64_t generation = 0;
        std::shared_ptr<const LodTable> table;
    };
    // The job runs on a thread of its own (std::async, kept away from Qt); m_lodPoll looks for
    // its result at display rate. Destroying the widget waits for a running job (about 20 ms
    // for a million spans).
    std::future<LodResult> m_lodJob;
    QTimer m_lodPoll;
    QTimer m_lodDelay;
    std::uint64_t m_lodGeneration = 0; // bumped by every new trace
    std::uint64_t m_lodJobsStarted = 0;
    bool m_lodWanted = false; // the delay ran out while a job was still running
    std::optional<TimeNs> m_playhead;
};

} // namespace interleave
