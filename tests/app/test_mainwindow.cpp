#include "window/mainwindow.h"
#include "compare/compareview.h"

#include "charts/speedupchart.h"
#include "compare/compareview.h"
#include "labviews/raceview.h"
#include "keysdialog.h"
#include "lazytab.h"
#include "panels/experimentpanel.h"
#include "engine/run_fields.h"
#include "run/runcontroller.h"
#include "teachviews/lessonpanel.h"
#include "timeline/replaybar.h"
#include "timeline/replaycontroller.h"
#include "timeline/timelinewidget.h"
#include "trace/chrome_trace.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QSpinBox>
#include <QImage>
#include <QLabel>
#include <QMenu>
#include <QMap>
#include <QMenuBar>
#include <QPixmap>
#include <QScrollArea>
#include <QProgressBar>
#include <QScrollArea>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QWheelEvent>

#include <gtest/gtest.h>

namespace interleave {
namespace {

TEST(MainWindow, TitleAndDefaultSize)
{
    MainWindow window;
    EXPECT_EQ(window.windowTitle(), "Interleave");
    EXPECT_EQ(window.size(), QSize(1280, 800));
    EXPECT_FALSE(window.windowIcon().isNull());
}

// The letter after & in a menu's or a tab's name is Alt+letter; two with one letter make the key
// ambiguous, and Qt then only moves the focus between them: Alt+L opened neither the Learn menu
// nor the Lanes tab, Alt+P neither the Replay menu nor the Python tab.
TEST(MainWindow, EachAltLetterOfTheMenusAndTabsNamesOneOfThem)
{
    MainWindow window;
    const auto mnemonicOf = [](const QString& text) -> QChar {
        for (qsizetype i = 0; i + 1 < text.size(); ++i) {
            if (text[i] == QLatin1Char('&')) {
                if (text[i + 1] != QLatin1Char('&'))
                    return text[i + 1].toLower();
                ++i;
            }
        }
        return {};
    };
    QMap<QChar, QStringList> owners;
    for (QAction* menu : window.menuBar()->actions())
        if (const QChar key = mnemonicOf(menu->text()); !key.isNull())
            owners[key] << QStringLiteral("menu ") + menu->text();
    for (int i = 0; i < window.views()->count(); ++i)
        if (const QChar key = mnemonicOf(window.views()->tabText(i)); !key.isNull())
            owners[key] << QStringLiteral("tab ") + window.views()->tabText(i);
    EXPECT_GE(owners.size(), 8);
    for (auto it = owners.cbegin(); it != owners.cend(); ++it)
        EXPECT_EQ(it.value().size(), 1) << "Alt+" << QString(it.key()).toStdString() << ": "
                                        << it.value().join(QStringLiteral(", ")).toStdString();
}

TEST(MainWindow, RunIsReadyAndStopIsDisabledAtStart)
{
    MainWindow window;
    QAction* run = window.findChild<QAction*>("runAction");
    QAction* stop = window.findChild<QAction*>("stopAction");
    ASSERT_NE(run, nullptr);
    ASSERT_NE(stop, nullptr);
    EXPECT_EQ(run, window.runAction());
    EXPECT_EQ(stop, window.stopAction());
    EXPECT_TRUE(run->isEnabled());
    EXPECT_FALSE(stop->isEnabled());
    EXPECT_TRUE(run->toolTip().startsWith("Run the experiment (Ctrl+R")) << run->toolTip().toStdString();
    EXPECT_EQ(run->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_R));
    // Space runs too (or plays the replay once there is one): its own action.
    EXPECT_EQ(window.spaceAction()->shortcut(), QKeySequence(Qt::Key_Space));
    EXPECT_EQ(window.spaceAction()->text(), "Run the experiment");

