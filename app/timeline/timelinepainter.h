#pragma once

#include "timeline/lodtable.h"
#include "timeline/parallelismstrip.h"
#include "timeline/timelinecoordinates.h"
#include "timeline/timelinedrawlist.h"
#include "timeline/timelinepalette.h"
#include "trace/trace.h"

#include <QFontMetricsF>
#include <QFont>
#include <QStringList>
#include <QPointF>
#include <QRectF>
#include <QString>

#include <memory>
#include <optional>
#include <set>
#include <utility>
#include <vector>

class QPainter;

namespace interleave {

// One row of the timeline: a lane and how deep it sits under its process.
struct TimelineRow {
    LaneId lane = kNoLane;
    int depth = 0;
    // A group: the lane has lanes nested under it, and its label a disclosure triangle.
    bool hasChildren = false;
    // A collapsed group hides every lane nested under it; its row shows their merged state.
    bool collapsed = false;
    int hiddenLanes = 0;
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
// many OS threads execute in each pixel column: the mean filled, the peak as a line, on a
// scale of the threads that exist, against the core count), then one row per lane with its
// label in a left gutter, indented process > thread > coroutine.
class TimelinePainter {
public:
    explicit TimelinePainter(TimelineTheme theme = TimelineTheme::Light);

    void setTrace(const Trace& trace);
    const Trace& trace() const noexcept { return m_trace; }
    // Level-of-detail summaries to draw dense lanes from (see LodTable). Kept across setTrace:
    // a lane uses its summary only while the summary matches the lane, so a table built for
    // an earlier snapshot is simply not used for the lanes that grew since. nullptr: none.
    void setLodTable(std::shared_ptr<const LodTable> table);
    const std::shared_ptr<const LodTable>& lodTable() const noexcept { return m_lod; }
    void setTheme(TimelineTheme theme);
    const TimelinePalette& palette() const noexcept { return m_palette; }
    // What the parallelism strip draws from: built here for a trace of fewer than
    // LodTable::kWorthBuildingSpans spans, taken from the level-of-detail table for a larger
    // one; nullptr while a large trace waits for its table (the strip then estimates the mean
    // from the draw lists of the thread lanes, and draws no peak).
    const std::shared_ptr<const ParallelismProfile>& parallelism() const noexcept { return m_parallelism; }
    // A profile built elsewhere (an export that draws once builds it whatever the trace's
    // size); used only while it matches the trace.
    void setParallelism(std::shared_ptr<const ParallelismProfile> profile);
    // The reference line of the parallelism strip; 0 or less: none is drawn.
    void setCoreCount(int cores) noexcept { m_coreCount = cores; }
    int coreCount() const noexcept { return m_coreCount; }
    // Labels use this font; the axis and legend a slightly smaller one. At least 11 pt is
    // readable from the back of a room with a projector.
    void setFont(const QFont& font);
    const QFont& font() const noexcept { return m_font; }

    // The rows shown, top to bottom: lanes under a collapsed group are left out.
    const std::vector<TimelineRow>& rows() const noexcept { return m_rows; }
    // The row of a lane; nullopt for a lane hidden in a collapsed group (or unknown).
    std::optional<int> rowOfLane(LaneId lane) const;

    // Collapsed groups, by lane id: the set outlives setTrace, so a group stays collapsed while
    // a live run grows. Ids of lanes that have no children (or do not exist yet) are kept and
    // take effect when such a lane gets children. Changing it lays the rows out again.
    void setCollapsed(LaneId lane, bool collapsed);
    bool isCollapsed(LaneId lane) const { return m_collapsed.count(lane) > 0; }
    const std::set<LaneId>& collapsedLanes() const noexcept { return m_collapsed; }
    void setCollapsedLanes(std::set<LaneId> lanes);
    // Every group of the current trace collapsed (top-level groups then show alone), or none.
    void collapseAll();
    void expandAll();
    // Only these lanes get rows (a framed picture's --lanes); nullopt: every lane. A lane
    // kept whose parent is not keeps its indent. Like the collapsed set, it outlives setTrace.
    void setShownLanes(std::optional<std::set<LaneId>> lanes);
    const std::optional<std::set<LaneId>>& shownLanes() const noexcept { return m_shownLanes; }

    // The legend of the states on top; off, the header starts with the time axis.
    void setLegendShown(bool shown) noexcept { m_legendShown = shown; }
    bool legendShown() const noexcept { return m_legendShown; }

    // The group whose label is under a point (the gutter part of a group's row): a click there
    // toggles it.
    std::optional<LaneId> groupAt(const TimelineCoordinates& coords, QPointF point) const;

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

    // The legend of the states at the top: one line where the width allows, more where not.
    struct LegendEntry {
        State state;
        QRectF rect; // swatch and name
        bool droppedDetail = false; // the hatched stretches past the span budget, not a state
    };
    std::vector<LegendEntry> legendLayout(int width) const;
    int legendHeight(int width) const;

