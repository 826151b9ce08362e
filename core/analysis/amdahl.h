#pragma once

#include <optional>
#include <span>

namespace interleave {

// Amdahl's law: with a fraction p of the work parallel and the rest serial, n workers can
// at best run it S(n) = 1 / ((1 - p) + p / n) times as fast as one.
double amdahlSpeedup(double parallelFraction, double workers) noexcept;

struct SpeedupSample {
    double workers = 1; // n >= 1
    double speedup = 1; // measured T(1) / T(n)
};

struct AmdahlFit {
    double parallelFraction = 0; // p in [0, 1]
    double rmse = 0; // root-mean-square residual of the speedups, in "times"
    int samples = 0; // how many samples the fit used
};

// The p in [0, 1] that minimises the squared differences between the measured speedups and
// S(n): a least-squares fit on the speedups themselves (not on 1/S, which would weigh the
// small speedups most). Samples with n < 1 or a speedup that is not a positive finite number
// (a stopped or failed run) are left out. nullopt when no sample with n > 1 remains: n = 1
// says nothing about p.
std::optional<AmdahlFit> fitAmdahl(std::span<const SpeedupSample> samples);

} // namespace interleave
