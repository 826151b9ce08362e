#include "trace_checks.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <ostream>
#include <stdexcept>
#include <thread>

namespace interleave {
namespace {

using namespace interleave::trace_checks;
using namespace std::chrono_literals;

TEST(Engine, RefusesAnInvalidConfiguration)
{
    RunConfig config = makeConfig(Model::Threads, WorkloadKind::Io, 0);
    Recorder recorder;
    EXPECT_THROW(runModel(config, recorder), std::invalid_argument);
    EXPECT_EQ(recorder.laneCount(), 0u);
}

TEST(Engine, RecordsTheRunsMetadata)
{
    RunConfig config = makeConfig(Model::ThreadPool, WorkloadKind::Io, 2);
    config.latencyMs = 1;
    config.threadWorkers = 3;
    config.switchIntervalMs = 2.5;
    const auto [result, trace] = runToTrace(config);
    const auto& meta = trace.metadata();
    EXPECT_EQ(meta.at("model"), "thread_pool");
    EXPECT_EQ(meta.at("workload"), "io");
    EXPECT_EQ(meta.at("tasks"), "2");
    EXPECT_EQ(meta.at("gil"), "on");
    EXPECT_EQ(meta.at("switch_interval_ms"), "2.5");
    EXPECT_EQ(meta.at("latency_ms"), "1");
    EXPECT_EQ(meta.at("thread_workers"), "3");
    EXPECT_TRUE(meta.contains("work_ms"));
    EXPECT_TRUE(meta.contains("mixed_rounds"));
    EXPECT_TRUE(meta.contains("process_workers"));
    EXPECT_TRUE(meta.contains("iterations_per_ms"));
}

TEST(Engine, ResultFiguresComeFromTheTrace)
{
    RunConfig config = makeConfig(Model::Threads, WorkloadKind::Cpu, 2);
    config.workMs = 20;
    const auto [result, trace] = runToTrace(config);
    EXPECT_EQ(result.model, Model::Threads);
    EXPECT_EQ(result.wallNs, trace.duration());
    TimeNs gilWait = 0;
    for (std::size_t lane = 0; lane < trace.laneCount(); ++lane)
        gilWait += timeIn(trace, static_cast<LaneId>(lane), State::WaitingGil);
    EXPECT_EQ(result.gilWaitNs, gilWait);
    EXPECT_GT(result.gilWaitNs, 0);
    // The GIL's own counters are in the metadata: two CPU-bound threads switched.
    EXPECT_GT(std::stoi(trace.metadata().at("gil_switches")), 2);
    EXPECT_TRUE(trace.metadata().contains("gil_drop_requests"));
    EXPECT_TRUE(trace.metadata().contains("gil_forced_switches"));
    // Two tasks of 20 ms of work each: the threads' CPU clocks saw most of it.
    EXPECT_GT(result.cpuNs, 20'000'000);
    EXPECT_FALSE(result.cancelled);
}

TEST(Engine, CalibratesWhenAskedTo)
{
    RunConfig config = makeConfig(Model::Sequential, WorkloadKind::Cpu, 1);
    config.iterationsPerMs = 0;
    config.workMs = 2;
    const auto [result, trace] = runToTrace(config);
    EXPECT_GT(std::stod(trace.metadata().at("iterations_per_ms")), 0);
    EXPECT_TRUE(endsWith(trace, 0, State::Done, kEndNormal));
}

struct CancelCase {
    Model model;
    WorkloadKind workload;
    bool gil;
};

void PrintTo(const CancelCase& c, std::ostream* os)
{
    *os << modelName(c.model) << ' ' << workloadName(c.workload) << (c.gil ? " gil" : " nogil");
}

std::string caseName(const ::testing::TestParamInfo<CancelCase>& info)
{
    return std::string(modelName(info.param.model)) + "_" + std::string(workloadName(info.param.workload))
        + (info.param.gil ? "_gil" : "_nogil");
}

class EngineCancel : public ::testing::TestWithParam<CancelCase> {};

// A run far longer than the test is stopped mid-way: it returns promptly (the contract is
// 200 ms; the assertion is loose because the machine is shared), with every lane ended and
// the lanes that were cut short marked cancelled.
TEST_P(EngineCancel, StopsPromptlyAndEndsEveryLane)
{
    RunConfig config = makeConfig(GetParam().model, GetParam().workload, 8);
    config.gil = GetParam().gil;
    config.threadWorkers = 3;
    config.latencyMs = 60'000;
    config.workMs = 60'000;
    const CancelledRun run = runAndCancel(config, 150);

    std::printf("[ cancel   ] %s %s gil=%d: returned %.2f ms after the stop\n",
        modelName(config.model).data(), workloadName(config.workload).data(), config.gil ? 1 : 0,
        run.stopToReturnMs);
    RecordProperty("stop_to_return_us", static_cast<int>(run.stopToReturnMs * 1000));
    EXPECT_LT(run.stopToReturnMs, 2000.0);
    EXPECT_TRUE(run.result.cancelled);
    EXPECT_TRUE(run.result.errors.empty()) << run.result.errors.front();
    ASSERT_GT(run.trace.laneCount(), 0u);
    int cancelled = 0;
    for (std::size_t i = 0; i < run.trace.laneCount(); ++i) {
        const auto lane = static_cast<LaneId>(i);
        EXPECT_TRUE(endsTerminal(run.trace, lane)) << run.trace.lane(lane).name;
        cancelled += endsWith(run.trace, lane, State::Stopped, kEndCancelled);
        EXPECT_FALSE(endsWith(run.trace, lane, State::Failed, kEndCancelled)) << "a stop is not a failure";
    }
    EXPECT_GT(cancelled, 0);
    EXPECT_TRUE(endsWith(run.trace, 0, State::Stopped, kEndCancelled)) << "the process lane was cut short too";
}

INSTANTIATE_TEST_SUITE_P(InProcessModels, EngineCancel,
                         ::testing::Values(CancelCase{Model::Sequential, WorkloadKind::Cpu, true},
                                           CancelCase{Model::Sequential, WorkloadKind::Io, true},
                                           CancelCase{Model::Threads, WorkloadKind::Cpu, true},
                                           CancelCase{Model::Threads, WorkloadKind::Io, true},
                                           CancelCase{Model::Threads, WorkloadKind::Cpu, false},
                                           CancelCase{Model::ThreadPool, WorkloadKind::Cpu, true},
                                           CancelCase{Model::ThreadPool, WorkloadKind::Io, true},
                                           CancelCase{Model::ThreadPool, WorkloadKind::Mixed, true},
                                           CancelCase{Model::Asyncio, WorkloadKind::Cpu, true},
                                           CancelCase{Model::Asyncio, WorkloadKind::Io, true},
                                           CancelCase{Model::Asyncio, WorkloadKind::Mixed, false}),
                         caseName);

TEST(Engine, StopBeforeTheRunStartsEndsEverythingAtOnce)
{
    for (Model model : {Model::Sequential, Model::Threads, Model::ThreadPool, Model::Asyncio}) {
        RunConfig config = makeConfig(model, WorkloadKind::Io, 3);
        std::stop_source stop;
        stop.request_stop();
        Recorder recorder;
        const RunResult result = runModel(config, recorder, stop.get_token());
        EXPECT_TRUE(result.cancelled) << modelName(model);
        const Trace trace = Trace::fromSnapshot(recorder.snapshot());
        for (std::size_t i = 0; i < trace.laneCount(); ++i)
            EXPECT_TRUE(endsTerminal(trace, static_cast<LaneId>(i))) << modelName(model);
    }
}

TEST(EngineRun, RunsToTheEndOnItsOwnThread)
{
    RunConfig config = makeConfig(Model::Threads, WorkloadKind::Io, 3);
    config.latencyMs = 10;
    EngineRun run(config);
    EXPECT_FALSE(run.finished());
    run.start();
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (!run.finished() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(1ms);
    ASSERT_TRUE(run.finished());
    EXPECT_FALSE(run.result().cancelled);
    EXPECT_TRUE(run.result().errors.empty());
    EXPECT_EQ(run.recorder().laneCount(), 4u);
    EXPECT_EQ(run.config(), config);
    EXPECT_THROW(run.start(), std::logic_error);
}

TEST(EngineRun, RequestStopEndsALongRun)
{
    RunConfig config = makeConfig(Model::ThreadPool, WorkloadKind::Cpu, 4);
    config.workMs = 60'000;
    EngineRun run(config);
    run.start();
    std::this_thread::sleep_for(50ms);
    // Snapshots may be taken at any time while the run goes on.
    EXPECT_GT(Trace::fromSnapshot(run.recorder().snapshot()).laneCount(), 0u);
    run.requestStop();
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (!run.finished() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(1ms);
    ASSERT_TRUE(run.finished());
    EXPECT_TRUE(run.result().cancelled);
}

TEST(EngineRun, DestructorStopsAndJoins)
{
    RunConfig config = makeConfig(Model::Asyncio, WorkloadKind::Io, 4);
    config.latencyMs = 60'000;
    std::shared_ptr<const Recorder> recorder;
    const auto start = std::chrono::steady_clock::now();
    {
        EngineRun run(config);
        run.start();
        recorder = run.sharedRecorder();
        std::this_thread::sleep_for(20ms);
    }
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
    // The recorder outlives the run for whoever still holds it.
    const Trace trace = Trace::fromSnapshot(recorder->snapshot());
    for (std::size_t i = 0; i < trace.laneCount(); ++i)
        EXPECT_TRUE(endsTerminal(trace, static_cast<LaneId>(i)));
}

TEST(EngineRun, RefusesAnInvalidConfigurationAtStart)
{
    RunConfig config = makeConfig(Model::Threads, WorkloadKind::Io, 1);
    config.switchIntervalMs = 0;
    EngineRun run(config);
    EXPECT_THROW(run.start(), std::invalid_argument);
    EXPECT_FALSE(run.finished());
}

} // namespace
} // namespace interleave
