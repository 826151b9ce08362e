#include "run/jobpoller.h"

#include <QTest>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

namespace interleave {
namespace {

using namespace std::chrono_literals;

// A job that works until stopped, one progress step at a time, into a snapshot.
void jobPollerCountUntilStopped(BackgroundJob& job, JobSnapshot<int>& count, std::stop_token stop)
{
    while (!stop.stop_requested()) {
        count.update([](int& n) { ++n; });
        job.advanceProgress();
        std::this_thread::sleep_for(1ms);
    }
}

TEST(JobPoller, ReportsSnapshotsThenFinishedOnTheGuiThread)
{
    constexpr int kItems = 300;
    JobSnapshot<std::vector<int>> items;
    BackgroundJob job;
    JobPoller poller;
    const auto gui = std::this_thread::get_id();
    int snapshots = 0;
    std::size_t lastSeen = 0;
    bool finished = false;
    bool elsewhere = false;
    job.start([&](std::stop_token) {
        for (int i = 0; i < kItems; ++i) {
            items.update([i](std::vector<int>& v) { v.push_back(i); });
            if (i % 50 == 0)
                std::this_thread::sleep_for(5ms);
        }
    });
    poller.watch(job,
        {.snapshot =
                [&] {
                    elsewhere |= std::this_thread::get_id() != gui;
                    ++snapshots;
                    lastSeen = items.get().size();
                },
            .finished =
                [&] {
                    elsewhere |= std::this_thread::get_id() != gui;
                    finished = true;
                }});
    EXPECT_TRUE(poller.isTicking());
    ASSERT_TRUE(QTest::qWaitFor([&] { return finished; }, 10'000));
    EXPECT_FALSE(elsewhere);
    EXPECT_GE(snapshots, 1);
    // The snapshot taken on the tick that saw the end is the whole result.
    EXPECT_EQ(lastSeen, static_cast<std::size_t>(kItems));
    EXPECT_EQ(poller.watchCount(), 0);
    EXPECT_FALSE(poller.isTicking()); // idle: no timer
}

TEST(JobPoller, ReportsAFailureWithItsMessage)
{
    BackgroundJob job;
    JobPoller poller;
    QString failure;
    bool finished = false;
    job.start([](std::stop_token) { throw std::runtime_error("no such file"); });
    poller.watch(job, {.finished = [&] { finished = true; }, .failed = [&](const QString& e) { failure = e; }});
    ASSERT_TRUE(QTest::qWaitFor([&] { return !failure.isEmpty(); }, 5'000));
    EXPECT_EQ(failure, QStringLiteral("no such file"));
    EXPECT_FALSE(finished);
}

TEST(JobPoller, WithoutAFailedCallbackAFailureEndsAsFinished)
{
    BackgroundJob job;
    JobPoller poller;
    bool finished = false;
    job.start([](std::stop_token) { throw std::runtime_error("gone"); });
    poller.watch(job, {.finished = [&] { finished = true; }});
    ASSERT_TRUE(QTest::qWaitFor([&] { return finished; }, 5'000));
    EXPECT_EQ(job.error(), "gone");
}

TEST(JobPoller, ProgressArrivesInOrderAndOnlyWhenItChanged)
{
    BackgroundJob job;
    JobSnapshot<int> count;
    JobPoller poller;
    std::vector<JobProgress> seen;
    bool finished = false;
    job.setProgressTotal(0);
    job.start([&](std::stop_token stop) { jobPollerCountUntilStopped(job, count, stop); });
    poller.watch(job, {.progress = [&](JobProgress p) { seen.push_back(p); }, .finished = [&] { finished = true; }});
    ASSERT_TRUE(QTest::qWaitFor([&] { return seen.size() >= 3; }, 5'000));
    job.requestStop(); // stop works at any moment
    ASSERT_TRUE(QTest::qWaitFor([&] { return finished; }, 5'000));
    for (std::size_t i = 1; i < seen.size(); ++i)
        EXPECT_GT(seen[i].done, seen[i - 1].done);
    EXPECT_EQ(seen.back().done, job.progress().done); // the last report is the final count
}

TEST(JobPoller, WatchesManyJobsWithOneTimer)
{
    constexpr int kJobs = 4;
    std::vector<std::unique_ptr<BackgroundJob>> jobs;
    JobPoller poller;
    int finished = 0;
    for (int i = 0; i < kJobs; ++i) {
        jobs.push_back(std::make_unique<BackgroundJob>());
        jobs.back()->start([i](std::stop_token) { std::this_thread::sleep_for(std::chrono::milliseconds(10 * i)); });
        poller.watch(*jobs.back(), {.finished = [&] { ++finished; }});
    }
    EXPECT_EQ(poller.watchCount(), kJobs);
    ASSERT_TRUE(QTest::qWaitFor([&] { return finished == kJobs; }, 5'000));
    EXPECT_EQ(poller.watchCount(), 0);
}

TEST(JobPoller, AForgottenJobIsNeverReported)
{
    auto job = std::make_unique<BackgroundJob>();
    JobSnapshot<int> count;
    JobPoller poller;
    int calls = 0;
    job->start([&, raw = job.get()](std::stop_token stop) { jobPollerCountUntilStopped(*raw, count, stop); });
    const JobPoller::WatchId id = poller.watch(*job, {.snapshot = [&] { ++calls; }, .finished = [&] { ++calls; }});
    EXPECT_TRUE(poller.isWatching(id));
    poller.forget(id);
    EXPECT_FALSE(poller.isWatching(id));
    job.reset(); // stops and joins: safe once forgotten
    QTest::qWait(3 * JobPoller::kIntervalMs);
    EXPECT_EQ(calls, 0);
}

TEST(JobPoller, AFinishedCallbackMayStartTheNextJob)
{
    auto first = std::make_unique<BackgroundJob>();
    auto second = std::make_unique<BackgroundJob>();
    JobPoller poller;
    bool secondDone = false;
    first->start([](std::stop_token) {});
    poller.watch(*first, {.finished = [&] {
        first.reset(); // the job may be destroyed from its own callback
        second->start([](std::stop_token) {});
        poller.watch(*second, {.finished = [&] { secondDone = true; }});
    }});
    ASSERT_TRUE(QTest::qWaitFor([&] { return secondDone; }, 5'000));
    EXPECT_EQ(first, nullptr);
}

TEST(JobPoller, WatchesWorkThatIsNotABackgroundJob)
{
    std::atomic<bool> done {false};
    JobPoller poller;
    bool finished = false;
    poller.watch([&] { return done.load(std::memory_order_acquire); }, {.finished = [&] { finished = true; }});
    QTest::qWait(2 * JobPoller::kIntervalMs);
    EXPECT_FALSE(finished);
    done.store(true, std::memory_order_release);
    ASSERT_TRUE(QTest::qWaitFor([&] { return finished; }, 2'000));
}

TEST(JobPoller, DestroyedWhileWatchingLeavesTheJobRunnable)
{
    BackgroundJob job;
    JobSnapshot<int> count;
    {
        JobPoller poller;
        job.start([&](std::stop_token stop) { jobPollerCountUntilStopped(job, count, stop); });
        poller.watch(job, {.snapshot = [] {}});
        QTest::qWait(2 * JobPoller::kIntervalMs);
    }
    job.stopAndJoin();
    EXPECT_TRUE(job.finished());
}

} // namespace
} // namespace interleave
