#include "workloads/workload.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <ctime>

namespace interleave {

namespace {

// Keeps a result alive without a store the optimiser could drop.
void consume(std::uint64_t value) noexcept { asm volatile("" : : "r"(value)); }

// Thread CPU time rather than wall time: on a busy machine the calibrating thread may be
// preempted, and wall time would then make the kernel look slower than it is.
double measureIterationsPerMs(std::uint64_t iterations, std::uint64_t seed)
{
    const TimeNs start = threadCpuNs();
    consume(cpuKernel(iterations, seed));
    const TimeNs elapsed = std::max<TimeNs>(1, threadCpuNs() - start);
    return static_cast<double>(iterations) * 1e6 / static_cast<double>(elapsed);
}

} // namespace

std::uint64_t cpuKernel(std::uint64_t iterations, std::uint64_t seed) noexcept
{
    // xorshift64 followed by a multiply: every step depends on the previous one, so the loop
    // runs at the chain's latency whatever the compiler does, and there is no closed form to
    // fold it into. The state never leaves a register.
    std::uint64_t x = seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull;
    for (std::uint64_t i = 0; i < iterations; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x *= 0x2545F4914F6CDD1Dull;
    }
    return x;
}

double calibrateIterationsPerMs(double budgetMs)
{
    if (!(budgetMs > 0))
        budgetMs = 1;
    // A first guess from a run long enough to be above the clock's granularity, grown until
    // it takes a measurable tenth of a millisecond.
    std::uint64_t probe = 1024;
    double estimate = 0;
    for (;;) {
        const TimeNs start = threadCpuNs();
        consume(cpuKernel(probe, probe));
        const TimeNs elapsed = threadCpuNs() - start;
        if (elapsed >= 100'000 || probe >= (std::uint64_t{1} << 40)) {
            estimate = static_cast<double>(probe) * 1e6 / static_cast<double>(std::max<TimeNs>(1, elapsed));
            break;
        }
        probe *= 4;
    }

    // Then the median of a few runs that share the budget: one run that lost its core to a
    // context switch or a frequency change cannot move a median of five.
    constexpr std::size_t kRuns = 5;
    const double runMs = budgetMs / kRuns;
    const auto iterations = static_cast<std::uint64_t>(std::max(1.0, estimate * runMs));
    std::array<double, kRuns> rates{};
    for (std::size_t i = 0; i < kRuns; ++i)
        rates[i] = measureIterationsPerMs(iterations, i);
    std::nth_element(rates.begin(), rates.begin() + kRuns / 2, rates.end());
    return std::max(1.0, rates[kRuns / 2]);
}

WorkloadSpec makeWorkloadSpec(const RunConfig& config, double iterationsPerMs)
{
    WorkloadSpec spec;
    spec.kind = config.workload;
    const bool computes = config.workload != WorkloadKind::Io;
    const bool waits = config.workload != WorkloadKind::Cpu;
    if (computes && iterationsPerMs > 0 && config.workMs > 0)
        spec.workIterations = static_cast<std::uint64_t>(std::llround(config.workMs * iterationsPerMs));
    if (waits && config.latencyMs > 0)
        spec.latencyNs = nanosecondsFromMs(config.latencyMs);
    spec.rounds = config.workload == WorkloadKind::Mixed ? std::max(1, config.mixedRounds) : 1;
    return spec;
}

} // namespace interleave
