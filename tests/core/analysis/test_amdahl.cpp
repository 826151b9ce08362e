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
