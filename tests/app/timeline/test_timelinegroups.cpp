// Collapsible lane groups, the wrapping legend and the widget's level-of-detail job.
#include "timeline/timelinepainter.h"
#include "trace/clock.h"
#include "timeline/timelinewidget.h"

#include <QBuffer>
#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QSvgGenerator>
#include <QTest>

#include <gtest/gtest.h>

namespace interleave {
namespace {


// Lane ids: 0 process, 1 Thread-1, 2 task, 3 Thread-2, 4 coroutine under Thread-1.
// Rows, all open: process, Thread-1, coroutine, Thread-2, task.
Trace groupTrace(TimeNs end = 100 * kNsPerMs)
{
    TraceBuilder b;
    const LaneId process = b.addLane({.kind = LaneKind::Process, .pid = 10, .tid = 10, .name = "python"});
    const LaneId t1
        = b.addLane({.parent = process, .kind = LaneKind::Thread, .pid = 10, .tid = 11, .name = "Thread-1"});
    const LaneId task = b.addLane({.parent = process, .kind = LaneKind::Task, .name = "task 0"});
    const LaneId t2
        = b.addLane({.parent = process, .kind = LaneKind::Thread, .pid = 10, .tid = 12, .name = "Thread-2"});
    const LaneId coro = b.addLane({.parent = t1, .kind = LaneKind::Coroutine, .name = "fetch()"});
    b.append(process, {.time = 0, .state = State::WaitingLock});
    b.append(t1, {.time = 0, .state = State::BlockedIo});
    b.append(t2, {.time = 0, .state = State::WaitingGil});
    b.append(task, {.time = 0, .state = State::Ready});
    b.append(coro, {.time = 0, .state = State::Running}); // the only Running lane
    for (LaneId lane : {process, t1, t2, task, coro})
        b.setLaneEnd(lane, end);
    return b.build();
}

TimelineCoordinates fitted(const TimelinePainter& painter, int width)
{
    TimelineCoordinates c;
    c.setWidth(width);
    painter.layout(c);
    c.fitTo(painter.trace().startTime(), painter.trace().endTime());
    return c;
}

std::vector<LaneId> shownLanes(const TimelinePainter& painter)
{
    std::vector<LaneId> lanes;
    for (const TimelineRow& row : painter.rows())
        lanes.push_back(row.lane);
    return lanes;
}

TEST(TimelineGroups, CollapsingAGroupHidesItsChildrenRowsAndExpandingRestoresThem)
{
    TimelinePainter painter;
    painter.setTrace(groupTrace());
    EXPECT_EQ(shownLanes(painter), (std::vector<LaneId> {0, 1, 4, 3, 2}));
    EXPECT_TRUE(painter.rows()[0].hasChildren);
    EXPECT_TRUE(painter.rows()[1].hasChildren);
    EXPECT_FALSE(painter.rows()[3].hasChildren);

    painter.setCollapsed(1, true); // Thread-1 hides its coroutine
    EXPECT_EQ(shownLanes(painter), (std::vector<LaneId> {0, 1, 3, 2}));
    EXPECT_TRUE(painter.rows()[1].collapsed);
    EXPECT_EQ(painter.rows()[1].hiddenLanes, 1);
    EXPECT_FALSE(painter.rowOfLane(4));
    EXPECT_EQ(painter.rowOfLane(3), 2);

    painter.setCollapsed(0, true); // the process hides everything under it
    EXPECT_EQ(shownLanes(painter), (std::vector<LaneId> {0}));
    EXPECT_EQ(painter.rows()[0].hiddenLanes, 4);
    TimelineCoordinates c = fitted(painter, 900);
    EXPECT_EQ(c.rowCount(), 1);

    painter.setCollapsed(0, false); // Thread-1 is still collapsed inside it
    EXPECT_EQ(shownLanes(painter), (std::vector<LaneId> {0, 1, 3, 2}));
    painter.expandAll();
    EXPECT_EQ(shownLanes(painter), (std::vector<LaneId> {0, 1, 4, 3, 2}));
    painter.collapseAll();
    EXPECT_EQ(shownLanes(painter), (std::vector<LaneId> {0}));
    EXPECT_EQ(painter.collapsedLanes(), (std::set<LaneId> {0, 1}));
}

TEST(TimelineGroups, HitTestingMapsToTheLanesShownAfterACollapse)
{
    TimelinePainter painter;
    painter.setTrace(groupTrace());
    painter.setCollapsed(1, true);
    const TimelineCoordinates c = fitted(painter, 1000);
    const double x = c.xForTime(50 * kNsPerMs);
    auto laneAtRow = [&](int row) {
        const auto hit = painter.hitTest(c, QPointF(x, c.yForRow(row) + c.rowHeight() / 2.0));
        return hit ? hit->lane : kNoLane;
    };
    EXPECT_EQ(laneAtRow(0), 0);
    EXPECT_EQ(laneAtRow(1), 1); // the collapsed group's row is its own lane
    EXPECT_EQ(laneAtRow(2), 3); // Thread-2 moved up into the coroutine's place
    EXPECT_EQ(laneAtRow(3), 2);
    EXPECT_FALSE(painter.hitTest(c, QPointF(x, c.yForRow(4) + 5))); // no fifth row any more

    // The label of a group is where a click toggles it; a lane without children has none.
    EXPECT_EQ(painter.groupAt(c, QPointF(20, c.yForRow(1) + 5)), 1);
    EXPECT_EQ(painter.groupAt(c, QPointF(20, c.yForRow(0) + 5)), 0);
    EXPECT_FALSE(painter.groupAt(c, QPointF(20, c.yForRow(2) + 5)));
    EXPECT_FALSE(painter.groupAt(c, QPointF(x, c.yForRow(1) + 5))); // in the plot: a span
}

TEST(TimelineGroups, CollapsedStateIsKeptByLaneIdWhileTheTraceGrows)
{
    TimelinePainter painter;
    painter.setTrace(groupTrace(50 * kNsPerMs));
    painter.setCollapsed(1, true);
    painter.setTrace(groupTrace(80 * kNsPerMs)); // the same lanes, longer: a live update
    EXPECT_EQ(shownLanes(painter), (std::vector<LaneId> {0, 1, 3, 2}));

    // A new coroutine appears under the collapsed thread: it joins the hidden ones.
    TraceBuilder b;
    const Trace before = groupTrace(80 * kNsPerMs);
    for (std::size_t i = 0; i < before.laneCount(); ++i) {
        const LaneId lane = b.addLane(before.lane(static_cast<LaneId>(i)));
        b.append(lane, {.time = 0, .state = State::Running});
    }
    b.addLane({.parent = 1, .kind = LaneKind::Coroutine, .name = "second()"});
    painter.setTrace(b.build());
    EXPECT_EQ(shownLanes(painter), (std::vector<LaneId> {0, 1, 3, 2}));
    EXPECT_EQ(painter.rows()[1].hiddenLanes, 2);
}

TEST(TimelineGroups, ACollapsedRowShowsTheMergedStateOfTheLanesItHides)
{
    TimelinePainter painter;
    painter.setTrace(groupTrace());
    const TimelinePalette& palette = painter.palette();
    auto rowColours = [&](int row, const TimelineCoordinates& c, const QImage& image) {
        std::set<QRgb> colours;
        for (int y = c.yForRow(row); y < c.yForRow(row) + c.rowHeight(); ++y)
            colours.insert(image.pixel(static_cast<int>(c.xForTime(50 * kNsPerMs)), y) & 0xffffff);
        return colours;
    };
    auto render = [&](TimelineCoordinates& c) {
        c = fitted(painter, 1000);
        QImage image(1000, 500, QImage::Format_ARGB32_Premultiplied);
        QPainter p(&image);
        painter.paint(p, c, image.height());
        return image;
    };
    const QRgb running = palette.stateColor(State::Running).rgb() & 0xffffff;
    TimelineCoordinates c;
    QImage open = render(c);
    EXPECT_FALSE(rowColours(1, c, open).count(running)) << "Thread-1 itself never runs";

    painter.setCollapsed(1, true);
    QImage collapsed = render(c);
    // Its row now also shows its hidden coroutine, which runs all along.
    EXPECT_TRUE(rowColours(1, c, collapsed).count(running));
    EXPECT_TRUE(rowColours(1, c, collapsed).count(palette.stateColor(State::BlockedIo).rgb() & 0xffffff));
}

TEST(TimelineGroups, APoolsSummaryShowsItsWorkersNotItsQueuedTasks)
{
    TraceBuilder b;
    const LaneId process = b.addLane({.kind = LaneKind::Process, .pid = 10, .tid = 10, .name = "pool"});
    const LaneId worker = b.addLane({.parent = process, .kind = LaneKind::Thread, .name = "worker"});
    b.append(process, {.time = 0, .state = State::WaitingLock});
    b.append(worker, {.time = 0, .state = State::Running});
    for (int t = 0; t < 3; ++t) { // three tasks queued the whole time: they outnumber the worker
        const LaneId task = b.addLane({.parent = process, .kind = LaneKind::Task, .name = "task"});
        b.append(task, {.time = 0, .state = State::Ready});
        b.setLaneEnd(task, 100 * kNsPerMs);
    }
    b.setLaneEnd(process, 100 * kNsPerMs);
    b.setLaneEnd(worker, 100 * kNsPerMs);
    TimelinePainter painter;
    painter.setTrace(b.build());
    painter.setCollapsed(process, true);
    const TimelineCoordinates c = fitted(painter, 800);
    QImage image(800, 400, QImage::Format_ARGB32_Premultiplied);
    {
        QPainter p(&image);
        painter.paint(p, c, image.height());
    }
    std::set<QRgb> colours;
    for (int y = c.yForRow(0); y < c.yForRow(0) + c.rowHeight(); ++y)
        colours.insert(image.pixel(static_cast<int>(c.xForTime(50 * kNsPerMs)), y) & 0xffffff);
    EXPECT_TRUE(colours.count(painter.palette().stateColor(State::Running).rgb() & 0xffffff));
    EXPECT_FALSE(colours.count(painter.palette().stateColor(State::Ready).rgb() & 0xffffff));
}

TEST(TimelineGroups, ClickingAGroupLabelTogglesItInTheWidget)
{
    TimelineWidget widget;
    widget.resize(1000, 500);
    widget.setTrace(groupTrace());
    QSignalSpy changed(&widget, &TimelineWidget::laneGroupsChanged);
    const TimelineCoordinates& c = widget.coordinates();
    const QPoint label(30, c.yForRow(1) + c.rowHeight() / 2);

    QTest::mouseClick(&widget, Qt::LeftButton, {}, label);
    EXPECT_TRUE(widget.isLaneCollapsed(1));
    EXPECT_EQ(changed.count(), 1);
    EXPECT_EQ(widget.coordinates().rowCount(), 4);
    EXPECT_FALSE(widget.selection()) << "a click on a label selects no span";

    // A click on a span of the row that moved up selects the lane now shown there.
    const QPoint span(static_cast<int>(c.xForTime(50 * kNsPerMs)), c.yForRow(2) + c.rowHeight() / 2);
    QTest::mouseClick(&widget, Qt::LeftButton, {}, span);
    ASSERT_TRUE(widget.selection());
    EXPECT_EQ(widget.selection()->lane, 3);

    // A live update keeps the group collapsed.
    widget.setTrace(groupTrace(120 * kNsPerMs));
    EXPECT_TRUE(widget.isLaneCollapsed(1));
    EXPECT_EQ(widget.coordinates().rowCount(), 4);

    QTest::mouseClick(&widget, Qt::LeftButton, {}, label);
    EXPECT_FALSE(widget.isLaneCollapsed(1));
    EXPECT_EQ(widget.coordinates().rowCount(), 5);

    widget.collapseAllGroups();
    EXPECT_EQ(widget.coordinates().rowCount(), 1);
    widget.expandAllGroups();
    EXPECT_EQ(widget.coordinates().rowCount(), 5);
    EXPECT_EQ(changed.count(), 4);
}

// The legend must list every state at any width: at a narrow one it wraps.
TEST(TimelineLegend, EveryStateIsInsideThePaintedAreaAtANarrowWidth)
{
    TimelinePainter painter;
    painter.setTrace(groupTrace());
    for (int width : {1600, 1280, 800, 520}) {
        SCOPED_TRACE(width);
        const TimelineCoordinates c = fitted(painter, width);
        const auto entries = painter.legendLayout(width);
        ASSERT_EQ(entries.size(), 8U); // every state but Done (the end of a bar says it)
        const int legendBottom = painter.legendHeight(width);
        for (std::size_t i = 0; i < entries.size(); ++i) {
            const QRectF& r = entries[i].rect;
            EXPECT_GE(r.left(), 0);
            EXPECT_LE(r.right(), width);
            EXPECT_LE(r.bottom(), legendBottom);
            EXPECT_LE(legendBottom + TimelinePainter::kAxisHeight, c.headerHeight())
                << "the axis sits below it";
            for (std::size_t j = 0; j < i; ++j)
                EXPECT_FALSE(r.intersects(entries[j].rect)) << "entries " << i << " and " << j << " overlap";
        }
        // And each is painted: its swatch shows its colour in the image.
        QImage image(width, 400, QImage::Format_ARGB32_Premultiplied);
        {
            QPainter p(&image);
            painter.paint(p, c, image.height());
        }
        for (const auto& entry : entries) {
            const QRgb colour = painter.palette().stateColor(entry.state).rgb() & 0xffffff;
            bool found = false;
            const QRect swatch = entry.rect.toRect();
            for (int y = swatch.top(); y <= swatch.bottom() && !found; ++y) {
                for (int x = swatch.left(); x < swatch.left() + 16 && !found; ++x)
                    found = (image.pixel(x, y) & 0xffffff) == colour;
            }
            EXPECT_TRUE(found) << "no swatch of state " << static_cast<int>(entry.state);
        }
    }
    EXPECT_EQ(painter.legendHeight(1600), 30) << "one line where it fits";
    EXPECT_GT(painter.legendHeight(520), painter.legendHeight(1600));
}

TEST(TimelineLegend, ANarrowSvgExportListsEveryState)
{
    TimelinePainter painter;
    painter.setTrace(groupTrace());
    const TimelineCoordinates c = fitted(painter, 600);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setSize(QSize(600, 400));
    svg.setViewBox(QRect(0, 0, 600, 400));
    {
        QPainter p(&svg);
        painter.paint(p, c, 400);
    }
    const QByteArray data = buffer.data();
    for (const char* name : {"Running", "Waiting for the GIL", "Blocked on I/O", "Waiting for lock",
             "Ready", "Suspended at await", "Starting", "Failed"})
        EXPECT_TRUE(data.contains(name)) << name;
}

// A trace dense enough to be worth summaries.
Trace denseTrace(int lanes, TimeNs step)
{
    TraceBuilder b;
    for (int l = 0; l < lanes; ++l) {
        const LaneId lane = b.addLane({.kind = LaneKind::Thread, .name = "T" + std::to_string(l)});
        const int spans = static_cast<int>(LodTable::kWorthBuildingSpans) / lanes + 10;
        for (int i = 0; i < spans; ++i)
            b.append(lane, {.time = i * step, .state = i % 2 ? State::Running : State::WaitingGil});
    }
    return b.build();
}

TEST(TimelineWidgetLod, ABigTraceGetsItsSummariesFromABackgroundJob)
{
    TimelineWidget widget;
    widget.resize(900, 400);
    widget.setTrace(groupTrace()); // small: none wanted
    EXPECT_EQ(widget.lodTable(), nullptr);

    const Trace big = denseTrace(4, 100);
    widget.setTrace(big);
    EXPECT_EQ(widget.lodTable(), nullptr) << "setTrace returns at once; the job comes later";
    QTRY_VERIFY_WITH_TIMEOUT(widget.lodTable() != nullptr, 20'000);
    EXPECT_EQ(widget.lodJobsStarted(), 1U);
    for (LaneId lane = 0; lane < 4; ++lane)
        EXPECT_NE(widget.lodTable()->lane(widget.trace(), lane), nullptr);
}

TEST(TimelineWidgetLod, ALiveRunIsSummarisedOnceItStopsChanging)
{
    TimelineWidget widget;
    widget.resize(900, 400);
    // Snapshots of a growing trace, faster than the delay: no job yet.
    for (int step = 1; step <= 5; ++step) {
        widget.setTrace(denseTrace(4, 100 + step));
        QTest::qWait(TimelineWidget::kLodDelayMs / 5);
    }
    EXPECT_EQ(widget.lodJobsStarted(), 0U);
    QTRY_VERIFY_WITH_TIMEOUT(widget.lodTable() != nullptr, 20'000);
    EXPECT_EQ(widget.lodJobsStarted(), 1U);
    EXPECT_NE(widget.lodTable()->lane(widget.trace(), 0), nullptr);
}

TEST(TimelineWidgetLod, AResultForAReplacedTraceIsDropped)
{
    TimelineWidget widget;
    widget.resize(900, 400);
    const Trace first = denseTrace(4, 100);
    const Trace second = denseTrace(4, 70); // same lanes, other times: first's summaries do not fit
    widget.setTrace(first);
    QTRY_VERIFY_WITH_TIMEOUT(widget.lodJobsStarted() == 1U, 20'000);
    widget.setTrace(second); // the first job's result, if it is not in yet, is stale
    // Until the second trace's summaries come, the first's may stay installed: they are not
    // used for lanes they do not fit.
    QTRY_VERIFY_WITH_TIMEOUT(widget.lodTable() != nullptr && widget.lodTable()->lane(second, 0), 20'000);
    QTRY_VERIFY_WITH_TIMEOUT(!widget.lodJobRunning(), 20'000);
    for (LaneId lane = 0; lane < 4; ++lane) {
        EXPECT_NE(widget.lodTable()->lane(second, lane), nullptr);
        EXPECT_EQ(widget.lodTable()->lane(first, lane), nullptr);
    }
    widget.setTrace(groupTrace()); // small again: the summaries go
    EXPECT_EQ(widget.lodTable(), nullptr);
}

} // namespace
} // namespace interleave
