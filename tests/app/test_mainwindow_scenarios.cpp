#include "window/mainwindow.h"

#include "engine/engine.h"

#include "labviews/deadlockview.h"
#include "labviews/raceview.h"
#include "lazytab.h"
#include "panels/experimentpanel.h"
#include "python/pythonview.h"
#include "teach/scenario.h"
#include "teachviews/teachresources.h"
#include "trace/chrome_trace.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QScrollArea>
#include <QLayout>
#include <QMenu>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

#include <fstream>

namespace interleave {
namespace {

void writeText(const QString& path, const std::string& text)
{
    std::ofstream out(path.toStdString(), std::ios::binary);
    out << text;
}

// The tab's page, whether the view sits in it directly or inside its lazy holder.
bool showing(MainWindow& window, QWidget* view)
{
    QWidget* page = window.views()->currentWidget();
    return page == view || page->isAncestorOf(view);
}

class MainWindowScenarioFiles : public testing::Test {
protected:
    void SetUp() override
    {
        QSettings(MainWindow::settingsOrganization(), MainWindow::settingsApplication()).clear();
        window = std::make_unique<MainWindow>();
    }
    std::unique_ptr<MainWindow> window;
    QTemporaryDir dir;
};

TEST_F(MainWindowScenarioFiles, ARunScenarioFillsThePanelAndNamesTheWindow)
{
    Scenario s;
    s.title = "Fine slices";
    RunConfig c;
    c.model = Model::ThreadPool;
    c.workload = WorkloadKind::Cpu;
    c.tasks = 3;
    c.workMs = 40;
    c.threadWorkers = 2;
    c.switchIntervalMs = 0.005;
    s.run = c;
    const QString path = dir.filePath("fine.json");
    saveScenario(s, path.toStdString());

    QString error;
    ASSERT_TRUE(window->openFile(path, &error)) << error.toStdString();
    const RunConfig shown = window->experimentPanel()->config();
    EXPECT_EQ(shown.model, Model::ThreadPool);
    EXPECT_EQ(shown.workload, WorkloadKind::Cpu);
    EXPECT_EQ(shown.tasks, 3);
    EXPECT_EQ(shown.threadWorkers, 2);
    EXPECT_DOUBLE_EQ(shown.switchIntervalMs, 0.005);
    EXPECT_TRUE(window->windowTitle().startsWith("fine.json")) << window->windowTitle().toStdString();
    EXPECT_TRUE(window->spaceRuns()) << "Space runs what was opened";
    EXPECT_FALSE(window->runController() == nullptr);
}

TEST_F(MainWindowScenarioFiles, ALabScenarioSetsUpItsLabAndBringsItForward)
{
    const QString path = dir.filePath("race.json");
    Scenario s;
    s.title = "Two racers";
    s.lab = LabDemo {"race", {{"threads", 2.0}, {"increments", 5000.0}}};
    saveScenario(s, path.toStdString());
    QString error;
    ASSERT_TRUE(window->openFile(path, &error)) << error.toStdString();
    EXPECT_EQ(window->raceView()->config().threads, 2);
    EXPECT_EQ(window->raceView()->config().increments, 5000);
    EXPECT_TRUE(showing(*window, window->raceView()));
    EXPECT_FALSE(window->raceView()->isRunning()) << "opened, not run";
}

TEST_F(MainWindowScenarioFiles, APythonScenarioOpensItsExampleInThePythonTab)
{
    const QString path = dir.filePath("mine.json");
    Scenario s;
    s.title = "Threads waiting in CPython";
    s.python = PythonProgram {"threads_io.py"};
    saveScenario(s, path.toStdString());
    QString error;
    ASSERT_TRUE(window->openFile(path, &error)) << error.toStdString();
    EXPECT_TRUE(showing(*window, window->pythonView()));
    EXPECT_TRUE(window->pythonView()->scriptPath().endsWith("threads_io.py"))
        << window->pythonView()->scriptPath().toStdString();
    EXPECT_FALSE(window->pythonView()->isRunning()) << "opened, not run";
}

TEST_F(MainWindowScenarioFiles, AMalformedScenarioChangesNothingAndNamesTheField)
{
    const RunConfig before = window->experimentPanel()->config();
    const QString title = window->windowTitle();
    const QString path = dir.filePath("bad.json");
    writeText(path, R"({"format": "interleave-scenario", "version": 1, "title": "Bad",
        "run": {"model": "threads", "workload": "io", "tasks": "many"}})");
    QString error;
    EXPECT_FALSE(window->openFile(path, &error));
    EXPECT_TRUE(error.contains("run.tasks")) << error.toStdString();
    EXPECT_EQ(window->experimentPanel()->config(), before);
    EXPECT_EQ(window->windowTitle(), title);

    const QString lab = dir.filePath("badlab.json");
    writeText(lab, R"({"format": "interleave-scenario", "version": 1, "title": "Bad lab",
        "lab": {"name": "race", "parameters": {"threads": 1000}}})");
    EXPECT_FALSE(window->openFile(lab, &error));
    EXPECT_TRUE(error.contains("lab.parameters.threads")) << error.toStdString();
}

TEST_F(MainWindowScenarioFiles, ATraceStillOpensAsATraceAndNamesTheWindow)
{
    TraceBuilder b;
    const LaneId lane = b.addLane({.kind = LaneKind::Thread, .name = "T"});
    b.append(lane, {.time = 0, .task = 0, .state = State::Running});
    b.append(lane, {.time = 1'000'000, .task = 0, .state = State::Done});
    const QString path = dir.filePath("saved.json");
    saveChromeTrace(b.build(), path.toStdString());
    EXPECT_FALSE(isScenarioFile(path.toStdString()));
    QString error;
    ASSERT_TRUE(window->openFile(path, &error)) << error.toStdString();
    EXPECT_TRUE(window->windowTitle().startsWith("saved.json"));
}

