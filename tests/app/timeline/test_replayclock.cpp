#include "timeline/replayclock.h"
#include "trace/clock.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace interleave {
namespace {

constexpr TimeNs kClockStart = 7'000 * kNsPerMs; // absolute, as a real run's clock gives them

// Two threads changing state out of step: A at 0, 10, 20 ms, B at 5, 15, 25 ms (and two
// records of B sharing 15 ms), both Done at 30 ms.
Trace staggered()
{
    TraceBuilder b;
    const LaneId a = b.addLane({.kind = LaneKind::Thread, .name = "A"});
    const LaneId c = b.addLane({.kind = LaneKind::Thread, .name = "B"});
    b.append(a, {.time = kClockStart, .state = State::Running});
    b.append(a, {.time = kClockStart + 10 * kNsPerMs, .state = State::WaitingGil});
    b.append(a, {.time = kClockStart + 20 * kNsPerMs, .state = State::Running});
    b.append(a, {.time = kClockStart + 30 * kNsPerMs, .state = State::Done});
    b.append(c, {.time = kClockStart + 5 * kNsPerMs, .state = State::WaitingGil});
    b.append(c, {.time = kClockStart + 15 * kNsPerMs, .state = State::Running});
    b.append(c, {.time = kClockStart + 15 * kNsPerMs, .state = State::BlockedIo});
    b.append(c, {.time = kClockStart + 25 * kNsPerMs, .state = State::Running});
    b.append(c, {.time = kClockStart + 30 * kNsPerMs, .state = State::Done});
    return b.build();
}

TEST(ReplayClock, ANewRangeShowsEverything)
{
    ReplayClock clock;
    clock.setRange(kClockStart, kClockStart + 30 * kNsPerMs);
    EXPECT_EQ(clock.position(), kClockStart + 30 * kNsPerMs);
    EXPECT_TRUE(clock.atEnd());
    EXPECT_DOUBLE_EQ(clock.fraction(), 1.0);
    EXPECT_DOUBLE_EQ(clock.speed(), ReplayClock::kDefaultSpeed);
}

TEST(ReplayClock, SlowMotionMakesOneSwitchIntervalLastHalfASecond)
{
    ReplayClock clock;
    clock.setRange(kClockStart, kClockStart + 30 * kNsPerMs);
    clock.seek(kClockStart);
    ASSERT_TRUE(clock.setSpeed(0.01));
    EXPECT_FALSE(clock.advance(500 * kNsPerMs)); // half a second of real time
    EXPECT_EQ(clock.position(), kClockStart + 5 * kNsPerMs);

    clock.seek(kClockStart);
    ASSERT_TRUE(clock.setSpeed(4));
    clock.advance(5 * kNsPerMs);
    EXPECT_EQ(clock.position(), kClockStart + 20 * kNsPerMs);
}

TEST(ReplayClock, ManyShortFramesAddUpToOneLongOne)
{
    ReplayClock frames;
    ReplayClock once;
    for (ReplayClock* clock : {&frames, &once}) {
        clock->setRange(0, 10'000 * kNsPerMs);
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
    clock.setRange(kClockStart, kClockStart + 30 * kNsPerMs);
    clock.seek(kClockStart + 29 * kNsPerMs);
    clock.setSpeed(1);
    EXPECT_FALSE(clock.advance(-5 * kNsPerMs));
    EXPECT_EQ(clock.position(), kClockStart + 29 * kNsPerMs);
    EXPECT_TRUE(clock.advance(1000 * kNsPerMs));
    EXPECT_EQ(clock.position(), kClockStart + 30 * kNsPerMs);
    EXPECT_TRUE(clock.advance(std::numeric_limits<TimeNs>::max()));
    EXPECT_EQ(clock.position(), kClockStart + 30 * kNsPerMs);
}

TEST(ReplayClock, SpeedAndSeekAreClamped)
{
    ReplayClock clock;
    clock.setRange(kClockStart, kClockStart + 30 * kNsPerMs);
    EXPECT_TRUE(clock.setSpeed(0));
    EXPECT_DOUBLE_EQ(clock.speed(), ReplayClock::kMinSpeed);
    EXPECT_TRUE(clock.setSpeed(100));
    EXPECT_DOUBLE_EQ(clock.speed(), ReplayClock::kMaxSpeed);
    EXPECT_FALSE(clock.setSpeed(std::nan("")));
    EXPECT_DOUBLE_EQ(clock.speed(), ReplayClock::kMaxSpeed);

    clock.seek(0);
    EXPECT_EQ(clock.position(), kClockStart);
    EXPECT_TRUE(clock.atStart());
    clock.seek(kClockStart + 99 * kNsPerMs);
    EXPECT_EQ(clock.position(), kClockStart + 30 * kNsPerMs);
}

TEST(ReplayClock, FractionsRoundTrip)
{
    ReplayClock clock;
    clock.setRange(kClockStart, kClockStart + 30 * kNsPerMs);
    for (double f : {0.0, 0.25, 0.5, 0.999, 1.0}) {
        clock.seek(clock.timeAtFraction(f));
        EXPECT_NEAR(clock.fraction(), f, 1e-9);
    }
    EXPECT_EQ(clock.timeAtFraction(-1), kClockStart);
    EXPECT_EQ(clock.timeAtFraction(2), kClockStart + 30 * kNsPerMs);

    ReplayClock empty;
    empty.setRange(kClockStart, kClockStart - 5);
    EXPECT_EQ(empty.duration(), 0);
    EXPECT_DOUBLE_EQ(empty.fraction(), 1.0);
    EXPECT_TRUE(empty.advance(kNsPerMs));
}

TEST(ReplayClock, NextChangeTakesTheEarliestOfAnyLane)
{
    const Trace trace = staggered();
    EXPECT_EQ(nextStateChange(trace, kClockStart), kClockStart + 5 * kNsPerMs);
    EXPECT_EQ(nextStateChange(trace, kClockStart + 5 * kNsPerMs), kClockStart + 10 * kNsPerMs);
    EXPECT_EQ(nextStateChange(trace, kClockStart + 12 * kNsPerMs), kClockStart + 15 * kNsPerMs);
    // Two records at 15 ms are one instant: the next change is after both.
    EXPECT_EQ(nextStateChange(trace, kClockStart + 15 * kNsPerMs), kClockStart + 20 * kNsPerMs);
    EXPECT_EQ(nextStateChange(trace, kClockStart + 25 * kNsPerMs), kClockStart + 30 * kNsPerMs);
    EXPECT_EQ(nextStateChange(trace, kClockStart + 30 * kNsPerMs), std::nullopt);
    // Before anything happened, the first record is next.
    EXPECT_EQ(nextStateChange(trace, 0), kClockStart);
}

TEST(ReplayClock, PreviousChangeTakesTheLatestOfAnyLane)
{
    const Trace trace = staggered();
    EXPECT_EQ(previousStateChange(trace, kClockStart + 12 * kNsPerMs), kClockStart + 10 * kNsPerMs);
    EXPECT_EQ(previousStateChange(trace, kClockStart + 10 * kNsPerMs), kClockStart + 5 * kNsPerMs);
    EXPECT_EQ(previousStateChange(trace, kClockStart + 20 * kNsPerMs), kClockStart + 15 * kNsPerMs);
    EXPECT_EQ(previousStateChange(trace, kClockStart + 5 * kNsPerMs), kClockStart);
    EXPECT_EQ(previousStateChange(trace, kClockStart), std::nullopt);
    // After every lane ended: their last records.
    EXPECT_EQ(previousStateChange(trace, kClockStart + 99 * kNsPerMs), kClockStart + 30 * kNsPerMs);
}

TEST(ReplayClock, StepsStayInOneLaneWhenAsked)
{
    const Trace trace = staggered();
    const LaneId a = 0;
    const LaneId b = 1;
    EXPECT_EQ(nextStateChange(trace, kClockStart, a), kClockStart + 10 * kNsPerMs);
    EXPECT_EQ(nextStateChange(trace, kClockStart, b), kClockStart + 5 * kNsPerMs);
    EXPECT_EQ(previousStateChange(trace, kClockStart + 15 * kNsPerMs, a), kClockStart + 10 * kNsPerMs);
    EXPECT_EQ(previousStateChange(trace, kClockStart + 5 * kNsPerMs, b), std::nullopt);
    EXPECT_EQ(nextStateChange(trace, kClockStart, 7), std::nullopt); // no such lane
    EXPECT_EQ(previousStateChange(Trace(), kClockStart), std::nullopt);
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
    EXPECT_EQ(t, kClockStart);
}

TEST(ReplayClock, ReadoutsKeepTheirWidth)
{
    EXPECT_EQ(formatReplayTime(0, 400 * kNsPerMs), "0.000 ms");
    EXPECT_EQ(formatReplayTime(12'345'678, 400 * kNsPerMs), "12.346 ms");
    EXPECT_EQ(formatReplayTime(2'500, 900'000), "2.500 µs");
    EXPECT_EQ(formatReplayTime(12'000 * kNsPerMs, 30'000 * kNsPerMs), "12.000 s");
    EXPECT_EQ(formatSpeed(0.01), "0.01x");
    EXPECT_EQ(formatSpeed(4), "4x");
}

TEST(ReplayClock, SaysWhatChangedAtAnInstant)
{
    const Trace trace = staggered();
    const auto first = stateChangesAt(trace, kClockStart);
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(first[0].lane, 0);
    EXPECT_EQ(first[0].from, std::nullopt); // a lane's first record comes from nothing
    EXPECT_EQ(first[0].to, State::Running);

    // Two records of B at 15 ms are one change: from before the first to the last.
    const auto both = stateChangesAt(trace, kClockStart + 15 * kNsPerMs);
    ASSERT_EQ(both.size(), 1u);
    EXPECT_EQ(both[0].lane, 1);
    EXPECT_EQ(both[0].from, State::WaitingGil);
    EXPECT_EQ(both[0].to, State::BlockedIo);

    const auto end = stateChangesAt(trace, kClockStart + 30 * kNsPerMs);
    ASSERT_EQ(end.size(), 2u);
    EXPECT_EQ(end[0].to, State::Done);
    EXPECT_EQ(end[1].from, State::Running);
    EXPECT_EQ(stateChangesAt(trace, kClockStart + 30 * kNsPerMs, 1).size(), 1u);

    EXPECT_TRUE(stateChangesAt(trace, kClockStart + 12 * kNsPerMs).empty());
}

} // namespace
} // namespace interleave
