#include "../palette_testing.h"
#include "labviews/stepview.h"
#include "themepalette.h"

#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QPushButton>
#include <QTest>

#include <QSpinBox>

#include <gtest/gtest.h>

namespace interleave {
namespace {

TEST(StepView, StepsUndoesAndNarrates)
{
    StepView view;
    view.setConfig({.threads = 2, .increments = 1});
    ASSERT_NE(view.stepButton(0), nullptr);
    view.stepButton(0)->click(); // load
    EXPECT_EQ(view.machine().schedule(), (std::vector<int> {0}));
    EXPECT_TRUE(view.narration().contains(QStringLiteral("reads the counter")));
    EXPECT_TRUE(view.undo());
    EXPECT_TRUE(view.machine().schedule().empty());
    EXPECT_FALSE(view.undo());
}

TEST(StepView, ABlockedThreadsButtonIsDisabled)
{
    StepView view;
    view.setConfig({.threads = 2, .increments = 1, .lock = true});
    ASSERT_TRUE(view.stepThread(0)); // acquire
    EXPECT_FALSE(view.stepButton(1)->isEnabled());
    EXPECT_TRUE(view.stepButton(0)->isEnabled());
    EXPECT_FALSE(view.stepThread(1));
}

TEST(StepView, ShowsALosingScheduleAndTheExplorersCount)
{
    StepView view;
    view.setConfig({.threads = 2, .increments = 1});
    ASSERT_TRUE(view.exploration().has_value());
    EXPECT_EQ(view.exploration()->schedules, 20u);
    EXPECT_TRUE(view.explorerText().contains(QStringLiteral("18 end at <b>1</b>")))
        << view.explorerText().toStdString();
    ASSERT_TRUE(view.showLosingSchedule(false));
    EXPECT_TRUE(view.machine().finished());
    EXPECT_EQ(view.machine().state().counter, 1);
    EXPECT_TRUE(view.narration().contains(QStringLiteral("lost")));
}

TEST(StepView, TheLostUpdateInTheHistoryTakesTheThemesWarningColour)
{
    const QPalette light = themePalette(TimelineTheme::Light);
    const QPalette dark = themePalette(TimelineTheme::Dark);
    const palettetest::AppPalette palette(light);
    QWidget tab; // as in the window: the view inside it
    auto* view = new StepView(&tab);
    view->setConfig({.threads = 2, .increments = 1});
    ASSERT_TRUE(view->showLosingSchedule(false));
    const auto* history = view->findChild<QLabel*>(QStringLiteral("history"));
    ASSERT_NE(history, nullptr);
    EXPECT_TRUE(history->text().contains(meaningColour(MeaningColour::Warning, light).name()))
        << history->text().toStdString();
    palettetest::AppPalette::show(dark);
    EXPECT_TRUE(history->text().contains(meaningColour(MeaningColour::Warning, dark).name()))
        << history->text().toStdString();
}

TEST(StepView, TheLosingScheduleIsAnimated)
{
    StepView view;
    view.setConfig({.threads = 2, .increments = 1});
    ASSERT_TRUE(view.showLosingSchedule(true));
    EXPECT_TRUE(view.isAnimating());
    EXPECT_TRUE(QTest::qWaitFor([&] { return !view.isAnimating(); }, 10'000));
    EXPECT_LT(view.machine().state().counter, 2);
}

TEST(StepView, WithTheLockNoScheduleLoses)
{
    StepView view;
    view.setConfig({.threads = 3, .increments = 2, .lock = true});
    EXPECT_FALSE(view.showLosingSchedule(false));
    EXPECT_EQ(view.exploration()->finalValues.size(), 1u);
    EXPECT_EQ(view.exploration()->schedules, 90u);
}

TEST(StepView, OpensOnCPythonWithTheGilAndACallAndMarksTheChecks)
{
    StepView view;
    EXPECT_TRUE(view.machine().config().gil);
    EXPECT_EQ(view.machine().config().between, RaceBetween::Call);
    // The bytecode beside the operations marks where CPython 3.10+ checks its eval breaker:
    // one()'s RESUME and the loop's JUMP_BACKWARD, in each thread's column.
    int marked = 0;
    for (QLabel* label : view.findChildren<QLabel*>()) {
        if (label->textFormat() == Qt::PlainText && label->text().contains(QStringLiteral("eval breaker")))
            marked += static_cast<int>(label->text().count(QStringLiteral("eval breaker")));
    }
    EXPECT_EQ(marked, 2 * 2);
    ASSERT_TRUE(view.stepThread(0)); // load
    EXPECT_FALSE(view.stepButton(1)->isEnabled()) << "thread 1 holds the GIL until a check";
    ASSERT_TRUE(view.stepThread(0)); // call: a check
    EXPECT_TRUE(view.narration().contains(QStringLiteral("eval breaker"))) << view.narration().toStdString();
    EXPECT_TRUE(view.stepButton(1)->isEnabled());
    EXPECT_EQ(view.exploration()->losingSchedules(2), 4u);
}

TEST(StepView, WithTheGilAndNoCallNoScheduleLosesAndTheViewSaysWhy)
{
    StepView view;
    view.setConfig({.threads = 2, .increments = 2, .gil = true});
    EXPECT_FALSE(view.showLosingSchedule(false));
    EXPECT_TRUE(view.narration().contains(QStringLiteral("calls and backward jumps"))) << view.narration().toStdString();
    EXPECT_EQ(view.exploration()->losingSchedules(4), 0u);
    EXPECT_TRUE(view.explorerText().contains(QStringLiteral("With the GIL")));
    auto* gil = view.findChild<QCheckBox*>(QStringLiteral("gil"));
    ASSERT_NE(gil, nullptr);
    gil->setChecked(false); // the free-threaded build: the classic interleavings come back
    EXPECT_FALSE(view.machine().config().gil);
    EXPECT_EQ(view.machine().config().increments, 2);
    EXPECT_GT(view.exploration()->losingSchedules(4), 0u);
}

TEST(StepView, NumberKeysStepThreads)
{
    StepView view;
    view.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&view));
    view.activateWindow();
    QTest::keyClick(&view, Qt::Key_2);
    EXPECT_EQ(view.machine().schedule(), (std::vector<int> {1}));

    // Even from the Threads box, which has the focus when the tab opens: a step, not a count.
    auto* threads = view.findChild<QSpinBox*>("threads");
    ASSERT_NE(threads, nullptr);
    threads->setFocus();
    QTest::keyClick(threads, Qt::Key_2); // thread 2 again: it holds the GIL
    EXPECT_EQ(view.machine().schedule(), (std::vector<int> {1, 1}));
    EXPECT_EQ(threads->value(), 2);
    QTest::keyClick(threads, Qt::Key_Up); // the count still changes by its keys
    EXPECT_EQ(threads->value(), 3);
}

TEST(StepView, DrawsItself)
{
    const QImage image = drawStepView(QSize(1200, 800), 1.0);
    EXPECT_EQ(image.size(), QSize(1200, 800));
    // Half-way through a locked run: the highlight and the blocked thread. Saved for a look when
    // INTERLEAVE_TEST_SHOTS names a folder.
    const QImage midway
        = drawStepView(QSize(1600, 900), 1.0, {.threads = 3, .increments = 2, .lock = true}, 3);
    EXPECT_EQ(midway.size(), QSize(1600, 900));
    const QImage four = drawStepView(QSize(1600, 900), 1.0, {.threads = 4, .increments = 2}, 5);
    EXPECT_EQ(four.size(), QSize(1600, 900));
    // With the GIL, one step into a run: Thread-1 has loaded, Thread-2 waits for the GIL.
    const QImage gil = drawStepView(QSize(1600, 900), 1.0, kStepViewDefault, 1);
    EXPECT_EQ(gil.size(), QSize(1600, 900));
    const QString folder = qEnvironmentVariable("INTERLEAVE_TEST_SHOTS");
    if (!folder.isEmpty()) {
        EXPECT_TRUE(gil.save(folder + QStringLiteral("/step-midway-gil.png")));
        EXPECT_TRUE(four.save(folder + QStringLiteral("/step-four-threads.png")));
        EXPECT_TRUE(image.save(folder + QStringLiteral("/step-end.png")));
        EXPECT_TRUE(midway.save(folder + QStringLiteral("/step-midway-lock.png")));
    }
}

} // namespace
} // namespace interleave
