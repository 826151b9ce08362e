#include "labviews/raceview.h"

#include "charts/histogramchart.h"
#include "timeline/timelinewidget.h"

#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

namespace interleave {
namespace {

TEST(RaceView, ALockedRaceEndsExactWithEveryRunInTheHistogram)
{
    RaceView view;
    view.setConfig({.threads = 3, .increments = 5000, .mode = RaceMode::Lock, .repeat = 4});
    QSignalSpy finished(&view, &RaceView::finished);
    ASSERT_TRUE(view.start());
    EXPECT_TRUE(view.isRunning());
    ASSERT_TRUE(view.waitForFinished(30'000));
    EXPECT_EQ(finished.count(), 1);
    EXPECT_FALSE(view.isRunning());
    EXPECT_EQ(view.expectedShown(), 15'000);
    EXPECT_EQ(view.actualShown(), 15'000);
    EXPECT_EQ(view.lostShown(), 0);
    ASSERT_EQ(view.results().size(), 4u);
    EXPECT_EQ(view.histogram()->barCount(), 1);
    EXPECT_EQ(view.histogram()->buckets().front().count, 4u);
    // The last run's threads are on the timeline: a process lane and three threads.
    EXPECT_EQ(view.timeline()->trace().laneCount(), 4u);
    EXPECT_EQ(view.findChild<QLabel*>(QStringLiteral("lost"))->text(), QStringLiteral("0"));
}

TEST(RaceView, AnUnsafeRaceWithAWideWindowShowsLostUpdates)
{
    RaceView view;
    view.setConfig(
        {.threads = 2, .increments = 1000, .gil = false, .widenUs = 20, .widenBy = WidenMethod::Sleep, .repeat = 1});
    ASSERT_TRUE(view.start());
    ASSERT_TRUE(view.waitForFinished(30'000));
    EXPECT_EQ(view.expectedShown(), 2000);
    EXPECT_GT(view.lostShown(), 0);
    EXPECT_EQ(view.lostShown(), view.results().at(0).lost());
}

TEST(RaceView, TheGilAndTheCodeAreControlsOfTheView)
{
    RaceView view;
    auto* gil = view.findChild<QComboBox*>(QStringLiteral("gil"));
    auto* between = view.findChild<QComboBox*>(QStringLiteral("between"));
    ASSERT_NE(gil, nullptr);
    ASSERT_NE(between, nullptr);
    EXPECT_TRUE(view.config().gil) << "the GIL is on unless turned off";
    view.setConfig({.threads = 3, .increments = 10, .gil = false, .between = RaceBetween::Call});
    EXPECT_FALSE(view.config().gil);
    EXPECT_EQ(view.config().between, RaceBetween::Call);
    EXPECT_TRUE(gil->currentText().contains(QStringLiteral("free-threaded"))) << gil->currentText().toStdString();
    auto* python = view.findChild<QLabel*>(QStringLiteral("python"));
    ASSERT_NE(python, nullptr);
    EXPECT_TRUE(python->text().contains(QStringLiteral("counter = counter + one()")))
        << python->text().toStdString();
    gil->setCurrentIndex(gil->findData(true));
    between->setCurrentIndex(between->findData(static_cast<int>(RaceBetween::None)));
    EXPECT_TRUE(view.config().gil);
    EXPECT_EQ(view.config().between, RaceBetween::None);
    EXPECT_TRUE(python->text().contains(QStringLiteral("counter += 1")));
}

TEST(RaceView, WithTheGilCounterPlusEqualsOneLosesNothingAndSaysWhy)
{
    RaceView view;
    view.setConfig({.threads = 4, .increments = 100'000, .gil = true, .between = RaceBetween::None, .repeat = 2});
    ASSERT_TRUE(view.start());
    ASSERT_TRUE(view.waitForFinished(60'000));
    ASSERT_EQ(view.results().size(), 2u);
    EXPECT_EQ(view.lostShown(), 0);
    const QString status = view.findChild<QLabel*>(QStringLiteral("status"))->text();
    EXPECT_TRUE(status.contains(QStringLiteral("none between a load and its store"))) << status.toStdString();
}

TEST(RaceView, TheFiguresMoveWhileTheRaceRuns)
{
    RaceView view;
    // At least 2000 x 100 us of sleeping per thread, side by side: 0.2 s or more, against a
    // poll every 33 ms.
    view.setConfig(
        {.threads = 2, .increments = 2000, .widenUs = 100, .widenBy = WidenMethod::Sleep, .repeat = 1});
    ASSERT_TRUE(view.start());
    EXPECT_TRUE(QTest::qWaitFor(
        [&] { return view.expectedShown() > 0 && view.expectedShown() < 4000 && view.isRunning(); }, 20'000))
        << "a figure between 0 and the end, shown while the race runs";
    ASSERT_TRUE(view.waitForFinished(30'000));
    EXPECT_EQ(view.expectedShown(), 4000);
}

TEST(RaceView, StopEndsALongRaceAndTheButtonSaysSo)
{
    RaceView view;
    view.setConfig({.threads = 2, .increments = 1'000'000, .widenUs = 100, .repeat = 50});
    auto* button = view.findChild<QPushButton*>(QStringLiteral("run"));
    ASSERT_NE(button, nullptr);
    button->click();
    ASSERT_TRUE(view.isRunning());
    EXPECT_EQ(button->text(), QStringLiteral("Stop"));
    button->click();
    ASSERT_TRUE(view.waitForFinished(10'000));
    EXPECT_EQ(button->text(), QStringLiteral("Run"));
    EXPECT_TRUE(view.results().empty());
}

TEST(RaceView, RefusesAConfigurationItCannotRun)
{
    RaceView view;
    view.setConfig({.threads = 2, .increments = 10'000'000, .widenUs = 1000});
    QString error;
    EXPECT_FALSE(view.start(&error));
    EXPECT_FALSE(view.isRunning());
    EXPECT_TRUE(error.contains(QStringLiteral("pause"))) << error.toStdString();
}

TEST(RaceView, DrawsItselfAfterARealRace)
{
    const QImage image
        = drawRaceView(QSize(1000, 700), 1.0, {.threads = 2, .increments = 500, .widenUs = 20, .repeat = 3});
    EXPECT_EQ(image.size(), QSize(1000, 700));
}

} // namespace
} // namespace interleave