// The strip above the tabs speaks of the engine's run or the opened trace: it shows above the
// Timeline and Lanes, and steps aside on the Python and lab tabs, which say what their own runs
// did (an asyncio summary above the Deadlock tab told of another run).
TEST_F(MainWindowScenarioFiles, TheResultsStripBelongsToTheTimelineAndLanes)
{
    QLabel* strip = window->resultsStrip();
    EXPECT_TRUE(strip->isHidden()) << "nothing to say yet";
    TraceBuilder b;
    const LaneId lane = b.addLane({.kind = LaneKind::Thread, .name = "T"});
    b.append(lane, {.time = 0, .task = 0, .state = State::Running});
    b.append(lane, {.time = 1'000'000, .task = 0, .state = State::Done});
    const QString path = dir.filePath("strip.json");
    saveChromeTrace(b.build(), path.toStdString());
    ASSERT_TRUE(window->openFile(path));
    EXPECT_FALSE(strip->isHidden());
    for (int i = 0; i < window->views()->count(); ++i) {
        window->views()->setCurrentIndex(i);
        const bool engineTab = i < 2; // Timeline, Lanes
        EXPECT_EQ(!strip->isHidden(), engineTab) << window->views()->tabText(i).toStdString();
    }
    window->views()->setCurrentIndex(0);
    EXPECT_FALSE(strip->isHidden());
}

// A trace written by an engine run carries what ran; opening it puts that in the panel, and
// Space still replays it.
TEST_F(MainWindowScenarioFiles, AnOpenedRunsTracePutsItsSettingsInThePanel)
{
    RunConfig c;
    c.model = Model::Asyncio;
    c.workload = WorkloadKind::Io;
    c.tasks = 3;
    c.latencyMs = 7.5;
    c.switchIntervalMs = 0.005;
    Recorder recorder;
    const RunResult result = runModel(c, recorder);
    ASSERT_FALSE(result.cancelled);
    const QString path = dir.filePath("ran.json");
    saveChromeTrace(Trace::fromSnapshot(recorder.snapshot()), path.toStdString());
    QString error;
    ASSERT_TRUE(window->openFile(path, &error)) << error.toStdString();
    const RunConfig shown = window->experimentPanel()->config();
    EXPECT_EQ(shown.model, Model::Asyncio);
    EXPECT_EQ(shown.tasks, 3);
    EXPECT_DOUBLE_EQ(shown.latencyMs, 7.5);
    EXPECT_DOUBLE_EQ(shown.switchIntervalMs, 0.005);
    EXPECT_FALSE(window->spaceRuns()) << "Space replays what was opened";
}

TEST_F(MainWindowScenarioFiles, TheScenariosMenuListsEveryBuiltInOneAndOpensIt)
{
    QMenu* menu = window->scenariosMenu();
    ASSERT_NE(menu, nullptr);
    const auto presets = builtInScenarioPresets();
    ASSERT_FALSE(presets.empty());
    ASSERT_EQ(menu->actions().size(), static_cast<qsizetype>(presets.size()));
    // Each one opens: the panel takes a run's settings, a lab view its lab's.
    for (int i = 0; i < menu->actions().size(); ++i) {
        const Scenario& s = presets[static_cast<std::size_t>(i)].second;
        EXPECT_EQ(menu->actions()[i]->text().toStdString(), s.title);
        menu->actions()[i]->trigger();
        EXPECT_TRUE(window->windowTitle().startsWith(QString::fromStdString(s.title))) << s.title;
        if (s.run) {
            EXPECT_EQ(window->experimentPanel()->config().model, s.run->model) << s.title;
            EXPECT_EQ(window->experimentPanel()->config().tasks, s.run->tasks) << s.title;
        } else if (s.lab && s.lab->name == "deadlock") {
            EXPECT_TRUE(showing(*window, window->deadlockView())) << s.title;
        }
    }
    ASSERT_NE(window->saveScenarioAction(), nullptr);
    EXPECT_FALSE(window->saveScenarioAction()->shortcut().isEmpty());
}

// A 1280x800 projector with the Experiment and Lessons docks both open: the panels whole (no
// scrolling in the docks) and the central area's minimum, on every tab, fit the screen's width
// (they needed 1,441 px: the replay bar's scrub bar and the Python tab's unwrapped title). The
// test screen is smaller than 1280, so the sum is taken from the parts' own minimums.
TEST(MainWindowFits, BothDocksFitA1280PixelScreenOnEveryTab)
{
    QSettings(MainWindow::settingsOrganization(), MainWindow::settingsApplication()).clear();
    MainWindow window;
    window.show();
    window.lessonDock()->show();
    const int docks = window.experimentPanel()->minimumSizeHint().width()
        + window.findChild<QWidget*>("lessonPanel")->minimumSizeHint().width();
    constexpr int kFramesAndSplitters = 60; // dock frames, scroll bars, the splitters between
    for (int i = 0; i < window.views()->count(); ++i) {
        window.views()->setCurrentIndex(i);
        window.layout()->activate();
        const int central = window.centralWidget()->minimumSizeHint().width();
        EXPECT_LE(docks + central + kFramesAndSplitters, 1280)
            << window.views()->tabText(i).toStdString() << ": central " << central << ", docks " << docks;
    }
}

} // namespace
} // namespace interleave
