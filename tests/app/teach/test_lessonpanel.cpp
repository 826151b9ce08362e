#include "../palette_testing.h"
#include "teachviews/lessonpanel.h"
#include "themepalette.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

#include <vector>

namespace interleave {
namespace {

struct RegisterTypes {
    RegisterTypes() { qRegisterMetaType<interleave::Scenario>(); }
} registerTypes;

TEST(LessonPanel, LoadsTheBuiltInLessonsAndShowsTheFirst)
{
    LessonPanel panel;
    ASSERT_GE(panel.lessons().size(), 10u);
    EXPECT_EQ(panel.currentIndex(), 0);
    ASSERT_NE(panel.currentLesson(), nullptr);
    EXPECT_EQ(panel.currentLesson()->id, "01-sequential");
}

TEST(LessonPanel, RunIsDisabledUntilAPredictionIsChosen)
{
    LessonPanel panel;
    EXPECT_FALSE(panel.runAction()->isEnabled());
    EXPECT_FALSE(panel.selectAnswer(17));
    EXPECT_FALSE(panel.runAction()->isEnabled());
    EXPECT_TRUE(panel.selectAnswer(1));
    EXPECT_TRUE(panel.runAction()->isEnabled());
    EXPECT_EQ(panel.selectedAnswer(), 1);
}

TEST(LessonPanel, WithoutQuizModeRunIsEnabledAtOnce)
{
    LessonPanel panel;
    panel.setQuizRequired(false);
    EXPECT_TRUE(panel.runAction()->isEnabled());
}

TEST(LessonPanel, ClickingAChoiceEnablesRun)
{
    LessonPanel panel;
    panel.show();
    auto* choice = panel.findChild<QAbstractButton*>(QStringLiteral("choice2"));
    ASSERT_NE(choice, nullptr);
    QTest::mouseClick(choice, Qt::LeftButton);
    EXPECT_EQ(panel.selectedAnswer(), 2);
    EXPECT_TRUE(panel.findChild<QPushButton*>(QStringLiteral("lessonRunButton"))->isEnabled());
}

TEST(LessonPanel, RunEmitsTheLessonsScenario)
{
    LessonPanel panel;
    QSignalSpy spy(&panel, &LessonPanel::runRequested);
    panel.runAction()->trigger(); // no prediction yet: nothing
    EXPECT_EQ(spy.count(), 0);
    panel.selectAnswer(0);
    panel.runAction()->trigger();
    ASSERT_EQ(spy.count(), 1);
    const auto scenario = spy.takeFirst().at(0).value<Scenario>();
    EXPECT_EQ(scenario, panel.currentLesson()->scenario);
}

TEST(LessonPanel, ShowsTheMeasuredNumbersAndTheVerdict)
{
    LessonPanel panel;
    panel.setCurrentIndex(1); // threads on I/O: 8 tasks of 250 ms
    const Lesson& lesson = *panel.currentLesson();
    ASSERT_TRUE(lesson.scenario.run);
    panel.selectAnswer(lesson.quiz.answer);
    panel.runAction()->trigger();
    RunResult result;
    result.model = lesson.scenario.run->model;
    result.wallNs = 250'000'000;
    panel.showResult(result);
    ASSERT_TRUE(panel.resultShown());
    const QString text = panel.resultText();
    EXPECT_TRUE(text.contains(QStringLiteral("right"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("250 ms"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("8.0x"))) << text.toStdString();
    EXPECT_FALSE(text.contains(QLatin1Char('{'))) << text.toStdString();
}

TEST(LessonPanel, AWrongPredictionShowsBothAnswers)
{
    LessonPanel panel;
    const Lesson& lesson = *panel.currentLesson();
    const int wrong = lesson.quiz.answer == 0 ? 1 : 0;
    panel.selectAnswer(wrong);
    panel.runAction()->trigger();
    RunResult result;
    result.wallNs = 1'000'000'000;
    panel.showResult(result);
    const QString text = panel.resultText();
    EXPECT_TRUE(text.contains(QString::fromStdString(lesson.quiz.choices[static_cast<std::size_t>(wrong)])));
    EXPECT_TRUE(text.contains(
        QString::fromStdString(lesson.quiz.choices[static_cast<std::size_t>(lesson.quiz.answer)])));
}

TEST(LessonPanel, TheVerdictTakesTheThemesColoursAndKeepsThePredictionItJudged)
{
    const QPalette light = themePalette(TimelineTheme::Light);
    const QPalette dark = themePalette(TimelineTheme::Dark);
    const palettetest::AppPalette palette(light);
    QWidget dock; // as in the window: the panel inside it
    auto* panel = new LessonPanel(&dock);
    const Lesson& lesson = *panel->currentLesson();
    const int wrong = lesson.quiz.answer == 0 ? 1 : 0;
    panel->selectAnswer(wrong);
    panel->runAction()->trigger();
    RunResult result;
    result.wallNs = 1'000'000'000;
    ASSERT_TRUE(panel->showResult(result));
    const auto* verdict = panel->findChild<QLabel*>(QStringLiteral("lessonVerdict"));
    ASSERT_NE(verdict, nullptr);
    EXPECT_TRUE(verdict->text().contains(meaningColour(MeaningColour::Warning, light).name()))
        << verdict->text().toStdString();

    // Another choice clicked after the result, then the dark theme: the verdict is recoloured,
    // and still judges the prediction made before the run.
    panel->selectAnswer(lesson.quiz.answer);
    palettetest::AppPalette::show(dark);
    EXPECT_TRUE(verdict->text().contains(meaningColour(MeaningColour::Warning, dark).name()))
        << verdict->text().toStdString();
    EXPECT_TRUE(panel->resultText().contains(QStringLiteral("You predicted")))
        << panel->resultText().toStdString();
}

TEST(LessonPanel, IgnoresRunsItDidNotAskFor)
{
    LessonPanel panel;
    RunResult result;
    result.wallNs = 1'000'000'000;
    EXPECT_FALSE(panel.showResult(result)); // a run from the toolbar
    EXPECT_FALSE(panel.resultShown());
    panel.selectAnswer(0);
    panel.runAction()->trigger();
    EXPECT_TRUE(panel.awaitingResult());
    panel.nextAction()->trigger(); // the lesson is left while its run goes on
    EXPECT_FALSE(panel.showResult(result));
    EXPECT_FALSE(panel.resultShown());
}

TEST(LessonPanel, ACancelledRunShowsNoExplanation)
{
    LessonPanel panel;
    panel.selectAnswer(0);
    panel.runAction()->trigger();
    RunResult result;
    result.cancelled = true;
    panel.showResult(result);
    EXPECT_FALSE(panel.resultShown());
}

TEST(LessonPanel, LabLessonsExplainWithoutARun)
{
    LessonPanel panel;
    int lab = -1;
    for (std::size_t i = 0; i < panel.lessons().size(); ++i) {
        if (!panel.lessons()[i].scenario.run) {
            lab = static_cast<int>(i);
            break;
        }
    }
    ASSERT_GE(lab, 0);
    panel.setCurrentIndex(lab);
    panel.selectAnswer(panel.currentLesson()->quiz.answer);
    panel.runAction()->trigger();
    EXPECT_FALSE(panel.resultShown());
    DeadlockLessonOutcome outcome;
    outcome.config.scenario = DeadlockScenario::TwoLocks;
    outcome.result.mealsPlanned = 4;
    outcome.result.meals = 4;
    outcome.result.wallNs = 120'000'000;
    ASSERT_TRUE(panel.showLabResult(outcome));
    EXPECT_TRUE(panel.resultShown());
    EXPECT_FALSE(panel.resultText().contains(QLatin1Char('?')));
}

TEST(LessonPanel, PageDownAndNAdvanceAndTheTopicFollows)
{
    LessonPanel panel;
    panel.show();
    panel.activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(&panel) || true);
    QSignalSpy topics(&panel, &LessonPanel::topicChanged);
    panel.nextAction()->trigger();
    EXPECT_EQ(panel.currentIndex(), 1);
    EXPECT_EQ(topics.count(), 1);
    EXPECT_EQ(topics.takeFirst().at(0).toString(), QString::fromStdString(panel.currentLesson()->topic));
    EXPECT_TRUE(panel.nextAction()->shortcuts().contains(QKeySequence(Qt::Key_PageDown)));
    EXPECT_TRUE(panel.nextAction()->shortcuts().contains(QKeySequence(Qt::Key_N)));
    panel.previousAction()->trigger();
    EXPECT_EQ(panel.currentIndex(), 0);
    // The prediction belongs to a lesson: a new lesson starts without one.
    panel.selectAnswer(1);
    panel.nextAction()->trigger();
    EXPECT_FALSE(panel.selectedAnswer());
    EXPECT_FALSE(panel.runAction()->isEnabled());
}

TEST(LessonPanel, NextStopsAtTheLastLesson)
{
    LessonPanel panel;
    const int last = static_cast<int>(panel.lessons().size()) - 1;
    panel.setCurrentIndex(last);
    EXPECT_FALSE(panel.nextAction()->isEnabled());
    panel.nextAction()->trigger();
    EXPECT_EQ(panel.currentIndex(), last);
}

} // namespace
} // namespace interleave

namespace interleave {
namespace {

// Shows lesson i and lets the panel settle: the last lesson's answers deleted, the layout done.
void lessonPanelShowSettled(LessonPanel& panel, int i)
{
    panel.setCurrentIndex(i);
    QApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QApplication::sendPostedEvents();
    QApplication::processEvents();
}

// The panel's wrapped labels on screen that have text.
std::vector<const QLabel*> lessonPanelWrappedLabels(const LessonPanel& panel)
{
    std::vector<const QLabel*> labels;
    for (const QLabel* label : panel.findChildren<QLabel*>()) {
        if (label->isVisible() && label->wordWrap() && !label->text().isEmpty())
            labels.push_back(label);
    }
    return labels;
}

TEST(LessonPanel, EveryWrappedTextGetsTheHeightItsWidthNeeds)
{
    // A wrapped label laid out for one width and shown at a narrower one loses its last line:
    // "with no waiting for the" and no "GIL". At several widths of the Lessons dock, short
    // enough for a scroll bar, every label of every lesson is as tall as its text needs.
    for (const int width : {240, 250, 260, 270, 280, 300, 330}) {
        LessonPanel panel;
        panel.resize(width, 300);
        panel.show();
        for (int i = 0; i < static_cast<int>(panel.lessons().size()); ++i) {
            lessonPanelShowSettled(panel, i);
            for (const QLabel* label : lessonPanelWrappedLabels(panel)) {
                EXPECT_GE(label->height(), label->heightForWidth(label->width()))
                    << "width " << width << ", " << panel.lessons()[static_cast<std::size_t>(i)].id << ": "
                    << label->text().toStdString();
            }
        }
    }
}

TEST(LessonPanel, AWiderPanelLeavesNoGapUnderAShorterQuestion)
{
    // Heights found at a narrow width must not stay when the panel widens and the lesson
    // changes: the question of one lesson kept the height of the previous one's, a blank line
    // under it.
    LessonPanel panel;
    panel.resize(240, 300);
    panel.show();
    const int last = static_cast<int>(panel.lessons().size()) - 1;
    for (int i = 0; i <= last; ++i)
        lessonPanelShowSettled(panel, i);
    panel.resize(330, 300);
    for (int i = last; i >= 0; --i) {
        lessonPanelShowSettled(panel, i);
        for (const QLabel* label : lessonPanelWrappedLabels(panel)) {
            EXPECT_LE(label->height(), label->heightForWidth(label->width()) + 2)
                << panel.lessons()[static_cast<std::size_t>(i)].id << ": " << label->text().toStdString();
        }
    }
}

} // namespace
} // namespace interleave
