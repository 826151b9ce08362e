#include "trace/parallelism.h"

#include <gtest/gtest.h>

namespace interleave {
namespace {

struct Builder {
    TraceBuilder b;

    LaneId lane(LaneKind kind, LaneId parent = kNoLane, std::int32_t pid = 1)
    {
        return b.addLane({.parent = parent, .kind = kind, .pid = pid, .tid = 0, .name = "lane"});
    }
    // Records (time, state) in order, then the lane's end.
    void spans(LaneId lane, std::initializer_list<std::pair<TimeNs, State>> records, TimeNs end)
    {
        for (const auto& [time, state] : records)
            b.append(lane, {time, kNoTask, state});
        b.setLaneEnd(lane, end);
    }
};

TEST(ParallelismProfile, EmptyTraceCountsNothing)
{
    const ParallelismProfile profile{Trace()};
    EXPECT_TRUE(profile.empty());
    EXPECT_EQ(profile.threadCount(), 0);
    EXPECT_EQ(profile.peak(), 0);
    EXPECT_EQ(profile.mean(), 0);
    EXPECT_EQ(profile.peak(0, 1000), 0);
}

// Two threads: A runs [0, 100), B runs [50, 150); the trace ends at 200.
TEST(ParallelismProfile, CountsThreadsRunningAtOnce)
{
    Builder t;
    const LaneId main = t.lane(LaneKind::Process);
    const LaneId a = t.lane(LaneKind::Thread, main);
    const LaneId b = t.lane(LaneKind::Thread, main);
    t.spans(main, {{0, State::WaitingLock}, {200, State::Done}}, 200);
    t.spans(a, {{0, State::Running}, {100, State::Done}}, 100);
    t.spans(b, {{0, State::WaitingGil}, {50, State::Running}, {150, State::Done}}, 150);
    const Trace trace = t.b.build();
    const ParallelismProfile profile(trace);

    EXPECT_EQ(profile.threadCount(), 3);
    EXPECT_EQ(profile.peak(), 2);
    EXPECT_DOUBLE_EQ(profile.mean(), 200.0 / 200.0);
    EXPECT_EQ(profile.peak(0, 50), 1);
    EXPECT_EQ(profile.peak(0, 51), 2);
    EXPECT_EQ(profile.peak(99, 100), 2);
    EXPECT_EQ(profile.peak(100, 150), 1);
    EXPECT_EQ(profile.peak(150, 200), 0);
    EXPECT_DOUBLE_EQ(profile.mean(50, 100), 2.0);
    EXPECT_DOUBLE_EQ(profile.mean(25, 125), (25 + 100 + 25) / 100.0);
    EXPECT_DOUBLE_EQ(profile.mean(150, 200), 0.0);
    EXPECT_EQ(profile.timeAtLeast(1), 150);
    EXPECT_EQ(profile.timeAtLeast(2), 50);
    EXPECT_EQ(profile.timeAtLeast(3), 0);
    EXPECT_TRUE(profile.matches(trace));
}

// A loop thread Running while one of its coroutines is Running: one thread executing, not two.
TEST(ParallelismProfile, CoroutineRunningTimeBelongsToItsThread)
{
    Builder t;
    const LaneId loop = t.lane(LaneKind::Process);
    const LaneId c1 = t.lane(LaneKind::Coroutine, loop);
    const LaneId c2 = t.lane(LaneKind::Coroutine, loop);
    t.spans(loop, {{0, State::Running}, {100, State::BlockedIo}, {200, State::Running}, {300, State::Done}}, 300);
    t.spans(c1, {{0, State::Running}, {50, State::Suspended}, {200, State::Running}, {250, State::Done}}, 250);
    t.spans(c2, {{0, State::Ready}, {50, State::Running}, {100, State::Suspended}, {250, State::Running},
                    {300, State::Done}},
        300);
    const ParallelismProfile profile(t.b.build());
    EXPECT_EQ(profile.threadCount(), 1);
    EXPECT_EQ(profile.peak(), 1);
    EXPECT_DOUBLE_EQ(profile.mean(), 200.0 / 300.0);
}

// An imported trace may show a coroutine Running while its thread's lane says nothing of it:
// the thread still executes then, once.
TEST(ParallelismProfile, CoroutineRunningAloneStillCountsItsThread)
{
    Builder t;
    const LaneId loop = t.lane(LaneKind::Thread);
    const LaneId c = t.lane(LaneKind::Coroutine, loop);
    t.spans(loop, {{0, State::Running}, {50, State::BlockedIo}, {100, State::Done}}, 100);
    t.spans(c, {{25, State::Running}, {75, State::Done}}, 75);
    const ParallelismProfile profile(t.b.build());
    EXPECT_EQ(profile.peak(), 1);
    EXPECT_DOUBLE_EQ(profile.mean(0, 100), 0.75);
    EXPECT_EQ(profile.threadCount(), 1);
}

// A pool task's lane mirrors its worker: counting it would count the worker twice.
TEST(ParallelismProfile, PoolTaskLanesAreNeverCounted)
{
    Builder t;
    const LaneId main = t.lane(LaneKind::Process);
    const LaneId worker = t.lane(LaneKind::Thread, main);
    const LaneId task = t.lane(LaneKind::Task, main);
    t.spans(main, {{0, State::WaitingLock}, {100, State::Done}}, 100);
    t.spans(worker, {{0, State::Running}, {100, State::Done}}, 100);
    t.spans(task, {{0, State::Running}, {100, State::Done}}, 100);
    const ParallelismProfile profile(t.b.build());
    EXPECT_EQ(profile.threadCount(), 2);
    EXPECT_EQ(profile.peak(), 1);
    EXPECT_DOUBLE_EQ(profile.mean(), 1.0);
}

// The scale is the most threads alive at one time, not how many lanes the trace has.
TEST(ParallelismProfile, ThreadCountIsTheMostAliveAtOnce)
{
    Builder t;
    const LaneId a = t.lane(LaneKind::Thread);
    const LaneId b = t.lane(LaneKind::Thread);
    const LaneId c = t.lane(LaneKind::Thread);
    t.spans(a, {{0, State::Running}, {100, State::Done}}, 100);
    t.spans(b, {{100, State::Running}, {200, State::Done}}, 200);
    t.spans(c, {{150, State::BlockedIo}, {300, State::Done}}, 300);
    const ParallelismProfile profile(t.b.build());
    EXPECT_EQ(profile.threadCount(), 2);
    EXPECT_EQ(profile.peak(), 1); // a ends where b starts: they touch, they do not overlap
}

TEST(ParallelismProfile, LanesBeforeFirstLaneAreLeftOut)
{
    Builder t;
    const LaneId old = t.lane(LaneKind::Process);
    const LaneId now = t.lane(LaneKind::Process);
    t.spans(old, {{0, State::Running}, {1000, State::Done}}, 1000);
    t.spans(now, {{500, State::Running}, {600, State::BlockedIo}, {700, State::Done}}, 700);
    const ParallelismProfile profile(t.b.build(), now);
    EXPECT_EQ(profile.threadCount(), 1);
    EXPECT_EQ(profile.peak(), 1);
    EXPECT_EQ(profile.start(), 500);
    EXPECT_EQ(profile.end(), 700);
    EXPECT_DOUBLE_EQ(profile.mean(), 0.5);
}

// Many short spans: the peak of any interval is exact, whatever the pyramid's shape.
TEST(ParallelismProfile, PeakOfEveryIntervalMatchesAScan)
{
    Builder t;
    std::vector<LaneId> lanes;
    for (int i = 0; i < 5; ++i)
        lanes.push_back(t.lane(LaneKind::Thread));
    // Lane i runs for i + 1 ns out of every 7, shifted by i: the count takes every value 0..5.
    std::vector<std::vector<int>> running(5, std::vector<int>(700, 0));
    for (int i = 0; i < 5; ++i) {
        TimeNs at = 0;
        for (int k = 0; k < 100; ++k) {
            const TimeNs start = k * 7 + i;
            t.b.append(lanes[static_cast<std::size_t>(i)], {start, kNoTask, State::Running});
            t.b.append(lanes[static_cast<std::size_t>(i)], {start + i + 1, kNoTask, State::BlockedIo});
            for (TimeNs x = start; x < start + i + 1 && x < 700; ++x)
                running[static_cast<std::size_t>(i)][static_cast<std::size_t>(x)] = 1;
            at = start + i + 1;
        }
        t.b.setLaneEnd(lanes[static_cast<std::size_t>(i)], std::max<TimeNs>(at, 700));
    }
    const ParallelismProfile profile(t.b.build());
    auto countAt = [&](TimeNs x) {
        int n = 0;
        for (const auto& lane : running)
            n += lane[static_cast<std::size_t>(x)];
        return n;
    };
    for (TimeNs t0 = 0; t0 < 690; t0 += 3) {
        for (TimeNs t1 = t0 + 1; t1 <= 700; t1 += 11) {
            int expected = 0;
            double sum = 0;
            for (TimeNs x = t0; x < t1; ++x) {
                expected = std::max(expected, countAt(x));
                sum += countAt(x);
            }
            ASSERT_EQ(profile.peak(t0, t1), expected) << t0 << ".." << t1;
            ASSERT_NEAR(profile.mean(t0, t1), sum / static_cast<double>(t1 - t0), 1e-9) << t0 << ".." << t1;
        }
    }
}

TEST(ParallelismProfile, MatchesOnlyTheSnapshotItWasBuiltFor)
{
    Builder t;
    const LaneId a = t.lane(LaneKind::Thread);
    t.b.append(a, {0, kNoTask, State::Running});
    t.b.setLaneEnd(a, 100);
    const Trace before = t.b.build();
    const ParallelismProfile profile(before);
    EXPECT_TRUE(profile.matches(before));

    Builder u;
    const LaneId b = u.lane(LaneKind::Thread);
    u.b.append(b, {0, kNoTask, State::Running});
    u.b.append(b, {100, kNoTask, State::BlockedIo});
    u.b.setLaneEnd(b, 150);
    EXPECT_FALSE(profile.matches(u.b.build()));
}

} // namespace
} // namespace interleave
