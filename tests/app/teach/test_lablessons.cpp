// The lab lessons (race, lock, deadlock, free-threaded race) in the window: Run runs the demo
// with the lesson's parameters in the lab tab it opens, the lesson's text is written from that
// run's recorded numbers once it has ended, and "Show the demo again" makes a second run.
// Also the text itself, for outcomes a real run rarely gives.

#include "window/mainwindow.h"
#include "labviews/deadlockview.h"
#include "labviews/raceview.h"
#include "labviews/waitforgraphwidget.h"
#include "qtext.h"
#include "teachviews/lablessonresult.h"
#include "teachviews/lessonpanel.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QScrollArea>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace interleave {
namespace {

// Generous: the sanitizer builds run the races many times slower.
constexpr int kLabLessonsWaitMs = 240'000;

int labLessonsIndex(const LessonPanel& panel, const std::string& id)
{
    const auto& lessons = panel.lessons();
    const auto it = std::find_if(lessons.begin(), lessons.end(), [&](const Lesson& l) { return l.id == id; });
    return it == lessons.end() ? -1 : static_cast<int>(it - lessons.begin());
}

// Opens the lesson, predicts its answer and presses Run. For pictures, the window is on
// screen first, as a learner's is (a lab tab then sets the Experiment dock aside).
void labLessonsRun(MainWindow& window, const std::string& id)
{
    if (!qEnvironmentVariable("INTERLEAVE_TEACH_SHOTS").isEmpty()) {
        window.resize(1280, 800);
        window.lessonDock()->show();
        window.show();
    }
    LessonPanel* panel = window.lessonPanel();
    const int index = labLessonsIndex(*panel, id);
    ASSERT_GE(index, 0) << id;
    panel->setCurrentIndex(index);
    ASSERT_TRUE(panel->selectAnswer(panel->currentLesson()->quiz.answer));
    panel->runAction()->trigger();
}

QWidget* labLessonsShownTab(MainWindow& window)
{
    QWidget* page = window.views()->currentWidget();
    if (auto* area = qobject_cast<QScrollArea*>(page))
        return area->widget();
    return page;
}

// With INTERLEAVE_TEACH_SHOTS set to a folder: the window as a learner sees it once the demo
// has run, with the lesson beside the lab tab, at a small and a large screen's size.
void labLessonsShoot(MainWindow& window, const QString& name)
{
    const QString shots = qEnvironmentVariable("INTERLEAVE_TEACH_SHOTS");
    if (shots.isEmpty())
        return;
    window.lessonDock()->show();
    window.show();
    for (const QSize size : {QSize(1280, 800), QSize(1920, 1080)}) {
        window.resize(size);
        QTest::qWait(100);
        EXPECT_TRUE(window.grab().save(QDir(shots).filePath(
            QStringLiteral("%1-%2x%3.png").arg(name).arg(size.width()).arg(size.height()))));
    }
}

// The text names what the runs recorded: the expected total, the lowest and highest counter.
void labLessonsExpectRaceNumbers(const QString& text, const std::vector<RaceRunResult>& runs)
{
    ASSERT_FALSE(runs.empty());
    const RaceSummary s = summarize(runs);
    EXPECT_TRUE(text.contains(groupedNumber(runs.front().expected))) << text.toStdString();
    EXPECT_TRUE(text.contains(groupedNumber(s.minActual))) << text.toStdString();
    EXPECT_TRUE(text.contains(groupedNumber(s.maxActual))) << text.toStdString();
    if (s.runsThatLost > 0 && s.runs > 1) {
        EXPECT_TRUE(text.contains(QStringLiteral("%1 of %2").arg(s.runsThatLost).arg(s.runs))) << text.toStdString();
    }
}

TEST(LabLessons, TheRaceLessonRunsItsRaceAndWritesItsNumbersAfterItEnded)
{
    MainWindow window;
    LessonPanel* panel = window.lessonPanel();
    QSignalSpy started(window.raceView(), &RaceView::started);
    QSignalSpy finished(window.raceView(), &RaceView::finished);
    QSignalSpy shown(panel, &LessonPanel::outcomeShown);

    labLessonsRun(window, "08-race-condition");
    // Running, in the tab the lesson opens, and nothing said yet.
    EXPECT_EQ(started.count(), 1);
    EXPECT_EQ(labLessonsShownTab(window), window.raceView());
    EXPECT_TRUE(window.raceView()->isRunning());
    EXPECT_TRUE(panel->awaitingLabResult());
    EXPECT_FALSE(panel->resultShown());
    EXPECT_TRUE(panel->resultText().isEmpty());

    ASSERT_TRUE(shown.wait(kLabLessonsWaitMs));
    EXPECT_EQ(finished.count(), 1);
    // The lesson's parameters: 4 threads x 100,000 of counter = counter + one() under the GIL, 5 runs.
    const RaceConfig ran = window.raceView()->lastRunConfig();
    EXPECT_EQ(ran.threads, 4);
    EXPECT_EQ(ran.increments, 100'000);
    EXPECT_EQ(ran.mode, RaceMode::Unsafe);
    EXPECT_TRUE(ran.gil);
    EXPECT_EQ(ran.between, RaceBetween::Call);
    EXPECT_EQ(ran.repeat, 5);
    const std::vector<RaceRunResult> first = window.raceView()->results();
    ASSERT_EQ(first.size(), 5u);
    for (const RaceRunResult& r : first)
        EXPECT_EQ(r.expected, 400'000);
    // The tab shows that run's figures, the panel that run's numbers.
    EXPECT_EQ(window.raceView()->expectedShown(), 400'000);
    EXPECT_EQ(window.raceView()->actualShown(), first.back().actual);
    const QString text = panel->resultText();
    labLessonsExpectRaceNumbers(text, first);
    // Whichever way it came out, the text says so and never the other outcome's words.
    if (summarize(first).runsThatLost > 0) {
        EXPECT_TRUE(text.contains(QStringLiteral("GIL changed hands"))) << text.toStdString();
        EXPECT_FALSE(text.contains(QStringLiteral("nothing was lost"))) << text.toStdString();
    } else {
        EXPECT_TRUE(text.contains(QStringLiteral("nothing was lost"))) << text.toStdString();
    }
    labLessonsShoot(window, QStringLiteral("lab-lesson-08"));

    // Show the demo again: a second race, its text gone until it ends, then its own numbers.
    panel->runAction()->trigger();
    EXPECT_EQ(started.count(), 2);
    EXPECT_FALSE(panel->resultShown());
    EXPECT_TRUE(panel->resultText().isEmpty());
    ASSERT_TRUE(shown.wait(kLabLessonsWaitMs));
    EXPECT_EQ(finished.count(), 2);
    ASSERT_EQ(window.raceView()->results().size(), 5u);
    labLessonsExpectRaceNumbers(panel->resultText(), window.raceView()->results());
}

TEST(LabLessons, ARaceAlreadyRunningMakesWayForTheLessonsOwn)
{
    MainWindow window;
    LessonPanel* panel = window.lessonPanel();
    QSignalSpy started(window.raceView(), &RaceView::started);
    QSignalSpy shown(panel, &LessonPanel::outcomeShown);
    RaceConfig longRace;
    longRace.threads = 2;
    longRace.increments = 50'000'000;
    longRace.repeat = 1;
    window.raceView()->setConfig(longRace);
    ASSERT_TRUE(window.raceView()->start());
    labLessonsRun(window, "08-race-condition");
    // That race is stopped and never becomes the lesson's text; the lesson's race follows it.
    ASSERT_TRUE(shown.wait(kLabLessonsWaitMs));
    EXPECT_EQ(started.count(), 2);
    EXPECT_EQ(window.raceView()->lastRunConfig().increments, 100'000);
    ASSERT_EQ(window.raceView()->results().size(), 5u);
    labLessonsExpectRaceNumbers(panel->resultText(), window.raceView()->results());
}

TEST(LabLessons, TheLockLessonRunsTheRaceWithItsLockAndCountsExactly)
{
    MainWindow window;
    LessonPanel* panel = window.lessonPanel();
    QSignalSpy shown(panel, &LessonPanel::outcomeShown);
    labLessonsRun(window, "09-lock");
    EXPECT_EQ(labLessonsShownTab(window), window.raceView());
    EXPECT_FALSE(panel->resultShown());
    ASSERT_TRUE(shown.wait(kLabLessonsWaitMs));
    const RaceConfig ran = window.raceView()->lastRunConfig();
    EXPECT_EQ(ran.mode, RaceMode::Lock);
    EXPECT_EQ(ran.threads, 4);
    EXPECT_EQ(ran.increments, 100'000);
    EXPECT_TRUE(ran.gil);
    EXPECT_EQ(ran.between, RaceBetween::Call);
    const std::vector<RaceRunResult>& runs = window.raceView()->results();
    ASSERT_EQ(runs.size(), 5u);
    for (const RaceRunResult& r : runs)
        EXPECT_EQ(r.actual, 400'000);
    const QString text = panel->resultText();
    labLessonsExpectRaceNumbers(text, runs);
    EXPECT_TRUE(text.contains(QStringLiteral("no update lost"))) << text.toStdString();
    labLessonsShoot(window, QStringLiteral("lab-lesson-09"));
}

TEST(LabLessons, TheDeadlockLessonDrawsTheCycleItsRunDetected)
{
    MainWindow window;
    LessonPanel* panel = window.lessonPanel();
    QSignalSpy finished(window.deadlockView(), &DeadlockView::runFinished);
    QSignalSpy shown(panel, &LessonPanel::outcomeShown);
    labLessonsRun(window, "10-deadlock");
    EXPECT_EQ(labLessonsShownTab(window), window.deadlockView());
    EXPECT_TRUE(window.deadlockView()->isRunning());
    EXPECT_FALSE(panel->resultShown());
    ASSERT_TRUE(shown.wait(kLabLessonsWaitMs));
    EXPECT_EQ(finished.count(), 1);

    // Two threads, two locks, opposite orders: the lesson's parameters.
    const DeadlockConfig ran = window.deadlockView()->lastRunConfig();
    EXPECT_EQ(ran.scenario, DeadlockScenario::TwoLocks);
    EXPECT_FALSE(ran.ordered);
    ASSERT_TRUE(window.deadlockView()->lastResult());
    const DeadlockResult& result = *window.deadlockView()->lastResult();
    ASSERT_TRUE(result.deadlocked) << panel->resultText().toStdString();
    ASSERT_TRUE(result.report);

    // The graph on show is the run's at the report: its nodes, its edges, its cycle.
    const WaitForGraphWidget* graph = window.deadlockView()->graph();
    EXPECT_EQ(graph->graph(), result.report->graph);
    ASSERT_TRUE(graph->cycle());
    EXPECT_EQ(*graph->cycle(), result.report->indices);
    const WaitForGraph& g = graph->graph();
    ASSERT_EQ(g.threads.size(), 2u);
    ASSERT_EQ(g.locks.size(), 2u);
    EXPECT_EQ(g.threads[0].name, "worker-1");
    EXPECT_EQ(g.threads[1].name, "worker-2");
    EXPECT_EQ(g.locks[0].name, "lock-a");
    EXPECT_EQ(g.locks[1].name, "lock-b");
    const WaitCycle& cycle = *graph->cycle();
    ASSERT_EQ(cycle.threads.size(), 2u);
    for (std::size_t i = 0; i < cycle.threads.size(); ++i) {
        // threads[i] waits for locks[i], held by the next thread of the cycle.
        EXPECT_EQ(g.threads[static_cast<std::size_t>(cycle.threads[i])].waitsFor, cycle.locks[i]);
        EXPECT_EQ(g.locks[static_cast<std::size_t>(cycle.locks[i])].heldBy, cycle.threads[(i + 1) % 2]);
    }

    // The text names the cycle's threads and locks, as the run found them.
    const QString text = panel->resultText();
    EXPECT_TRUE(text.contains(toQString(result.report->description))) << text.toStdString();
    for (const char* name : {"worker-1", "worker-2", "lock-a", "lock-b"})
        EXPECT_TRUE(text.contains(QLatin1String(name))) << text.toStdString();
    labLessonsShoot(window, QStringLiteral("lab-lesson-10"));
}

TEST(LabLessons, TheFreeThreadedLessonRacesWithoutTheGilAfterItsRun)
{
    MainWindow window;
    LessonPanel* panel = window.lessonPanel();
    QSignalSpy started(window.raceView(), &RaceView::started);
    QSignalSpy shown(panel, &LessonPanel::outcomeShown);
    labLessonsRun(window, "12-free-threaded");
    // The run first, in front; the race waits for it, so neither slows the other.
    EXPECT_EQ(started.count(), 0);
    EXPECT_NE(labLessonsShownTab(window), window.raceView());
    ASSERT_TRUE(shown.wait(kLabLessonsWaitMs));
    EXPECT_EQ(started.count(), 1);
    const RaceConfig ran = window.raceView()->lastRunConfig();
    EXPECT_FALSE(ran.gil);
    EXPECT_EQ(ran.between, RaceBetween::None);
    EXPECT_EQ(ran.mode, RaceMode::Unsafe);
    EXPECT_EQ(ran.threads, 4);
    EXPECT_EQ(ran.increments, 100'000);
    ASSERT_EQ(window.raceView()->results().size(), 5u);
    const QString text = panel->resultText();
    labLessonsExpectRaceNumbers(text, window.raceView()->results());
    EXPECT_TRUE(text.contains(QStringLiteral("without a GIL"))) << text.toStdString();
    labLessonsShoot(window, QStringLiteral("lab-lesson-12"));
    // The race's tab, too: it shows the numbers the text gives.
    if (!qEnvironmentVariable("INTERLEAVE_TEACH_SHOTS").isEmpty()) {
        window.showView(window.raceView());
        labLessonsShoot(window, QStringLiteral("lab-lesson-12-race"));
    }
}

// The text, for outcomes chosen by hand.

Lesson labLessonsLesson(const std::string& id)
{
    LessonPanel panel;
    const int index = labLessonsIndex(panel, id);
    EXPECT_GE(index, 0);
    return panel.lessons().at(static_cast<std::size_t>(index));
}

RaceLessonOutcome labLessonsRace(bool gil, RaceBetween between, std::vector<std::int64_t> actuals)
{
    RaceLessonOutcome o;
    o.config.threads = 4;
    o.config.increments = 100'000;
    o.config.gil = gil;
    o.config.between = between;
    o.config.repeat = static_cast<int>(actuals.size());
    for (std::int64_t actual : actuals) {
        RaceRunResult r;
        r.expected = 400'000;
        r.actual = actual;
        r.wallNs = 250'000'000;
        r.switches = 14;
        r.switchesInWindow = actual < 400'000 ? 7 : 0;
        o.runs.push_back(r);
    }
    return o;
}

TEST(LabLessonResult, ALossyRaceThatLostSaysHowManyAndExplainsAsTheLessonDoes)
{
    const Lesson lesson = labLessonsLesson("08-race-condition");
    const RaceLessonOutcome o = labLessonsRace(true, RaceBetween::Call, {171'458, 215'911, 400'000});
    EXPECT_TRUE(labOutcomeAsExpected(o));
    const QString text = labLessonResultMarkdown(lesson, o);
    EXPECT_TRUE(text.contains(groupedNumber(171'458))) << text.toStdString();
    EXPECT_TRUE(text.contains(groupedNumber(400'000))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("**2 of 3**"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("GIL changed hands 42 times, 14 of them"))) << text.toStdString();
    EXPECT_TRUE(text.contains(toQString(lesson.explanation.substr(0, 40)))) << text.toStdString();
}

TEST(LabLessonResult, ALossyRaceThatLostNothingSaysSoAndNotTheLessonsOtherOutcome)
{
    const Lesson lesson = labLessonsLesson("08-race-condition");
    const RaceLessonOutcome o = labLessonsRace(true, RaceBetween::Call, {400'000, 400'000});
    EXPECT_FALSE(labOutcomeAsExpected(o));
    const QString text = labLessonResultMarkdown(lesson, o);
    EXPECT_TRUE(text.contains(QStringLiteral("no update lost"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("That can happen"))) << text.toStdString();
    // The lesson's explanation says updates were lost: not here.
    EXPECT_FALSE(text.contains(toQString(lesson.explanation.substr(0, 40)))) << text.toStdString();
    EXPECT_FALSE(text.contains(QStringLiteral("updates were lost"))) << text.toStdString();

    const RaceLessonOutcome free = labLessonsRace(false, RaceBetween::None, {400'000});
    const QString freeText = labLessonResultMarkdown(lesson, free);
    EXPECT_TRUE(freeText.contains(QStringLiteral("busy machine"))) << freeText.toStdString();
}

TEST(LabLessonResult, AStoppedRaceSaysSoWithTheRunsItMade)
{
    const Lesson lesson = labLessonsLesson("08-race-condition");
    RaceLessonOutcome o = labLessonsRace(true, RaceBetween::Call, {300'000});
    o.config.repeat = 5;
    EXPECT_FALSE(labOutcomeAsExpected(o));
    const QString text = labLessonResultMarkdown(lesson, o);
    EXPECT_TRUE(text.contains(QStringLiteral("stopped after 1 of 5 runs"))) << text.toStdString();
    EXPECT_FALSE(text.contains(toQString(lesson.explanation.substr(0, 40)))) << text.toStdString();
    o.runs.clear();
    EXPECT_TRUE(labLessonResultMarkdown(lesson, o).contains(QStringLiteral("stopped before its first run")));
}

TEST(LabLessonResult, AnUnorderedRunWithoutADeadlockSaysWhyThatCanHappen)
{
    const Lesson lesson = labLessonsLesson("10-deadlock");
    DeadlockLessonOutcome o;
    o.config.scenario = DeadlockScenario::TwoLocks;
    o.result.mealsPlanned = 4;
    o.result.meals = 4;
    o.result.wallNs = 150'000'000;
    EXPECT_FALSE(labOutcomeAsExpected(o));
    const QString text = labLessonResultMarkdown(lesson, o);
    EXPECT_TRUE(text.contains(QStringLiteral("no deadlock"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("150 ms"))) << text.toStdString();
    EXPECT_FALSE(text.contains(toQString(lesson.explanation.substr(0, 40)))) << text.toStdString();
}

} // namespace
} // namespace interleave
