#include "timeline/timelinewidget.h"
#include "trace/clock.h"

#include <QApplication>
#include <QImage>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>

#include <gtest/gtest.h>

#include <set>

namespace interleave {
namespace {

constexpr TimeNs kWidgetStart = 5'000 * kNsPerMs; // absolute times, as a real run has

Trace twoThreads()
{
    TraceBuilder b;
    const LaneId process = b.addLane({.kind = LaneKind::Process, .pid = 7, .tid = 7, .name = "python"});
    const LaneId a = b.addLane({.parent = process, .kind = LaneKind::Thread, .name = "Thread-1"});
    const LaneId c = b.addLane({.parent = process, .kind = LaneKind::Thread, .name = "Thread-2"});
    b.append(process, {.time = kWidgetStart, .state = State::WaitingLock});
    b.append(process, {.time = kWidgetStart + 100 * kNsPerMs, .state = State::Done});
    for (int i = 0; i < 20; ++i) {
        b.append(a,
            {.time = kWidgetStart + i * 5 * kNsPerMs, .task = 0, .state = i % 2 ? State::WaitingGil : State::Running});
        b.append(c,
            {.time = kWidgetStart + i * 5 * kNsPerMs, .task = 1, .state = i % 2 ? State::Running : State::WaitingGil});
    }
    b.append(a, {.time = kWidgetStart + 100 * kNsPerMs, .state = State::Done});
    b.append(c, {.time = kWidgetStart + 100 * kNsPerMs, .state = State::Done});
    return b.build();
}

class TimelineWidgetTest : public testing::Test {
protected:
    void SetUp() override
    {
        widget.resize(1000, 400);
        widget.setTrace(twoThreads());
        widget.show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(&widget));
    }

    QPoint pointAt(LaneId lane, TimeNs t) const
    {
        const TimelineCoordinates& c = widget.coordinates();
        const int row = 0 + lane; // rows: process, Thread-1, Thread-2
        return {static_cast<int>(c.xForTime(t)), c.yForRow(row) + c.rowHeight() / 2};
    }

    void sendKey(int key)
    {
        QKeyEvent press(QEvent::KeyPress, key, Qt::NoModifier);
        QApplication::sendEvent(&widget, &press);
    }

    void sendMouse(QEvent::Type type, QPoint at, Qt::MouseButton button, Qt::MouseButtons buttons)
    {
        QMouseEvent event(
            type, QPointF(at), widget.mapToGlobal(QPointF(at)), button, buttons, Qt::NoModifier);
        QApplication::sendEvent(&widget, &event);
    }

