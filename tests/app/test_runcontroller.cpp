#include "window/mainwindow.h"
#include "panels/experimentpanel.h"
#include "panels/lanelistview.h"
#include "run/runcontroller.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

namespace interleave {
namespace {

RunConfig shortIoRun(Model model, int tasks = 3)
{
    RunConfig c;
    c.model = model;
    c.workload = WorkloadKind::Io;
    c.tasks = tasks;
    c.latencyMs = 60;
    return c;
}

TEST(RunController, RunsOffTheGuiThreadAndUpdatesLive)
{
    RunController controller;
    QSignalSpy updates(&controller, &RunController::traceUpdated);
    QSignalSpy finished(&controller, &RunController::finished);
    ASSERT_TRUE(controller.start(shortIoRun(Model::Threads)));
    EXPECT_TRUE(controller.isRunning());
    // start() returned at once: the run is on the engine's threads while this one polls.
    ASSERT_TRUE(finished.wait(10'000));
    EXPECT_FALSE(controller.isRunning());
    // Several snapshots came while the run was in flight, not only the final one.
    EXPECT_GE(updates.count(), 2);
    const Trace& trace = controller.trace();
    ASSERT_EQ(trace.laneCount(), 4u); // MainProcess and three threads
    for (LaneId lane = 0; lane < 4; ++lane) {
        ASSERT_GT(trace.spanCount(lane), 0u);
        EXPECT_EQ(trace.span(lane, trace.spanCount(lane) - 1).state, State::Done);
    }
    const auto result = finished.first().first().value<RunResult>();
    EXPECT_FALSE(result.cancelled);
    EXPECT_GE(result.wallNs, 60'000'000);
}

TEST(RunController, StopEndsARunPromptly)
{
    RunController controller;
    QSignalSpy finished(&controller, &RunController::finished);
    RunConfig c = shortIoRun(Model::Threads, 4);
    c.latencyMs = 20'000;
    ASSERT_TRUE(controller.start(c));
    QTest::qWait(100);
    controller.stop();
    ASSERT_TRUE(finished.wait(5'000));
    const auto result = finished.first().first().value<RunResult>();
    EXPECT_TRUE(result.cancelled);
}

TEST(RunController, RefusesABadConfigurationWithAReason)
{
    RunController controller;
    RunConfig c = shortIoRun(Model::Processes);
    c.tasks = 1000;
    QString error;
    EXPECT_FALSE(controller.start(c, &error));
    EXPECT_TRUE(error.contains("--tasks"));
    EXPECT_FALSE(controller.isRunning());
}

TEST(MainWindow, RunButtonRunsTheChosenExperimentAndListsItsLanes)
{
    MainWindow window;
    RunConfig c = shortIoRun(Model::Asyncio, 5);
    c.latencyMs = 30;
    window.experimentPanel()->setConfig(c);
    QSignalSpy finished(window.runController(), &RunController::finished);
    window.runAction()->trigger();
    EXPECT_FALSE(window.runAction()->isEnabled());
    EXPECT_TRUE(window.stopAction()->isEnabled());
    ASSERT_TRUE(finished.wait(10'000));
    EXPECT_TRUE(window.runAction()->isEnabled());
    EXPECT_FALSE(window.stopAction()->isEnabled());
    // One event-loop thread and five coroutines, nested under it.
    LaneListView* list = window.laneList();
    const QAbstractItemModel* lanes = list->model();
    ASSERT_EQ(lanes->rowCount(), 1);
    const QModelIndex loop = lanes->index(0, 0);
    EXPECT_EQ(lanes->rowCount(loop), 5);
    EXPECT_EQ(lanes->index(0, LaneListView::KindColumn, loop).data().toString(), "coroutine");
    EXPECT_EQ(lanes->index(4, LaneListView::StateColumn, loop).data().toString(), "Done");
    EXPECT_TRUE(list->isExpanded(loop));
    EXPECT_TRUE(window.resultsStrip()->text().startsWith("asyncio: wall"));
}

TEST(MainWindow, SpeedupIsShownAgainstTheLastSequentialRun)
{
    MainWindow window;
    QSignalSpy finished(window.runController(), &RunController::finished);
    RunConfig c = shortIoRun(Model::Sequential, 3);
    c.latencyMs = 30;
    window.experimentPanel()->setConfig(c);
    window.runExperiment();
    ASSERT_TRUE(finished.wait(10'000));
    c.model = Model::Threads;
    window.experimentPanel()->setConfig(c);
    window.runExperiment();
    ASSERT_TRUE(finished.wait(10'000));
    const QString text = window.resultsStrip()->text();
    EXPECT_TRUE(text.contains("speedup")) << text.toStdString();
    EXPECT_FALSE(text.contains("run sequential")) << text.toStdString();
}

TEST(ExperimentPanel, RoundTripsAConfiguration)
{
    ExperimentPanel panel;
    RunConfig c;
    c.model = Model::ProcessPool;
    c.workload = WorkloadKind::Mixed;
    c.tasks = 12;
    c.latencyMs = 40;
    c.workMs = 70;
    c.processWorkers = 3;
    c.gil = false;
    c.switchIntervalMs = 2;
    c.processStart = ProcessStart::Native;
    panel.setConfig(c);
    EXPECT_EQ(panel.config(), c);
}

TEST(ExperimentPanel, StartsAtPythonsDefaults)
{
    ExperimentPanel panel;
    const RunConfig c = panel.config();
    EXPECT_TRUE(c.gil);
    EXPECT_DOUBLE_EQ(c.switchIntervalMs, 5);
    EXPECT_EQ(c.processStart, ProcessStart::Python);
    EXPECT_EQ(c.threadWorkers, 0);
}

TEST(ExperimentPanel, PythonLikeStartUpTakesTheMeasuredFigure)
{
    ExperimentPanel panel;
    EXPECT_DOUBLE_EQ(panel.config().processStartMs, RunConfig{}.processStartMs);
    panel.setPythonStartMs(72.4, QStringLiteral("/usr/bin/python3.11"));
    EXPECT_DOUBLE_EQ(panel.config().processStartMs, 72.4);
    auto* start = panel.findChild<QComboBox*>(QStringLiteral("processStart"));
    ASSERT_NE(start, nullptr);
    const int item = start->findData(static_cast<int>(ProcessStart::Python));
    EXPECT_EQ(start->itemText(item), QStringLiteral("Python-like, 72 ms"));
    EXPECT_TRUE(start->itemData(item, Qt::ToolTipRole).toString().contains("/usr/bin/python3.11"));
    EXPECT_TRUE(start->itemData(item, Qt::ToolTipRole).toString().contains("measured"));

    // A lesson's or a scenario's own figure wins, and is not called measured.
    RunConfig lesson;
    lesson.processStartMs = 60;
    panel.setConfig(lesson);
    EXPECT_DOUBLE_EQ(panel.config().processStartMs, 60.0);
    EXPECT_EQ(start->itemText(item), QStringLiteral("Python-like, ~60 ms"));
}

} // namespace
} // namespace interleave
