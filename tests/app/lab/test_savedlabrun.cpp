// A deadlock run saved as a trace and opened again: the Deadlock view replays it with its
// wait-for graph as it replays a run just made, and File > Open brings it there.
#include "lab/deadlock.h"
#include "lab/wait_for_graph_at.h"
#include "labviews/deadlockview.h"
#include "labviews/labreplay.h"
#include "labviews/waitforgraphwidget.h"
#include "timeline/replaycontroller.h"
#include "timeline/timelinewidget.h"
#include "trace/chrome_trace.h"
#include "window/mainwindow.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

namespace interleave {
namespace {

// Three philosophers who deadlock, recorded and saved to path.
void saveThreePhilosophers(const std::string& path)
{
    DeadlockConfig config;
    config.philosophers = 3;
    config.thinkNs = 2 * kNsPerMs;
    config.eatNs = 4 * kNsPerMs;
    config.pauseNs = 40 * kNsPerMs;
    config.watchdogPollNs = 5 * kNsPerMs;
    Recorder recorder;
    ASSERT_TRUE(runDeadlockDemo(config, recorder).deadlocked);
    saveChromeTrace(Trace::fromSnapshot(recorder.snapshot()), path);
}

int savedRunWaitEdges(const WaitForGraph& graph)
{
    int edges = 0;
    for (const WaitForGraph::Thread& t : graph.threads)
        edges += t.waitsFor != WaitForGraph::kNone ? 1 : 0;
    return edges;
}

TEST(SavedLabRun, TheDeadlockViewReplaysAReopenedRunWithItsGraph)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const std::string path = dir.filePath(QStringLiteral("deadlock.json")).toStdString();
    saveThreePhilosophers(path);
    const Trace reopened = loadChromeTrace(path);
    ASSERT_TRUE(isSavedDeadlockRun(reopened));

    DeadlockView view;
    view.showSavedRun(reopened);
    EXPECT_EQ(view.config().philosophers, 3); // the scenario the run was recorded with
    EXPECT_TRUE(view.resultText().startsWith("A saved run: it deadlocked"))
        << view.resultText().toStdString();
    ReplayController* replay = view.replay()->controller();
    ASSERT_TRUE(replay->isAvailable());
    EXPECT_EQ(replay->trace().endTime(), reopened.endTime());

    // At rest at the end, the cycle; at the start, no edge; the cycle closes where the log says.
    ASSERT_TRUE(view.graph()->cycle());
    EXPECT_EQ(view.graph()->cycle()->threads.size(), 3u);
    replay->toStart();
    EXPECT_EQ(savedRunWaitEdges(view.graph()->graph()), 0);
    EXPECT_FALSE(view.graph()->cycle());
    const std::optional<TimeNs> closed = firstCycleAt(reopened.lockLog());
    ASSERT_TRUE(closed);
    replay->seek(*closed - 1);
    EXPECT_FALSE(view.graph()->cycle());
    replay->seek(*closed);
    EXPECT_TRUE(view.graph()->cycle());
}

class SavedLabRunWindow : public testing::Test {
protected:
    void SetUp() override
    {
        QSettings(MainWindow::settingsOrganization(), MainWindow::settingsApplication()).clear();
        window = std::make_unique<MainWindow>();
        window->show();
    }

    void TearDown() override
    {
        window.reset();
        QSettings(MainWindow::settingsOrganization(), MainWindow::settingsApplication()).clear();
    }

    std::unique_ptr<MainWindow> window;
};

TEST_F(SavedLabRunWindow, OpeningASavedDeadlockRunReplaysItOnTheDeadlockTab)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    // An engine run's trace opens on the Timeline tab, no lab tab in front.
    TraceBuilder b;
    const LaneId lane = b.addLane({.kind = LaneKind::Thread, .name = "T"});
    b.append(lane, {.time = 1'000'000, .task = 0, .state = State::Running});
    b.append(lane, {.time = 6'000'000, .task = 0, .state = State::Done});
    const QString engine = dir.filePath(QStringLiteral("engine.json"));
    saveChromeTrace(b.build(), engine.toStdString());
    QString error;
    ASSERT_TRUE(window->openFile(engine, &error)) << error.toStdString();
    EXPECT_EQ(window->shownLabReplay(), nullptr);

    const QString path = dir.filePath(QStringLiteral("deadlock.json"));
    saveThreePhilosophers(path.toStdString());
    ASSERT_TRUE(window->openFile(path, &error)) << error.toStdString();

    // The Deadlock tab is in front, its replay ready and its graph at the run's end.
    DeadlockView* view = window->deadlockView();
    EXPECT_EQ(window->shownLabReplay(), view->replay());
    ASSERT_TRUE(view->replay()->controller()->isAvailable());
    EXPECT_TRUE(view->graph()->cycle());
    // With INTERLEAVE_SCREENSHOT_DIR set, the window as it shows the opened run, to look at.
    if (const QString shots = qEnvironmentVariable("INTERLEAVE_SCREENSHOT_DIR"); !shots.isEmpty())
        window->grab().save(shots + "/saved-deadlock-run.png");
    view->replay()->controller()->toStart();
    EXPECT_FALSE(view->graph()->cycle());
    // As any opened trace, it is on the Timeline tab too.
    EXPECT_TRUE(window->replayController()->isAvailable());
    EXPECT_EQ(window->timeline()->trace().lockLog(), view->timeline()->trace().lockLog());
}

} // namespace
} // namespace interleave
