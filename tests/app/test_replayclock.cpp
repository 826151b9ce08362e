#include "timeline/replayclock.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace interleave {
namespace {

constexpr TimeNs kMs = 1'000'000;
constexpr TimeNs kStart = 7'000 * kMs; // absolute, as a real run's clock gives them

// Two threads changing state out of step: A at 0, 10, 20 ms, B at 5, 15, 25 ms (and two
// records of B sharing 15 ms), both Done at 30 ms.
Trace staggered()
{
    TraceBuilder b;
    const LaneId a = b.addLane({.kind = LaneKind::Thread, .name = "A"});
    const LaneId c = b.addLane({.kind = LaneKind::Thread, .name = "B"});
    b.append(a, {.time = kStart, .state = State::Running});
    b.append(a, {.time = kStart + 10 * kMs, .state = State::WaitingGil});
    b.append(a, {.time = kStart + 20 * kMs, .state = State::Running});
    b.append(a, {.time = kStart + 30 * kMs, .state = State::Done});
    b.append(c, {.time = kStart + 5 * kMs, .state = State::WaitingGil});
    b.append(c, {.time = kStart + 15 * kMs, .state = State::Running});
    b.append(c, {.time = kStart + 15 * kMs, .state = State::BlockedIo});
    b.append(c, {.time = kStart + 25 * kMs, .state = State::Running});
    b.append(c, {.time = kStart + 30 * kMs, .state = State::Done});
    return b.build();
}

TEST(ReplayClock, ANewRangeShowsEverything)
{
    ReplayClock clock;
    clock.setRange(kStart, kStart + 30 * kMs);
    EXPECT_EQ(clock.position(), kStart + 30 * kMs);
    EXPECT_TRUE(clock.atEnd());
    EXPECT_DOUBLE_EQ(clock.fraction(), 1.0);
    EXPECT_DOUBLE_EQ(clock.speed(), ReplayClock::kDefaultSpeed);
}

TEST(ReplayClock, SlowMotionMakesOneSwitchIntervalLastHalfASecond)
{
    ReplayClock clock;
    clock.setRange(kStart, kStart + 30 * kMs);
    clock.seek(kStart);
    ASSERT_TRUE(clock.setSpeed(0.01));
    EXPECT_FALSE(clock.advance(500 * kMs)); // half a second of real time
    EXPECT_EQ(clock.position(), kStart + 5 * kMs);

    clock.seek(kStart);
    ASSERT_TRUE(clock.setSpeed(4));
    clock.advance(5 * kMs);
    EXPECT_EQ(clock.position(), kStart + 20 * kMs);
}

TEST(ReplayClock, ManyShortFramesAddUpToOneLongOne)
{
    ReplayClock frames;
    ReplayClock once;
    for (ReplayClock* clock : {&frames, &once}) {
        clock->setRange(0, 10'000 * kMs);
        clock->seek(0);
        clock->setSpeed(0.01);
    }
    // 16.666667 ms frames at 0.01x move 166666.67 ns each: the fractions must not be lost.
    // (3001 frames: the exact total, 500166676.67 ns, is far from a whole nanosecond.)
    constexpr TimeNs kFrame = 16'666'667;
    for (int i = 0; i < 3001; ++i)
        frames.advance(kFrame);
    once.advance(3001 * kFrame);
    EXPECT_EQ(frames.position(), once.position());
}

TEST(ReplayClock, StopsAtTheEndAndIgnoresTimeGoingBack)
{
    ReplayClock clock;
    clock.setRange(kStart, kStart + 30 * kMs);
    clock.seek(kStart + 29 * kMs);
    clock.setSpeed(1);
    EXPECT_FALSE(clock.advance(-5 * kMs));
    EXPECT_EQ(clock.position(), kStart + 29 * kMs);
    EXPECT_TRUE(clock.advance(1000 * kMs));
    EXPECT_EQ(clock.position(), kStart + 30 * kMs);
    EXPECT_TRUE(clock.advance(std::numeric_limits<TimeNs>::max()));
    EXPECT_EQ(clock.position(), kStart + 30 * kMs);
}

TEST(ReplayClock, SpeedAndSeekAreClamped)
{
    ReplayClock clock;
    clock.setRange(kStart, kStart + 30 * kMs);
    EXPECT_TRUE(clock.setSpeed(0));
    EXPECT_DOUBLE_EQ(clock.speed(), ReplayClock::kMinSpeed);
    EXPECT_TRUE(clock.setSpeed(100));
    EXPECT_DOUBLE_EQ(clock.speed(), ReplayClock::kMaxSpeed);
    EXPECT_FALSE(clock.setSpeed(std::nan("")));
    EXPECT_DOUBLE_EQ(clock.speed(), ReplayClock::kMaxSpeed);

    clock.seek(0);
    EXPECT_EQ(clock.position(), kStart);
    EXPECT_TRUE(clock.atStart());
    clock.seek(kStart + 99 * kMs);
    EXPECT_EQ(clock.position(), kStart + 30 * kMs);
}

TEST(ReplayClock, FractionsRoundTrip)
{
    ReplayClock clock;
    clock.setRange(kStart, kStart + 30 * kMs);
    for (double f : {0.0, 0.25, 0.5, 0.999, 1.0}) {
        clock.seek(clock.timeAtFraction(f));
        EXPECT_NEAR(clock.fraction(), f, 1e-9);
    }
    EXPECT_EQ(clock.timeAtFraction(-1), kStart);
    EXPECT_EQ(clock.timeAtFraction(2), kStart + 30 * kMs);

    ReplayClock empty;
    empty.setRange(kStart, kStart - 5);
    EXPECT_EQ(empty.duration(), 0);
    EXPECT_DOUBLE_EQ(empty.fraction(), 1.0);
    EXPECT_TRUE(empty.advance(kMs));
}

TEST(ReplayClock, NextChangeTakesTheEarliestOfAnyLane)
{
    const Trace trace = staggered();
    EXPECT_EQ(nextStateChange(trace, kStart), kStart + 5 * kMs);
    EXPECT_EQ(nextStateChange(trace, kStart + 5 * kMs), kStart + 10 * kMs);
    EXPECT_EQ(nextStateChange(trace, kStart + 12 * kMs), kStart + 15 * kMs);
    // Two records at 15 ms are one instant: the next change is after both.
    EXPECT_EQ(nextStateChange(trace, kStart + 15 * kMs), kStart + 20 * kMs);
    EXPECT_EQ(nextStateChange(trace, kStart + 25 * kMs), kStart + 30 * kMs);
    EXPECT_EQ(nextStateChange(trace, kStart + 30 * kMs), std::nullopt);
    // Before anything happened, the first record is next.
    EXPECT_EQ(nextStateChange(trace, 0), kStart);
}

TEST(ReplayClock, PreviousChangeTakesTheLatestOfAnyLane)
{
    const Trace trace = staggered();
    EXPECT_EQ(previousStateChange(trace, kStart + 12 * kMs), kStart + 10 * kMs);
    EXPECT_EQ(previousStateChange(trace, kStart + 10 * kMs), kStart + 5 * kMs);
    EXPECT_EQ(previousStateChange(trace, kStart + 20 * kMs), kStart + 15 * kMs);
    EXPECT_EQ(previousStateChange(trace, kStart + 5 * kMs), kStart);
    EXPECT_EQ(previousStateChange(trace, kStart), std::nullopt);
    // After every lane ended: their last records.
    EXPECT_EQ(previousStateChange(trace, kStart + 99 * kMs), kStart + 30 * kMs);
}

TEST(ReplayClock, StepsStayInOneLaneWhenAsked)
{
    const Trace trace = staggered();
    const LaneId a = 0;
    const LaneId b = 1;
    EXPECT_EQ(nextStateChange(trace, kStart, a), kStart + 10 * kMs);
    EXPECT_EQ(nextStateChange(trace, kStart, b), kStart + 5 * kMs);
    EXPECT_EQ(previousStateChange(trace, kStart + 15 * kMs, a), kStart + 10 * kMs);
    EXPECT_EQ(previousStateChange(trace, kStart + 5 * kMs, b), std::nullopt);
    EXPECT_EQ(nextStateChange(trace, kStart, 7), std::nullopt); // no such lane
    EXPECT_EQ(previousStateChange(Trace(), kStart), std::nullopt);
}

TEST(ReplayClock, EveryChangeIsVisitedOnceStepByStep)
{
    const Trace trace = staggered();
    int steps = 0;
    TimeNs t = trace.startTime();
    while (const auto next = nextStateChange(trace, t)) {
        EXPECT_GT(*next, t);
        t = *next;
        ++steps;
    }
    EXPECT_EQ(steps, 6); // 5, 10, 15, 20, 25, 30 ms
    while (const auto previous = previousStateChange(trace, t)) {
        EXPECT_LT(*previous, t);
        t = *previous;
        --steps;
    }
    EXPECT_EQ(steps, 0);
    EXPECT_EQ(t, kStart);
}

TEST(ReplayClock, ReadoutsKeepTheirWidth)
{
    EXPECT_EQ(formatReplayTime(0, 400 * kMs), "0.000 ms");
    EXPECT_EQ(formatReplayTime(12'345'678, 400 * kMs), "12.346 ms");
    EXPECT_EQ(formatReplayTime(2'500, 900'000), "2.500 µs");
    EXPECT_EQ(formatReplayTime(12'000 * kMs, 30'000 * kMs), "12.000 s");
    EXPECT_EQ(formatSpeed(0.01), "0.01x");
    EXPECT_EQ(formatSpeed(4), "4x");
}

TEST(ReplayClock, SaysWhatChangedAtAnInstant)
{
    const Trace trace = staggered();
    const auto first = stateChangesAt(trace, kStart);
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(first[0].lane, 0);
    EXPECT_EQ(first[0].from, std::nullopt); // a lane's first record comes from nothing
    EXPECT_EQ(first[0].to, State::Running);

    // Two records of B at 15 ms are one change: from before the first to the last.
    const auto both = stateChangesAt(trace, kStart + 15 * kMs);
    ASSERT_EQ(both.size(), 1u);
    EXPECT_EQ(both[0].lane, 1);
    EXPECT_EQ(both[0].from, State::WaitingGil);
    EXPECT_EQ(both[0].to, State::BlockedIo);

    const auto end = stateChangesAt(trace, kStart + 30 * kMs);
    ASSERT_EQ(end.size(), 2u);
    EXPECT_EQ(end[0].to, State::Done);
    EXPECT_EQ(end[1].from, State::Running);
    EXPECT_EQ(stateChangesAt(trace, kStart + 30 * kMs, 1).size(), 1u);

    EXPECT_TRUE(stateChangesAt(trace, kStart + 12 * kMs).empty());
}

} // namespace
} // namespace interleave
