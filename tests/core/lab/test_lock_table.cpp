#include "lab/deadlock_watchdog.h"
#include "lab/lock_demos_lock_table.h"

#include "trace/trace.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace interleave {
namespace {

using Outcome = LockTable::Outcome;

// Polls until pred() holds, for at most two seconds (a generous bound, not a timing claim).
template <typename Pred> bool eventually(Pred pred)
{
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (!pred()) {
        if (std::chrono::steady_clock::now() > until)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

TEST(LockTable, AnUncontendedAcquireTakesTheLockAndReleaseFreesIt)
{
    LockTable table;
    const int t = table.addThread("t");
    const int l = table.addLock("l");
    EXPECT_EQ(table.acquire(t, l), Outcome::Acquired);
    WaitForGraph g = table.graph();
    EXPECT_EQ(g.locks[0].heldBy, t);
    table.release(t, l);
    g = table.graph();
    EXPECT_EQ(g.locks[0].heldBy, WaitForGraph::kNone);
    EXPECT_EQ(table.stats(l).acquisitions, 1);
    EXPECT_EQ(table.stats(l).contended, 0);
}

TEST(LockTable, ARecursiveLockIsReenteredAndFreedAfterAsManyReleases)
{
    LockTable table;
    const int t = table.addThread("t");
    const int l = table.addLock("l", true);
    EXPECT_EQ(table.acquire(t, l), Outcome::Acquired);
    EXPECT_EQ(table.acquire(t, l), Outcome::Acquired);
    EXPECT_EQ(table.graph().locks[0].depth, 2);
    table.release(t, l);
    EXPECT_EQ(table.graph().locks[0].heldBy, t);
    table.release(t, l);
    EXPECT_EQ(table.graph().locks[0].heldBy, WaitForGraph::kNone);
}

TEST(LockTable, ReleasingALockNotHeldIsRefused)
{
    LockTable table;
    const int a = table.addThread("a");
    const int b = table.addThread("b");
    const int l = table.addLock("l");
    EXPECT_THROW(table.release(a, l), std::logic_error);
    ASSERT_EQ(table.acquire(a, l), Outcome::Acquired);
    EXPECT_THROW(table.release(b, l), std::logic_error);
}

TEST(LockTable, AWaiterShowsInTheGraphAndOnItsLaneUntilTheHolderReleases)
{
    Recorder recorder;
    LaneWriter lane = recorder.addLane(LaneInfo {kNoLane, kNoLane, LaneKind::Thread, 0, 0, "b"});
    lane.record(State::Running);
    LockTable table;
    const int a = table.addThread("a");
    const int b = table.addThread("b");
    const int l = table.addLock("l");
    ASSERT_EQ(table.acquire(a, l), Outcome::Acquired);
    std::atomic<bool> got {false};
    std::thread waiter([&] {
        EXPECT_EQ(table.acquire(b, l, &lane, 7), Outcome::Acquired);
        got = true;
        table.release(b, l);
    });
    EXPECT_TRUE(eventually([&] { return table.graph().threads[1].waitsFor == l; }));
    EXPECT_FALSE(got);
    table.release(a, l);
    waiter.join();
    EXPECT_TRUE(got);
    const Trace trace = Trace::fromSnapshot(recorder.snapshot());
    ASSERT_EQ(trace.spanCount(0), 3u);
    EXPECT_EQ(trace.span(0, 1).state, State::WaitingLock);
    EXPECT_EQ(trace.span(0, 1).detail, l);
    EXPECT_EQ(trace.span(0, 2).state, State::Running);
    EXPECT_EQ(trace.span(0, 2).task, 7);
    EXPECT_EQ(table.stats(l).contended, 1);
    EXPECT_EQ(table.stats(l).mostWaiting, 1);
}

TEST(LockTable, AStopEndsEveryWaitAndEveryLaterAcquire)
{
    LockTable table;
    const int a = table.addThread("a");
    const int b = table.addThread("b");
    const int l = table.addLock("l");
    ASSERT_EQ(table.acquire(a, l), Outcome::Acquired);
    std::thread waiter([&] { EXPECT_EQ(table.acquire(b, l), Outcome::Stopped); });
    std::thread sleeper([&] { EXPECT_FALSE(table.sleepFor(3'600'000'000'000)); });
    ASSERT_TRUE(eventually([&] { return table.graph().threads[1].waitsFor == l; }));
    table.requestStop();
    waiter.join();
    sleeper.join();
    EXPECT_EQ(table.acquire(a, table.addLock("m")), Outcome::Stopped);
}

TEST(LockTable, BreakWaitMakesOnlyThatAcquireGiveUp)
{
    LockTable table;
    const int a = table.addThread("a");
    const int l = table.addLock("l");
    ASSERT_EQ(table.acquire(a, l), Outcome::Acquired);
    table.breakWait(a); // not waiting: nothing to break, nothing remembered
    std::thread self([&] { EXPECT_EQ(table.acquire(a, l), Outcome::GaveUp); });
    ASSERT_TRUE(eventually([&] { return table.graph().threads[0].waitsFor == l; }));
    table.breakWait(a);
    // Out of the graph at once, so a watchdog cannot find the same cycle again.
    EXPECT_EQ(table.graph().threads[0].waitsFor, WaitForGraph::kNone);
    self.join();
    EXPECT_EQ(table.graph().threads[0].waitsFor, WaitForGraph::kNone);
    EXPECT_EQ(table.graph().locks[0].heldBy, a); // the outer hold is untouched
    table.release(a, l);
}

TEST(DeadlockWatchdog, BreaksASelfDeadlockAndReportsIt)
{
    LockTable table;
    const int a = table.addThread("teller-1");
    const int l = table.addLock("account");
    ASSERT_EQ(table.acquire(a, l), Outcome::Acquired);
    DeadlockWatchdog watchdog(table, 2'000'000, DeadlockWatchdog::Response::BreakFirstWait);
    EXPECT_EQ(table.acquire(a, l), Outcome::GaveUp); // the same thread: a plain lock waits for itself
    table.release(a, l);
    watchdog.close();
    const std::vector<DeadlockReport> reports = watchdog.reports();
    ASSERT_EQ(reports.size(), 1u);
    EXPECT_EQ(reports[0].cycle, (std::vector<std::string> {"teller-1", "account"}));
    EXPECT_GE(reports[0].latencyNs(), 0);
    EXPECT_FALSE(table.stopRequested());
}

TEST(DeadlockWatchdog, StopsTheRunOnACycleBetweenThreads)
{
    LockTable table;
    const int a = table.addThread("a");
    const int b = table.addThread("b");
    const int la = table.addLock("la");
    const int lb = table.addLock("lb");
    ASSERT_EQ(table.acquire(a, la), Outcome::Acquired);
    ASSERT_EQ(table.acquire(b, lb), Outcome::Acquired);
    DeadlockWatchdog watchdog(table, 2'000'000, DeadlockWatchdog::Response::StopRun);
    std::thread other([&] { EXPECT_EQ(table.acquire(b, la), Outcome::Stopped); });
    EXPECT_EQ(table.acquire(a, lb), Outcome::Stopped);
    other.join();
    watchdog.close();
    ASSERT_EQ(watchdog.reports().size(), 1u);
    EXPECT_EQ(watchdog.reports()[0].cycle, (std::vector<std::string> {"a", "lb", "b", "la"}));
    EXPECT_TRUE(table.stopRequested());
}

TEST(DeadlockWatchdog, ClosesPromptlyWithNothingToReport)
{
    LockTable table;
    DeadlockWatchdog watchdog(table, 1'000'000'000, DeadlockWatchdog::Response::StopRun);
    watchdog.close(); // does not wait out the one-second poll
    EXPECT_TRUE(watchdog.reports().empty());
}

} // namespace
} // namespace interleave
