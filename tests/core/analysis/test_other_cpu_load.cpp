#include "analysis/other_cpu_load.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace interleave {
namespace {

// /proc/stat of a two-core machine, as the kernel writes it (trimmed to the lines used).
std::string otherLoadProcStat(unsigned long user, unsigned long system, unsigned long idle)
{
    return "cpu  " + std::to_string(user) + " 0 " + std::to_string(system) + " " + std::to_string(idle)
        + " 5 0 3 0 0 0\ncpu0 1 0 1 1 0 0 0 0 0 0\ncpu1 1 0 1 1 0 0 0 0 0 0\nintr 12345 0 0\nctxt 999\n";
}

// /proc/self/stat with a command name holding a space and a parenthesis.
std::string otherLoadSelfStat(unsigned long utime, unsigned long stime, unsigned long cutime, unsigned long cstime)
{
    return "4242 (inter leave) x) S 1 4242 4242 0 -1 4194560 1000 0 0 0 " + std::to_string(utime) + " "
        + std::to_string(stime) + " " + std::to_string(cutime) + " " + std::to_string(cstime)
        + " 20 0 3 0 100 1000000 500 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
}

TEST(OtherCpuLoad, ParsesTheAllCpusLine)
{
    const auto ticks = parseMachineTicks(otherLoadProcStat(100, 50, 800));
    ASSERT_TRUE(ticks.has_value());
    // busy = user + nice + system + irq + softirq + steal; idle and iowait are not busy.
    EXPECT_EQ(ticks->busy, 100u + 50u + 3u);
    EXPECT_EQ(ticks->total, 100u + 50u + 3u + 800u + 5u);
}

TEST(OtherCpuLoad, RefusesTextWithoutTheTotalLine)
{
    EXPECT_FALSE(parseMachineTicks("cpu0 1 2 3 4\n").has_value());
    EXPECT_FALSE(parseMachineTicks("cpu  1 2 x 4\n").has_value());
    EXPECT_FALSE(parseMachineTicks("cpu  1 2\n").has_value());
}

TEST(OtherCpuLoad, ReadsOwnTicksPastAStrangeCommandName)
{
    const auto own = parseOwnTicks(otherLoadSelfStat(30, 10, 7, 3));
    ASSERT_TRUE(own.has_value());
    EXPECT_EQ(*own, 50u); // utime + stime + the reaped children's cutime + cstime
    EXPECT_FALSE(parseOwnTicks("4242 (short) S 1 2").has_value());
    EXPECT_FALSE(parseOwnTicks("no parenthesis at all").has_value());
}

TEST(OtherCpuLoad, ShareIsBusyMinusOwnOverAllCpus)
{
    // Over the run: 200 ticks of two CPUs passed (100 each); 150 were busy, 74 of them ours.
    const CpuLoadReading before {{1000, 4000}, 500};
    const CpuLoadReading after {{1150, 4200}, 574};
    const auto share = otherCpuShare(before, after);
    ASSERT_TRUE(share.has_value());
    EXPECT_DOUBLE_EQ(*share, 76.0 / 200.0);
    EXPECT_TRUE(machineWasBusy(share));
    EXPECT_EQ(busyMachineSentence(*share), "the machine was busy: 38 % of the CPUs went to other programs");
}

TEST(OtherCpuLoad, AnIdleMachineIsNotBusy)
{
    // Only our own run kept the CPUs busy.
    const CpuLoadReading before {{1000, 4000}, 500};
    const CpuLoadReading after {{1100, 4200}, 598};
    const auto share = otherCpuShare(before, after);
    ASSERT_TRUE(share.has_value());
    EXPECT_NEAR(*share, 0.01, 1e-9);
    EXPECT_FALSE(machineWasBusy(share));
    EXPECT_FALSE(machineWasBusy(std::nullopt));
}

TEST(OtherCpuLoad, RoundingNeverGivesANegativeShare)
{
    // Own ticks read a moment later than the machine's can exceed the busy ticks.
    const auto share = otherCpuShare({{1000, 4000}, 500}, {{1050, 4100}, 560});
    ASSERT_TRUE(share.has_value());
    EXPECT_EQ(*share, 0.0);
}

TEST(OtherCpuLoad, TooShortOrBackwardsSaysNothing)
{
    EXPECT_FALSE(otherCpuShare({{1000, 4000}, 500}, {{1002, 4004}, 501}).has_value());
    EXPECT_FALSE(otherCpuShare({{1000, 4000}, 500}, {{900, 3000}, 501}).has_value());
}

TEST(OtherCpuLoad, ReadsFixtureFiles)
{
    const auto dir = std::filesystem::temp_directory_path();
    const auto stat = dir / ("other_cpu_load_stat_" + std::to_string(::getpid()));
    const auto self = dir / ("other_cpu_load_self_" + std::to_string(::getpid()));
    std::ofstream(stat) << otherLoadProcStat(10, 20, 30);
    std::ofstream(self) << otherLoadSelfStat(1, 2, 3, 4);
    const auto reading = readCpuLoad(stat.string(), self.string());
    ASSERT_TRUE(reading.has_value());
    EXPECT_EQ(reading->own, 10u);
    EXPECT_EQ(reading->machine.busy, 33u);
    EXPECT_FALSE(readCpuLoad((dir / "no-such-file-other-cpu-load").string(), self.string()).has_value());
    std::filesystem::remove(stat);
    std::filesystem::remove(self);
}

} // namespace
} // namespace interleave
