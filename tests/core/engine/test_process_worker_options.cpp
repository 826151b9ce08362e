#include "engine/process_model_run.h"
#include "engine/process_worker_options.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace interleave {
namespace {

TEST(ProcessWorkerOptions, RoundTripsThroughTheCommandLine)
{
    ProcessWorkerOptions o;
    o.mode = ProcessWorkerOptions::Mode::Pool;
    o.index = 7;
    o.task = 12;
    o.spec = WorkloadSpec{WorkloadKind::Mixed, 123'456'789'012ull, 98'765'432, 5};
    o.gil = false;
    o.switchIntervalNs = 1'234'567;
    o.start = ProcessStart::Native;
    o.startIterations = 42;
    o.iterationsPerMs = 381'234.56789012345; // must come back bit for bit
    o.recordsFd = 5;
    o.commandsFd = 6;
    EXPECT_EQ(parseWorkerArguments(toWorkerArguments(o)), o);
    EXPECT_EQ(parseWorkerArguments(toWorkerArguments(ProcessWorkerOptions{})), ProcessWorkerOptions{});
}

TEST(ProcessWorkerOptions, MissingOptionsKeepTheirDefaults)
{
    const ProcessWorkerOptions o = parseWorkerArguments({"--task", "3"});
    EXPECT_EQ(o.task, 3);
    EXPECT_EQ(o.mode, ProcessWorkerOptions::Mode::Single);
    EXPECT_EQ(o.recordsFd, 3);
}

TEST(ProcessWorkerOptions, RejectsBadArgumentsNamingTheOption)
{
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
        {{"--bogus", "1"}, "--bogus"},
        {{"--task"}, "--task"},
        {{"--task", "-1"}, "--task"},
        {{"--task", "12abc"}, "--task"},
        {{"--work-iterations", "99999999999999999999999"}, "--work-iterations"},
        {{"--mode", "fork"}, "--mode"},
        {{"--gil", "maybe"}, "--gil"},
        {{"--workload", "disk"}, "--workload"},
        {{"--start", "java"}, "--start"},
        {{"--iterations-per-ms", "nan"}, "--iterations-per-ms"},
        {{"--switch-interval-ns", "0"}, "--switch-interval-ns"},
        {{"positional"}, "positional"},
    };
    for (const auto& [args, expected] : cases) {
        try {
            parseWorkerArguments(args);
            ADD_FAILURE() << "accepted " << args.front();
        } catch (const std::invalid_argument& e) {
            EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
        }
    }
}

struct ChunkCase {
    int tasks;
    int workers;
    int expected;
};

class PoolChunkSize : public testing::TestWithParam<ChunkCase> {};

TEST_P(PoolChunkSize, MatchesCPythonsPoolMap)
{
    const ChunkCase c = GetParam();
    EXPECT_EQ(poolChunkSize(c.tasks, c.workers), c.expected)
        << c.tasks << " tasks, " << c.workers << " workers";
}

// divmod(tasks, 4 * workers), plus one when there is a remainder.
INSTANTIATE_TEST_SUITE_P(Cases, PoolChunkSize,
                         testing::Values(ChunkCase{10, 2, 2}, ChunkCase{4, 2, 1}, ChunkCase{8, 2, 1},
                                         ChunkCase{9, 2, 2}, ChunkCase{16, 2, 2}, ChunkCase{17, 2, 3},
                                         ChunkCase{100, 4, 7}, ChunkCase{1, 8, 1}, ChunkCase{4096, 1, 1024},
                                         ChunkCase{0, 2, 1}, ChunkCase{5, 0, 2}));

} // namespace
} // namespace interleave
