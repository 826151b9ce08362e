#include "workloads/workload.h"

#include <gtest/gtest.h>

#include <chrono>
#include <numeric>

namespace interleave {
namespace {

TEST(CpuKernel, IsDeterministic)
{
    EXPECT_EQ(cpuKernel(1000, 42), cpuKernel(1000, 42));
    EXPECT_EQ(cpuKernel(0, 42), cpuKernel(0, 42));
}

TEST(CpuKernel, DependsOnSeedAndIterations)
{
    EXPECT_NE(cpuKernel(1000, 1), cpuKernel(1000, 2));
    EXPECT_NE(cpuKernel(1000, 1), cpuKernel(1001, 1));
    // Odd and even seeds must not collapse onto one chain.
    EXPECT_NE(cpuKernel(100, 0), cpuKernel(100, 1));
}

TEST(CpuKernel, ChainsAcrossSlices)
{
    // Running n then m iterations seeded by the first result is still one deterministic chain.
    const std::uint64_t a = cpuKernel(500, cpuKernel(500, 9));
    const std::uint64_t b = cpuKernel(500, cpuKernel(500, 9));
    EXPECT_EQ(a, b);
}

TEST(Calibration, GivesAPlausibleRate)
{
    const double rate = calibrateIterationsPerMs(10);
    // Anything from a slow emulator to a fast desktop: 1k to 100M iterations per ms.
    EXPECT_GT(rate, 1e3);
    EXPECT_LT(rate, 1e8);
}

TEST(Calibration, PredictsTheKernelsRunningTime)
{
    const double rate = calibrateIterationsPerMs(20);
    const auto iterations = static_cast<std::uint64_t>(rate * 20); // 20 ms, alone
    const auto start = std::chrono::steady_clock::now();
    volatile std::uint64_t sink = cpuKernel(iterations, 3);
    (void)sink;
    const double ms
        = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    // Wall time: never much less than predicted, and on a loaded machine possibly more.
    EXPECT_GT(ms, 20 / 3.0);
    EXPECT_LT(ms, 20 * 20.0);
}

TEST(Calibration, RepeatsWithinAFactor)
{
    const double a = calibrateIterationsPerMs(10);
    const double b = calibrateIterationsPerMs(10);
    EXPECT_LT(a / b, 3.0);
    EXPECT_LT(b / a, 3.0);
}

TEST(WorkloadSpec, CpuCountsIterations)
{
    RunConfig config;
    config.workload = WorkloadKind::Cpu;
    config.workMs = 250;
    config.latencyMs = 100;
    const WorkloadSpec spec = makeWorkloadSpec(config, 1000);
    EXPECT_EQ(spec.kind, WorkloadKind::Cpu);
    EXPECT_EQ(spec.workIterations, 250'000u);
    EXPECT_EQ(spec.latencyNs, 0);
    EXPECT_EQ(spec.rounds, 1);
}

TEST(WorkloadSpec, IoCountsNanoseconds)
{
    RunConfig config;
    config.workload = WorkloadKind::Io;
    config.latencyMs = 100.5;
    config.workMs = 50;
    const WorkloadSpec spec = makeWorkloadSpec(config, 1000);
    EXPECT_EQ(spec.workIterations, 0u);
    EXPECT_EQ(spec.latencyNs, 100'500'000);
    EXPECT_EQ(spec.rounds, 1);
}

TEST(WorkloadSpec, MixedSplitsIntoRoundsThatAddUp)
{
    RunConfig config;
    config.workload = WorkloadKind::Mixed;
    config.workMs = 10;
    config.latencyMs = 1;
    config.mixedRounds = 3;
    const WorkloadSpec spec = makeWorkloadSpec(config, 1001);
    EXPECT_EQ(spec.rounds, 3);
    EXPECT_EQ(spec.workIterations, 10'010u);
    EXPECT_EQ(spec.latencyNs, 1'000'000);
    std::uint64_t iterations = 0;
    TimeNs latency = 0;
    for (int r = 0; r < spec.rounds; ++r) {
        iterations += spec.iterationsOfRound(r);
        latency += spec.latencyOfRound(r);
        EXPECT_LE(spec.iterationsOfRound(0) - spec.iterationsOfRound(r), 1u);
    }
    EXPECT_EQ(iterations, spec.workIterations);
    EXPECT_EQ(latency, spec.latencyNs);
}

} // namespace
} // namespace interleave