    TimelineWidget widget;
};

// Fitted: the whole trace in view, with a few pixels to spare at either end.
void expectFitted(const TimelineCoordinates& c)
{
    EXPECT_LT(c.windowStart(), kWidgetStart);
    EXPECT_GT(c.windowEnd(), kWidgetStart + 100 * kNsPerMs);
    EXPECT_LT(c.windowDuration(), 103 * kNsPerMs);
}

TEST_F(TimelineWidgetTest, FirstTraceIsFitted)
{
    expectFitted(widget.coordinates());
}

TEST_F(TimelineWidgetTest, PlusZoomsInAndFFitsAgain)
{
    sendKey(Qt::Key_Plus);
    EXPECT_LT(widget.coordinates().windowDuration(), 100 * kNsPerMs);
    sendKey(Qt::Key_Minus);
    sendKey(Qt::Key_Minus);
    EXPECT_GT(widget.coordinates().windowDuration(), 100 * kNsPerMs);
    sendKey(Qt::Key_F);
    expectFitted(widget.coordinates());
}

TEST_F(TimelineWidgetTest, CtrlWheelZoomsAroundTheCursor)
{
    const QPoint at = pointAt(1, kWidgetStart + 30 * kNsPerMs);
    const TimeNs before = widget.coordinates().timeForX(at.x());
    QWheelEvent wheel(QPointF(at), widget.mapToGlobal(QPointF(at)), QPoint(), QPoint(0, 240), Qt::NoButton,
        Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(&widget, &wheel);
    EXPECT_LT(widget.coordinates().windowDuration(), 100 * kNsPerMs);
    EXPECT_NEAR(static_cast<double>(widget.coordinates().timeForX(at.x())), static_cast<double>(before),
        widget.coordinates().nsPerPixel() * 2);
}

TEST_F(TimelineWidgetTest, DragPans)
{
    sendKey(Qt::Key_Plus);
    sendKey(Qt::Key_Plus);
    const TimeNs start = widget.coordinates().windowStart();
    const double nsPerPixel = widget.coordinates().nsPerPixel();
    const QPoint from = pointAt(1, kWidgetStart + 50 * kNsPerMs);
    sendMouse(QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton);
    sendMouse(QEvent::MouseMove, from + QPoint(-50, 0), Qt::NoButton, Qt::LeftButton);
    sendMouse(QEvent::MouseMove, from + QPoint(-100, 0), Qt::NoButton, Qt::LeftButton);
    sendMouse(QEvent::MouseButtonRelease, from + QPoint(-100, 0), Qt::LeftButton, Qt::NoButton);
    EXPECT_NEAR(
        static_cast<double>(widget.coordinates().windowStart() - start), 100 * nsPerPixel, 2 * nsPerPixel);
}

TEST_F(TimelineWidgetTest, ClickSelectsTheSpanUnderTheCursor)
{
    QSignalSpy spy(&widget, &TimelineWidget::spanSelected);
    const QPoint at = pointAt(2, kWidgetStart + 17 * kNsPerMs); // Thread-2, fourth slice (15..20 ms)
    const auto hit = widget.hitTest(at);
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->lane, 2);
    EXPECT_EQ(hit->spanIndex, 3U);

    sendMouse(QEvent::MouseButtonPress, at, Qt::LeftButton, Qt::LeftButton);
    sendMouse(QEvent::MouseButtonRelease, at, Qt::LeftButton, Qt::NoButton);
    ASSERT_EQ(spy.count(), 1);
    EXPECT_EQ(spy.at(0).at(0).toInt(), 2);
    EXPECT_EQ(spy.at(0).at(1).toLongLong(), 3);
    ASSERT_TRUE(widget.selection());
    EXPECT_EQ(*widget.selection(), *hit);
}

TEST_F(TimelineWidgetTest, SelectionAndHoverDoNotRepaintTheCachedLayer)
{
    widget.grab();
    const int repaints = widget.staticRepaintCount();
    const QPoint at = pointAt(1, kWidgetStart + 7 * kNsPerMs);
    sendMouse(QEvent::MouseButtonPress, at, Qt::LeftButton, Qt::LeftButton);
    sendMouse(QEvent::MouseButtonRelease, at, Qt::LeftButton, Qt::NoButton);
    sendMouse(QEvent::MouseMove, at + QPoint(40, 0), Qt::NoButton, Qt::NoButton);
    widget.grab();
    EXPECT_EQ(widget.staticRepaintCount(), repaints);
    sendKey(Qt::Key_Plus);
    widget.grab();
    EXPECT_EQ(widget.staticRepaintCount(), repaints + 1);
}

TEST_F(TimelineWidgetTest, FollowLiveKeepsAGrowingRunFitted)
{
    widget.setFollowLive(true);
    TraceBuilder b;
    const LaneId lane = b.addLane({.kind = LaneKind::Thread, .name = "T"});
    b.append(lane, {.time = kWidgetStart, .state = State::Running});
    b.setLaneEnd(lane, kWidgetStart + 400 * kNsPerMs);
    widget.setTrace(b.build());
    EXPECT_GT(widget.coordinates().windowEnd(), kWidgetStart + 400 * kNsPerMs);
    EXPECT_LT(widget.coordinates().windowEnd(), kWidgetStart + 410 * kNsPerMs);

    QSignalSpy spy(&widget, &TimelineWidget::followLiveChanged);
    sendKey(Qt::Key_Plus); // zooming by hand ends following
    EXPECT_FALSE(widget.followLive());
    EXPECT_EQ(spy.count(), 1);
}

TEST_F(TimelineWidgetTest, GrabIsNotBlank)
{
    const QImage image = widget.grab().toImage();
    ASSERT_FALSE(image.isNull());
    std::set<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3) {
        for (int x = 0; x < image.width(); x += 3)
            colours.insert(image.pixel(x, y));
    }
    EXPECT_GT(colours.size(), 8U);
}

} // namespace
} // namespace interleave
