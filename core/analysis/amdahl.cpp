#include "analysis/amdahl.h"

#include <algorithm>
#include <array>
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

namespace interleave {

namespace {

// Least squares on the chosen columns of the basis (1, 1/n, n); the others are held at 0.
// Solves the normal equations by Gaussian elimination with partial pivoting; nullopt when they
// are singular.
// How many workers compute at once: n, or at most the cores.
double parallelWorkers(double n, double coreLimit)
{
    return coreLimit > 0 ? std::min(n, coreLimit) : n;
}

std::optional<std::array<double, 3>> leastSquaresOn(
    const std::vector<TimeSample>& samples, std::array<bool, 3> use, double coreLimit)
{
    const auto basis = [coreLimit](double n, int k) {
        return k == 0 ? 1.0 : k == 1 ? 1.0 / parallelWorkers(n, coreLimit) : n;
    };
    std::vector<int> cols;
    for (int k = 0; k < 3; ++k) {
        if (use[static_cast<std::size_t>(k)])
            cols.push_back(k);
    }
    const std::size_t m = cols.size();
    double a[3][4] = {};
    for (const TimeSample& s : samples) {
        for (std::size_t i = 0; i < m; ++i) {
            for (std::size_t j = 0; j < m; ++j)
                a[i][j] += basis(s.workers, cols[i]) * basis(s.workers, cols[j]);
            a[i][m] += basis(s.workers, cols[i]) * s.wallMs;
        }
    }
    for (std::size_t i = 0; i < m; ++i) {
        std::size_t pivot = i;
        for (std::size_t r = i + 1; r < m; ++r) {
            if (std::abs(a[r][i]) > std::abs(a[pivot][i]))
                pivot = r;
        }
        if (std::abs(a[pivot][i]) < 1e-12)
            return std::nullopt;
        for (std::size_t c = 0; c <= m; ++c)
            std::swap(a[i][c], a[pivot][c]);
        for (std::size_t r = 0; r < m; ++r) {
            if (r == i)
                continue;
            const double f = a[r][i] / a[i][i];
            for (std::size_t c = i; c <= m; ++c)
                a[r][c] -= f * a[i][c];
        }
    }
    std::array<double, 3> x {0, 0, 0};
    for (std::size_t i = 0; i < m; ++i)
        x[static_cast<std::size_t>(cols[i])] = a[i][m] / a[i][i];
    return x;
}

} // namespace

double StartupAmdahlFit::timeMs(double n) const noexcept
{
    return serialFraction * workMs + (1.0 - serialFraction) * workMs / parallelWorkers(n, coreLimit)
        + startupMsPerWorker * n;
}

double StartupAmdahlFit::speedup(double n) const noexcept
{
    const double t = timeMs(n);
    return t > 0 ? timeMs(1) / t : 0;
}

std::optional<StartupAmdahlFit> fitAmdahlWithStartup(std::span<const TimeSample> samples, double coreLimit)
{
    std::vector<TimeSample> usable;
    std::vector<double> counts;
    for (const TimeSample& s : samples) {
        if (!std::isfinite(s.workers) || !std::isfinite(s.wallMs) || s.workers < 1 || s.wallMs <= 0)
            continue;
        usable.push_back(s);
        if (std::find(counts.begin(), counts.end(), s.workers) == counts.end())
            counts.push_back(s.workers);
    }
    if (counts.size() < 3)
        return std::nullopt;

    // Non-negative least squares with three unknowns: the optimum is the unconstrained
    // optimum on some subset of the columns with the rest at 0. Try all seven subsets, keep
    // the best whose coefficients are all >= 0.
    const auto residual = [&](const std::array<double, 3>& x) {
        double sum = 0;
        for (const TimeSample& s : usable) {
            const double r = s.wallMs - (x[0] + x[1] / parallelWorkers(s.workers, coreLimit) + x[2] * s.workers);
            sum += r * r;
        }
        return sum;
    };
    std::optional<std::array<double, 3>> best;
    double bestSum = 0;
    for (int mask = 1; mask < 8; ++mask) {
        const auto x = leastSquaresOn(usable, {(mask & 1) != 0, (mask & 2) != 0, (mask & 4) != 0}, coreLimit);
        if (!x || (*x)[0] < 0 || (*x)[1] < 0 || (*x)[2] < 0)
            continue;
        const double sum = residual(*x);
        if (!best || sum < bestSum) {
            best = x;
            bestSum = sum;
        }
    }
    if (!best)
        return std::nullopt;

    const auto [serialMs, parallelMs, startupMs] = *best;
    StartupAmdahlFit fit;
    fit.workMs = serialMs + parallelMs;
    fit.serialFraction = fit.workMs > 0 ? serialMs / fit.workMs : 0;
    fit.startupMsPerWorker = startupMs;
    fit.samples = static_cast<int>(usable.size());
    fit.rmseMs = std::sqrt(bestSum / static_cast<double>(usable.size()));
    fit.largestWorkers = *std::max_element(counts.begin(), counts.end());
    fit.coreLimit = coreLimit > 0 ? coreLimit : 0;
    fit.serialMsAtLargest = serialMs;
    fit.startupMsAtLargest = startupMs * fit.largestWorkers;
    return fit;
}

} // namespace interleave
