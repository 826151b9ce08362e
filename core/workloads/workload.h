#pragma once

#include "engine/run_config.h"
#include "trace/clock.h"

#include <cstdint>

namespace interleave {

// What one task does, in units that mean the same in every thread and process of a run:
// compute is counted in iterations of the CPU kernel (calibrated once, then shared with the
// children), so "work-ms 500" is the same amount of work whether it runs alone or contended.
struct WorkloadSpec {
    WorkloadKind kind = WorkloadKind::Io;
    std::uint64_t workIterations = 0; // cpu: per task; mixed: per task, split over the rounds
    TimeNs latencyNs = 0;             // io: per task; mixed: per task, split over the rounds
    int rounds = 1;                   // mixed: compute and wait alternate this many times

    // Mixed: round r's share of the work and of the wait (r in [0, rounds)). The shares differ
    // by at most one unit and add up exactly to the totals.
    std::uint64_t iterationsOfRound(int round) const noexcept { return shareOf(workIterations, round); }
    TimeNs latencyOfRound(int round) const noexcept { return shareOf(latencyNs, round); }

    friend bool operator==(const WorkloadSpec&, const WorkloadSpec&) = default;

private:
    template <typename T>
    T shareOf(T total, int round) const noexcept
    {
        const T n = static_cast<T>(rounds > 0 ? rounds : 1);
        const T r = static_cast<T>(round);
        return total / n + (r < total % n ? 1 : 0);
    }
};

WorkloadSpec makeWorkloadSpec(const RunConfig& config, double iterationsPerMs);

// The CPU kernel: a dependent chain of integer arithmetic that the compiler cannot fold away
// and that touches no memory, so threads on different cores do not slow each other down.
// Returns a value the caller must consume.
std::uint64_t cpuKernel(std::uint64_t iterations, std::uint64_t seed) noexcept;

// Iterations of cpuKernel per millisecond on this machine, measured over a short run of the
// calling thread. Takes about `budgetMs`.
double calibrateIterationsPerMs(double budgetMs = 30);

} // namespace interleave
