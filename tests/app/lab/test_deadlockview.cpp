#include "labviews/deadlockview.h"
#include "labviews/waitforgraphwidget.h"

#include "timeline/timelinewidget.h"

#include <QImage>
#include <QPainter>
#include <QSignalSpy>

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

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

// Every name's box, each with what it names, for messages.
std::vector<std::pair<QRectF, std::string>> namesPlaced(const WaitForGraphGeometry& g, const WaitForGraph& graph)
{
    std::vector<std::pair<QRectF, std::string>> names;
    for (std::size_t t = 0; t < g.threadLabels.size(); ++t)
        if (g.threadLabels[t])
            names.emplace_back(*g.threadLabels[t], graph.threads[t].name);
    for (std::size_t l = 0; l < g.lockLabels.size(); ++l)
        if (g.lockLabels[l])
            names.emplace_back(*g.lockLabels[l], graph.locks[l].name);
    return names;
}

std::string rectText(const QRectF& r)
{
    return std::to_string(static_cast<int>(r.x())) + "," + std::to_string(static_cast<int>(r.y())) + " "
        + std::to_string(static_cast<int>(r.width())) + "x" + std::to_string(static_cast<int>(r.height()));
}

// At every size the widget may have (its minimum, 320x320, to a wide screen's) and in the
// ordinary and classroom type: no name touches another, a node, the legend or the caption,
// or leaves the widget. At 900x700 the window's graph drew "philosopher-4philosopher-3".
TEST(WaitForGraphLayout, NamesNeverOverlapAtAnySize)
{
    std::vector<WaitForGraph> graphs;
    for (int n = 2; n <= 10; ++n)
        graphs.push_back(philosophersDeadlocked(n));
    WaitForGraph column; // three threads, two locks: the two-column layout
    column.threads = {{"worker-1", 0, 1}, {"worker-2", 0, 1}, {"worker-3", WaitForGraph::kNone, 0}};
    column.locks = {{"lock-a", 2, 1, 0, false}, {"lock-b", WaitForGraph::kNone, 0, 0, false}};
    graphs.push_back(column);
    for (const double points : {13.0, 16.0, 22.8}) {
        QFont font;
        font.setPointSizeF(points);
        for (const int width : {320, 360, 392, 420, 480, 560, 640, 800, 1000}) {
            for (const int height : {320, 400, 480, 560, 677, 900, 1100}) {
                const QRectF rect(0, 0, width, height);
                for (const WaitForGraph& graph : graphs) {
                    const auto cycle = findWaitCycle(graph);
                    const WaitForGraphGeometry g = WaitForGraphGeometry::compute(rect, graph, cycle, font);
                    if (g.area.isEmpty())
                        continue;
                    const std::string where = std::to_string(graph.threads.size()) + " threads at "
                        + std::to_string(width) + "x" + std::to_string(height) + ", " + std::to_string(points) + " pt: ";
                    const double r = g.layout.nodeRadius;
                    std::vector<QRectF> nodes;
                    for (const QPointF& t : g.layout.threads)
                        nodes.emplace_back(t - QPointF(r, r), QSizeF(2 * r, 2 * r));
                    for (const QPointF& l : g.layout.locks)
                        nodes.emplace_back(l - QPointF(r * 0.8, r * 0.8), QSizeF(1.6 * r, 1.6 * r));
                    const auto names = namesPlaced(g, graph);
                    for (std::size_t i = 0; i < names.size(); ++i) {
                        const auto& [box, name] = names[i];
                        EXPECT_TRUE(rect.contains(box)) << where << name << " at " << rectText(box);
                        EXPECT_GE(box.top(), g.legendBottom) << where << name << " on the legend";
                        EXPECT_LE(box.bottom(), g.caption.top()) << where << name << " on the caption";
                        for (const QRectF& node : nodes)
                            EXPECT_FALSE(box.intersects(node)) << where << name << " on a node";
                        for (std::size_t j = i + 1; j < names.size(); ++j)
                            EXPECT_FALSE(box.intersects(names[j].first))
                                << where << name << " at " << rectText(box) << " on " << names[j].second << " at "
                                << rectText(names[j].first);
                    }
                }
            }
        }
    }
}

// At the sizes the window gives the graph, every thread is named: the Deadlock tab with the
// Lessons dock open and closed, in a 900x700 window and at the projectors' and a monitor's
// sizes, in the ordinary type (13 pt) and classroom mode's (22.8 pt), with the five
// philosophers of the demo.
TEST(WaitForGraphLayout, EveryThreadIsNamedAtTheSizesTheWindowGivesIt)
{
    const WaitForGraph graph = philosophersDeadlocked(5);
    const struct {
        QSizeF size;
        double points;
    } looks[] = {{{555, 599}, 13}, {{392, 677}, 13}, {{387, 675}, 13}, {{565, 657}, 13}, {{653, 841}, 13},
        {{862, 841}, 13}, {{679, 640}, 22.8}, {{421, 1094}, 22.8}, {{858, 640}, 22.8}, {{565, 1100}, 22.8},
        {{646, 1066}, 22.8}, {{855, 1051}, 22.8}};
    for (const auto& look : looks) {
        QFont font;
        font.setPointSizeF(look.points);
        const WaitForGraphGeometry g =
            WaitForGraphGeometry::compute(QRectF(QPointF(0, 0), look.size), graph, findWaitCycle(graph), font);
        ASSERT_FALSE(g.area.isEmpty());
        for (std::size_t t = 0; t < graph.threads.size(); ++t)
            EXPECT_TRUE(g.threadLabels[t].has_value())
                << graph.threads[t].name << " unnamed at " << look.size.width() << "x" << look.size.height();
    }
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
