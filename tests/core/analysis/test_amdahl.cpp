#include "analysis/amdahl.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace interleave {
namespace {

std::vector<SpeedupSample> curve(
    double p, const std::vector<double>& workers, double noise = 0, unsigned seed = 1)
{
    std::mt19937 random(seed);
    std::normal_distribution<double> jitter(0.0, noise);
    std::vector<SpeedupSample> samples;
    for (double n : workers)
        samples.push_back({n, amdahlSpeedup(p, n) * (1.0 + (noise > 0 ? jitter(random) : 0.0))});
    return samples;
}

const std::vector<double> kOneToSixteen {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

TEST(Amdahl, LawAtItsLimits)
{
    EXPECT_DOUBLE_EQ(amdahlSpeedup(0.0, 16), 1.0);
    EXPECT_DOUBLE_EQ(amdahlSpeedup(1.0, 16), 16.0);
    EXPECT_DOUBLE_EQ(amdahlSpeedup(0.9, 1), 1.0);
    EXPECT_NEAR(amdahlSpeedup(0.95, 1e9), 20.0, 1e-6); // the ceiling 1 / (1 - p)
}

TEST(Amdahl, RecoversAKnownFractionExactly)
{
    for (double p : {0.1, 0.5, 0.75, 0.93, 0.99}) {
        const auto fit = fitAmdahl(curve(p, kOneToSixteen));
        ASSERT_TRUE(fit.has_value()) << p;
        EXPECT_NEAR(fit->parallelFraction, p, 1e-6) << p;
        EXPECT_LT(fit->rmse, 1e-6) << p;
        EXPECT_EQ(fit->samples, 16);
    }
}

TEST(Amdahl, RecoversAKnownFractionThroughNoise)
{
    // 3% multiplicative noise, as a busy machine gives; several draws so one lucky draw does
    // not carry the test.
    for (unsigned seed = 1; seed <= 5; ++seed) {
        const auto fit = fitAmdahl(curve(0.9, kOneToSixteen, 0.03, seed));
        ASSERT_TRUE(fit.has_value());
        EXPECT_NEAR(fit->parallelFraction, 0.9, 0.02) << "seed " << seed;
        EXPECT_GT(fit->rmse, 0.0);
    }
}

TEST(Amdahl, NothingParallelGivesZero)
{
    // p = 0: flat at 1x; noise that dips below 1 must not push p out of [0, 1].
    auto samples = curve(0.0, kOneToSixteen, 0.02, 7);
    samples.push_back({8, 0.7});
    const auto fit = fitAmdahl(samples);
    ASSERT_TRUE(fit.has_value());
    EXPECT_GE(fit->parallelFraction, 0.0);
    EXPECT_LT(fit->parallelFraction, 0.01);
}

TEST(Amdahl, EverythingParallelGivesOne)
{
    // p = 1: the ideal line; superlinear noise must not push p above 1.
    auto samples = curve(1.0, kOneToSixteen);
    samples.push_back({16, 17.5});
    const auto fit = fitAmdahl(samples);
    ASSERT_TRUE(fit.has_value());
    EXPECT_LE(fit->parallelFraction, 1.0);
    EXPECT_GT(fit->parallelFraction, 0.995);
}

TEST(Amdahl, TwoCoresLikeThisMachine)
{
    // Only n = 1 and 2 really help on two cores, then the curve goes flat: the fit gives the
    // best single p, not a fantasy of 16x.
    const std::vector<SpeedupSample> samples {{1, 1.0}, {2, 1.9}, {4, 1.95}, {8, 1.9}, {16, 1.92}};
    const auto fit = fitAmdahl(samples);
    ASSERT_TRUE(fit.has_value());
    EXPECT_GT(fit->parallelFraction, 0.4);
    EXPECT_LT(fit->parallelFraction, 0.75);
}

TEST(Amdahl, NoFitWithoutAnInformativeSample)
{
    EXPECT_FALSE(fitAmdahl({}).has_value());
    const std::vector<SpeedupSample> onlyOne {{1, 1.0}, {1, 1.02}};
    EXPECT_FALSE(fitAmdahl(onlyOne).has_value());
}

TEST(Amdahl, UnusableSamplesAreLeftOut)
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    auto samples = curve(0.8, {1, 2, 4, 8});
    samples.push_back({4, 0.0}); // a stopped run
    samples.push_back({nan, 3.0});
    samples.push_back({8, std::numeric_limits<double>::infinity()});
    samples.push_back({0.5, 2.0}); // fewer than one worker
    const auto fit = fitAmdahl(samples);
    ASSERT_TRUE(fit.has_value());
    EXPECT_EQ(fit->samples, 4);
    EXPECT_NEAR(fit->parallelFraction, 0.8, 1e-6);
}

} // namespace
} // namespace interleave