    // The gutter's texts that do not show whole as laid out in coords, for a check that
    // everything a reader needs can be read: a lane's name cut (a process shown without its
    // pid is not cut), the parallelism strip's label, the axis's words.
    QStringList cutTexts(const TimelineCoordinates& coords) const;

    // A lane's label as it fits in `width` pixels: whole when it fits; a process without its
    // pid first (its name is what a reader looks for), cut at the end if still too long;
    // any other lane cut in the middle.
    static QString fitLaneLabel(const LaneInfo& lane, const QFontMetricsF& metrics, double width);

    // A legend line's least height (taller for large type): a one-line legend is 30 px tall
    // with its margins.
    static constexpr int kLegendLineHeight = 24;
    // The time axis's band: kAxisHeight, or taller for large type.
    static constexpr int kAxisHeight = 30;
    int axisHeight() const;
    // The parallelism strip's height, unless its label needs more (large type, narrow gutter).
    static constexpr int kParallelismHeight = 76;
    int parallelismHeight(const TimelineCoordinates& coords) const;
    // Where the strip starts, below the axis; the playhead's veil starts there.
    int stripTop(const TimelineCoordinates& coords) const
    {
        return coords.headerHeight() - parallelismHeight(coords) - 6;
    }
    // The strip's name on screen, the name lessons and the README use for it too.
    static QString parallelismStripName() { return QStringLiteral("Parallelism strip"); }

private:
    static QString laneLabel(const LaneInfo& lane);
    // The label with no more than must be read: a process's name without its pid.
    static QString shortLaneLabel(const LaneInfo& lane);
    static constexpr int kStripScaleWidth = 34; // the strip's scale numbers, right of its label
    // Where the legend ends and the axis starts, as layout() set the header of coords.
    int legendBottom(const TimelineCoordinates& coords) const { return stripTop(coords) - axisHeight(); }
    static constexpr double kLegendSwatch = 16;
    static constexpr double kLegendSpacing = 18;
    static constexpr int kIndentPx = 16;
    static constexpr int kDisclosurePx = 16; // room for a group's triangle before every label
    static constexpr int kGutterPadding = 10;
    void paintLegend(QPainter& painter, const TimelineCoordinates& coords) const;
    void paintAxis(QPainter& painter, const TimelineCoordinates& coords, int height) const;
    void paintParallelism(QPainter& painter, const TimelineCoordinates& coords,
        const std::vector<const TimelineDrawList*>& threadLists) const;
    void refreshParallelism();
    // Where the recorder's span budget ran out: a lane's detail ends and only its totals go on.
    // A hatched grey stretch, never a span stretched over time it did not record.
    void paintDroppedDetail(QPainter& painter, const TimelineCoordinates& coords, LaneId lane, double top,
        double height) const;
    QString droppedDetailText() const;
    void paintRow(QPainter& painter, const TimelineDrawList& list, double barTop, double barHeight) const;
    void paintGroupSummary(QPainter& painter, const TimelineCoordinates& coords, double top, double height,
        const std::vector<const TimelineDrawList*>& lists) const;
    void paintLabel(QPainter& painter, const TimelineCoordinates& coords, int row) const;
    // Where a row's label is drawn, between its indent and the gutter's padding (less the
    // count of hidden lanes of a collapsed group).
    std::pair<double, double> labelSpan(const TimelineCoordinates& coords, const TimelineRow& row) const;
    // The parallelism strip's label box, and the axis's "time since start".
    QRectF stripLabelBox(const TimelineCoordinates& coords) const;
    QRectF axisLabelBox(const TimelineCoordinates& coords) const;
    static QString stripLabel() { return parallelismStripName() + QStringLiteral("\nthreads running"); }
    static QString axisLabel() { return QStringLiteral("time since start"); }
    void applyCollapsed();
    double hiddenBadgeWidth(int hiddenLanes) const;
    void paintSwatch(QPainter& painter, const QRectF& rect, State state) const;

    const LaneLod* lodOf(LaneId lane) const { return m_lod ? m_lod->lane(m_trace, lane) : nullptr; }

    Trace m_trace;
    std::shared_ptr<const LodTable> m_lod;
    std::shared_ptr<const ParallelismProfile> m_parallelism;
    TimelinePalette m_palette;
    QFont m_font;
    QFont m_smallFont;
    std::vector<TimelineRow> m_allRows; // every lane, as if no group were collapsed
    std::vector<TimelineRow> m_rows; // the rows shown
    std::vector<std::vector<LaneId>> m_hiddenUnder; // per shown row: the lanes it hides
    std::vector<int> m_rowOfLane; // by lane id; -1: not shown
    std::set<LaneId> m_collapsed;
    std::optional<std::set<LaneId>> m_shownLanes;
    bool m_legendShown = true;
    int m_coreCount = 0;
    int m_labelWidth = 0; // widest label with its indent, in pixels
    // What the gutter needs for every text to be read whole: each lane's name (a process's
    // without its pid), the strip's label line by line, the axis's words.
    int m_readWidth = 0;
};

} // namespace interleave