    const QToolBar* toolBar = window.findChild<QToolBar*>("runToolBar");
    ASSERT_NE(toolBar, nullptr);
    EXPECT_TRUE(toolBar->actions().contains(run));
    EXPECT_TRUE(toolBar->actions().contains(stop));
}

TEST(MainWindow, TimelineAreaShowsAHint)
{
    MainWindow window;
    const auto* hint = window.findChild<QLabel*>("timelinePlaceholder");
    ASSERT_NE(hint, nullptr);
    EXPECT_EQ(hint->text(), "Choose a workload and a model, then press Run");
    EXPECT_TRUE(hint->alignment() & Qt::AlignHCenter);
    EXPECT_TRUE(hint->alignment() & Qt::AlignVCenter);
}

TEST(MainWindow, ComparisonDockIsHiddenAndEmptyAtStart)
{
    MainWindow window;
    window.show();
    QApplication::processEvents();
    ASSERT_NE(window.comparisonDock(), nullptr);
    EXPECT_EQ(window.comparisonDock()->windowTitle(), "Comparison");
    EXPECT_FALSE(window.comparisonDock()->isVisible());
    ASSERT_NE(window.speedupChart(), nullptr);
    EXPECT_EQ(window.speedupChart()->barCount(), 0);
}

TEST(MainWindow, RendersANonBlankImageOfItsSize)
{
    MainWindow window;
    window.show();
    QApplication::processEvents();
    const QImage image = window.grab().toImage();
    ASSERT_EQ(image.size(), QSize(1280, 800));

    // The hint is drawn across the middle of the window: that row holds more than one colour.
    QSet<QRgb> middleRow;
    const QLabel* hint = window.findChild<QLabel*>("timelinePlaceholder");
    ASSERT_NE(hint, nullptr);
    const int y = hint->mapTo(&window, hint->rect().center()).y();
    for (int x = 0; x < image.width(); ++x)
        middleRow.insert(image.pixel(x, y));
    // Text is antialiased, so at least a handful of shades.
    EXPECT_GE(middleRow.size(), 3);

    // And the window as a whole is not one flat colour: menus, toolbar, status bar.
    QSet<QRgb> sampled;
    for (int sy = 0; sy < image.height(); sy += 4) {
        for (int sx = 0; sx < image.width(); sx += 4)
            sampled.insert(image.pixel(sx, sy));
    }
    EXPECT_GE(sampled.size(), 8);
}

RunConfig shortRun(int tasks = 3, double latencyMs = 40)
{
    RunConfig c;
    c.model = Model::Threads;
    c.workload = WorkloadKind::Io;
    c.tasks = tasks;
    c.latencyMs = latencyMs;
    return c;
}

void clearSettings()
{
    QSettings(MainWindow::settingsOrganization(), MainWindow::settingsApplication()).clear();
}

// A window as the user has it: shown, active, keys going where the focus is. Settings start
// empty (the test main keeps them in a directory of its own, never the user's).
class MainWindowKeys : public testing::Test {
protected:
    void SetUp() override
    {
        clearSettings();
        window = std::make_unique<MainWindow>();
        window->show();
        window->activateWindow();
        ASSERT_TRUE(QTest::qWaitForWindowActive(window.get()));
        window->experimentPanel()->setConfig(shortRun());
    }

    void TearDown() override
    {
        window->runController()->stop();
        window.reset();
        clearSettings();
        QApplication::setPalette(MainWindow::paletteFor(TimelineTheme::Light));
    }

