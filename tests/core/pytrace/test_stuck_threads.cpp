#include "pytrace/stuck_threads.h"

#include <gtest/gtest.h>

namespace interleave::pytrace {
namespace {

// A process whose main thread waits in join() and two threads that, from 100 ms on, wait
// for locks; the trace ends at 2 s. `second` is the second thread's state from 100 ms on;
// `stopped` ends every lane with a zero-length Failed, as a stop does.
Trace twoThreads(State second, bool stopped = false)
{
    TraceBuilder b;
    const LaneId main = b.addLane({.kind = LaneKind::Process, .pid = 7, .tid = 7, .name = "deadlock.py"});
    const LaneId a = b.addLane({.parent = main, .kind = LaneKind::Thread, .pid = 7, .tid = 8, .name = "a"});
    const LaneId c = b.addLane({.parent = main, .kind = LaneKind::Thread, .pid = 7, .tid = 9, .name = "b"});
    b.setMetadata("detail.1", "lock made at deadlock.py:10");
    b.setMetadata("detail.2", "lock made at deadlock.py:11");
    b.append(main, {0, kNoTask, State::Running, 0, 0});
    b.append(main, {50 * kNsPerMs, kNoTask, State::BlockedIo, 0, 0});
    b.append(a, {60 * kNsPerMs, kNoTask, State::Running, 0, 0});
    b.append(a, {100 * kNsPerMs, kNoTask, State::WaitingLock, 0, 2});
    // The sampler missed 5 ms: the wait goes on across it.
    b.append(a, {1500 * kNsPerMs, kNoTask, State::Unknown, 0, 0});
    b.append(a, {1505 * kNsPerMs, kNoTask, State::WaitingLock, 0, 2});
    b.append(c, {60 * kNsPerMs, kNoTask, State::Running, 0, 0});
    b.append(c, {100 * kNsPerMs, kNoTask, second, 0, 1});
    for (LaneId id : {main, a, c}) {
        if (stopped)
            b.append(id, {2000 * kNsPerMs, kNoTask, State::Failed, 0, 0});
        else
            b.setLaneEnd(id, 2000 * kNsPerMs);
    }
    return b.build();
}

TEST(StuckThreads, TwoThreadsWaitingForLocksWhileNothingRunsLookLikeADeadlock)
{
    for (bool stopped : {false, true}) {
        const auto stuck = likelyDeadlock(twoThreads(State::WaitingLock, stopped), 1000 * kNsPerMs);
        ASSERT_EQ(stuck.size(), 2u) << "stopped: " << stopped;
        EXPECT_EQ(stuck[0].lane, 1);
        EXPECT_EQ(stuck[0].since, 100 * kNsPerMs);
        EXPECT_EQ(stuck[0].lock, "lock made at deadlock.py:11");
        EXPECT_EQ(stuck[1].lock, "lock made at deadlock.py:10");
    }
}

TEST(StuckThreads, TheStopWakingAWaiterForAMomentDoesNotHideTheDeadlock)
{
    // Stopping the program wakes a thread blocked on a lock: it takes the GIL for half a
    // millisecond to look at the signal, then the lane ends Stopped. That moment is the stop's.
    TraceBuilder b;
    const LaneId main = b.addLane({.kind = LaneKind::Process, .pid = 7, .tid = 7, .name = "deadlock.py"});
    const LaneId a = b.addLane({.parent = main, .kind = LaneKind::Thread, .pid = 7, .tid = 8, .name = "a"});
    const LaneId c = b.addLane({.parent = main, .kind = LaneKind::Thread, .pid = 7, .tid = 9, .name = "b"});
    b.setMetadata("detail.1", "lock made at deadlock.py:10");
    b.setMetadata("detail.2", "lock made at deadlock.py:11");
    b.append(main, {0, kNoTask, State::BlockedIo, 0, 0});
    // The main thread, blocked in join(), is woken the same way.
    b.append(main, {1'999'300'000, kNoTask, State::WaitingGil, 0, 0});
    b.append(a, {0, kNoTask, State::WaitingLock, 0, 2});
    b.append(a, {1'999'400'000, kNoTask, State::WaitingGil, 0, 0});
    b.append(c, {0, kNoTask, State::WaitingLock, 0, 1});
    for (LaneId id : {main, a, c})
        b.append(id, {2000 * kNsPerMs, kNoTask, State::Stopped, 0, 0});
    EXPECT_EQ(likelyDeadlock(b.build(), 1000 * kNsPerMs).size(), 2u);

    // The same half millisecond in a lane that goes on running is the program's own.
    TraceBuilder live;
    const LaneId m2 = live.addLane({.kind = LaneKind::Process, .pid = 7, .tid = 7, .name = "deadlock.py"});
    const LaneId a2 = live.addLane({.parent = m2, .kind = LaneKind::Thread, .pid = 7, .tid = 8, .name = "a"});
    const LaneId c2 = live.addLane({.parent = m2, .kind = LaneKind::Thread, .pid = 7, .tid = 9, .name = "b"});
    live.append(m2, {0, kNoTask, State::BlockedIo, 0, 0});
    live.append(a2, {0, kNoTask, State::WaitingLock, 0, 2});
    live.append(a2, {1'999'400'000, kNoTask, State::WaitingGil, 0, 0});
    live.append(c2, {0, kNoTask, State::WaitingLock, 0, 1});
    for (LaneId id : {m2, a2, c2})
        live.setLaneEnd(id, 2000 * kNsPerMs);
    EXPECT_TRUE(likelyDeadlock(live.build(), 1000 * kNsPerMs).empty());
}

TEST(StuckThreads, NotWhenOneRunsOrTheWaitIsShort)
{
    EXPECT_TRUE(likelyDeadlock(twoThreads(State::Running), 1000 * kNsPerMs).empty()) << "one thread still runs";
    EXPECT_TRUE(likelyDeadlock(twoThreads(State::BlockedIo), 1000 * kNsPerMs).empty()) << "one waiter alone";
    EXPECT_TRUE(likelyDeadlock(twoThreads(State::WaitingLock), 2500 * kNsPerMs).empty()) << "not waited long enough";
    EXPECT_TRUE(likelyDeadlock(Trace(), 1000 * kNsPerMs).empty());
}

} // namespace
} // namespace interleave::pytrace
