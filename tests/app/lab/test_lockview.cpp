#include "labviews/lockview.h"
#include "trace/clock.h"

#include "timeline/timelinewidget.h"

#include <QComboBox>
#include <QImage>
#include <QLabel>
#include <QSignalSpy>

#include <gtest/gtest.h>

namespace interleave {
namespace {


TEST(LockView, EveryDemoRunsAndReportsWhatItMeasured)
{
    LockView view;
    QSignalSpy finished(&view, &LockView::runFinished);
    for (LockDemo demo : kAllLockDemos) {
        LockDemoConfig config = lockDemoDefaults(demo);
        config.workNs = 3 * kNsPerMs;
        view.setConfig(config);
        EXPECT_EQ(view.config().demo, demo);
        ASSERT_TRUE(view.start()) << lockDemoName(demo);
        ASSERT_TRUE(finished.wait(10'000)) << lockDemoName(demo);
        EXPECT_FALSE(view.summaryText().isEmpty()) << lockDemoName(demo);
        EXPECT_GE(view.timeline()->trace().laneCount(), static_cast<std::size_t>(config.threads));
    }
    EXPECT_EQ(finished.count(), 6);
}

TEST(LockView, TheControlsFollowTheDemo)
{
    LockView view;
    view.setConfig(lockDemoDefaults(LockDemo::Semaphore));
    const LockDemoConfig semaphore = view.config();
    EXPECT_EQ(semaphore.threads, 8);
    EXPECT_EQ(semaphore.limit, 3);
    LockDemoConfig queue = lockDemoDefaults(LockDemo::Queue);
    queue.consumers = 4;
    queue.limit = 40; // the queue's maxsize may exceed the thread limit
    view.setConfig(queue);
    EXPECT_EQ(view.config().consumers, 4);
    EXPECT_EQ(view.config().limit, 40);
    LockDemoConfig rlock = lockDemoDefaults(LockDemo::RLock);
    rlock.plainLock = true;
    view.setConfig(rlock);
    EXPECT_TRUE(view.config().plainLock);
}

TEST(LockView, StopEndsARunPromptly)
{
    LockView view;
    LockDemoConfig config = lockDemoDefaults(LockDemo::Lock);
    config.rounds = 50;
    view.setConfig(config);
    QSignalSpy finished(&view, &LockView::runFinished);
    ASSERT_TRUE(view.start());
    EXPECT_FALSE(view.start()); // one run at a time
    view.stop();
    ASSERT_TRUE(finished.wait(2'000));
    EXPECT_TRUE(view.summaryText().startsWith("Stopped")) << view.summaryText().toStdString();
}

TEST(LockView, ARefusedConfigurationSaysWhy)
{
    LockView view;
    LockDemoConfig config = lockDemoDefaults(LockDemo::Lock);
    config.rounds = 0;
    view.setConfig(config);
    QString error;
    EXPECT_FALSE(view.start(&error));
    EXPECT_TRUE(error.contains("rounds")) << error.toStdString();
    EXPECT_FALSE(view.isRunning());
}

TEST(LockView, RendersAfterARealRun)
{
    LockDemoConfig config = lockDemoDefaults(LockDemo::Queue);
    config.workNs = 3 * kNsPerMs;
    const QImage image = renderLockLabView(config, QSize(900, 600), 1, TimelineTheme::Dark);
    EXPECT_EQ(image.size(), QSize(900, 600));
}

} // namespace
} // namespace interleave