    // Keys go to the focused widget, as a keyboard's do; shortcuts are tried first.
    void press(int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
    {
        QWidget* target = QApplication::focusWidget();
        QTest::keyClick(target != nullptr ? target : window.get(), static_cast<Qt::Key>(key), modifiers);
    }

    bool waitForRunToFinish()
    {
        return QTest::qWaitFor([this] { return !window->runController()->isRunning(); }, 15'000);
    }

    // Runs by Space and waits for the run to end.
    void runBySpace()
    {
        press(Qt::Key_Space);
        ASSERT_TRUE(window->runController()->isRunning());
        ASSERT_TRUE(waitForRunToFinish());
    }

    std::unique_ptr<MainWindow> window;
};

TEST_F(MainWindowKeys, SpaceRunsThenPlaysAndPausesTheReplay)
{
    EXPECT_EQ(window->keyHint(), "Space: run");
    press(Qt::Key_Space);
    EXPECT_TRUE(window->runController()->isRunning());
    EXPECT_EQ(window->keyHint(), "Esc: stop the run");
    // Space during the run neither starts another nor stops this one.
    press(Qt::Key_Space);
    EXPECT_TRUE(window->runController()->isRunning());
    ASSERT_TRUE(waitForRunToFinish());
    // Every task was counted as it finished.
    EXPECT_EQ(window->experimentPanel()->progressBar()->maximum(), 3);
    EXPECT_EQ(window->experimentPanel()->progressBar()->value(), 3);

    ReplayController* replay = window->replayController();
    ASSERT_TRUE(replay->isAvailable());
    EXPECT_FALSE(window->spaceRuns());
    EXPECT_EQ(replay->position(), replay->trace().endTime());
    EXPECT_FALSE(window->timeline()->playhead().has_value()); // at rest at the end: no line
    EXPECT_TRUE(window->keyHint().startsWith("Space: replay"));

    QSignalSpy runs(window->runController(), &RunController::started);
    press(Qt::Key_Space);
    EXPECT_TRUE(replay->isPlaying());
    EXPECT_EQ(replay->position(), replay->trace().startTime()); // from the start
    EXPECT_TRUE(window->keyHint().startsWith("Space: pause"));
    press(Qt::Key_Space);
    EXPECT_FALSE(replay->isPlaying());
    EXPECT_EQ(runs.count(), 0);

    // A different experiment on the panel: Space runs it.
    RunConfig c = shortRun(2);
    window->experimentPanel()->setConfig(c);
    EXPECT_TRUE(window->spaceRuns());
    press(Qt::Key_Space);
    EXPECT_TRUE(window->runController()->isRunning());
    EXPECT_FALSE(replay->isAvailable()); // the live run replaces the old replay
    ASSERT_TRUE(waitForRunToFinish());
}

TEST_F(MainWindowKeys, EscStopsARunAndOtherwiseClearsTheSelection)
{
    window->experimentPanel()->setConfig(shortRun(3, 5'000)); // long enough to be stopped
    QSignalSpy finished(window->runController(), &RunController::finished);
    press(Qt::Key_Space);
    ASSERT_TRUE(window->runController()->isRunning());
    QTest::qWait(100);
    press(Qt::Key_Escape);
    ASSERT_TRUE(finished.wait(5'000));
    EXPECT_TRUE(finished.at(0).at(0).value<RunResult>().cancelled);

    // Idle: Esc clears a selected span. Find one with the mouse and click it.
    TimelineWidget* timeline = window->timeline();
    QPoint onSpan;
    for (int y = timeline->coordinates().headerHeight(); y < timeline->height() && onSpan.isNull(); y += 4) {
        for (int x = timeline->coordinates().gutterWidth() + 2; x < timeline->width(); x += 8) {
            if (timeline->hitTest({x, y})) {
                onSpan = {x, y};
                break;
            }
        }
    }
    ASSERT_FALSE(onSpan.isNull());
    QTest::mouseClick(timeline, Qt::LeftButton, Qt::NoModifier, onSpan);
    ASSERT_TRUE(timeline->selection().has_value());
    press(Qt::Key_Escape);
    EXPECT_FALSE(timeline->selection().has_value());
}

TEST_F(MainWindowKeys, ArrowsStepThePlayheadThroughStateChanges)
{
    runBySpace();
    ReplayController* replay = window->replayController();
    const Trace& trace = replay->trace();
    press(Qt::Key_Home);
    EXPECT_EQ(replay->position(), trace.startTime());
    press(Qt::Key_Right);
    const auto first = nextStateChange(trace, trace.startTime());
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(replay->position(), *first);
    press(Qt::Key_Right);
    const auto second = nextStateChange(trace, *first);
    ASSERT_TRUE(second.has_value());
    EXPECT_EQ(replay->position(), *second);
    EXPECT_EQ(window->timeline()->playhead(), *second); // the timeline draws it there
    // The status bar says what changed there, and in which lane.
    const QString said = window->statusBar()->currentMessage();
    EXPECT_TRUE(said.contains(" · ")) << said.toStdString();
    EXPECT_EQ(said, window->describeChangeAtPlayhead());
    EXPECT_FALSE(said.contains("no state changes"));
    press(Qt::Key_Left);
    EXPECT_EQ(replay->position(), *first);
    press(Qt::Key_End);
    EXPECT_EQ(replay->position(), trace.endTime());
    EXPECT_FALSE(window->timeline()->playhead().has_value());
}

// Home and End, like the steps, leave the status bar saying where the playhead is: End kept
// the last step's message.
TEST_F(MainWindowKeys, HomeAndEndSayWhereTheTimelinesPlayheadIs)
{
    runBySpace();
    ReplayController* replay = window->replayController();
    const Trace& trace = replay->trace();
    press(Qt::Key_Home);
    press(Qt::Key_Right);
    const QString step = window->statusBar()->currentMessage();
    EXPECT_TRUE(step.contains(" · ")) << step.toStdString();
    press(Qt::Key_End);
    const QString end = window->statusBar()->currentMessage();
    EXPECT_NE(end, step);
    EXPECT_TRUE(end.startsWith(QString::fromStdString(formatReplayTime(trace.duration(), trace.duration()))))
        << end.toStdString();
    EXPECT_EQ(end, window->describeChangeAtPlayhead());
    press(Qt::Key_Home);
    EXPECT_TRUE(window->statusBar()->currentMessage().startsWith(
        QString::fromStdString(formatReplayTime(0, trace.duration()))))
        << window->statusBar()->currentMessage().toStdString();
}

// On a lab tab the keys act on the lab: Space runs its demo, Esc stops it, and the replay's
// keys leave the hidden timeline's playhead where it is.
TEST_F(MainWindowKeys, OnALabTabSpaceRunsItsDemoAndEscStopsIt)
{
    runBySpace();
    ReplayController* replay = window->replayController();
    press(Qt::Key_Home);
    const TimeNs before = replay->position();

    window->showView(window->raceView());
    EXPECT_EQ(window->keyHint(), "Space: run the demo · Esc: stop");
    // "Finished: Space replays it" was said of the engine's run, not of the race.
    EXPECT_TRUE(window->statusBar()->currentMessage().isEmpty()) << window->statusBar()->currentMessage().toStdString();
    press(Qt::Key_Right);
    press(Qt::Key_End);
    EXPECT_EQ(replay->position(), before) << "the timeline's playhead moved behind the lab tab";
    press(Qt::Key_Space);
    EXPECT_TRUE(window->raceView()->isRunning());
    EXPECT_FALSE(window->runController()->isRunning()) << "Space ran the engine, not the race";
    press(Qt::Key_Escape);
    EXPECT_TRUE(QTest::qWaitFor([&] { return !window->raceView()->isRunning(); }, 30'000));

    // Back on the timeline, its keys work again.
    window->showView(window->timeline());
    press(Qt::Key_End);
    EXPECT_EQ(replay->position(), replay->trace().endTime());
}

TEST_F(MainWindowKeys, PlusMinusZoomAndFFits)
{
    runBySpace();
    TimelineWidget* timeline = window->timeline();
    timeline->fitToTrace();
    const TimeNs fitted = timeline->coordinates().windowDuration();
    press(Qt::Key_Plus);
    const TimeNs zoomedIn = timeline->coordinates().windowDuration();
    EXPECT_LT(zoomedIn, fitted);
    press(Qt::Key_Minus);
    press(Qt::Key_Minus);
    EXPECT_GT(timeline->coordinates().windowDuration(), zoomedIn);
    press(Qt::Key_Plus);
    press(Qt::Key_Plus);
    press(Qt::Key_F);
    EXPECT_EQ(timeline->coordinates().windowDuration(), fitted);
}

TEST_F(MainWindowKeys, F11TogglesFullScreen)
{
    press(Qt::Key_F11);
    EXPECT_TRUE(window->fullScreenAction()->isChecked());
    EXPECT_TRUE(window->windowState() & Qt::WindowFullScreen);
    press(Qt::Key_F11);
    EXPECT_FALSE(window->fullScreenAction()->isChecked());
    EXPECT_FALSE(window->windowState() & Qt::WindowFullScreen);
}

TEST_F(MainWindowKeys, EveryShortcutIsListedInAMenu)
{
    QSet<QString> listed;
    const std::function<void(const QMenu*)> collect = [&](const QMenu* menu) {
        for (const QAction* action : menu->actions()) {
            if (action->menu() != nullptr)
                collect(action->menu());
            for (const QKeySequence& key : action->shortcuts())
                listed.insert(key.toString());
        }
    };
    for (const QAction* top : window->menuBar()->actions())
        collect(top->menu());
    for (const char* key : {"Space", "Esc", "Left", "Right", "Home", "End", "+", "-", "F", "F11", "Ctrl+R"})
        EXPECT_TRUE(listed.contains(QString::fromLatin1(key))) << key;

    // Help > Keyboard shortcuts lists every one of them, with what it does.
    const std::vector<KeyEntry> entries = keyEntriesOf(window->menuBar());
    QSet<QString> inDialog;
    for (const KeyEntry& e : entries) {
        EXPECT_FALSE(e.action.isEmpty()) << e.keys.toStdString();
        EXPECT_FALSE(e.action.contains('&')) << e.action.toStdString();
        for (const QString& key : e.keys.split(QStringLiteral(", ")))
            inDialog.insert(QKeySequence(key, QKeySequence::NativeText).toString());
    }
    EXPECT_EQ(inDialog, listed);
    bool helpListsIt = false;
    for (const QAction* top : window->menuBar()->actions()) {
        for (const QAction* action : top->menu()->actions())
            helpListsIt = helpListsIt || action->objectName() == QLatin1String("keysAction");
    }
    EXPECT_TRUE(helpListsIt);
}

TEST_F(MainWindowKeys, ReplayPlaysWithThePlayheadInView)
{
    runBySpace();
    ReplayController* replay = window->replayController();
    TimelineWidget* timeline = window->timeline();
    // Zoomed in to a tenth of the run, the playhead must page the view as it goes.
    const Trace& trace = replay->trace();
    ASSERT_TRUE(timeline->setWindow(trace.startTime(), trace.startTime() + trace.duration() / 10));
    replay->setSpeed(4);
    press(Qt::Key_Home);
    press(Qt::Key_Space);
    ASSERT_TRUE(replay->isPlaying());
    bool alwaysInView = true;
    while (replay->isPlaying()) {
        QTest::qWait(20);
        const TimeNs at = replay->position();
        alwaysInView = alwaysInView && at >= timeline->coordinates().windowStart()
            && at <= timeline->coordinates().windowEnd();
    }
    EXPECT_TRUE(alwaysInView);
    EXPECT_GT(timeline->coordinates().windowStart(), trace.startTime() + trace.duration() / 2);
}

TEST_F(MainWindowKeys, AFittedReplayNeverPages)
{
    runBySpace();
    ReplayController* replay = window->replayController();
    TimelineWidget* timeline = window->timeline();
    timeline->fitToTrace();
    const TimeNs start = timeline->coordinates().windowStart();
    const TimeNs end = timeline->coordinates().windowEnd();
    replay->setSpeed(4);
    press(Qt::Key_Space);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !replay->isPlaying(); }, 5000));
    EXPECT_EQ(timeline->coordinates().windowStart(), start);
    EXPECT_EQ(timeline->coordinates().windowEnd(), end);
}

TEST(MainWindowSettings, ChoicesSurviveTheWindow)
{
    clearSettings();
    RunConfig chosen = shortRun(7, 25);
    chosen.model = Model::ProcessPool;
    chosen.workload = WorkloadKind::Mixed;
    chosen.mixedRounds = 3;
    chosen.gil = false;
    chosen.processStart = ProcessStart::Native;
    QSize saved;
    {
        MainWindow window;
        window.show();
        window.resize(1000, 700);
        window.experimentPanel()->setConfig(chosen);
        window.darkThemeAction()->trigger();
        window.replayBar()->speedBox()->setCurrentIndex(window.replayBar()->speedBox()->findText("0.02x"));
        window.comparisonDock()->show();
        QApplication::processEvents();
        saved = window.size(); // the docks shown may have grown it past 1000x700
        ASSERT_NE(saved, MainWindow::defaultSize());
        window.close();
    }
    {
        MainWindow window;
        EXPECT_EQ(window.experimentPanel()->config(), chosen);
        EXPECT_EQ(window.theme(), TimelineTheme::Dark);
        EXPECT_TRUE(window.darkThemeAction()->isChecked());
        EXPECT_EQ(window.timeline()->theme(), TimelineTheme::Dark);
        EXPECT_DOUBLE_EQ(window.replayController()->speed(), 0.02);
        EXPECT_EQ(window.replayBar()->speedBox()->currentText(), "0.02x");
        EXPECT_EQ(window.size(), saved);
        window.show();
        QApplication::processEvents();
        EXPECT_TRUE(window.comparisonDock()->isVisible());
    }
    clearSettings();
    QApplication::setPalette(MainWindow::paletteFor(TimelineTheme::Light));
}

TEST(MainWindowSettings, DamagedSettingsFallBackToDefaults)
{
    clearSettings();
    {
        QSettings settings(MainWindow::settingsOrganization(), MainWindow::settingsApplication());
        settings.setValue("experiment/model", "fork_bomb");
        settings.setValue("experiment/tasks", -40);
        settings.setValue("experiment/latencyMs", "soon");
        settings.setValue("experiment/switchIntervalMs", 2.5);
        settings.setValue("view/theme", "purple");
        settings.setValue("replay/speed", "fast");
        settings.setValue("window/geometry", QByteArray("not a geometry"));
    }
    MainWindow window;
    const RunConfig defaults;
    const RunConfig c = window.experimentPanel()->config();
    EXPECT_EQ(c.model, defaults.model);
    EXPECT_EQ(c.tasks, defaults.tasks);
    EXPECT_DOUBLE_EQ(c.latencyMs, defaults.latencyMs);
    EXPECT_DOUBLE_EQ(c.switchIntervalMs, 2.5); // the one sound value is kept
    EXPECT_EQ(window.theme(), TimelineTheme::Light);
    EXPECT_DOUBLE_EQ(window.replayController()->speed(), ReplayClock::kDefaultSpeed);
    EXPECT_EQ(window.size(), MainWindow::defaultSize());
    clearSettings();
}

TEST(MainWindowTheme, DarkReachesEveryPart)
{
    clearSettings();
    MainWindow window;
    window.setTheme(TimelineTheme::Dark);
    EXPECT_EQ(window.timeline()->theme(), TimelineTheme::Dark);
    EXPECT_TRUE(window.speedupChart()->isDarkTheme());
    const QPalette palette = QApplication::palette();
    EXPECT_LT(palette.color(QPalette::Window).lightness(), 80);
    EXPECT_GT(palette.color(QPalette::WindowText).lightness(), 200);
    window.setTheme(TimelineTheme::Light);
    EXPECT_FALSE(window.speedupChart()->isDarkTheme());
    EXPECT_GT(QApplication::palette().color(QPalette::Window).lightness(), 200);
    EXPECT_LT(QApplication::palette().color(QPalette::WindowText).lightness(), 60);
    clearSettings();
}

// The lab and comparison tabs are built when first shown: none at start, each one when the
// tab is switched to, with its view inside and drawn, and wired to the window's theme.
TEST(MainWindowLazyTabs, EveryTabHasItsContentOnceShown)
{
    clearSettings();
    MainWindow window;
    window.setTheme(TimelineTheme::Dark); // before any lab view exists
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    QTabWidget* views = window.views();
    int lazy = 0;
    for (int i = 0; i < views->count(); ++i) {
        if (const auto* tab = qobject_cast<LazyTab*>(views->widget(i))) {
            ++lazy;
            EXPECT_FALSE(tab->isBuilt()) << views->tabText(i).toStdString();
        }
    }
    EXPECT_EQ(lazy, 5); // race, step-through, locks, deadlock, compare

    window.showView(views->widget(0)); // the tabs are shown once a run or a tab is asked for
    for (int i = 0; i < views->count(); ++i) {
        views->setCurrentIndex(i);
        QWidget* page = views->currentWidget();
        ASSERT_TRUE(QTest::qWaitFor([&] { return page->isVisible(); })) << i;
        QWidget* content = page;
        if (auto* tab = qobject_cast<LazyTab*>(page)) {
            EXPECT_TRUE(tab->isBuilt()) << views->tabText(i).toStdString();
            content = tab->widget();
            ASSERT_NE(content, nullptr) << views->tabText(i).toStdString();
        }
        ASSERT_TRUE(QTest::qWaitFor([&] { return content->isVisible(); })) << views->tabText(i).toStdString();
        EXPECT_FALSE(content->findChildren<QWidget*>().isEmpty()) << views->tabText(i).toStdString();
        EXPECT_GT(content->width(), 100) << views->tabText(i).toStdString();
        EXPECT_GT(content->height(), 100) << views->tabText(i).toStdString();
    }
    // The views the accessors give are the ones in the tabs, themed as the window is.
    EXPECT_EQ(qobject_cast<QScrollArea*>(views->currentWidget())->widget(), // the last tab
        static_cast<QWidget*>(window.compareView()));
    EXPECT_EQ(window.raceView()->timeline()->theme(), TimelineTheme::Dark);
    window.setTheme(TimelineTheme::Light);
    EXPECT_EQ(window.raceView()->timeline()->theme(), TimelineTheme::Light);
    clearSettings();
}

// A view asked for before its tab was ever shown is built then, in its tab.
TEST(MainWindowLazyTabs, AskingForAViewBuildsItInItsTab)
{
    clearSettings();
    MainWindow window;
    RaceView* race = window.raceView();
    ASSERT_NE(race, nullptr);
    EXPECT_EQ(window.raceView(), race);
    auto* tab = qobject_cast<LazyTab*>(race->parentWidget()->parentWidget());
    ASSERT_NE(tab, nullptr);
    EXPECT_TRUE(tab->isBuilt());
    EXPECT_EQ(tab->widget(), race);
    window.showView(race);
    EXPECT_EQ(window.views()->currentWidget(), tab);
    clearSettings();
}

TEST(MainWindowPanel, OffersEverythingAnExperimentNeeds)
{
    MainWindow window;
    ExperimentPanel* panel = window.experimentPanel();
    auto* model = panel->findChild<QComboBox*>("model");
    ASSERT_NE(model, nullptr);
    ASSERT_EQ(model->count(), 6);
    for (int i = 0; i < model->count(); ++i) {
        EXPECT_FALSE(model->itemIcon(i).isNull()) << i;
        EXPECT_FALSE(model->itemData(i, Qt::ToolTipRole).toString().isEmpty()) << i;
    }
    for (const char* name :
        {"workload", "tasks", "workMs", "latencyMs", "mixedRounds", "threadWorkers", "processWorkers", "gil",
            "switchIntervalMs", "processStart", "runButton", "stopButton", "panelProgress"})
        EXPECT_NE(panel->findChild<QWidget*>(name), nullptr) << name;
}

// The panel offers what core accepts: a scenario's switch interval of 0.005 ms runs as 0.005
// (not clamped to a box's 0.1), each box's limits are the run table's, and what no box shows
// (a scenario's span budget) comes back out as it went in.
TEST(MainWindowPanel, TakesEveryValueCoreAcceptsAndKeepsWhatItDoesNotShow)
{
    MainWindow window;
    ExperimentPanel* panel = window.experimentPanel();
    RunConfig c = panel->config();
    c.switchIntervalMs = 0.005;
    c.latencyMs = kMaxDurationMs;
    c.maxSpans = 1234;
    panel->setConfig(c);
    const RunConfig back = panel->config();
    EXPECT_DOUBLE_EQ(back.switchIntervalMs, 0.005);
    EXPECT_DOUBLE_EQ(back.latencyMs, kMaxDurationMs);
    EXPECT_EQ(back.maxSpans, 1234);
    EXPECT_EQ(back, c);
    auto* interval = panel->findChild<QDoubleSpinBox*>("switchIntervalMs");
    ASSERT_NE(interval, nullptr);
    EXPECT_EQ(interval->text(), QStringLiteral("0.005 ms"));
    interval->setValue(5);
    EXPECT_EQ(interval->text(), QStringLiteral("5 ms")) << "no zeros the decimals would add";

    int boxes = 0;
    for (const RunField& field : runFields()) {
        QString name;
        for (const QString& part : QString::fromUtf8(field.key.data(), field.key.size()).split('_'))
            name += name.isEmpty() ? part : part.left(1).toUpper() + part.mid(1);
        if (auto* whole = panel->findChild<QSpinBox*>(name)) {
            ++boxes;
            EXPECT_EQ(whole->minimum(), field.min) << name.toStdString();
            EXPECT_EQ(whole->maximum(), field.max) << name.toStdString();
        } else if (auto* number = panel->findChild<QDoubleSpinBox*>(name)) {
            ++boxes;
            EXPECT_DOUBLE_EQ(number->minimum(), field.min) << name.toStdString();
            EXPECT_DOUBLE_EQ(number->maximum(), field.max) << name.toStdString();
            EXPECT_EQ(number->decimals(), field.decimals) << name.toStdString();
        }
    }
    EXPECT_EQ(boxes, 7) << "tasks, work, wait, rounds, both pools' sizes and the switch interval";
}

// The window after a real run, replay half-way, in both themes: the picture is not blank, has
// the window's size, and the dark one is dark. With INTERLEAVE_SCREENSHOT_DIR set the images
// are also written there (replay-light.png, replay-dark.png) to be looked at.
TEST_F(MainWindowKeys, ScreenshotsAfterARunInBothThemes)
{
    RunConfig c;
    c.model = Model::Threads;
    c.workload = WorkloadKind::Cpu;
    c.tasks = 3;
    c.workMs = 30; // three CPU-bound threads taking turns in 5 ms slices
    window->experimentPanel()->setConfig(c);
    runBySpace();
    ReplayController* replay = window->replayController();
    replay->seek(replay->clock().timeAtFraction(0.45));
    const QString dir = qEnvironmentVariable("INTERLEAVE_SCREENSHOT_DIR");
    for (TimelineTheme theme : {TimelineTheme::Light, TimelineTheme::Dark}) {
        window->setTheme(theme);
        QApplication::processEvents();
        const QImage image = window->grab().toImage();
        ASSERT_EQ(image.size(), MainWindow::defaultSize());
        QSet<QRgb> colours;
        long lightness = 0;
        for (int y = 0; y < image.height(); y += 5) {
            for (int x = 0; x < image.width(); x += 5) {
                colours.insert(image.pixel(x, y));
                lightness += QColor(image.pixel(x, y)).lightness();
            }
        }
        EXPECT_GE(colours.size(), 20);
        const double mean
            = static_cast<double>(lightness) / ((image.height() / 5 + 1) * (image.width() / 5 + 1));
        if (theme == TimelineTheme::Dark)
            EXPECT_LT(mean, 110);
        else
            EXPECT_GT(mean, 150);
        if (!dir.isEmpty())
            image.save(dir + (theme == TimelineTheme::Dark ? "/replay-dark.png" : "/replay-light.png"));
    }
    // The comparison chart follows the theme too.
    EXPECT_TRUE(window->speedupChart()->isDarkTheme());
    if (!dir.isEmpty()) {
        window->comparisonDock()->show();
        QApplication::processEvents();
        window->grab().save(dir + "/replay-dark-comparison.png");
    }
}

TEST_F(MainWindowKeys, AnOpenedTraceIsReadyToReplay)
{
    TraceBuilder b;
    const LaneId lane = b.addLane({.kind = LaneKind::Thread, .name = "T"});
    b.append(lane, {.time = 1'000'000, .task = 0, .state = State::Running});
    b.append(lane, {.time = 6'000'000, .task = 0, .state = State::WaitingGil});
    b.append(lane, {.time = 11'000'000, .task = 0, .state = State::Done});
    QTemporaryDir dir;
    const QString path = dir.filePath("trace.json");
    saveChromeTrace(b.build(), path.toStdString());
    QString error;
    ASSERT_TRUE(window->openTrace(path, &error)) << error.toStdString();
    ReplayController* replay = window->replayController();
    ASSERT_TRUE(replay->isAvailable());
    EXPECT_FALSE(window->spaceRuns());
    press(Qt::Key_Home);
    press(Qt::Key_Right);
    EXPECT_EQ(replay->position() - replay->trace().startTime(), 5'000'000);
    press(Qt::Key_Space);
    EXPECT_TRUE(replay->isPlaying());
    EXPECT_FALSE(window->runController()->isRunning());
}

TEST_F(MainWindowKeys, CtrlWheelZoomsTheTimelineInTheWindow)
{
    runBySpace();
    TimelineWidget* timeline = window->timeline();
    timeline->fitToTrace();
    const TimeNs fitted = timeline->coordinates().windowDuration();
    const QPointF at(timeline->coordinates().plotLeft() + 100, timeline->height() / 2.0);
    QWheelEvent wheel(at, timeline->mapToGlobal(at), QPoint(), QPoint(0, 240), Qt::NoButton,
        Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(timeline, &wheel);
    EXPECT_LT(timeline->coordinates().windowDuration(), fitted);
}

TEST_F(MainWindowKeys, SpaceRunsEvenFromANumberField)
{
    auto* tasks = window->experimentPanel()->findChild<QWidget*>("tasks");
    ASSERT_NE(tasks, nullptr);
    tasks->setFocus();
    ASSERT_TRUE(QTest::qWaitFor([&] { return tasks->hasFocus(); }, 1000));
    press(Qt::Key_Space);
    EXPECT_TRUE(window->runController()->isRunning());
    ASSERT_TRUE(waitForRunToFinish());
    // Digits still go into the field.
    tasks->setFocus();
    press(Qt::Key_End);
    press(Qt::Key_Backspace);
    press(Qt::Key_5);
    EXPECT_EQ(window->experimentPanel()->config().tasks, 5);
}

} // namespace
} // namespace interleave

namespace interleave {
namespace {

// The index of the lesson with this id in the panel's list, or -1.
int mainWindowLessonIndex(const LessonPanel& lessons, const std::string& id)
{
    for (std::size_t i = 0; i < lessons.lessons().size(); ++i) {
        if (lessons.lessons()[i].id == id)
            return static_cast<int>(i);
    }
    return -1;
}

TEST(MainWindowLessons, ALessonsProcessesStartAsMeasuredOnThisMachine)
{
    MainWindow window;
    ExperimentPanel* panel = window.experimentPanel();
    // The window measures Python's start-up in the background when it can; the figure set here
    // comes after, so it is the one in force either way.
    static_cast<void>(QTest::qWaitFor([&] { return panel->measuredPythonStartMs() > 0; }, 10'000));
    panel->setPythonStartMs(37.5, QStringLiteral("python3"));
    LessonPanel* lessons = window.lessonPanel();
    const int index = mainWindowLessonIndex(*lessons, "04-processes-cpu");
    ASSERT_GE(index, 0);
    ASSERT_EQ(lessons->lessons()[static_cast<std::size_t>(index)].scenario.run->processStart, ProcessStart::Python);
    lessons->setCurrentIndex(index);
    ASSERT_TRUE(lessons->selectAnswer(1));
    lessons->runAction()->trigger();
    EXPECT_TRUE(window.runController()->isRunning());
    EXPECT_DOUBLE_EQ(panel->config().processStartMs, 37.5);
    window.stopAction()->trigger();
    EXPECT_TRUE(QTest::qWaitFor([&] { return !window.runController()->isRunning(); }, 15'000));
}

} // namespace
} // namespace interleave

namespace interleave {
namespace {

TEST(MainWindowLessons, ALessonWithAComparisonRunsItAfterItsRun)
{
    // Lesson 11 says: two hundred downloads on one event loop, then the comparison of all six
    // models on the same work. The window does both, in that order.
    MainWindow window;
    LessonPanel* lessons = window.lessonPanel();
    int index = -1;
    for (std::size_t i = 0; i < lessons->lessons().size(); ++i) {
        const std::vector<std::string>& views = lessons->lessons()[i].views;
        if (lessons->lessons()[i].scenario.run && std::find(views.begin(), views.end(), "compare") != views.end())
            index = static_cast<int>(i);
    }
    ASSERT_GE(index, 0) << "some lesson shows the comparison";
    lessons->setCurrentIndex(index);
    ASSERT_TRUE(lessons->selectAnswer(1));
    lessons->runAction()->trigger();
    EXPECT_FALSE(window.compareView()->isRunning()) << "the lesson's own run comes first";
    ASSERT_TRUE(QTest::qWaitFor([&] { return lessons->resultShown(); }, 30'000));
    EXPECT_TRUE(window.compareView()->isRunning());
    const auto* page = qobject_cast<QScrollArea*>(window.views()->currentWidget());
    ASSERT_NE(page, nullptr);
    EXPECT_EQ(page->widget(), window.compareView());
    const CompareView::CompareSettings shown = window.compareView()->compareSettings();
    EXPECT_EQ(shown.tasks, CompareView::settingsFor(*lessons->currentLesson()->scenario.run).tasks);
    window.compareView()->stop();
    EXPECT_TRUE(QTest::qWaitFor([&] { return !window.compareView()->isRunning(); }, 30'000));
}

} // namespace
} // namespace interleave


namespace interleave {
namespace {

TEST(MainWindowLessons, ALessonsFiguresBecomeTheMedianOfThreeRunsWithTheirRange)
{
    MainWindow window;
    LessonPanel* lessons = window.lessonPanel();
    const int index = mainWindowLessonIndex(*lessons, "02-threads-io");
    ASSERT_GE(index, 0);
    lessons->setCurrentIndex(index);
    ASSERT_TRUE(lessons->selectAnswer(1));
    lessons->runAction()->trigger();
    ASSERT_TRUE(QTest::qWaitFor([&] { return lessons->resultShown(); }, 30'000));
    // First the watched run's figures, and a word that more are coming.
    EXPECT_TRUE(lessons->resultText().contains(QStringLiteral("Measured: one run"))) << lessons->resultText().toStdString();
    EXPECT_TRUE(lessons->repeatPending());
    const QList<QLabel*> notes = lessons->findChildren<QLabel*>(QStringLiteral("lessonMeasuring"));
    ASSERT_EQ(notes.size(), 1);
    EXPECT_TRUE(notes.front()->isVisibleTo(lessons));
    EXPECT_TRUE(notes.front()->text().contains(QStringLiteral("of 2 more runs"))) << notes.front()->text().toStdString();
    // Then the median of three with the range, the note gone.
    ASSERT_TRUE(QTest::qWaitFor([&] { return !lessons->repeatPending(); }, 30'000));
    const QString text = lessons->resultText();
    EXPECT_TRUE(text.contains(QStringLiteral("Measured: the median of 3 runs"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral(" to "))) << text.toStdString();
    EXPECT_FALSE(notes.front()->isVisibleTo(lessons));
}

TEST(MainWindowLessons, LeavingALessonDropsItsRepeatsAndStopEndsThem)
{
    MainWindow window;
    LessonPanel* lessons = window.lessonPanel();
    const int index = mainWindowLessonIndex(*lessons, "03-gil-cpu-threads");
    ASSERT_GE(index, 0);
    lessons->setCurrentIndex(index);
    ASSERT_TRUE(lessons->selectAnswer(1));
    lessons->runAction()->trigger();
    ASSERT_TRUE(QTest::qWaitFor([&] { return lessons->resultShown(); }, 30'000));
    ASSERT_TRUE(lessons->repeatPending());
    // Another lesson: its predecessor's figures never arrive there.
    lessons->setCurrentIndex(index + 1);
    EXPECT_FALSE(lessons->repeatPending());

    // Back, and run again: a fresh single run, then its repeats, which Stop ends at once with
    // what was measured so far.
    lessons->setCurrentIndex(index);
    ASSERT_TRUE(lessons->selectAnswer(1));
    lessons->runAction()->trigger();
    ASSERT_TRUE(QTest::qWaitFor([&] { return lessons->resultShown(); }, 30'000));
    ASSERT_TRUE(lessons->repeatPending());
    window.stopAction()->trigger();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !lessons->repeatPending(); }, 5'000));
    EXPECT_TRUE(lessons->resultText().contains(QStringLiteral("Measured: "))) << lessons->resultText().toStdString();
}

} // namespace
} // namespace interleave
