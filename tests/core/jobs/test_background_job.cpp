#include "jobs/background_job.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <spawn.h>
#include <stdexcept>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace interleave {
namespace {

using namespace std::chrono_literals;

bool backgroundJobWaitFor(const BackgroundJob& job, std::chrono::milliseconds limit = 10s)
{
    const auto end = std::chrono::steady_clock::now() + limit;
    while (!job.finished() && std::chrono::steady_clock::now() < end)
        std::this_thread::sleep_for(1ms);
    return job.finished();
}

// A body that works until it is stopped, counting its steps.
void backgroundJobSpinUntilStopped(BackgroundJob& job, std::stop_token stop)
{
    while (!stop.stop_requested()) {
        job.advanceProgress();
        std::this_thread::sleep_for(100us);
    }
}

TEST(BackgroundJob, RunsTheBodyAndFinishes)
{
    BackgroundJob job;
    EXPECT_FALSE(job.started());
    EXPECT_FALSE(job.finished());
    std::atomic<bool> ran {false};
    job.start([&](std::stop_token) { ran = true; });
    EXPECT_TRUE(job.started());
    ASSERT_TRUE(backgroundJobWaitFor(job));
    EXPECT_TRUE(ran);
    EXPECT_EQ(job.error(), "");
}

TEST(BackgroundJob, StartsOnce)
{
    BackgroundJob job;
    job.start([](std::stop_token) {});
    EXPECT_THROW(job.start([](std::stop_token) {}), std::logic_error);
}

TEST(BackgroundJob, StopBeforeStartIsSeenByTheBodyAtOnce)
{
    BackgroundJob job;
    job.requestStop();
    EXPECT_TRUE(job.stopRequested());
    std::atomic<bool> sawStop {false};
    job.start([&](std::stop_token stop) { sawStop = stop.stop_requested(); });
    ASSERT_TRUE(backgroundJobWaitFor(job));
    EXPECT_TRUE(sawStop);
}

TEST(BackgroundJob, StopMidRunEndsTheBody)
{
    BackgroundJob job;
    job.start([&](std::stop_token stop) { backgroundJobSpinUntilStopped(job, stop); });
    while (job.progress().done < 10)
        std::this_thread::sleep_for(1ms);
    EXPECT_FALSE(job.finished());
    job.requestStop();
    EXPECT_TRUE(backgroundJobWaitFor(job, 2s));
    EXPECT_EQ(job.error(), "");
}

TEST(BackgroundJob, AnExceptionBecomesTheError)
{
    BackgroundJob job;
    job.start([](std::stop_token) { throw std::runtime_error("disk on fire"); });
    ASSERT_TRUE(backgroundJobWaitFor(job));
    EXPECT_EQ(job.error(), "disk on fire");
}

TEST(BackgroundJob, AnythingThrownBecomesAnError)
{
    BackgroundJob job;
    job.start([](std::stop_token) { throw 42; });
    ASSERT_TRUE(backgroundJobWaitFor(job));
    EXPECT_FALSE(job.error().empty());
}

TEST(BackgroundJob, ErrorIsEmptyWhileRunning)
{
    BackgroundJob job;
    std::atomic<bool> release {false};
    job.start([&](std::stop_token) {
        while (!release)
            std::this_thread::sleep_for(1ms);
        throw std::runtime_error("late");
    });
    EXPECT_EQ(job.error(), "");
    release = true;
    ASSERT_TRUE(backgroundJobWaitFor(job));
    EXPECT_EQ(job.error(), "late");
}

// The ordering rule: finished() read first, the snapshot after it, is the whole result.
TEST(BackgroundJob, FinalSnapshotIsCompleteOnceFinished)
{
    for (int round = 0; round < 50; ++round) {
        constexpr int kItems = 200;
        JobSnapshot<std::vector<int>> items;
        BackgroundJob job;
        job.start([&](std::stop_token) {
            for (int i = 0; i < kItems; ++i)
                items.update([i](std::vector<int>& v) { v.push_back(i); });
        });
        for (;;) {
            const bool done = job.finished();
            const std::vector<int> seen = items.get();
            if (done) {
                ASSERT_EQ(seen.size(), static_cast<std::size_t>(kItems));
                break;
            }
            EXPECT_LE(seen.size(), static_cast<std::size_t>(kItems));
        }
    }
}

TEST(BackgroundJob, ProgressIsMonotonic)
{
    constexpr std::int64_t kSteps = 5000;
    BackgroundJob job;
    job.setProgressTotal(kSteps);
    job.start([&](std::stop_token) {
        for (std::int64_t i = 0; i < kSteps; ++i)
            job.advanceProgress();
    });
    std::int64_t last = 0;
    for (;;) {
        const bool done = job.finished();
        const JobProgress p = job.progress();
        EXPECT_EQ(p.total, kSteps);
        EXPECT_GE(p.done, last);
        last = p.done;
        if (done)
            break;
    }
    EXPECT_EQ(last, kSteps);
}

TEST(BackgroundJob, DestroyedWhileRunningStopsAndJoins)
{
    auto ended = std::make_shared<std::atomic<bool>>(false);
    {
        BackgroundJob job;
        job.start([&job, ended](std::stop_token stop) {
            backgroundJobSpinUntilStopped(job, stop);
            *ended = true;
        });
        while (job.progress().done < 3)
            std::this_thread::sleep_for(1ms);
    }
    EXPECT_TRUE(*ended); // joined: the body had ended before the destructor returned
}

TEST(BackgroundJob, DestroyedWithoutStartIsFine)
{
    BackgroundJob job;
    job.requestStop();
    job.stopAndJoin();
    EXPECT_FALSE(job.finished());
}

int ownNiceness()
{
    return ::getpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)));
}

