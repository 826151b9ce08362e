#include "analysis/cpu_sampler.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unistd.h>

namespace interleave {
namespace {

// Two cores, as /proc/stat on Linux 6 prints them (ten fields, guest last).
constexpr const char* kBefore = "cpu  200 0 100 1000 10 0 5 0 0 0\n"
                                "cpu0 100 0 50 500 5 0 3 0 0 0\n"
                                "cpu1 100 0 50 500 5 0 2 0 0 0\n"
                                "intr 12345 0 0\n"
                                "ctxt 99999\n"
                                "cpus_allowed 3\n";
// cpu0 fully busy for 100 ticks; cpu1 a quarter busy (25 busy, 60 idle, 15 iowait).
constexpr const char* kAfter = "cpu  325 0 100 1060 25 0 5 0 0 0\n"
                               "cpu0 200 0 50 500 5 0 3 0 0 0\n"
                               "cpu1 125 0 50 560 20 0 2 0 0 0\n"
                               "intr 22345 0 0\n";

TEST(CpuSampler, ParsesOneEntryPerCoreAndSkipsTheTotal)
{
    const auto cores = parseProcStat(kBefore);
    ASSERT_EQ(cores.size(), 2u);
    EXPECT_EQ(cores[0], (CpuTicks {100, 0, 50, 500, 5, 0, 3, 0}));
    EXPECT_EQ(cores[1].totalTicks(), 657u);
    EXPECT_EQ(cores[1].idleTicks(), 505u);
}

TEST(CpuSampler, OldKernelsWithFourFields)
{
    const auto cores = parseProcStat("cpu 1 2 3 4\ncpu0 1 2 3 4\n");
    ASSERT_EQ(cores.size(), 1u);
    EXPECT_EQ(cores[0], (CpuTicks {1, 2, 3, 4, 0, 0, 0, 0}));
}

TEST(CpuSampler, RefusesMalformedCoreLines)
{
    EXPECT_THROW(parseProcStat("cpu0 1 2 3\n"), std::invalid_argument);
    EXPECT_THROW(parseProcStat("cpu0 1 2 x 4\n"), std::invalid_argument);
    EXPECT_THROW(parseProcStat("cpu0 1 2 -3 4\n"), std::invalid_argument);
    EXPECT_TRUE(parseProcStat("intr 1 2 3\n").empty());
}

TEST(CpuSampler, UtilisationBetweenTwoReadings)
{
    const auto shares = coreUtilisation(parseProcStat(kBefore), parseProcStat(kAfter));
    ASSERT_EQ(shares.size(), 2u);
    EXPECT_DOUBLE_EQ(shares[0], 1.0);
    EXPECT_DOUBLE_EQ(shares[1], 0.25);
}

TEST(CpuSampler, StillOrBackwardsCountersGiveZero)
{
    const auto before = parseProcStat(kBefore);
    EXPECT_EQ(coreUtilisation(before, before), (std::vector<double> {0.0, 0.0}));
    EXPECT_EQ(coreUtilisation(parseProcStat(kAfter), before), (std::vector<double> {0.0, 0.0}));
    // A core that appeared since the first reading.
    // (Streamed, not `std::string(kAfter) + ...`: GCC 12 warns falsely on that at -O2.)
    std::ostringstream withThird;
    withThird << kAfter << "cpu2 1 1 1 1\n";
    const auto three = parseProcStat(withThird.str());
    EXPECT_EQ(coreUtilisation(before, three).size(), 3u);
    EXPECT_EQ(coreUtilisation(before, three)[2], 0.0);
}

TEST(CpuSampler, SamplesAFileAndSaysWhenItCannot)
{
    const std::string path = ::testing::TempDir() + "/stat-" + std::to_string(::getpid());
    std::ofstream(path) << kBefore;
    CpuSampler sampler(path);
    auto first = sampler.sample();
    ASSERT_TRUE(first.has_value());
    EXPECT_TRUE(first->empty()); // the reference reading
    std::ofstream(path) << kAfter;
    auto second = sampler.sample();
    ASSERT_TRUE(second.has_value());
    EXPECT_EQ(*second, (std::vector<double> {1.0, 0.25}));

    std::ofstream(path) << "cpu0 1 2\n";
    EXPECT_FALSE(sampler.sample().has_value());
    EXPECT_NE(sampler.error().find("too few fields"), std::string::npos) << sampler.error();
    std::remove(path.c_str());
    EXPECT_FALSE(sampler.sample().has_value());
    EXPECT_NE(sampler.error().find("cannot read"), std::string::npos);
}

TEST(CpuSampler, ReadsThisMachine)
{
    CpuSampler sampler;
    ASSERT_TRUE(sampler.sample().has_value()) << sampler.error();
    const auto shares = sampler.sample();
    ASSERT_TRUE(shares.has_value()) << sampler.error();
    EXPECT_GE(shares->size(), 1u);
    for (double s : *shares) {
        EXPECT_GE(s, 0.0);
        EXPECT_LE(s, 1.0);
    }
}

} // namespace
} // namespace interleave
