#include "workloads/blocking_sleep.h"
#include "trace/clock.h"

#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <thread>

namespace interleave {
namespace {

using namespace std::chrono_literals;

TimeNs threadCpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<TimeNs>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

TEST(BlockingSleep, SleepsAtLeastTheDurationOffCpu)
{
    const TimeNs start = nowNs();
    const TimeNs cpuStart = threadCpuNs();
    EXPECT_TRUE(sleepFor(30 * kNsPerMs, {}));
    const TimeNs elapsed = nowNs() - start;
    const TimeNs cpu = threadCpuNs() - cpuStart;
    EXPECT_GE(elapsed, 30 * kNsPerMs);
    EXPECT_LT(elapsed, 2000 * kNsPerMs);
    // A real sleep, not a spin: a few percent of the time at most, even under sanitizers.
    EXPECT_LT(cpu, 10 * kNsPerMs);
}

TEST(BlockingSleep, PastDeadlineReturnsAtOnce)
{
    const TimeNs start = nowNs();
    EXPECT_TRUE(sleepUntil(start - kNsPerMs, {}));
    EXPECT_TRUE(sleepFor(0, {}));
    EXPECT_LT(nowNs() - start, 100 * kNsPerMs);
}

TEST(BlockingSleep, StopEndsTheWaitPromptly)
{
    std::stop_source stop;
    TimeNs requested = 0;
    std::thread stopper([&] {
        std::this_thread::sleep_for(20ms);
        requested = nowNs();
        stop.request_stop();
    });
    const bool completed = sleepFor(60'000 * kNsPerMs, stop.get_token());
    const TimeNs returned = nowNs();
    stopper.join();
    EXPECT_FALSE(completed);
    EXPECT_LT(returned - requested, 500 * kNsPerMs);
}

TEST(BlockingSleep, AlreadyStoppedDoesNotSleep)
{
    std::stop_source stop;
    stop.request_stop();
    const TimeNs start = nowNs();
    EXPECT_FALSE(sleepFor(10'000 * kNsPerMs, stop.get_token()));
    EXPECT_LT(nowNs() - start, 100 * kNsPerMs);
}

} // namespace
} // namespace interleave
