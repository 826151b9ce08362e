#include "lab/wait_for_graph_at.h"
#include "keysdialog.h"
#include "labviews/deadlockview.h"
#include "labviews/labreplay.h"
#include "labviews/lockview.h"
#include "labviews/raceview.h"
#include "labviews/waitforgraphwidget.h"
#include "teachviews/lessonpanel.h"
#include "timeline/replaybar.h"
#include "timeline/replaycontroller.h"
#include "timeline/timelinewidget.h"
#include "window/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QMenuBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStatusBar>
#include <QTest>

#include <gtest/gtest.h>

#include <memory>
#include <optional>

namespace interleave {
namespace {

constexpr TimeNs kRealSecondNs = 1'000 * kNsPerMs;

int waitEdgesShown(const WaitForGraph& graph)
{
    int edges = 0;
    for (const WaitForGraph::Thread& t : graph.threads)
        edges += t.waitsFor != WaitForGraph::kNone ? 1 : 0;
    return edges;
}

int holdEdgesShown(const WaitForGraph& graph)
{
    int edges = 0;
    for (const WaitForGraph::Lock& l : graph.locks)
        edges += l.heldBy != WaitForGraph::kNone ? 1 : 0;
    return edges;
}

// Runs the view's demo (ordered: fixed by lock ordering) with n philosophers to its end.
void runPhilosophers(DeadlockView& view, int n, bool ordered)
{
    DeadlockConfig config;
    config.philosophers = n;
    view.setConfig(config);
    QSignalSpy finished(&view, &DeadlockView::runFinished);
    ASSERT_TRUE(view.start(ordered));
    ASSERT_TRUE(finished.wait(15'000));
}

TEST(LabReplay, TheDeadlockGraphFollowsThePlayheadAndTheCycleClosesWhereTheLastWaitBegins)
{
    DeadlockView view;
    runPhilosophers(view, 4, false);
    ReplayController* replay = view.replay()->controller();
    ASSERT_TRUE(replay->isAvailable());
    const Trace& trace = replay->trace();
    EXPECT_EQ(trace.startTime(), view.timeline()->trace().startTime());
    EXPECT_EQ(trace.endTime(), view.timeline()->trace().endTime());
    ASSERT_FALSE(trace.lockLog().events.empty());

    // At rest at the end: the whole run, and the cycle it ended in.
    EXPECT_FALSE(view.timeline()->playhead());
    ASSERT_TRUE(view.graph()->cycle());
    EXPECT_EQ(view.graph()->cycle()->threads.size(), 4u);

    // At the start nobody waits and nothing is held yet.
    replay->toStart();
    EXPECT_EQ(view.timeline()->playhead(), trace.startTime());
    EXPECT_EQ(waitEdgesShown(view.graph()->graph()), 0);
    EXPECT_EQ(holdEdgesShown(view.graph()->graph()), 0);
    EXPECT_FALSE(view.graph()->cycle());
    EXPECT_EQ(view.graph()->graph().threads.size(), 4u); // the nodes are there, without edges

    // The first wait's edge appears at the instant its lane starts waiting on the timeline.
    std::optional<LockEvent> firstWait;
    for (const LockEvent& e : trace.lockLog().events) {
        if (e.kind == LockEventKind::Wait) {
            firstWait = e;
            break;
        }
    }
    ASSERT_TRUE(firstWait);
    replay->seek(firstWait->time - 1);
    EXPECT_EQ(waitEdgesShown(view.graph()->graph()), 0);
    replay->seek(firstWait->time);
    EXPECT_EQ(waitEdgesShown(view.graph()->graph()), 1);
    EXPECT_EQ(view.graph()->graph().threads[static_cast<std::size_t>(firstWait->thread)].waitsFor, firstWait->lock);
    const auto span = trace.spanAt(firstWait->lane, firstWait->time);
    ASSERT_TRUE(span);
    EXPECT_EQ(trace.span(firstWait->lane, *span).state, State::WaitingLock);

    // The cycle is not there an instant before it closes, and is from then on.
    const std::optional<TimeNs> closed = firstCycleAt(trace.lockLog());
    ASSERT_TRUE(closed);
    replay->seek(*closed - 1);
    EXPECT_FALSE(view.graph()->cycle());
    EXPECT_FALSE(view.graph()->caption().startsWith("Deadlock")) << view.graph()->caption().toStdString();
    replay->seek(*closed);
    ASSERT_TRUE(view.graph()->cycle());
    EXPECT_TRUE(view.graph()->caption().startsWith("Deadlock")) << view.graph()->caption().toStdString();
    EXPECT_EQ(view.timeline()->playhead(), *closed);
    // Every thread of the cycle is waiting on the timeline at that instant.
    for (int thread : view.graph()->cycle()->threads) {
        bool waiting = false;
        for (LaneId lane = 0; lane < static_cast<LaneId>(trace.laneCount()); ++lane) {
            if (trace.lane(lane).name != view.graph()->graph().threads[static_cast<std::size_t>(thread)].name)
                continue;
            const auto at = trace.spanAt(lane, *closed);
            waiting = at && trace.span(lane, *at).state == State::WaitingLock;
        }
        EXPECT_TRUE(waiting) << thread;
    }

    // Played to the end, the cycle stays.
    replay->play();
    replay->advanceBy(trace.duration() * 1000);
    EXPECT_FALSE(replay->isPlaying());
    EXPECT_TRUE(view.graph()->cycle());
}

TEST(LabReplay, TheFixedOrderRunNeverShowsACycleAndReplaysSlowlyByTheBarsSpeed)
{
    DeadlockView view;
    runPhilosophers(view, 5, true);
    EXPECT_TRUE(view.resultText().startsWith("No deadlock")) << view.resultText().toStdString();
    ReplayController* replay = view.replay()->controller();
    ASSERT_TRUE(replay->isAvailable());
    const Trace& trace = replay->trace();

    // Step through every state change: never a cycle; the graph shows a wait exactly where a
    // lane of the timeline is waiting for a lock.
    replay->toStart();
    int steps = 0;
    do {
        const TimeNs at = replay->position();
        EXPECT_FALSE(view.graph()->cycle()) << at - trace.startTime();
        int lanesWaiting = 0;
        for (LaneId lane = 0; lane < static_cast<LaneId>(trace.laneCount()); ++lane) {
            const auto span = trace.spanAt(lane, at);
            lanesWaiting += span && trace.span(lane, *span).state == State::WaitingLock ? 1 : 0;
        }
        EXPECT_EQ(waitEdgesShown(view.graph()->graph()), lanesWaiting) << at - trace.startTime();
        ++steps;
    } while (replay->stepForward());
    EXPECT_GT(steps, 20);
    replay->toEnd();
    EXPECT_EQ(waitEdgesShown(view.graph()->graph()), 0);
    EXPECT_EQ(holdEdgesShown(view.graph()->graph()), 0);

    // 0.05x from the bar's speed box: a second of real time moves the playhead 50 ms of the
    // run, and the whole run (about 0.3 s) lasts twenty times its length, several seconds.
    QComboBox* speed = view.replay()->bar()->speedBox();
    const int slow = speed->findData(0.05);
    ASSERT_GE(slow, 0);
    speed->setCurrentIndex(slow);
    EXPECT_DOUBLE_EQ(replay->speed(), 0.05);
    replay->play();
    ASSERT_TRUE(replay->isPlaying());
    EXPECT_EQ(replay->position(), trace.startTime());
    replay->advanceBy(kRealSecondNs);
    EXPECT_EQ(replay->position() - trace.startTime(), 50 * kNsPerMs);
    EXPECT_EQ(view.timeline()->playhead(), replay->position());
    const TimeNs realLength = trace.duration() * 20;
    EXPECT_GT(realLength, 4 * kRealSecondNs) << "the run took " << trace.duration() / kNsPerMs << " ms";
    replay->advanceBy(realLength - kRealSecondNs - 10 * kNsPerMs);
    EXPECT_TRUE(replay->isPlaying()) << "over before its time";
    EXPECT_LT(replay->position(), trace.endTime());
    EXPECT_GE(replay->position(), trace.endTime() - kNsPerMs);
    replay->advanceBy(20 * kNsPerMs);
    EXPECT_EQ(replay->position(), trace.endTime());
    EXPECT_FALSE(replay->isPlaying());
}

TEST(LabReplay, ANewRunClearsTheReplayUntilItEnds)
{
    DeadlockView view;
    runPhilosophers(view, 2, true);
    ReplayController* replay = view.replay()->controller();
    ASSERT_TRUE(replay->isAvailable());
    QSignalSpy finished(&view, &DeadlockView::runFinished);
    ASSERT_TRUE(view.start(true));
    EXPECT_FALSE(replay->isAvailable());
    EXPECT_FALSE(view.timeline()->playhead());
    ASSERT_TRUE(finished.wait(15'000));
    EXPECT_TRUE(replay->isAvailable());
    EXPECT_EQ(replay->trace().endTime(), view.timeline()->trace().endTime());
}

TEST(LabReplay, TheLocksAndRaceViewsReplayTheirRunOnTheirTimeline)
{
    LockView locks;
    LockDemoConfig lockConfig = locks.config();
    lockConfig.threads = 2;
    locks.setConfig(lockConfig);
    QSignalSpy lockFinished(&locks, &LockView::runFinished);
    ASSERT_TRUE(locks.start());
    EXPECT_FALSE(locks.replay()->controller()->isAvailable());
    ASSERT_TRUE(lockFinished.wait(15'000));
    ReplayController* lockReplay = locks.replay()->controller();
    ASSERT_TRUE(lockReplay->isAvailable());
    lockReplay->toStart();
    ASSERT_TRUE(lockReplay->stepForward());
    EXPECT_GT(lockReplay->position(), lockReplay->trace().startTime());
    EXPECT_EQ(locks.timeline()->playhead(), lockReplay->position());

    RaceView race;
    race.setConfig({.threads = 2, .increments = 2000});
    ASSERT_TRUE(race.start());
    EXPECT_FALSE(race.replay()->controller()->isAvailable());
    ASSERT_TRUE(race.waitForFinished(30'000));
    ReplayController* raceReplay = race.replay()->controller();
    ASSERT_TRUE(raceReplay->isAvailable());
    EXPECT_EQ(raceReplay->trace().endTime(), race.timeline()->trace().endTime());
    raceReplay->play();
    raceReplay->advanceBy(kNsPerMs);
    ASSERT_TRUE(race.timeline()->playhead());
    EXPECT_EQ(*race.timeline()->playhead(), raceReplay->position());
}

// The window's keys on the Deadlock tab: Space runs the demo; once it has ended P, the arrows,
// Home and End drive its replay, and the Timeline tab's playhead stays where it was.
class LabReplayKeys : public testing::Test {
protected:
    void SetUp() override
    {
        QSettings(MainWindow::settingsOrganization(), MainWindow::settingsApplication()).clear();
        window = std::make_unique<MainWindow>();
        window->show();
        window->activateWindow();
        ASSERT_TRUE(QTest::qWaitForWindowActive(window.get()));
    }

    void TearDown() override
    {
        window.reset();
        QSettings(MainWindow::settingsOrganization(), MainWindow::settingsApplication()).clear();
    }

    void press(Qt::Key key)
    {
        QWidget* target = QApplication::focusWidget();
        QTest::keyClick(target != nullptr ? target : window.get(), key);
    }

    std::unique_ptr<MainWindow> window;
};

TEST_F(LabReplayKeys, OnTheDeadlockTabTheKeysDriveItsReplay)
{
    window->showView(window->deadlockView());
    DeadlockView* view = window->deadlockView();
    DeadlockConfig config;
    config.philosophers = 3;
    view->setConfig(config);
    EXPECT_EQ(window->shownLabReplay(), view->replay());
    EXPECT_EQ(window->keyHint(), "Space: run the demo · Esc: stop");

    QSignalSpy finished(view, &DeadlockView::runFinished);
    press(Qt::Key_Space);
    ASSERT_TRUE(view->isRunning());
    ASSERT_TRUE(finished.wait(15'000));
    ReplayController* replay = view->replay()->controller();
    ASSERT_TRUE(replay->isAvailable());
    EXPECT_EQ(window->keyHint(), "Space: run the demo · P: replay · ←/→: step");
    const Trace& trace = replay->trace();

    press(Qt::Key_Home);
    EXPECT_EQ(replay->position(), trace.startTime());
    EXPECT_FALSE(view->graph()->cycle());
    press(Qt::Key_Right);
    const auto first = nextStateChange(trace, trace.startTime());
    ASSERT_TRUE(first);
    EXPECT_EQ(replay->position(), *first);
    press(Qt::Key_Right);
    press(Qt::Key_Left);
    EXPECT_EQ(replay->position(), *first);
    EXPECT_EQ(view->timeline()->playhead(), *first);

    press(Qt::Key_P);
    EXPECT_TRUE(replay->isPlaying());
    EXPECT_EQ(window->keyHint(), "P: pause · ←/→: step · Space: run the demo");
    press(Qt::Key_P);
    EXPECT_FALSE(replay->isPlaying());

    press(Qt::Key_End);
    EXPECT_EQ(replay->position(), trace.endTime());
    EXPECT_TRUE(view->graph()->cycle());
    EXPECT_FALSE(window->replayController()->isAvailable()) << "the Timeline tab has nothing to replay";

    // The Lab menu names the keys, so Help > Keyboard shortcuts lists them.
    QStringList labKeys;
    for (const KeyEntry& e : keyEntriesOf(window->menuBar())) {
        if (e.menu == QLatin1String("Lab"))
            labKeys << e.keys;
    }
    EXPECT_EQ(labKeys, (QStringList {"P", "Left", "Right", "Home", "End"}));

    // On the Timeline tab the lab's keys rest.
    window->showView(window->timeline());
    EXPECT_EQ(window->shownLabReplay(), nullptr);
    press(Qt::Key_Home);
    EXPECT_EQ(replay->position(), trace.endTime());
}

// With the Lessons open, P was both the previous lesson's key and the lab replay's: Qt found it
// ambiguous and did nothing. On a lab tab with a replay it plays; elsewhere it goes back a
// lesson, and PageUp always does.
TEST_F(LabReplayKeys, WithTheLessonsOpenPPlaysTheLabsReplayOnItsTabAndGoesBackALessonElsewhere)
{
    LessonPanel* lessons = window->lessonPanel();
    auto* dock = window->findChild<QDockWidget*>(QStringLiteral("lessonDock"));
    ASSERT_NE(dock, nullptr);
    dock->show();
    lessons->setCurrentIndex(3);

    window->showView(window->deadlockView());
    DeadlockView* view = window->deadlockView();
    DeadlockConfig config;
    config.philosophers = 3;
    view->setConfig(config);
    QSignalSpy finished(view, &DeadlockView::runFinished);
    press(Qt::Key_Space);
    ASSERT_TRUE(finished.wait(15'000));
    ReplayController* replay = view->replay()->controller();
    ASSERT_TRUE(replay->isAvailable());
    press(Qt::Key_Home);

    press(Qt::Key_P);
    EXPECT_TRUE(replay->isPlaying());
    EXPECT_EQ(lessons->currentIndex(), 3);
    press(Qt::Key_P);
    EXPECT_FALSE(replay->isPlaying());
    press(Qt::Key_PageUp);
    EXPECT_EQ(lessons->currentIndex(), 2);

    window->showView(window->timeline());
    press(Qt::Key_P);
    EXPECT_EQ(lessons->currentIndex(), 1);
    EXPECT_FALSE(replay->isPlaying());
}

// A lab tab opened from the Lab menu gives its first field the focus (the Race tab's Threads
// box); Space still runs the tab's demo, as the status bar says, instead of going into the box.
TEST_F(LabReplayKeys, SpaceRunsTheRaceFromItsThreadsBox)
{
    window->showView(window->raceView());
    RaceView* view = window->raceView();
    auto* threads = view->findChild<QSpinBox*>();
    ASSERT_NE(threads, nullptr);
    threads->setFocus();
    ASSERT_EQ(QApplication::focusWidget(), threads);
    press(Qt::Key_Space);
    EXPECT_TRUE(view->isRunning());
    press(Qt::Key_Escape);
}

// Every move of a lab's replay, by key or on its bar, leaves the status bar saying where the
// playhead is now: End kept the last step's message ("... · philosopher-1: running → waiting
// for a lock") while the graph showed the end.
TEST_F(LabReplayKeys, EveryMoveOfTheLabReplaySaysWhereThePlayheadIs)
{
    window->showView(window->deadlockView());
    DeadlockView* view = window->deadlockView();
    DeadlockConfig config;
    config.philosophers = 3;
    view->setConfig(config);
    QSignalSpy finished(view, &DeadlockView::runFinished);
    press(Qt::Key_Space);
    ASSERT_TRUE(finished.wait(15'000));
    ReplayController* replay = view->replay()->controller();
    ASSERT_TRUE(replay->isAvailable());
    const Trace& trace = replay->trace();
    const auto said = [&] { return window->statusBar()->currentMessage(); };
    const auto timeOfPlayhead = [&] {
        return QString::fromStdString(formatReplayTime(replay->position() - trace.startTime(), trace.duration()));
    };

    press(Qt::Key_Home);
    EXPECT_TRUE(said().startsWith(timeOfPlayhead())) << said().toStdString();
    press(Qt::Key_Right);
    press(Qt::Key_Right);
    const QString step = said();
    EXPECT_TRUE(step.startsWith(timeOfPlayhead()) && step.contains(QStringLiteral(" · "))) << step.toStdString();

    press(Qt::Key_End);
    EXPECT_EQ(replay->position(), trace.endTime());
    EXPECT_NE(said(), step) << "End kept the last step's message";
    EXPECT_TRUE(said().startsWith(timeOfPlayhead())) << said().toStdString();
    EXPECT_TRUE(said().contains(QStringLiteral("the end of the run"))) << said().toStdString();

    // The bar's own buttons and its scrub bar, as a click or a drag moves them.
    view->replay()->bar()->toStartAction()->trigger();
    EXPECT_EQ(replay->position(), trace.startTime());
    EXPECT_TRUE(said().startsWith(timeOfPlayhead())) << said().toStdString();
    view->replay()->bar()->scrubBar()->setValue(ReplayBar::kScrubSteps / 2);
    EXPECT_GT(replay->position(), trace.startTime());
    EXPECT_TRUE(said().startsWith(timeOfPlayhead())) << said().toStdString();

    // Playing leaves any one instant behind.
    press(Qt::Key_P);
    EXPECT_TRUE(replay->isPlaying());
    EXPECT_TRUE(said().isEmpty()) << said().toStdString();
    press(Qt::Key_P);
}

// The lab replays have one speed, chosen on any lab tab (a tab built later starts at it), and
// it is there again after a restart, as the Timeline tab's is; the two are not one.
TEST_F(LabReplayKeys, OneSpeedForTheLabTabsKeptAcrossRestarts)
{
    window->showView(window->raceView());
    QComboBox* raceSpeed = window->raceView()->replay()->bar()->speedBox();
    raceSpeed->setCurrentIndex(raceSpeed->findText(QStringLiteral("0.02x")));
    EXPECT_DOUBLE_EQ(window->raceView()->replay()->controller()->speed(), 0.02);
    window->showView(window->deadlockView()); // built now
    EXPECT_DOUBLE_EQ(window->deadlockView()->replay()->controller()->speed(), 0.02);
    EXPECT_EQ(window->deadlockView()->replay()->bar()->speedBox()->currentText(), QStringLiteral("0.02x"));

    QComboBox* deadlockSpeed = window->deadlockView()->replay()->bar()->speedBox();
    deadlockSpeed->setCurrentIndex(deadlockSpeed->findText(QStringLiteral("0.5x")));
    EXPECT_DOUBLE_EQ(window->raceView()->replay()->controller()->speed(), 0.5);
    EXPECT_EQ(raceSpeed->currentText(), QStringLiteral("0.5x"));
    EXPECT_DOUBLE_EQ(window->replayController()->speed(), ReplayClock::kDefaultSpeed)
        << "the Timeline tab's replay keeps its own speed";

    window->close();
    window = std::make_unique<MainWindow>();
    EXPECT_DOUBLE_EQ(window->lockView()->replay()->controller()->speed(), 0.5);
    EXPECT_EQ(window->lockView()->replay()->bar()->speedBox()->currentText(), QStringLiteral("0.5x"));
    EXPECT_DOUBLE_EQ(window->replayController()->speed(), ReplayClock::kDefaultSpeed);
}

} // namespace
} // namespace interleave
