#include "analysis/sweep.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace interleave {
namespace {

TEST(Sweep, WorkerListsInEveryForm)
{
    EXPECT_EQ(parseWorkerList("1,2,4,8"), (std::vector<int> {1, 2, 4, 8}));
    EXPECT_EQ(parseWorkerList("1-4"), (std::vector<int> {1, 2, 3, 4}));
    EXPECT_EQ(parseWorkerList("8, 1-3 ,2,16"), (std::vector<int> {1, 2, 3, 8, 16}));
    EXPECT_EQ(parseWorkerList("5"), (std::vector<int> {5}));
}

TEST(Sweep, BadWorkerListsSayWhatIsWrong)
{
    for (const char* bad : {"", "0", "1,,2", "a", "3-1", "1-65", "-2", "2.5", "1,2,"}) {
        try {
            parseWorkerList(bad);
            FAIL() << "accepted '" << bad << "'";
        } catch (const std::invalid_argument& e) {
            EXPECT_NE(std::string(e.what()).find("workers"), std::string::npos) << e.what();
        }
    }
}

TEST(Sweep, OnlyPoolsHaveAWorkerCount)
{
    RunConfig config;
    config.model = Model::Threads;
    EXPECT_THROW(sweepWorkers(config, {1, 2}), std::invalid_argument);
    config.model = Model::ThreadPool;
    EXPECT_THROW(sweepWorkers(config, {0, 2}), std::invalid_argument);
    config.tasks = 0;
    EXPECT_THROW(sweepWorkers(config, {2}), std::invalid_argument);
}

TEST(Sweep, IoThreadPoolScalesWithWorkers)
{
    RunConfig config;
    config.model = Model::ThreadPool;
    config.workload = WorkloadKind::Io;
    config.tasks = 8;
    config.latencyMs = 40;
    int reported = 0;
    const auto runs = sweepWorkers(config, {4, 2}, {}, [&](const MeasuredRun&) { ++reported; });
    ASSERT_EQ(runs.size(), 3u); // one worker first, then in the order asked
    EXPECT_EQ(reported, 3);
    EXPECT_EQ(workersOf(runs[0].config), 1);
    EXPECT_EQ(workersOf(runs[1].config), 4);
    EXPECT_EQ(workersOf(runs[2].config), 2);
    EXPECT_DOUBLE_EQ(runs[0].speedup, 1.0);
    for (const MeasuredRun& run : runs) {
        EXPECT_EQ(run.experiment, "sweep");
        EXPECT_EQ(run.result.model, Model::ThreadPool);
        EXPECT_TRUE(run.result.errors.empty());
    }
    // Waits overlap: 8 waits of 40 ms on one worker take 320 ms, on four about 80 ms. Generous
    // bounds: the shape, not the figure.
    EXPECT_GT(runs[1].speedup, 2.0);
    EXPECT_GT(runs[1].speedup, runs[2].speedup);
    const auto samples = speedupSamples(runs);
    ASSERT_EQ(samples.size(), 3u);
    const auto fit = fitAmdahl(samples);
    ASSERT_TRUE(fit.has_value());
    EXPECT_GT(fit->parallelFraction, 0.8);
}

TEST(Sweep, StopsBetweenRuns)
{
    RunConfig config;
    config.model = Model::ThreadPool;
    config.workload = WorkloadKind::Io;
    config.tasks = 2;
    config.latencyMs = 10;
    std::stop_source stop;
    const auto runs
        = sweepWorkers(config, {2, 3, 4}, stop.get_token(), [&](const MeasuredRun&) { stop.request_stop(); });
    EXPECT_EQ(runs.size(), 1u);
}

} // namespace
} // namespace interleave
