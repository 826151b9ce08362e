// "Run in CPython too": the panel's configuration in the engine, then as a Python program in
// real CPython (/usr/bin/python3; skipped, saying so, where it is missing), both shown in the
// Python tab on one time axis.

#include "window/mainwindow.h"
#include "../python_testing.h"

#include "panels/experimentpanel.h"
#include "python/codepane.h"
#include "python/pythonview.h"
#include "pytrace/side_by_side.h"
#include "run/cpythonbesiderun.h"
#include "timeline/timelinewidget.h"

#include <QAction>
#include <QMenu>
#include <QMenuBar>
#include <QTabWidget>
#include <QTest>
#include <QToolButton>

#include "pytrace/python_program.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace interleave {
namespace {

using pythontest::kPython;

RunConfig besideSmallConfig(Model model, WorkloadKind workload)
{
    RunConfig c;
    c.model = model;
    c.workload = workload;
    c.tasks = 4;
    c.latencyMs = 100;
    c.workMs = 30;
    c.processWorkers = 2;
    c.processStart = ProcessStart::Native;
    return c;
}

// The earliest span start among the lanes under a group (at any depth).
TimeNs besideGroupStart(const Trace& t, LaneId group)
{
    TimeNs first = -1;
    for (std::size_t i = 0; i < t.laneCount(); ++i) {
        LaneId id = static_cast<LaneId>(i);
        LaneId top = id;
        while (t.lane(top).parent != kNoLane)
            top = t.lane(top).parent;
        if (top != group || id == group || t.spanCount(id) == 0)
            continue;
        const TimeNs start = t.span(id, 0).start;
        first = first < 0 ? start : std::min(first, start);
    }
    return first;
}

TEST(CPythonBeside, TheActionIsInTheRunMenuAndBesideRun)
{
    MainWindow window;
    QAction* action = window.runBesideAction();
    ASSERT_NE(action, nullptr);
    bool inRunMenu = false;
    for (QAction* menu : window.menuBar()->actions()) {
        if (menu->menu() != nullptr && menu->text() == "&Run")
            inRunMenu = menu->menu()->actions().contains(action);
    }
    EXPECT_TRUE(inRunMenu);
    EXPECT_EQ(window.experimentPanel()->runBesideButton()->defaultAction(), action);
}

TEST(CPythonBeside, BothRunsShareOneAxisAndTheHeaderNamesBothWalls)
{
    REQUIRE_PYTHON();
    MainWindow window;
    window.resize(1280, 800);
    window.pythonView()->setPython(kPython);
    window.experimentPanel()->setConfig(besideSmallConfig(Model::Threads, WorkloadKind::Io));
    window.runInCPythonToo();
    PythonView* view = window.pythonView();
    EXPECT_TRUE(window.views()->currentWidget()->isAncestorOf(view)); // its scrolled page
    ASSERT_TRUE(view->isRunning()) << view->statusText().toStdString();
    EXPECT_FALSE(window.runBesideAction()->isEnabled()) << "one run at a time";
    EXPECT_TRUE(view->codePane()->toPlainText().contains("threading.Thread(target=task"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return !view->isRunning(); }, 60000));

    const Trace& t = view->timeline()->trace();
    const pytrace::SideBySideGroups groups = pytrace::sideBySideGroups(t);
    ASSERT_NE(groups.cpython, kNoLane);
    EXPECT_EQ(t.lane(groups.emulated).name, "Emulated");
    EXPECT_TRUE(t.lane(groups.cpython).name.starts_with("CPython 3.")) << t.lane(groups.cpython).name;
    // CPython's side from 0, its process lane first in its interpreter's start-up; the emulated
    // side from where the program marked the start of its work (after that start-up), so both
    // programs begin their tasks at one place.
    EXPECT_EQ(besideGroupStart(t, groups.cpython), 0);
    const LaneId cpythonProcess = groups.cpython + 1;
    ASSERT_GT(t.spanCount(cpythonProcess), 0u);
    ASSERT_EQ(t.span(cpythonProcess, 0).state, State::Starting);
    EXPECT_GT(t.span(cpythonProcess, 0).end, 0);
    const auto marked = std::find_if(t.notes().begin(), t.notes().end(),
        [](const TraceNote& note) { return note.text == pytrace::kWorkStartsMark; });
    ASSERT_NE(marked, t.notes().end());
    EXPECT_GE(marked->time, t.span(cpythonProcess, 0).end);
    EXPECT_EQ(besideGroupStart(t, groups.emulated), marked->time);
    int emulatedThreads = 0;
    int cpythonThreads = 0;
    for (std::size_t i = 0; i < t.laneCount(); ++i) {
        const LaneInfo& lane = t.lane(static_cast<LaneId>(i));
        if (lane.kind == LaneKind::Thread && lane.name.starts_with("Thread-"))
            (static_cast<LaneId>(i) < groups.cpython ? emulatedThreads : cpythonThreads) += 1;
    }
    EXPECT_EQ(emulatedThreads, 4);
    EXPECT_EQ(cpythonThreads, 4);

    const std::string status = view->statusText().toStdString();
    EXPECT_NE(status.find("Emulated: "), std::string::npos) << status;
    EXPECT_NE(status.find("CPython 3."), std::string::npos) << status;
    EXPECT_NE(status.find("against its sequential"), std::string::npos) << status;
    ASSERT_TRUE(view->besideRun()->figures().cpythonWallMs.has_value()) << status;
    EXPECT_NE(status.find("the emulated run is drawn from that moment, the note \"work starts\""), std::string::npos)
        << status;
    EXPECT_TRUE(window.runBesideAction()->isEnabled());
}

TEST(CPythonBeside, StopEndsItInEitherPhase)
{
    REQUIRE_PYTHON();
    PythonView view;
    view.setPython(kPython);
    RunConfig config = besideSmallConfig(Model::Threads, WorkloadKind::Io);
    config.latencyMs = 2000;

    // During the emulation.
    ASSERT_TRUE(view.runBeside(config));
    view.stop();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !view.isRunning(); }, 10000));
    EXPECT_TRUE(view.besideRun()->stopped());
    EXPECT_TRUE(view.statusText().startsWith("Stopped")) << view.statusText().toStdString();

    // During CPython's run.
    config.latencyMs = 1500; // the emulation's wait, then CPython's, long enough to stop it in
    config.model = Model::Sequential; // no baseline runs: CPython comes right after
    config.tasks = 1;
    ASSERT_TRUE(view.runBeside(config));
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return view.besideRun()->phase() == CPythonBesideRun::Phase::CPython; }, 30000));
    view.stop();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !view.isRunning(); }, 10000));
    EXPECT_TRUE(view.besideRun()->stopped());
}

TEST(CPythonBeside, GilOffIsRefusedWithASentence)
{
    PythonView view;
    view.setPython(kPython);
    RunConfig config = besideSmallConfig(Model::Threads, WorkloadKind::Cpu);
    config.gil = false;
    QString error;
    EXPECT_FALSE(view.runBeside(config, &error));
    EXPECT_TRUE(error.contains("free-threaded")) << error.toStdString();
    EXPECT_FALSE(view.isRunning());
}

} // namespace
} // namespace interleave
