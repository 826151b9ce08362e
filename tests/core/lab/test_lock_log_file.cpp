// A recorded lab run saved as a Chrome trace and read back keeps what its wait-for graph is
// rebuilt from.
#include "lab/deadlock.h"
#include "lab/lock_demos.h"
#include "lab/wait_for_graph_at.h"
#include "trace/chrome_trace.h"
#include "trace/clock.h"
#include "trace/trace.h"

#include <gtest/gtest.h>

#include <optional>
#include <sstream>
#include <string>

namespace interleave {
namespace {

Trace savedAndReopened(const Trace& trace)
{
    std::ostringstream out;
    writeChromeTrace(trace, out);
    std::istringstream in(out.str());
    return readChromeTrace(in);
}

DeadlockConfig quickPhilosophers()
{
    DeadlockConfig config;
    config.philosophers = 3;
    config.thinkNs = 2 * kNsPerMs;
    config.eatNs = 4 * kNsPerMs;
    config.pauseNs = 40 * kNsPerMs;
    config.watchdogPollNs = 5 * kNsPerMs;
    return config;
}

TEST(LockLogFile, ASavedDeadlockRunReopensWithItsLockLogAndCycle)
{
    Recorder recorder;
    const DeadlockResult result = runDeadlockDemo(quickPhilosophers(), recorder);
    ASSERT_TRUE(result.deadlocked);
    const Trace trace = Trace::fromSnapshot(recorder.snapshot());
    ASSERT_FALSE(trace.lockLog().events.empty());

    const Trace reopened = savedAndReopened(trace);
    EXPECT_EQ(reopened.lockLog(), trace.lockLog());
    const std::optional<TimeNs> closed = firstCycleAt(trace.lockLog());
    ASSERT_TRUE(closed);
    EXPECT_EQ(firstCycleAt(reopened.lockLog()), closed);
    // The graph drawn at the end of the reopened run is the one of the run itself: the cycle.
    const WaitForGraph atEnd = waitForGraphAt(reopened, reopened.endTime());
    ASSERT_TRUE(findWaitCycle(atEnd));
    EXPECT_EQ(findWaitCycle(atEnd)->threads, findWaitCycle(waitForGraphAt(trace, trace.endTime()))->threads);
    EXPECT_EQ(reopened.metadata().at("lab"), "deadlock");
}

TEST(LockLogFile, ASavedLockDemoWithARecursiveLockReopensEqual)
{
    Recorder recorder;
    LockDemoConfig config;
    config.demo = LockDemo::RLock;
    config.threads = 2;
    config.rounds = 2;
    config.workNs = 2 * kNsPerMs;
    runLockDemo(config, recorder);
    const Trace trace = Trace::fromSnapshot(recorder.snapshot());
    ASSERT_FALSE(trace.lockLog().locks.empty());
    EXPECT_TRUE(trace.lockLog().locks.front().recursive);
    EXPECT_EQ(savedAndReopened(trace).lockLog(), trace.lockLog());
}

TEST(LockLogFile, ASavedDeadlockRunSaysWhichScenarioItRan)
{
    DeadlockConfig config = quickPhilosophers();
    config.scenario = DeadlockScenario::Philosophers;
    config.philosophers = 4;
    config.ordered = true;
    Recorder recorder;
    runDeadlockDemo(config, recorder);
    const Trace reopened = savedAndReopened(Trace::fromSnapshot(recorder.snapshot()));
    const std::optional<DeadlockConfig> read = deadlockConfigFromMetadata(reopened.metadata());
    ASSERT_TRUE(read);
    EXPECT_EQ(read->scenario, DeadlockScenario::Philosophers);
    EXPECT_EQ(read->philosophers, 4);
    EXPECT_TRUE(read->ordered);

    const auto twoLocks
        = deadlockConfigFromMetadata({{"lab", "deadlock"}, {"scenario", "two-locks"}, {"ordered", "no"}});
    ASSERT_TRUE(twoLocks);
    EXPECT_EQ(twoLocks->scenario, DeadlockScenario::TwoLocks);
    EXPECT_FALSE(twoLocks->ordered);
    // Not a deadlock run's, and values no run writes.
    EXPECT_FALSE(deadlockConfigFromMetadata({{"lab", "locks"}}));
    EXPECT_FALSE(deadlockConfigFromMetadata({}));
    EXPECT_EQ(deadlockConfigFromMetadata({{"lab", "deadlock"}, {"philosophers", "99"}})->philosophers,
        DeadlockConfig {}.philosophers);
    EXPECT_EQ(deadlockConfigFromMetadata({{"lab", "deadlock"}, {"philosophers", "3x"}})->philosophers,
        DeadlockConfig {}.philosophers);
}

} // namespace
} // namespace interleave
