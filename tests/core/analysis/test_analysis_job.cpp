#include "analysis/analysis_job.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace interleave {
namespace {

using Step = AnalysisJob::Step;

bool waitFor(const AnalysisJob& job, std::chrono::seconds limit)
{
    const auto end = std::chrono::steady_clock::now() + limit;
    while (!job.finished() && std::chrono::steady_clock::now() < end)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return job.finished();
}

Step ioCompare(std::vector<Model> models)
{
    Step step;
    step.config.workload = WorkloadKind::Io;
    step.config.tasks = 3;
    step.config.latencyMs = 20;
    step.models = std::move(models);
    return step;
}

TEST(AnalysisJob, PlanNamesEveryRunInOrder)
{
    Step sweep;
    sweep.kind = Step::Kind::Sweep;
    sweep.config.model = Model::ThreadPool;
    sweep.workers = {2, 4};
    const auto plan = AnalysisJob::plan({ioCompare({Model::Threads, Model::Asyncio}), sweep});
    EXPECT_EQ(plan,
        (std::vector<std::string> {"sequential, I/O-bound", "threads, I/O-bound", "asyncio, I/O-bound",
            "thread_pool, 1 worker", "thread_pool, 2 workers", "thread_pool, 4 workers"}));
}

TEST(AnalysisJob, PlanInterleavesTheRepetitions)
{
    Step compare = ioCompare({Model::Threads});
    compare.repeat = 2;
    EXPECT_EQ(AnalysisJob::plan({compare}),
        (std::vector<std::string> {"sequential, I/O-bound (round 1 of 2)", "threads, I/O-bound (round 1 of 2)",
            "sequential, I/O-bound (round 2 of 2)", "threads, I/O-bound (round 2 of 2)"}));
}

TEST(AnalysisJob, RepeatedStepsCountEveryRunAndKeepTheMedian)
{
    Step compare = ioCompare({Model::Threads});
    compare.repeat = 3;
    AnalysisJob job({compare});
    EXPECT_EQ(job.progress().total, 6);
    job.start();
    ASSERT_TRUE(waitFor(job, std::chrono::seconds(60)));
    EXPECT_EQ(job.error(), "");
    EXPECT_EQ(job.progress().done, 6);
    const auto runs = job.runs();
    ASSERT_EQ(runs.size(), 2u); // one point per model
    for (const MeasuredRun& run : runs) {
        EXPECT_EQ(run.wall.runs, 3);
        ASSERT_EQ(run.wall.allNs.size(), 3u);
        std::vector<TimeNs> sorted = run.wall.allNs;
        std::sort(sorted.begin(), sorted.end());
        EXPECT_EQ(run.result.wallNs, sorted[1]);
        EXPECT_EQ(run.wall.minNs, sorted[0]);
        EXPECT_EQ(run.wall.maxNs, sorted[2]);
    }
    EXPECT_DOUBLE_EQ(runs[1].speedup,
        static_cast<double>(runs[0].result.wallNs) / static_cast<double>(runs[1].result.wallNs));
    EXPECT_DOUBLE_EQ(runs[1].wall.speedupLow,
        static_cast<double>(runs[0].wall.minNs) / static_cast<double>(runs[1].wall.maxNs));
}

TEST(AnalysisJob, RefusesARepeatOutOfRange)
{
    Step compare = ioCompare({Model::Threads});
    compare.repeat = 0;
    AnalysisJob job({compare});
    EXPECT_THROW(job.start(), std::invalid_argument);
}

TEST(AnalysisJob, RunsACompareAndASweepAndReportsProgress)
{
    Step sweep;
    sweep.kind = Step::Kind::Sweep;
    sweep.config.model = Model::ThreadPool;
    sweep.config.workload = WorkloadKind::Io;
    sweep.config.tasks = 4;
    sweep.config.latencyMs = 20;
    sweep.workers = {2};
    AnalysisJob job({ioCompare({Model::Threads}), sweep});
    EXPECT_EQ(job.progress().total, 4);
    job.start();
    EXPECT_THROW(job.start(), std::logic_error);
    ASSERT_TRUE(waitFor(job, std::chrono::seconds(30)));
    EXPECT_EQ(job.error(), "");
    const auto progress = job.progress();
    EXPECT_EQ(progress.done, 4);
    EXPECT_EQ(progress.current, "");
    const auto runs = job.runs();
    ASSERT_EQ(runs.size(), 4u);
    EXPECT_EQ(runs[0].experiment, "compare");
    EXPECT_EQ(runs[0].config.model, Model::Sequential);
    EXPECT_EQ(runs[1].config.model, Model::Threads);
    // The speedup is derived from the two measured walls, whatever this machine's load made
    // of them (a timing bound here fails under a sanitizer on a busy machine).
    ASSERT_GT(runs[1].result.wallNs, 0);
    EXPECT_DOUBLE_EQ(runs[1].speedup,
        static_cast<double>(runs[0].result.wallNs) / static_cast<double>(runs[1].result.wallNs));
    EXPECT_EQ(runs[2].experiment, "sweep");
    EXPECT_EQ(workersOf(runs[3].config), 2);
}

TEST(AnalysisJob, RefusesABadStepBeforeRunning)
{
    Step bad = ioCompare({Model::Processes});
    bad.config.tasks = 1000; // over the processes model's limit
    AnalysisJob job({bad});
    EXPECT_THROW(job.start(), std::invalid_argument);
    EXPECT_FALSE(job.finished());

    Step notAPool;
    notAPool.kind = Step::Kind::Sweep;
    notAPool.config.model = Model::Asyncio;
    notAPool.workers = {2};
    AnalysisJob job2({notAPool});
    EXPECT_THROW(job2.start(), std::invalid_argument);
}

TEST(AnalysisJob, StopsPromptly)
{
    Step slow = ioCompare({Model::Threads, Model::ThreadPool, Model::Asyncio});
    slow.config.latencyMs = 5'000;
    AnalysisJob job({slow});
    job.start();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    job.requestStop();
    ASSERT_TRUE(waitFor(job, std::chrono::seconds(5)));
    EXPECT_LE(job.runs().size(), 1u);
}

TEST(AnalysisJob, DestroyingARunningJobStopsIt)
{
    Step slow = ioCompare({Model::Threads});
    slow.config.latencyMs = 5'000;
    const auto before = std::chrono::steady_clock::now();
    {
        AnalysisJob job({slow});
        job.start();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(4));
}

} // namespace
} // namespace interleave
