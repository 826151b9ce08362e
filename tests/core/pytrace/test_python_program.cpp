// The Python program written for an engine configuration: what it says, and what a real
// CPython does with it, traced. Small work keeps each run short; the assertions are about the
// lanes the trace shows, never about how long anything took.

#include "pytrace/python_program.h"
#include "pytrace/side_by_side.h"

#include "python_test_support.h"

#include <gtest/gtest.h>

#include <string>
#include <tuple>

namespace interleave::pytrace {
namespace {

using namespace testsupport;

RunConfig pyprogramSmallConfig(Model model, WorkloadKind workload)
{
    RunConfig c;
    c.model = model;
    c.workload = workload;
    c.tasks = 4;
    c.workMs = 20;
    c.latencyMs = 20;
    c.mixedRounds = 2;
    c.threadWorkers = 2;
    c.processWorkers = 2;
    return c;
}

TEST(PythonProgram, SaysWhatTheConfigurationSays)
{
    RunConfig c = pyprogramSmallConfig(Model::ThreadPool, WorkloadKind::Mixed);
    c.switchIntervalMs = 2.5;
    const PythonProgram p = pythonProgramFor(c);
    ASSERT_FALSE(p.refusal) << *p.refusal;
    EXPECT_EQ(p.fileName, "thread_pool_mixed.py");
    EXPECT_NE(p.source.find("sys.setswitchinterval(0.0025)"), std::string::npos) << p.source;
    EXPECT_NE(p.source.find("TASKS = 4\n"), std::string::npos);
    EXPECT_NE(p.source.find("WORKERS = 2\n"), std::string::npos);
    EXPECT_NE(p.source.find("ROUNDS = 2"), std::string::npos);
    EXPECT_NE(p.source.find("ThreadPoolExecutor(max_workers=WORKERS)"), std::string::npos);
    EXPECT_NE(p.source.find("per_ms = calibrate()"), std::string::npos);

    // I/O needs no calibration and computes nothing.
    const PythonProgram io = pythonProgramFor(pyprogramSmallConfig(Model::Threads, WorkloadKind::Io));
    EXPECT_EQ(io.source.find("calibrate"), std::string::npos);
    EXPECT_NE(io.source.find("time.sleep(LATENCY_MS / 1000)"), std::string::npos);

    // Processes start as the configuration starts them.
    RunConfig native = pyprogramSmallConfig(Model::ProcessPool, WorkloadKind::Cpu);
    native.processStart = ProcessStart::Native;
    EXPECT_NE(pythonProgramFor(native).source.find("get_context(\"fork\")"), std::string::npos);
    native.processStart = ProcessStart::Python;
    EXPECT_NE(pythonProgramFor(native).source.find("get_context(\"spawn\")"), std::string::npos);
}

TEST(PythonProgram, RefusesWhatNoProgramCanDo)
{
    RunConfig c = pyprogramSmallConfig(Model::Threads, WorkloadKind::Cpu);
    c.gil = false;
    const PythonProgram p = pythonProgramFor(c);
    ASSERT_TRUE(p.refusal);
    EXPECT_NE(p.refusal->find("free-threaded"), std::string::npos);
    EXPECT_TRUE(p.source.empty());

    c.gil = true;
    c.tasks = 0;
    ASSERT_TRUE(pythonProgramFor(c).refusal);
}

TEST(PythonProgram, ReadsTheWallTimeBack)
{
    EXPECT_EQ(programWallMs("hello\nwall time: 123.4 ms\n"), 123.4);
    EXPECT_EQ(programWallMs("wall time: 1.0 ms\nwall time: 2.5 ms"), 2.5) << "the last line counts";
    EXPECT_FALSE(programWallMs("wall time: soon ms\n"));
    EXPECT_FALSE(programWallMs("the wall time: 3 ms\n"));
    EXPECT_FALSE(programWallMs(""));
}

class PythonProgramRun : public ::testing::TestWithParam<std::tuple<Model, WorkloadKind>> {};

TEST_P(PythonProgramRun, RunsUnderCPythonWithTheEnginesLanes)
{
    REQUIRE_PYTHON();
    const auto [model, workload] = GetParam();
    RunConfig config = pyprogramSmallConfig(model, workload);
    if (model == Model::Processes)
        config.tasks = 2; // each a fresh interpreter: two keep the run short

    const PythonProgram program = pythonProgramFor(config);
    ASSERT_FALSE(program.refusal) << *program.refusal;
    const std::string script = writeScript(program.fileName, program.source);

    PythonTraceOptions options = traceOptions(script, std::chrono::seconds(60));
    options.captureOutput = true;
    const PythonTraceResult r = tracePython(options, {});
    ASSERT_EQ(r.outcome, PythonTraceResult::Outcome::Finished) << r.problem;
    ASSERT_TRUE(r.status.succeeded()) << r.status.describe() << "\n" << program.source;
    const std::optional<double> wall = programWallMs(r.output);
    ASSERT_TRUE(wall) << r.output;
    EXPECT_GT(*wall, 0);

    const Trace& t = r.trace;
    const auto root = rootLane(t);
    ASSERT_TRUE(root);
    // The program marks where its measured work starts, before any task's lane begins.
    const std::optional<TimeNs> work = markedWorkStart(t);
    ASSERT_TRUE(work) << program.source;
    for (std::size_t i = 0; i < t.laneCount(); ++i) {
        const LaneId id = static_cast<LaneId>(i);
        if (id != *root && t.lane(id).parent == *root && t.spanCount(id) > 0
            && (t.lane(id).kind == LaneKind::Thread || t.lane(id).kind == LaneKind::Task)) {
            EXPECT_GE(t.span(id, 0).start - t.startTime(), *work) << t.lane(id).name;
        }
    }
    const auto expectUnderRoot = [&](const std::vector<LaneId>& lanes) {
        for (LaneId id : lanes) {
            EXPECT_EQ(t.lane(id).parent, *root) << t.lane(id).name;
            EXPECT_EQ(lastState(t, id), State::Done) << spansText(t, id);
        }
    };
    switch (model) {
    case Model::Sequential:
        EXPECT_TRUE(lanesWhere(t, LaneKind::Thread, "").empty());
        EXPECT_EQ(lanesWhere(t, LaneKind::Process, "").size(), 1u) << "only the program's own process";
        break;
    case Model::Threads: {
        const auto threads = lanesWhere(t, LaneKind::Thread, "Thread-");
        EXPECT_EQ(threads.size(), 4u);
        expectUnderRoot(threads);
        if (workload != WorkloadKind::Cpu) {
            for (LaneId id : threads)
                EXPECT_TRUE(hasSpan(t, id, State::BlockedIo, "sleep")) << spansText(t, id);
        }
        break;
    }
    case Model::ThreadPool: {
        const auto workers = lanesWhere(t, LaneKind::Thread, "ThreadPoolExecutor-");
        EXPECT_EQ(workers.size(), 2u);
        expectUnderRoot(workers);
        break;
    }
    case Model::Processes: {
        const auto children = lanesWhere(t, LaneKind::Process, "Process-");
        EXPECT_EQ(children.size(), 2u);
        expectUnderRoot(children);
        break;
    }
    case Model::ProcessPool: {
        const auto workers = lanesWhere(t, LaneKind::Process, "SpawnPoolWorker-");
        EXPECT_EQ(workers.size(), 2u);
        for (LaneId id : workers)
            EXPECT_EQ(t.lane(id).parent, *root) << t.lane(id).name;
        break;
    }
    case Model::Asyncio: {
        const auto tasks = lanesWhere(t, LaneKind::Coroutine, "task-");
        EXPECT_EQ(tasks.size(), 4u);
        expectUnderRoot(tasks); // one loop, on the program's main thread
        EXPECT_TRUE(lanesWhere(t, LaneKind::Thread, "").empty());
        break;
    }
    }
}

std::string pyprogramRunName(const ::testing::TestParamInfo<std::tuple<Model, WorkloadKind>>& info)
{
    return std::string(modelName(std::get<0>(info.param))) + "_" + std::string(workloadName(std::get<1>(info.param)));
}

INSTANTIATE_TEST_SUITE_P(EveryModelAndWorkload, PythonProgramRun,
    ::testing::Combine(::testing::ValuesIn(kAllModels),
        ::testing::Values(WorkloadKind::Cpu, WorkloadKind::Io, WorkloadKind::Mixed)),
    pyprogramRunName);

} // namespace
} // namespace interleave::pytrace
