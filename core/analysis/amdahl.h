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

// Amdahl's law alone blames every lost second on serial work. A pool also pays for each
// worker it starts (a process, an interpreter): a cost that grows with n, so the speedup
// rises, peaks and falls. Counted as serial work it drags the fitted p to 0 ("nothing is
// parallel") although the work itself is. So the sweep's times are fitted to
//
//     T(n) = s * T1 + (1 - s) * T1 / n + c * n
//
// T1 the work's time on one worker, s the serial fraction, c the start-up cost per worker:
// linear in (s * T1, (1 - s) * T1, c), fitted by least squares with all three >= 0 (so s is
// in [0, 1] and c >= 0). Computing work cannot spread over more workers than there are
// cores: with a core limit k the parallel part takes (1 - s) * T1 / min(n, k), so workers
// beyond the cores that only take turns are not read as start-up cost. Waiting needs no
// core: an I/O-bound sweep is fitted without a limit.
struct TimeSample {
    double workers = 1; // n >= 1
    double wallMs = 0; // one run's wall time
};

struct StartupAmdahlFit {
    double serialFraction = 0; // s in [0, 1]
    double workMs = 0; // T1: the work on one worker, start-up excluded
    double startupMsPerWorker = 0; // c >= 0
    double rmseMs = 0; // root-mean-square residual of the times
    int samples = 0;
    double largestWorkers = 1; // the largest n sampled
    double coreLimit = 0; // k, or 0 for none
    // At the largest n: the time the serial part costs (s * T1) and the time start-ups cost
    // (c * n). Whichever is larger is what keeps the speedup from growing.
    double serialMsAtLargest = 0;
    double startupMsAtLargest = 0;
    bool startupDominates() const noexcept { return startupMsAtLargest > serialMsAtLargest; }

    double timeMs(double n) const noexcept;
    // The predicted speedup against the predicted one-worker time, T(1) / T(n).
    double speedup(double n) const noexcept;
};

// Samples with n < 1 or a time that is not a positive finite number are left out. nullopt
// when fewer than three distinct worker counts remain (three unknowns). coreLimit: k, or 0
// for none.
std::optional<StartupAmdahlFit> fitAmdahlWithStartup(std::span<const TimeSample> samples, double coreLimit = 0);

} // namespace interleave
