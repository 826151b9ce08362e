#pragma once

#include "timeline/lodtable.h"
#include "timeline/timelinecoordinates.h"
#include "timeline/timelinedrawlist.h"
#include "timeline/timelinepalette.h"
#include "trace/trace.h"

#include <QFont>
#include <QPointF>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

class QPainter;

namespace interleave {

// One row of the timeline: a lane and how deep it sits under its process.
struct TimelineRow {
    LaneId lane = kNoLane;
    int depth = 0;
};

// A span under a point of the timeline.
struct TimelineHit {
    LaneId lane = kNoLane;
    std::size_t spanIndex = 0;

    friend bool operator==(const TimelineHit&, const TimelineHit&) = default;
};

// Paints a Trace into any QPainter: a widget, a QImage for PNG export or a benchmark, a
// QSvgGenerator. One code path, so a screenshot matches the screen.
//
// Layout, top to bottom: a legend of the states, the time axis, the parallelism strip (how
// many execution lanes are Running at each pixel column, against the core count), then one row
// per lane with its label in a left gutter, indented process > thread > coroutine.
class TimelinePainter {
public:
    explicit TimelinePainter(TimelineTheme theme = TimelineTheme::Light);

    void setTrace(const Trace& trace);
    const Trace& trace() const noexcept { return m_trace; }
    // Level-of-detail summaries to draw dense lanes from (see LodTable). Kept across setTrace:
    // a lane uses its summary only while the summary matches the lane, so a table built for
    // an earlier snapshot is simply not used for the lanes that grew since. nullptr: none.
    void setLodTable(std::shared_ptr<const LodTable> table) { m_lod = std::move(table); }
    const std::shared_ptr<const LodTable>& lodTable() const noexcept { return m_lod; }
    void setTheme(TimelineTheme theme);
    const TimelinePalette& palette() const noexcept { return m_palette; }
    // The reference line of the parallelism strip; 0 or less: none is drawn.
    void setCoreCount(int cores) noexcept { m_coreCount = cores; }
    int coreCount() const noexcept { return m_coreCount; }
    // Labels use this font; the axis and legend a slightly smaller one. At least 11 pt is
    // readable from the back of a room with a projector.
    void setFont(const QFont& font);
    const QFont& font() const noexcept { return m_font; }

    const std::vector<TimelineRow>& rows() const noexcept { return m_rows; }
    std::optional<int> rowOfLane(LaneId lane) const;

    // Sets the gutter, header, row height and row count of coords for this trace at
    // coords.width(). The time window is left alone.
    void layout(TimelineCoordinates& coords) const;

    // The static layer: everything but selection and hover, over [0, width) x [0, height).
    void paint(QPainter& painter, const TimelineCoordinates& coords, int height) const;
    // Outlines one span on top of a painted layer (selection: strong; hover: light).
    void paintHighlight(
        QPainter& painter, const TimelineCoordinates& coords, const TimelineHit& span, bool selection) const;

    // The span under a point: the one covering the time under x in the row under y. Near a
    // span too short to aim at (a Done marker, a sliver at a wide zoom) a few pixels of slack
    // still find it.
    std::optional<TimelineHit> hitTest(const TimelineCoordinates& coords, QPointF point) const;

    // Lanes in display order: each process, then its threads (each followed by its
    // coroutines), then its pool's task lanes; lanes whose parent is unknown come last.
    static std::vector<TimelineRow> orderRows(const Trace& trace);

    // "12.5 ms", "3 s", "250 ns": a duration in the unit its size calls for.
    static QString formatDuration(TimeNs ns);
    // The label of an axis tick at offset (from the trace's start) with ticks `step` apart.
    static QString formatTick(TimeNs offset, TimeNs step);
    // The 1-2-5 step giving ticks at least minSpacingPx apart at nsPerPixel.
    static TimeNs tickStep(double nsPerPixel, double minSpacingPx);

    static constexpr int kLegendHeight = 30;
    static constexpr int kAxisHeight = 30;
    static constexpr int kParallelismHeight = 76;

private:
    QString laneLabel(const LaneInfo& lane) const;
    void paintLegend(QPainter& painter, const TimelineCoordinates& coords) const;
    void paintAxis(QPainter& painter, const TimelineCoordinates& coords, int height) const;
    void paintParallelism(QPainter& painter, const TimelineCoordinates& coords,
        const std::vector<TimelineDrawList>& executionLists) const;
    void paintRow(
        QPainter& painter, const TimelineCoordinates& coords, int row, const TimelineDrawList& list) const;
    void paintSwatch(QPainter& painter, const QRectF& rect, State state) const;

    const LaneLod* lodOf(LaneId lane) const { return m_lod ? m_lod->lane(m_trace, lane) : nullptr; }

    Trace m_trace;
    std::shared_ptr<const LodTable> m_lod;
    TimelinePalette m_palette;
    QFont m_font;
    QFont m_smallFont;
    std::vector<TimelineRow> m_rows;
    std::vector<int> m_rowOfLane; // by lane id; -1: not shown
    int m_coreCount = 0;
    int m_labelWidth = 0; // widest label with its indent, in pixels
};

} // namespace interleave
