#include "lab/deadlock.h"
#include "trace/clock.h"

#include "trace/trace.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <utility>

namespace interleave {
namespace {


DeadlockConfig quick(DeadlockScenario scenario, int philosophers = 5, bool ordered = false)
{
    DeadlockConfig config;
    config.scenario = scenario;
    config.philosophers = philosophers;
    config.ordered = ordered;
    config.thinkNs = 2 * kNsPerMs;
    config.eatNs = 4 * kNsPerMs;
    config.pauseNs = 40 * kNsPerMs; // every philosopher holds a fork before any reaches, even on a loaded machine
    config.watchdogPollNs = 5 * kNsPerMs;
    return config;
}

struct Output {
    DeadlockResult result;
    Trace trace;
};

Output run(const DeadlockConfig& config, std::stop_token stop = {})
{
    Recorder recorder;
    DeadlockResult result = runDeadlockDemo(config, recorder, std::move(stop));
    return {std::move(result), Trace::fromSnapshot(recorder.snapshot())};
}

void expectEveryLaneEnded(const Trace& trace, State how)
{
    for (LaneId id = 0; id < static_cast<LaneId>(trace.laneCount()); ++id)
        EXPECT_EQ(trace.span(id, trace.spanCount(id) - 1).state, how) << trace.lane(id).name;
}

TEST(Deadlock, TwoLocksInOppositeOrdersDeadlockAndTheCycleIsFound)
{
    const Output out = run(quick(DeadlockScenario::TwoLocks));
    ASSERT_TRUE(out.result.deadlocked);
    ASSERT_TRUE(out.result.report);
    EXPECT_EQ(
        out.result.report->cycle, (std::vector<std::string> {"worker-1", "lock-b", "worker-2", "lock-a"}));
    EXPECT_EQ(out.result.report->description,
        "worker-1 waits for lock-b held by worker-2, worker-2 waits for lock-a held by worker-1");
    EXPECT_LT(out.result.detectedAfterNs, 5'000 * kNsPerMs);
    EXPECT_GE(out.result.report->latencyNs(), 0);
    EXPECT_EQ(out.result.meals, 0);
    EXPECT_FALSE(out.result.stopped);
    // Stopped by the watchdog: every thread gave up, released its lock, and was joined. The lanes
    // end Stopped (grey), not Failed: no Python code raised anything.
    expectEveryLaneEnded(out.trace, State::Stopped);
    ASSERT_EQ(out.trace.notes().size(), 1u);
    EXPECT_EQ(out.trace.notes()[0].text, "Deadlock: " + out.result.report->description);
    // The graph kept for drawing is the one the cycle was found in.
    EXPECT_EQ(findWaitCycle(out.result.graph), out.result.report->indices);
}

TEST(Deadlock, TwoLocksInOneOrderComplete)
{
    const Output out = run(quick(DeadlockScenario::TwoLocks, 0, true));
    EXPECT_FALSE(out.result.deadlocked);
    EXPECT_EQ(out.result.meals, out.result.mealsPlanned);
    EXPECT_EQ(out.result.mealsPlanned, 4);
    expectEveryLaneEnded(out.trace, State::Done);
    EXPECT_TRUE(out.trace.notes().empty());
    for (const WaitForGraph::Lock& lock : out.result.graph.locks)
        EXPECT_EQ(lock.heldBy, WaitForGraph::kNone);
}

TEST(Deadlock, PhilosophersDeadlockForEveryNFrom2To10)
{
    for (int n = DeadlockConfig::kMinPhilosophers; n <= DeadlockConfig::kMaxPhilosophers; ++n) {
        const Output out = run(quick(DeadlockScenario::Philosophers, n));
        ASSERT_TRUE(out.result.deadlocked) << n;
        // philosopher-1 waits for fork-2 held by philosopher-2, ... philosopher-n for fork-1.
        std::vector<std::string> expected;
        for (int i = 1; i <= n; ++i) {
            expected.push_back("philosopher-" + std::to_string(i));
            expected.push_back("fork-" + std::to_string(i % n + 1));
        }
        EXPECT_EQ(out.result.report->cycle, expected) << n;
        EXPECT_LT(out.result.detectedAfterNs, 5'000 * kNsPerMs) << n;
        EXPECT_EQ(out.trace.laneCount(), static_cast<std::size_t>(n));
        expectEveryLaneEnded(out.trace, State::Stopped);
    }
}

TEST(Deadlock, OrderedPhilosophersCompleteForEveryNFrom2To10)
{
    for (int n = DeadlockConfig::kMinPhilosophers; n <= DeadlockConfig::kMaxPhilosophers; ++n) {
        const Output out = run(quick(DeadlockScenario::Philosophers, n, true));
        EXPECT_FALSE(out.result.deadlocked) << n;
        EXPECT_EQ(out.result.meals, 2 * n) << n;
        expectEveryLaneEnded(out.trace, State::Done);
    }
}

TEST(Deadlock, DetectionComesWithinAFewPollIntervalsOfTheCycleForming)
{
    DeadlockConfig config = quick(DeadlockScenario::Philosophers, 5);
    config.watchdogPollNs = 10 * kNsPerMs;
    const Output out = run(config);
    ASSERT_TRUE(out.result.deadlocked);
    // One poll interval plus scheduling noise; a generous bound.
    EXPECT_LT(out.result.report->latencyNs(), 1'000 * kNsPerMs);
    EXPECT_GT(out.result.report->formedAt, out.result.startedAt);
}

TEST(Deadlock, ADetectedDeadlockCanBeLeftStandingForAMomentBeforeTheStop)
{
    DeadlockConfig config = quick(DeadlockScenario::TwoLocks);
    config.showDeadlockNs = 200 * kNsPerMs;
    const Output out = run(config);
    ASSERT_TRUE(out.result.deadlocked);
    // The threads were still blocked, in WaitingLock, for the whole delay after the report.
    for (LaneId id = 0; id < 2; ++id) {
        const Span wait = out.trace.span(id, out.trace.spanCount(id) - 2);
        EXPECT_EQ(wait.state, State::WaitingLock);
        EXPECT_GE(wait.end, out.result.report->detectedAt + config.showDeadlockNs);
    }
    EXPECT_TRUE(validate(DeadlockConfig{.showDeadlockNs = 2'000 * kNsPerMs}));
}

TEST(Deadlock, AStopFromOutsideEndsARunThatWouldOtherwiseComplete)
{
    DeadlockConfig config = quick(DeadlockScenario::Philosophers, 6, true);
    config.meals = 20;
    for (int afterMs : {0, 5, 40}) {
        DeadlockRun deadlockRun(config);
        deadlockRun.start();
        std::this_thread::sleep_for(std::chrono::milliseconds(afterMs));
        deadlockRun.requestStop();
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
        while (!deadlockRun.finished() && std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        ASSERT_TRUE(deadlockRun.finished()) << afterMs;
        EXPECT_TRUE(deadlockRun.result().stopped);
        EXPECT_FALSE(deadlockRun.result().deadlocked);
        EXPECT_LT(deadlockRun.result().meals, deadlockRun.result().mealsPlanned);
        const Trace trace = Trace::fromSnapshot(deadlockRun.recorder().snapshot());
        for (LaneId id = 0; id < static_cast<LaneId>(trace.laneCount()); ++id)
            EXPECT_TRUE(isTerminal(trace.span(id, trace.spanCount(id) - 1).state));
    }
}

TEST(Deadlock, TheLiveGraphShowsTheCycleOnceDetected)
{
    DeadlockRun deadlockRun(quick(DeadlockScenario::Philosophers, 4));
    deadlockRun.start();
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!deadlockRun.finished() && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    ASSERT_TRUE(deadlockRun.finished());
    ASSERT_TRUE(deadlockRun.result().deadlocked);
    const WaitForGraph graph = deadlockRun.liveGraph();
    EXPECT_EQ(graph.threads.size(), 4u);
    EXPECT_TRUE(findWaitCycle(graph));
}

TEST(Deadlock, AbsurdNumbersOfPhilosophersAreRefused)
{
    for (int n : {-1, 0, 1, 11, 1000}) {
        const DeadlockConfig config = quick(DeadlockScenario::Philosophers, n);
        const auto problem = validate(config);
        ASSERT_TRUE(problem) << n;
        EXPECT_NE(problem->find("2 to 10"), std::string::npos) << *problem;
        Recorder recorder;
        EXPECT_THROW(runDeadlockDemo(config, recorder), std::invalid_argument);
        EXPECT_EQ(recorder.laneCount(), 0u);
    }
    EXPECT_FALSE(validate(quick(DeadlockScenario::TwoLocks, 0)));
}

TEST(Deadlock, TextsSayWhatHappens)
{
    for (bool ordered : {false, true}) {
        for (DeadlockScenario s : {DeadlockScenario::TwoLocks, DeadlockScenario::Philosophers}) {
            const DeadlockConfig config = quick(s, 5, ordered);
            EXPECT_FALSE(deadlockTitle(config).empty());
            EXPECT_FALSE(deadlockExplanation(config).empty());
            EXPECT_FALSE(deadlockPython(config).empty());
        }
    }
}

} // namespace
} // namespace interleave