namespace interleave {
namespace {

// T(n) = s * T1 + (1 - s) * T1 / n + c * n, with multiplicative noise when asked.
std::vector<TimeSample> amdahlStartupSweep(double s, double workMs, double startupMs,
    const std::vector<double>& workers, int repeats = 1, double noise = 0, unsigned seed = 1)
{
    std::mt19937 random(seed);
    std::normal_distribution<double> jitter(0.0, noise);
    std::vector<TimeSample> samples;
    for (int r = 0; r < repeats; ++r) {
        for (double n : workers) {
            const double t = s * workMs + (1 - s) * workMs / n + startupMs * n;
            samples.push_back({n, t * (1.0 + (noise > 0 ? jitter(random) : 0.0))});
        }
    }
    return samples;
}

const std::vector<double> kAmdahlStartupCounts {1, 2, 3, 4, 6, 8, 12, 16};

TEST(AmdahlStartup, RecoversKnownSerialFractionAndStartupCost)
{
    for (double s : {0.0, 0.05, 0.3}) {
        for (double c : {0.0, 2.0, 15.0}) {
            const auto fit = fitAmdahlWithStartup(amdahlStartupSweep(s, 1600, c, kAmdahlStartupCounts));
            ASSERT_TRUE(fit.has_value()) << s << " " << c;
            EXPECT_NEAR(fit->serialFraction, s, 1e-6) << s << " " << c;
            EXPECT_NEAR(fit->startupMsPerWorker, c, 1e-6) << s << " " << c;
            EXPECT_NEAR(fit->workMs, 1600, 1e-6);
            EXPECT_LT(fit->rmseMs, 1e-6);
        }
    }
}

TEST(AmdahlStartup, StartupCostIsNotReadAsSerialWork)
{
    // A process pool on a sweep up to 16: all work parallel, 50 ms per process started, 400 ms
    // of work. The speedup peaks at 1.5x and falls below 1; Amdahl alone calls most of the
    // work serial.
    const auto times = amdahlStartupSweep(0.0, 400, 50, kAmdahlStartupCounts);
    std::vector<SpeedupSample> speedups;
    for (const TimeSample& t : times)
        speedups.push_back({t.workers, times.front().wallMs / t.wallMs});
    const auto amdahlOnly = fitAmdahl(speedups);
    ASSERT_TRUE(amdahlOnly.has_value());
    EXPECT_LT(amdahlOnly->parallelFraction, 0.5);

    const auto fit = fitAmdahlWithStartup(times);
    ASSERT_TRUE(fit.has_value());
    EXPECT_LT(fit->serialFraction, 1e-6);
    EXPECT_NEAR(fit->startupMsPerWorker, 50, 1e-6);
    EXPECT_TRUE(fit->startupDominates());
    EXPECT_NEAR(fit->startupMsAtLargest, 800, 1e-6);
    EXPECT_NEAR(fit->speedup(1), 1.0, 1e-12);
    EXPECT_NEAR(fit->speedup(4), 450.0 / 300.0, 1e-6);
}

TEST(AmdahlStartup, SerialWorkDominatesWhenStartingIsCheap)
{
    const auto fit = fitAmdahlWithStartup(amdahlStartupSweep(0.2, 1000, 0.5, kAmdahlStartupCounts));
    ASSERT_TRUE(fit.has_value());
    EXPECT_FALSE(fit->startupDominates());
    EXPECT_NEAR(fit->serialMsAtLargest, 200, 1e-6);
    EXPECT_NEAR(fit->startupMsAtLargest, 8, 1e-6);
}

TEST(AmdahlStartup, ThroughNoiseWithRepeats)
{
    // 2 % noise (40 ms on the one-worker run), three repetitions per count, several draws.
    for (unsigned seed = 1; seed <= 5; ++seed) {
        const auto fit
            = fitAmdahlWithStartup(amdahlStartupSweep(0.1, 2000, 10, kAmdahlStartupCounts, 3, 0.02, seed));
        ASSERT_TRUE(fit.has_value());
        EXPECT_NEAR(fit->serialFraction, 0.1, 0.06) << "seed " << seed;
        EXPECT_NEAR(fit->startupMsPerWorker, 10, 5) << "seed " << seed;
        EXPECT_EQ(fit->samples, 24);
    }
}

TEST(AmdahlStartup, StaysInSensibleRanges)
{
    // Times that grow faster than any start-up cost explains, and superlinear ones: s stays in
    // [0, 1] and c never goes negative.
    const std::vector<TimeSample> worse {{1, 100}, {2, 150}, {4, 300}, {8, 700}};
    const auto a = fitAmdahlWithStartup(worse);
    ASSERT_TRUE(a.has_value());
    EXPECT_GE(a->serialFraction, 0.0);
    EXPECT_LE(a->serialFraction, 1.0);
    EXPECT_GE(a->startupMsPerWorker, 0.0);
    const std::vector<TimeSample> superlinear {{1, 100}, {2, 40}, {4, 15}, {8, 6}};
    const auto b = fitAmdahlWithStartup(superlinear);
    ASSERT_TRUE(b.has_value());
    EXPECT_GE(b->serialFraction, 0.0);
    EXPECT_GE(b->startupMsPerWorker, 0.0);
}

TEST(AmdahlStartup, WorkersBeyondTheCoresAreNotReadAsStartupCost)
{
    // Two cores, 10 % serial, 15 ms per worker started: from 3 workers on, the extra workers
    // only take turns. Without the core limit the flat tail would be read as start-up cost.
    std::vector<TimeSample> samples;
    for (double n : kAmdahlStartupCounts)
        samples.push_back({n, 0.1 * 1600 + 0.9 * 1600 / std::min(n, 2.0) + 15 * n});
    const auto fit = fitAmdahlWithStartup(samples, 2);
    ASSERT_TRUE(fit.has_value());
    EXPECT_NEAR(fit->serialFraction, 0.1, 1e-6);
    EXPECT_NEAR(fit->startupMsPerWorker, 15, 1e-6);
    EXPECT_EQ(fit->coreLimit, 2.0);
    EXPECT_NEAR(fit->timeMs(16), samples.back().wallMs, 1e-6);
    const auto unlimited = fitAmdahlWithStartup(samples);
    ASSERT_TRUE(unlimited.has_value());
    EXPECT_GT(unlimited->startupMsPerWorker, 30);
}

TEST(AmdahlStartup, NeedsThreeWorkerCounts)
{
    EXPECT_FALSE(fitAmdahlWithStartup({}).has_value());
    const std::vector<TimeSample> two {{1, 100}, {2, 60}, {2, 61}, {1, 99}, {0.5, 10}, {4, -1}};
    EXPECT_FALSE(fitAmdahlWithStartup(two).has_value());
}

} // namespace
} // namespace interleave