// The niceness of a process started from the calling thread, as it sees its own: its exit status.
int childNiceness()
{
    char sh[] = "/bin/sh";
    char dashC[] = "-c";
    char script[] = "exit $(nice)";
    char* argv[] = {sh, dashC, script, nullptr};
    char* env[] = {nullptr};
    pid_t pid = 0;
    if (::posix_spawn(&pid, "/bin/sh", nullptr, nullptr, argv, env) != 0)
        return -1;
    int status = 0;
    if (::waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
        return -1;
    return WEXITSTATUS(status);
}

struct JobNiceness {
    int job = -1;
    int itsThread = -1;
    int itsProcess = -1;
};

JobNiceness nicenessInAJob()
{
    JobNiceness seen;
    BackgroundJob job;
    job.start([&seen](std::stop_token) {
        seen.job = ownNiceness();
        std::thread([&seen] { seen.itsThread = ownNiceness(); }).join();
        seen.itsProcess = childNiceness();
    });
    job.stopAndJoin();
    return seen;
}

TEST(BackgroundJob, BehindOrdinaryThreadsEveryThreadAndProcessOfTheJobYieldsTheCpu)
{
    // The test program's threads run at niceness 0 unless started so; the check needs room.
    const int starter = ownNiceness();
    if (starter >= 19)
        GTEST_SKIP() << "the test runs at the lowest priority already";

    ASSERT_EQ(backgroundJobPriority(), JobPriority::Ordinary) << "ordinary until set";
    const JobNiceness ordinary = nicenessInAJob();
    EXPECT_EQ(ordinary.job, starter);
    EXPECT_EQ(ordinary.itsThread, starter);
    EXPECT_EQ(ordinary.itsProcess, starter);

    setBackgroundJobPriority(JobPriority::BehindOrdinaryThreads);
    const JobNiceness behind = nicenessInAJob();
    setBackgroundJobPriority(JobPriority::Ordinary);
    EXPECT_EQ(behind.job, 19);
    EXPECT_EQ(behind.itsThread, 19) << "a thread the job starts inherits it";
    EXPECT_EQ(behind.itsProcess, 19) << "a process the job starts inherits it";
    EXPECT_EQ(ownNiceness(), starter) << "the thread that started the job keeps its priority";

    EXPECT_EQ(nicenessInAJob().job, starter) << "jobs started after going back are ordinary";
}

TEST(JobSnapshot, SetGetAndUpdate)
{
    JobSnapshot<int> value(3);
    EXPECT_EQ(value.get(), 3);
    value.set(5);
    value.update([](int& v) { v *= 2; });
    EXPECT_EQ(value.get(), 10);
}

} // namespace
} // namespace interleave
