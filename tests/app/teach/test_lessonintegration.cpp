// The lesson panel hosted the way the main window is meant to host it: Run goes to the window's
// run, the run's end comes back as the explanation, the lesson's topic drives the explanation
// panel and a selected span lights its line of Python. Run headless, on the real engine.

#include "window/mainwindow.h"
#include "labviews/deadlockview.h"
#include "labviews/raceview.h"
#include "panels/experimentpanel.h"
#include "run/runcontroller.h"
#include "teachviews/explanationpanel.h"
#include "teachviews/lessonpanel.h"
#include "timeline/timelinewidget.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QScrollArea>
#include <QTabWidget>
#include <QTest>

#include <gtest/gtest.h>

namespace interleave {
namespace {

TEST(LessonIntegration, ARunRequestedByALessonComesBackAsItsExplanation)
{
    MainWindow window;
    auto* lessons = new LessonPanel(&window);
    auto* explanation = new ExplanationPanel(&window);
    auto* lessonDock = new QDockWidget(QStringLiteral("Lessons"), &window);
    lessonDock->setWidget(lessons);
    window.addDockWidget(Qt::RightDockWidgetArea, lessonDock);
    auto* explanationDock = new QDockWidget(QStringLiteral("Explanation"), &window);
    explanationDock->setWidget(explanation);
    window.addDockWidget(Qt::RightDockWidgetArea, explanationDock);

    QObject::connect(lessons, &LessonPanel::topicChanged, explanation, &ExplanationPanel::setTopic);
    QObject::connect(lessons, &LessonPanel::runRequested, &window, [&](const Scenario& scenario) {
        if (scenario.run) {
            window.experimentPanel()->setConfig(*scenario.run);
            window.runExperiment();
        } else {
            // Where the lab view would run the demo: a race of the lesson's size that lost nothing.
            RaceLessonOutcome outcome;
            outcome.config.threads = 4;
            outcome.config.repeat = 1;
            RaceRunResult run;
            run.expected = run.actual = outcome.config.expected();
            outcome.runs.push_back(run);
            lessons->showLabResult(outcome);
        }
    });
    QObject::connect(window.runController(), &RunController::finished, lessons,
        [&](const RunResult& result) { lessons->showResult(result, &window.runController()->trace()); });
    QObject::connect(
        window.timeline(), &TimelineWidget::spanSelected, explanation, [&](int lane, qint64 index) {
            explanation->highlightState(
                window.timeline()->trace().span(lane, static_cast<std::size_t>(index)).state);
        });

    lessons->setCurrentIndex(1); // threads on I/O
    EXPECT_EQ(explanation->topic(), QStringLiteral("threads"));
    EXPECT_EQ(window.experimentPanel()->config().tasks, RunConfig {}.tasks);
    lessons->selectAnswer(2);
    lessons->runAction()->trigger();
    EXPECT_EQ(window.experimentPanel()->config(), *lessons->currentLesson()->scenario.run);
    ASSERT_TRUE(QTest::qWaitFor([&] { return lessons->resultShown(); }, 10'000));
    const QString text = lessons->resultText();
    EXPECT_TRUE(text.contains(QStringLiteral("right"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("2000 ms"))) << text.toStdString();
    EXPECT_FALSE(window.timeline()->trace().empty());

    // A BlockedIo span of the run, selected, lights the sleep line.
    const Trace& trace = window.timeline()->trace();
    bool lit = false;
    for (std::size_t lane = 0; lane < trace.laneCount() && !lit; ++lane) {
        for (std::size_t i = 0; i < trace.spanCount(static_cast<LaneId>(lane)); ++i) {
            if (trace.span(static_cast<LaneId>(lane), i).state == State::BlockedIo) {
                emit window.timeline()->spanSelected(static_cast<int>(lane), static_cast<qint64>(i));
                lit = true;
                break;
            }
        }
    }
    ASSERT_TRUE(lit);
    EXPECT_GE(explanation->highlightedLine(), 0);

    const QString shots = qEnvironmentVariable("INTERLEAVE_TEACH_SHOTS");
    if (!shots.isEmpty()) {
        window.resize(1600, 900);
        window.show();
        window.timeline()->fitToTrace();
        QTest::qWait(100);
        EXPECT_TRUE(window.grab().save(QDir(shots).filePath(QStringLiteral("teach-window.png"))));
    }

    // The lab lessons come back without a run.
    lessons->setCurrentIndex(7);
    ASSERT_FALSE(lessons->currentLesson()->scenario.run);
    EXPECT_EQ(explanation->topic(), QStringLiteral("race"));
    lessons->selectAnswer(1);
    lessons->runAction()->trigger();
    EXPECT_TRUE(lessons->resultShown());
}

// The window's own wiring, not a copy of it: its Lessons dock runs the lesson on the window's
// engine, the result comes back to the lesson, and a lab lesson brings its lab view forward.
TEST(LessonIntegration, TheWindowHostsLessonsExplanationsAndTheLab)
{
    MainWindow window;
    LessonPanel* lessons = window.lessonPanel();
    ExplanationPanel* explanation = window.explanationPanel();
    ASSERT_NE(lessons, nullptr);
    ASSERT_NE(explanation, nullptr);

    lessons->setCurrentIndex(1); // threads on I/O
    EXPECT_EQ(explanation->topic(), QStringLiteral("threads"));
    lessons->selectAnswer(2);
    lessons->runAction()->trigger();
    EXPECT_EQ(window.experimentPanel()->config(), *lessons->currentLesson()->scenario.run);
    ASSERT_TRUE(QTest::qWaitFor([&] { return lessons->resultShown(); }, 10'000));
    EXPECT_TRUE(lessons->resultText().contains(QStringLiteral("2000 ms"))) << lessons->resultText().toStdString();

    // Choosing a model on the panel turns the explanation to it.
    RunConfig config = window.experimentPanel()->config();
    config.model = Model::Asyncio;
    window.experimentPanel()->setConfig(config);
    EXPECT_EQ(explanation->topic(), QStringLiteral("asyncio"));

    // The race lesson shows the race view, set up as the lesson says, and runs it.
    lessons->setCurrentIndex(7);
    lessons->selectAnswer(1);
    lessons->runAction()->trigger();
    EXPECT_TRUE(window.raceView()->isRunning());
    auto* page = qobject_cast<QScrollArea*>(window.views()->currentWidget());
    ASSERT_NE(page, nullptr);
    EXPECT_EQ(page->widget(), window.raceView());
    ASSERT_TRUE(QTest::qWaitFor([&] { return lessons->resultShown(); }, 120'000));

    // The deadlock lesson, the deadlock view.
    lessons->setCurrentIndex(9);
    ASSERT_TRUE(lessons->currentLesson()->scenario.lab);
    lessons->selectAnswer(1);
    lessons->runAction()->trigger();
    page = qobject_cast<QScrollArea*>(window.views()->currentWidget());
    ASSERT_NE(page, nullptr);
    EXPECT_EQ(page->widget(), window.deadlockView());
    ASSERT_TRUE(QTest::qWaitFor([&] { return lessons->resultShown(); }, 60'000));

    // A lesson run asked for while another run is in flight stops that one and runs its own:
    // the result shown is the lesson's, not the stopped run's.
    config = *lessons->lessons().at(1).scenario.run;
    config.latencyMs = 5'000;
    window.experimentPanel()->setConfig(config);
    window.runExperiment();
    ASSERT_TRUE(window.runController()->isRunning());
    lessons->setCurrentIndex(1);
    lessons->selectAnswer(2);
    lessons->runAction()->trigger();
    ASSERT_TRUE(QTest::qWaitFor([&] { return lessons->resultShown(); }, 15'000));
    EXPECT_EQ(window.runController()->lastConfig(), *lessons->currentLesson()->scenario.run);
    EXPECT_TRUE(lessons->resultText().contains(QStringLiteral("2000 ms"))) << lessons->resultText().toStdString();

    // The lab views do not push the window past its default size.
    EXPECT_LE(window.minimumSizeHint().width(), MainWindow::defaultSize().width());
    EXPECT_LE(window.minimumSizeHint().height(), MainWindow::defaultSize().height());
}

} // namespace
} // namespace interleave
