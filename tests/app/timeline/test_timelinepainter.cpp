#include "parallelism_testing.h"
#include "timeline/timelinepainter.h"
#include "trace/clock.h"

#include <QBuffer>
#include <QImage>
#include <QPainter>
#include <QSvgGenerator>

#include <gtest/gtest.h>

#include <set>

namespace interleave {
namespace {


// A process with two threads (one with a coroutine) and a task lane.
Trace painterTrace()
{
    TraceBuilder b;
    const LaneId process = b.addLane({.kind = LaneKind::Process, .pid = 10, .tid = 10, .name = "python"});
    const LaneId t1
        = b.addLane({.parent = process, .kind = LaneKind::Thread, .pid = 10, .tid = 11, .name = "Thread-1"});
    const LaneId task = b.addLane({.parent = process, .kind = LaneKind::Task, .name = "task 0"});
    const LaneId t2
        = b.addLane({.parent = process, .kind = LaneKind::Thread, .pid = 10, .tid = 12, .name = "Thread-2"});
    const LaneId coro = b.addLane({.parent = t1, .kind = LaneKind::Coroutine, .name = "fetch()"});
    b.append(process, {.time = 0, .state = State::Running});
    b.append(process, {.time = 100 * kNsPerMs, .state = State::Done});
    for (int i = 0; i < 20; ++i) {
        b.append(t1, {.time = i * 5 * kNsPerMs, .task = 0, .state = i % 2 ? State::WaitingGil : State::Running});
        b.append(t2, {.time = i * 5 * kNsPerMs, .task = 1, .state = i % 2 ? State::Running : State::WaitingGil});
    }
    b.append(t1, {.time = 100 * kNsPerMs, .state = State::Done});
    b.append(t2, {.time = 100 * kNsPerMs, .state = State::Done});
    b.append(task, {.time = 0, .task = 0, .state = State::Ready});
    b.append(task, {.time = 10 * kNsPerMs, .task = 0, .state = State::Running});
    b.append(task, {.time = 90 * kNsPerMs, .task = 0, .state = State::Done});
    b.append(coro, {.time = 20 * kNsPerMs, .state = State::Suspended});
    b.append(coro, {.time = 60 * kNsPerMs, .state = State::Done});
    return b.build();
}

TEST(TimelinePainter, RowsNestProcessThreadCoroutineWithTasksLast)
{
    const std::vector<TimelineRow> rows = TimelinePainter::orderRows(painterTrace());
    ASSERT_EQ(rows.size(), 5U);
    const std::vector<std::pair<LaneId, int>> expected {{0, 0}, {1, 1}, {4, 2}, {3, 1}, {2, 1}};
    for (std::size_t i = 0; i < rows.size(); ++i) {
        EXPECT_EQ(rows[i].lane, expected[i].first) << "row " << i;
        EXPECT_EQ(rows[i].depth, expected[i].second) << "row " << i;
    }
}

TEST(TimelinePainter, NewLanesOfTheSameCountAreLaidOutAgain)
{
    TimelinePainter painter;
    painter.setTrace(painterTrace());
    TraceBuilder b; // five lanes again, but flat: five processes
    for (int i = 0; i < 5; ++i)
        b.addLane({.kind = LaneKind::Process, .pid = 100 + i, .name = "p" + std::to_string(i)});
    painter.setTrace(b.build());
    ASSERT_EQ(painter.rows().size(), 5U);
    for (std::size_t i = 0; i < 5; ++i) {
        EXPECT_EQ(painter.rows()[i].lane, static_cast<LaneId>(i));
        EXPECT_EQ(painter.rows()[i].depth, 0);
    }
}

TEST(TimelinePainter, ANarrowLabelDropsAProcesssPidFirst)
{
    const QFontMetricsF metrics(QFont(QStringLiteral("DejaVu Sans"), 12));
    const LaneInfo process {.kind = LaneKind::Process, .pid = 21207, .tid = 21207, .name = "threads_io.py"};
    const double whole = metrics.horizontalAdvance(QStringLiteral("threads_io.py  (pid 21207)"));
    EXPECT_EQ(TimelinePainter::fitLaneLabel(process, metrics, whole + 1), "threads_io.py  (pid 21207)");
    EXPECT_EQ(TimelinePainter::fitLaneLabel(process, metrics, metrics.horizontalAdvance(QStringLiteral("threads_io.py")) + 1),
              "threads_io.py");
    const QString cut = TimelinePainter::fitLaneLabel(process, metrics, metrics.horizontalAdvance(QStringLiteral("threads")));
    EXPECT_TRUE(cut.startsWith(QStringLiteral("thr")) && cut.endsWith(QChar(0x2026))) << cut.toStdString();
    // Other lanes keep both ends.
    const LaneInfo task {.kind = LaneKind::Coroutine, .pid = 1, .name = "fetch-a: fetch (asyncio_gather.py:9)"};
    const QString middle = TimelinePainter::fitLaneLabel(task, metrics, metrics.horizontalAdvance(QStringLiteral("fetch-a: fetch (as")));
    EXPECT_TRUE(middle.startsWith(QStringLiteral("fetch")) && middle.endsWith(QStringLiteral(")"))) << middle.toStdString();
}

// Projector type (classroom mode's 175 %) in a timeline 440 px wide, as beside both docks on a
// 1024x768 screen: every name and the strip's and axis's words show whole, and the legend's
// lines are as tall as their type (at a share of the width the gutter cut "python" and the
// strip's label; the legend's lines overlapped).
TEST(TimelinePainter, LargeTypeInANarrowTimelineReadsWhole)
{
    TimelinePainter painter;
    painter.setFont(QFont(QStringLiteral("DejaVu Sans"), 19));
    painter.setTrace(painterTrace());
    TimelineCoordinates coords;
    coords.setWidth(440);
    painter.layout(coords);
    const QStringList cut = painter.cutTexts(coords);
    EXPECT_TRUE(cut.isEmpty()) << cut.join(QStringLiteral(" | ")).toStdString();
    EXPECT_LE(coords.gutterWidth(), 220) << "the plot keeps half the width";
    const double typeHeight = QFontMetricsF(QFont(QStringLiteral("DejaVu Sans"), 18)).height();
    for (const TimelinePainter::LegendEntry& entry : painter.legendLayout(coords.width()))
        EXPECT_GE(entry.rect.height(), typeHeight);
}

// In ordinary type and a wide timeline the gutter is what it was: as wide as the whole labels.
TEST(TimelinePainter, OrdinaryTypeKeepsTheGutterOfTheWholeLabels)
{
    TimelinePainter painter;
    painter.setFont(QFont(QStringLiteral("DejaVu Sans"), 11));
    painter.setTrace(painterTrace());
    TimelineCoordinates coords;
    coords.setWidth(1200);
    painter.layout(coords);
    EXPECT_TRUE(painter.cutTexts(coords).isEmpty());
    EXPECT_LE(coords.gutterWidth(), 360);
    EXPECT_EQ(painter.parallelismHeight(coords), TimelinePainter::kParallelismHeight);
}

TEST(TimelinePainter, TickStepsAreOneTwoFive)
{
    EXPECT_EQ(TimelinePainter::tickStep(1.0, 100), 100);
    EXPECT_EQ(TimelinePainter::tickStep(1.5, 100), 200);
    EXPECT_EQ(TimelinePainter::tickStep(3.0, 100), 500);
    EXPECT_EQ(TimelinePainter::tickStep(6.0, 100), 1000);
    EXPECT_EQ(TimelinePainter::tickStep(0.001, 100), 1); // no finer than a nanosecond
    EXPECT_EQ(TimelinePainter::tickStep(1e7, 100), 1'000'000'000);
}

TEST(TimelinePainter, TickLabelsPickAUnitByMagnitude)
{
    EXPECT_EQ(TimelinePainter::formatTick(400, 200), QStringLiteral("400 ns"));
    EXPECT_EQ(TimelinePainter::formatTick(20'000, 5'000), QStringLiteral("20 µs"));
    EXPECT_EQ(TimelinePainter::formatTick(15 * kNsPerMs, 5 * kNsPerMs), QStringLiteral("15 ms"));
    EXPECT_EQ(TimelinePainter::formatTick(3'000 * kNsPerMs, 1'000 * kNsPerMs), QStringLiteral("3 s"));
    EXPECT_EQ(TimelinePainter::formatTick(2'500 * kNsPerMs, 500 * kNsPerMs), QStringLiteral("2500 ms"));
    // Far into a trace at a fine step: a larger unit with decimals, not seven digits.
    EXPECT_EQ(TimelinePainter::formatTick(1'500'200'000, 200'000), QStringLiteral("1500.2 ms"));
    EXPECT_EQ(TimelinePainter::formatDuration(1'250'000), QStringLiteral("1.25 ms"));
    EXPECT_EQ(TimelinePainter::formatDuration(999), QStringLiteral("999 ns"));
}

TimelineCoordinates painterFitted(const TimelinePainter& painter, int width)
{
    TimelineCoordinates c;
    c.setWidth(width);
    painter.layout(c);
    c.fitTo(painter.trace().startTime(), painter.trace().endTime());
    return c;
}

QImage render(TimelineTheme theme)
{
    TimelinePainter painter(theme);
    painter.setTrace(painterTrace());
    painter.setCoreCount(4);
    const TimelineCoordinates c = painterFitted(painter, 1000);
    QImage image(1000, 500, QImage::Format_ARGB32_Premultiplied);
    QPainter p(&image);
    painter.paint(p, c, image.height());
    return image;
}

TEST(TimelinePainter, PaintsStateColoursIntoAnImage)
{
    for (TimelineTheme theme : {TimelineTheme::Light, TimelineTheme::Dark}) {
        const QImage image = render(theme);
        const TimelinePalette palette(theme);
        std::set<QRgb> colours;
        for (int y = 0; y < image.height(); y += 2) {
            for (int x = 0; x < image.width(); x += 2)
                colours.insert(image.pixel(x, y) & 0xffffff);
        }
        EXPECT_GT(colours.size(), 10U);
        EXPECT_TRUE(colours.count(palette.stateColor(State::Running).rgb() & 0xffffff));
        EXPECT_TRUE(colours.count(palette.stateColor(State::WaitingGil).rgb() & 0xffffff));
        EXPECT_TRUE(colours.count(palette.background().rgb() & 0xffffff));
    }
}

TEST(TimelinePainter, HitTestFindsTheSpanUnderAPoint)
{
    TimelinePainter painter;
    painter.setTrace(painterTrace());
    const TimelineCoordinates c = painterFitted(painter, 1100);
    const int row = *painter.rowOfLane(1); // Thread-1
    const double y = c.yForRow(row) + c.rowHeight() / 2.0;
    const auto hit = painter.hitTest(c, QPointF(c.xForTime(12 * kNsPerMs), y)); // third slice: 10..15 ms
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->lane, 1);
    EXPECT_EQ(hit->spanIndex, 2U);
    EXPECT_FALSE(painter.hitTest(c, QPointF(10, y))); // in the gutter
    EXPECT_FALSE(painter.hitTest(c, QPointF(c.xForTime(12 * kNsPerMs), 5))); // in the header
}

TEST(TimelinePainter, RendersSvgThroughTheSameCode)
{
    TimelinePainter painter;
    painter.setTrace(painterTrace());
    const TimelineCoordinates c = painterFitted(painter, 800);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setSize(QSize(800, 400));
    svg.setViewBox(QRect(0, 0, 800, 400));
    {
        QPainter p(&svg);
        painter.paint(p, c, 400);
    }
    const QByteArray data = buffer.data();
    EXPECT_TRUE(data.contains("<svg"));
    EXPECT_TRUE(data.contains("Thread-1"));
    EXPECT_TRUE(data.contains("#009e73"));
}

// The strip's columns are tested on their own (test_parallelismstrip.cpp); here, that the
// painter builds the profile they are drawn from.
TEST(ParallelismStrip, PainterBuildsAProfileForItsTrace)
{
    TimelinePainter painter;
    const Trace trace = paralleltest::parallelismSampleTrace();
    painter.setTrace(trace);
    ASSERT_TRUE(painter.parallelism());
    EXPECT_TRUE(painter.parallelism()->matches(trace));
    EXPECT_EQ(painter.parallelism()->peak(), 2);
}

} // namespace
} // namespace interleave
