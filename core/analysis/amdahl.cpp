#include "analysis/amdahl.h"

#include <cmath>
#include <vector>

namespace interleave {

double amdahlSpeedup(double p, double n) noexcept
{
    return 1.0 / ((1.0 - p) + p / n);
}

namespace {

double sumOfSquares(const std::vector<SpeedupSample>& samples, double p)
{
    double sum = 0;
    for (const SpeedupSample& s : samples) {
        const double r = s.speedup - amdahlSpeedup(p, s.workers);
        sum += r * r;
    }
    return sum;
}

} // namespace

std::optional<AmdahlFit> fitAmdahl(std::span<const SpeedupSample> samples)
{
    std::vector<SpeedupSample> usable;
    bool informative = false;
    for (const SpeedupSample& s : samples) {
        if (!std::isfinite(s.workers) || !std::isfinite(s.speedup) || s.workers < 1 || s.speedup <= 0)
            continue;
        usable.push_back(s);
        informative = informative || s.workers > 1;
    }
    if (!informative)
        return std::nullopt;

    // One parameter on a closed interval: a grid finds the basin (the sum of squares need not
    // be unimodal with noisy data), golden-section search then narrows it to ~1e-9.
    constexpr int kGrid = 200;
    int best = 0;
    double bestValue = sumOfSquares(usable, 0.0);
    for (int i = 1; i <= kGrid; ++i) {
        const double v = sumOfSquares(usable, static_cast<double>(i) / kGrid);
        if (v < bestValue) {
            bestValue = v;
            best = i;
        }
    }
    double lo = static_cast<double>(std::max(best - 1, 0)) / kGrid;
    double hi = static_cast<double>(std::min(best + 1, kGrid)) / kGrid;
    const double inv = (std::sqrt(5.0) - 1.0) / 2.0;
    double a = hi - inv * (hi - lo);
    double b = lo + inv * (hi - lo);
    double fa = sumOfSquares(usable, a);
    double fb = sumOfSquares(usable, b);
    while (hi - lo > 1e-10) {
        if (fa < fb) {
            hi = b;
            b = a;
            fb = fa;
            a = hi - inv * (hi - lo);
            fa = sumOfSquares(usable, a);
        } else {
            lo = a;
            a = b;
            fa = fb;
            b = lo + inv * (hi - lo);
            fb = sumOfSquares(usable, b);
        }
    }
    double p = (lo + hi) / 2;
    // The ends of the interval are answers too (a flat or a perfectly linear curve).
    for (double end : {0.0, 1.0}) {
        if (sumOfSquares(usable, end) <= sumOfSquares(usable, p))
            p = end;
    }
    AmdahlFit fit;
    fit.parallelFraction = p;
    fit.samples = static_cast<int>(usable.size());
    fit.rmse = std::sqrt(sumOfSquares(usable, p) / static_cast<double>(usable.size()));
    return fit;
}

} // namespace interleave
