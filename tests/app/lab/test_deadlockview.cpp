#include "labviews/deadlockview.h"
#include "labviews/waitforgraphwidget.h"

#include "timeline/timelinewidget.h"

#include <QImage>
#include <QPainter>
#include <QSignalSpy>

#include <gtest/gtest.h>

namespace interleave {
namespace {

// philosopher-i holds fork-i and waits for fork-(i+1): the deadlock of n philosophers.
WaitForGraph philosophersDeadlocked(int n)
{
    WaitForGraph g;
    for (int i = 0; i < n; ++i) {
        g.threads.push_back({"philosopher-" + std::to_string(i + 1), (i + 1) % n, 10});
        g.locks.push_back({"fork-" + std::to_string(i + 1), i, 1, 5, false});
    }
    return g;
}

// Pixels close to the colour the cycle is drawn in (light theme).
int cyclePixels(const QImage& image)
{
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (c.red() > 170 && c.green() < 40 && c.blue() < 70)
                ++count;
        }
    }
    return count;
}

QImage paintGraph(const WaitForGraph& graph)
{
    QImage image(700, 700, QImage::Format_ARGB32_Premultiplied);
    QPainter painter(&image);
    QFont font;
    font.setPointSizeF(12);
    paintWaitForGraph(painter, QRectF(0, 0, 700, 700), graph, findWaitCycle(graph), TimelinePalette(), font);
    return image;
}

TEST(WaitForGraphWidget, TheCycleIsFoundCaptionedAndDrawnInTheStrongColour)
{
    WaitForGraphWidget widget;
    widget.setGraph(philosophersDeadlocked(3));
    ASSERT_TRUE(widget.cycle());
    EXPECT_EQ(widget.caption(),
        "Deadlock: philosopher-1 waits for fork-2 held by philosopher-2, philosopher-2 waits "
        "for fork-3 held by philosopher-3, philosopher-3 waits for fork-1 held by "
        "philosopher-1");
    EXPECT_GT(cyclePixels(paintGraph(philosophersDeadlocked(3))), 2000);

    // The same forks held, but nobody waits: no cycle, nothing in the strong colour.
    WaitForGraph calm = philosophersDeadlocked(3);
    for (auto& t : calm.threads)
        t.waitsFor = WaitForGraph::kNone;
    widget.setGraph(calm);
    EXPECT_FALSE(widget.cycle());
    EXPECT_EQ(widget.caption(), "No cycle: 0 waiting, 3 of 3 locks held.");
    EXPECT_EQ(cyclePixels(paintGraph(calm)), 0);
}

TEST(WaitForGraphWidget, ALongCycleIsCaptionedByItsEnds)
{
    const WaitForGraph g = philosophersDeadlocked(10);
    const QString caption = waitForGraphCaption(g, findWaitCycle(g));
    EXPECT_TRUE(caption.startsWith("Deadlock: philosopher-1 waits for fork-2 held by philosopher-2, "));
    EXPECT_TRUE(
        caption.endsWith("philosopher-10 waits for fork-1 held by philosopher-1 (10 threads in the cycle)"))
        << caption.toStdString();
}

TEST(WaitForGraphLayout, PhilosophersSitInARingBetweenTheirForks)
{
    const WaitForGraph g = philosophersDeadlocked(6);
    const QRectF area(0, 0, 800, 700);
    const WaitForGraphLayout layout = WaitForGraphLayout::compute(g, area);
    ASSERT_TRUE(layout.ring);
    ASSERT_EQ(layout.threads.size(), 6u);
    ASSERT_EQ(layout.locks.size(), 6u);
    const auto dist = [](QPointF a, QPointF b) { return std::hypot(a.x() - b.x(), a.y() - b.y()); };
    for (int i = 0; i < 6; ++i) {
        const QPointF p = layout.threads[static_cast<std::size_t>(i)];
        EXPECT_TRUE(area.contains(p));
        // Its two forks (i and i + 1) are its nearest locks.
        std::vector<double> d;
        for (const QPointF& l : layout.locks)
            d.push_back(dist(p, l));
        const double own = std::max(d[static_cast<std::size_t>(i)], d[static_cast<std::size_t>((i + 1) % 6)]);
        for (int j = 0; j < 6; ++j) {
            if (j != i && j != (i + 1) % 6) {
                EXPECT_LT(own, d[static_cast<std::size_t>(j)]) << i << " " << j;
            }
        }
        EXPECT_GT(layout.nodeRadius * 2, 20);
    }
    // The thread at the top starts the ring.
    EXPECT_LT(layout.threads[0].y(), layout.threads[3].y());
}

TEST(DeadlockView, RunShowsTheCycleThenTheFixCompletes)
{
    DeadlockView view;
    DeadlockConfig config;
    config.philosophers = 4;
    view.setConfig(config);
    QSignalSpy finished(&view, &DeadlockView::runFinished);
    ASSERT_TRUE(view.start(false));
    EXPECT_TRUE(view.isRunning());
    ASSERT_TRUE(finished.wait(10'000));
    EXPECT_FALSE(view.isRunning());
    ASSERT_TRUE(view.graph()->cycle());
    EXPECT_EQ(view.graph()->cycle()->threads.size(), 4u);
    EXPECT_TRUE(view.resultText().startsWith("Deadlocked")) << view.resultText().toStdString();
    EXPECT_EQ(view.timeline()->trace().laneCount(), 4u);

    ASSERT_TRUE(view.start(true));
    ASSERT_TRUE(finished.wait(10'000));
    EXPECT_FALSE(view.graph()->cycle());
    EXPECT_TRUE(view.resultText().startsWith("No deadlock")) << view.resultText().toStdString();
}

TEST(DeadlockView, StopEndsARunPromptly)
{
    DeadlockView view;
    DeadlockConfig config;
    config.philosophers = 10;
    view.setConfig(config);
    QSignalSpy finished(&view, &DeadlockView::runFinished);
    ASSERT_TRUE(view.start(true));
    view.stop();
    ASSERT_TRUE(finished.wait(2'000));
    EXPECT_TRUE(view.resultText().startsWith("Stopped")) << view.resultText().toStdString();
}

TEST(DeadlockView, DestroyingTheViewMidRunJoinsTheRun)
{
    auto view = std::make_unique<DeadlockView>();
    ASSERT_TRUE(view->start(true));
    view.reset(); // must not hang or leave threads behind
    SUCCEED();
}

TEST(DeadlockView, RendersAfterARealRun)
{
    DeadlockConfig config;
    config.scenario = DeadlockScenario::TwoLocks;
    const QImage image = renderDeadlockView(config, QSize(800, 500), 1.5, TimelineTheme::Light);
    EXPECT_EQ(image.size(), QSize(1200, 750));
    EXPECT_GT(cyclePixels(image), 500); // the cycle is shown
}

} // namespace
} // namespace interleave
