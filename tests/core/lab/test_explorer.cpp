#include "lab/explorer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

namespace interleave {
namespace {

using Counts = std::map<std::int64_t, std::uint64_t>;

// Every schedule, one by one: the definition the explorer must agree with.
void walk(const StepConfig& config, const StepState& state, Counts& finals)
{
    const std::vector<int> enabled = enabledThreads(config, state);
    if (enabled.empty()) {
        ASSERT_TRUE(isFinished(state));
        ++finals[state.counter];
        return;
    }
    for (int t : enabled)
        walk(config, applyStep(config, state, t), finals);
}

Counts bruteForce(const StepConfig& config)
{
    Counts finals;
    walk(config, initialState(config), finals);
    return finals;
}

TEST(Explorer, TwoThreadsOneIncrementByHand)
{
    // Six micro-operations, three per thread: C(6, 3) = 20 orders. The counter ends at 2 only
    // when one thread's load comes after the other's store: all of one, then all of the other.
    const Exploration e = explore({.threads = 2, .increments = 1});
    EXPECT_EQ(e.schedules, 20u);
    EXPECT_EQ(e.finalValues, (Counts {{1, 18}, {2, 2}}));
    EXPECT_EQ(e.losingSchedules(2), 18u);
}

TEST(Explorer, WithTheLockEveryScheduleIsExact)
{
    // With the lock, a thread's first operation is the acquire, so while one thread holds the
    // lock the others cannot move: each increment runs as one block. 2 x 1: the two orders of
    // two blocks. 2 x 2: C(4, 2) = 6. 3 x 2: 6! / (2! 2! 2!) = 90.
    EXPECT_EQ(explore({.threads = 2, .increments = 1, .lock = true}).finalValues, (Counts {{2, 2}}));
    EXPECT_EQ(explore({.threads = 2, .increments = 2, .lock = true}).finalValues, (Counts {{4, 6}}));
    EXPECT_EQ(explore({.threads = 3, .increments = 2, .lock = true}).finalValues, (Counts {{6, 90}}));
}

TEST(Explorer, AgreesWithWalkingEverySchedule)
{
    for (const StepConfig config :
        {StepConfig {2, 2, false}, StepConfig {3, 1, false}, StepConfig {2, 3, false},
            StepConfig {2, 2, true}, StepConfig {3, 1, true}, StepConfig {1, 3, false},
            StepConfig {.threads = 2, .increments = 2, .between = RaceBetween::Call},
            StepConfig {.threads = 3, .increments = 2, .gil = true},
            StepConfig {.threads = 2, .increments = 3, .gil = true, .between = RaceBetween::Call},
            StepConfig {.threads = 3, .increments = 1, .gil = true, .between = RaceBetween::Call},
            StepConfig {.threads = 2, .increments = 2, .lock = true, .gil = true, .between = RaceBetween::Call}}) {
        const Exploration e = explore(config);
        EXPECT_EQ(e.finalValues, bruteForce(config))
            << config.threads << "x" << config.increments << (config.lock ? " lock" : "")
            << (config.gil ? " gil" : "") << " " << raceBetweenName(config.between);
        std::uint64_t sum = 0;
        for (const auto& [value, count] : e.finalValues)
            sum += count;
        EXPECT_EQ(sum, e.schedules);
        EXPECT_NEAR(scheduleCount(config), static_cast<double>(e.schedules), 0.5);
    }
}

TEST(Explorer, CountsPerMode)
{
    // Two threads, one increment each, in the four modes of the race lab.
    // GIL off, counter += 1: C(6, 3) = 20 orders of the micro-operations, 18 lose.
    // GIL off, a call between: C(8, 4) = 70 orders; only the 2 that run one thread whole and
    // then the other keep both updates.
    // GIL on, counter += 1: a switch only before an increment, so each increment is one
    // block: 2 orders, none loses.
    // GIL on, a call between: two blocks per increment (load + call, then add + store):
    // C(4, 2) = 6 orders; the 4 that interleave the blocks lose.
    EXPECT_EQ(explore({.threads = 2, .increments = 1}).finalValues, (Counts {{1, 18}, {2, 2}}));
    EXPECT_EQ(explore({.threads = 2, .increments = 1, .between = RaceBetween::Call}).finalValues,
        (Counts {{1, 68}, {2, 2}}));
    EXPECT_EQ(explore({.threads = 2, .increments = 1, .gil = true}).finalValues, (Counts {{2, 2}}));
    EXPECT_EQ(explore({.threads = 2, .increments = 1, .gil = true, .between = RaceBetween::Call}).finalValues,
        (Counts {{1, 4}, {2, 2}}));
    // With more increments the GIL without a call still never loses.
    const Exploration many = explore({.threads = 3, .increments = 4, .gil = true});
    EXPECT_EQ(many.losingSchedules(12), 0u);
    EXPECT_EQ(many.schedules, 34'650u) << "12! / (4!)^3 orders of whole increments";
}

TEST(Explorer, ThreeThreadsOneIncrement)
{
    // 9! / (3!)^3 = 1680 schedules; exact only when the three increments do not overlap at all,
    // the 3! orders of three blocks.
    const Exploration e = explore({.threads = 3, .increments = 1});
    EXPECT_EQ(e.schedules, 1680u);
    EXPECT_EQ(e.finalValues.at(3), 6u);
    EXPECT_EQ(e.finalValues.begin()->first, 1);
}

TEST(Explorer, LargerCasesAreFastThroughSharedStates)
{
    // C(60, 30) = 1.18e17 schedules: only possible because states are shared.
    const Exploration e = explore({.threads = 2, .increments = 10});
    EXPECT_EQ(e.schedules, 118264581564861424u);
    EXPECT_EQ(e.finalValues.rbegin()->first, 20);
    EXPECT_LT(e.statesVisited, 200'000u);
    const Exploration locked = explore({.threads = 4, .increments = 3, .lock = true});
    EXPECT_EQ(locked.finalValues, (Counts {{12, 369600}})); // 12! / (3!)^4
}

TEST(Explorer, RefusesWhatItCannotCount)
{
    EXPECT_THROW(explore({.threads = 3, .increments = 10}), ExplorationTooLarge);
    EXPECT_THROW(explore({.threads = 8, .increments = 1000, .lock = true}), ExplorationTooLarge);
    EXPECT_THROW(explore({.threads = 2, .increments = 4}, {.maxStates = 50}), ExplorationTooLarge);
    EXPECT_THROW(explore({.threads = 0, .increments = 1}), std::invalid_argument);
}

} // namespace
} // namespace interleave
