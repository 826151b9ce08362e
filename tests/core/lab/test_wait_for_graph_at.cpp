#include "lab/deadlock.h"
#include "lab/lock_demos.h"
#include "lab/wait_for_graph_at.h"
#include "trace/clock.h"
#include "trace/trace.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace interleave {
namespace {

// Two threads and two locks, by hand: a takes x at 10, b takes y at 20, a waits for y from 30,
// b waits for x from 40 (the cycle closes), nothing after.
LockLog crossedLocksLog()
{
    LockLog log;
    log.threads = {"a", "b"};
    log.locks = {{"x", false}, {"y", false}};
    log.events = {
        {10, 0, 0, LockEventKind::Acquire, 0},
        {20, 1, 1, LockEventKind::Acquire, 1},
        {30, 0, 1, LockEventKind::Wait, 0},
        {40, 1, 0, LockEventKind::Wait, 1},
    };
    return log;
}

int waitEdges(const WaitForGraph& graph)
{
    int edges = 0;
    for (const WaitForGraph::Thread& t : graph.threads)
        edges += t.waitsFor != WaitForGraph::kNone ? 1 : 0;
    return edges;
}

int holdEdges(const WaitForGraph& graph)
{
    int edges = 0;
    for (const WaitForGraph::Lock& l : graph.locks)
        edges += l.heldBy != WaitForGraph::kNone ? 1 : 0;
    return edges;
}

TEST(WaitForAtTime, BeforeTheFirstEventNobodyWaitsOrHolds)
{
    const WaitForGraph graph = waitForGraphAt(crossedLocksLog(), 9);
    ASSERT_EQ(graph.threads.size(), 2u);
    ASSERT_EQ(graph.locks.size(), 2u);
    EXPECT_EQ(graph.threads[0].name, "a");
    EXPECT_EQ(graph.locks[1].name, "y");
    EXPECT_EQ(waitEdges(graph), 0);
    EXPECT_EQ(holdEdges(graph), 0);
}

TEST(WaitForAtTime, EdgesAppearAtTheInstantTheyFormed)
{
    const LockLog log = crossedLocksLog();
    EXPECT_EQ(holdEdges(waitForGraphAt(log, 10)), 1);
    EXPECT_EQ(waitForGraphAt(log, 10).locks[0].heldBy, 0);
    EXPECT_EQ(waitForGraphAt(log, 10).locks[0].heldSince, 10);
    EXPECT_EQ(holdEdges(waitForGraphAt(log, 19)), 1);
    EXPECT_EQ(holdEdges(waitForGraphAt(log, 20)), 2);
    EXPECT_EQ(waitEdges(waitForGraphAt(log, 29)), 0);
    const WaitForGraph at30 = waitForGraphAt(log, 30);
    EXPECT_EQ(at30.threads[0].waitsFor, 1);
    EXPECT_EQ(at30.threads[0].waitingSince, 30);
    EXPECT_EQ(waitEdges(at30), 1);
}

TEST(WaitForAtTime, TheCycleIsThereFromTheInstantItCloses)
{
    const LockLog log = crossedLocksLog();
    EXPECT_FALSE(findWaitCycle(waitForGraphAt(log, 39)));
    const WaitForGraph closed = waitForGraphAt(log, 40);
    const std::optional<WaitCycle> cycle = findWaitCycle(closed);
    ASSERT_TRUE(cycle);
    EXPECT_EQ(cycle->threads, (std::vector<int> {0, 1}));
    EXPECT_EQ(cycle->locks, (std::vector<int> {1, 0}));
    EXPECT_EQ(cycleFormedAt(closed, *cycle), 40);
    EXPECT_EQ(firstCycleAt(log), std::optional<TimeNs>(40));
    // Nothing happens after it: it stands to the end.
    EXPECT_TRUE(findWaitCycle(waitForGraphAt(log, 1'000'000)));
}

TEST(WaitForAtTime, AWaitEndsWhenTheLockIsTakenOrTheWaitAbandoned)
{
    LockLog log;
    log.threads = {"a", "b", "c"};
    log.locks = {{"x", false}};
    log.events = {
        {10, 0, 0, LockEventKind::Acquire},
        {20, 1, 0, LockEventKind::Wait},
        {25, 2, 0, LockEventKind::Wait},
        {30, 0, 0, LockEventKind::Release},
        {30, 1, 0, LockEventKind::Acquire},
        {35, 2, 0, LockEventKind::Abandon},
        {50, 1, 0, LockEventKind::Release},
    };
    EXPECT_EQ(waitForGraphAt(log, 29).threads[1].waitsFor, 0);
    EXPECT_EQ(waitForGraphAt(log, 29).locks[0].heldBy, 0);
    const WaitForGraph at30 = waitForGraphAt(log, 30);
    EXPECT_EQ(at30.threads[1].waitsFor, WaitForGraph::kNone);
    EXPECT_EQ(at30.threads[1].waitingSince, 0);
    EXPECT_EQ(at30.locks[0].heldBy, 1);
    EXPECT_EQ(at30.locks[0].heldSince, 30);
    EXPECT_EQ(waitForGraphAt(log, 34).threads[2].waitsFor, 0);
    EXPECT_EQ(waitForGraphAt(log, 35).threads[2].waitsFor, WaitForGraph::kNone);
    EXPECT_EQ(holdEdges(waitForGraphAt(log, 50)), 0);
    EXPECT_FALSE(firstCycleAt(log));
}

TEST(WaitForAtTime, ARecursiveLockIsFreeAfterItsLastRelease)
{
    LockLog log;
    log.threads = {"a"};
    log.locks = {{"r", true}};
    log.events = {
        {10, 0, 0, LockEventKind::Acquire},
        {20, 0, 0, LockEventKind::Acquire},
        {30, 0, 0, LockEventKind::Release},
        {40, 0, 0, LockEventKind::Release},
    };
    EXPECT_EQ(waitForGraphAt(log, 20).locks[0].depth, 2);
    EXPECT_EQ(waitForGraphAt(log, 20).locks[0].heldSince, 10);
    EXPECT_EQ(waitForGraphAt(log, 30).locks[0].depth, 1);
    EXPECT_EQ(waitForGraphAt(log, 30).locks[0].heldBy, 0);
    EXPECT_EQ(waitForGraphAt(log, 40).locks[0].heldBy, WaitForGraph::kNone);
}

TEST(WaitForAtTime, EventsNamingNothingTheLogHasAreIgnored)
{
    LockLog log;
    log.threads = {"a"};
    log.locks = {{"x", false}};
    log.events = {{10, 3, 0, LockEventKind::Wait}, {11, 0, 7, LockEventKind::Acquire}};
    const WaitForGraph graph = waitForGraphAt(log, 20);
    EXPECT_EQ(waitEdges(graph), 0);
    EXPECT_EQ(holdEdges(graph), 0);
}

DeadlockConfig replayedDeadlock(DeadlockScenario scenario, bool ordered)
{
    DeadlockConfig config;
    config.scenario = scenario;
    config.philosophers = 3;
    config.ordered = ordered;
    config.thinkNs = 2 * kNsPerMs;
    config.eatNs = 4 * kNsPerMs;
    config.pauseNs = 40 * kNsPerMs;
    config.watchdogPollNs = 5 * kNsPerMs;
    return config;
}

// The start of each WaitingLock span of every lane, in lane order.
std::vector<TimeNs> waitingLockStarts(const Trace& trace)
{
    std::vector<TimeNs> starts;
    for (LaneId lane = 0; lane < static_cast<LaneId>(trace.laneCount()); ++lane) {
        for (std::size_t i = 0; i < trace.spanCount(lane); ++i) {
            if (trace.span(lane, i).state == State::WaitingLock)
                starts.push_back(trace.span(lane, i).start);
        }
    }
    return starts;
}

TEST(WaitForAtTime, ADeadlockRunsTraceRebuildsItsCycleAtTheInstantItFormed)
{
    Recorder recorder;
    const DeadlockResult result
        = runDeadlockDemo(replayedDeadlock(DeadlockScenario::Philosophers, false), recorder);
    ASSERT_TRUE(result.deadlocked);
    const Trace trace = Trace::fromSnapshot(recorder.snapshot());
    const LockLog& log = trace.lockLog();
    EXPECT_EQ(log.threads, (std::vector<std::string> {"philosopher-1", "philosopher-2", "philosopher-3"}));
    ASSERT_EQ(log.locks.size(), 3u);
    EXPECT_EQ(log.locks[0].name, "fork-1");

    // Every wait of the log began where a lane's WaitingLock span begins, on that thread's lane.
    std::vector<TimeNs> waits;
    for (const LockEvent& e : log.events) {
        if (e.kind == LockEventKind::Wait) {
            waits.push_back(e.time);
            ASSERT_NE(e.lane, kNoLane);
            EXPECT_EQ(trace.lane(e.lane).name, log.threads[static_cast<std::size_t>(e.thread)]);
            const auto span = trace.spanAt(e.lane, e.time);
            ASSERT_TRUE(span);
            EXPECT_EQ(trace.span(e.lane, *span).state, State::WaitingLock);
            EXPECT_EQ(trace.span(e.lane, *span).start, e.time);
        }
    }
    std::vector<TimeNs> starts = waitingLockStarts(trace);
    std::sort(starts.begin(), starts.end());
    EXPECT_EQ(waits, starts);

    // Nothing at the start; the cycle the watchdog reported, from the instant it formed (not
    // when the watchdog saw it) to the end: the stop that took the run down is not replayed.
    const WaitForGraph first = waitForGraphAt(trace, trace.startTime());
    EXPECT_EQ(waitEdges(first), 0);
    EXPECT_EQ(holdEdges(first), 0);
    const std::optional<TimeNs> closed = firstCycleAt(log);
    ASSERT_TRUE(closed);
    EXPECT_EQ(*closed, result.report->formedAt);
    EXPECT_FALSE(findWaitCycle(waitForGraphAt(trace, *closed - 1)));
    EXPECT_EQ(findWaitCycle(waitForGraphAt(trace, *closed)), result.report->indices);
    const WaitForGraph last = waitForGraphAt(trace, trace.endTime());
    EXPECT_EQ(findWaitCycle(last), result.report->indices);
    EXPECT_EQ(last, result.report->graph);
}

TEST(WaitForAtTime, TheFixedOrderRunNeverHasACycleAndEndsWithEveryLockFree)
{
    Recorder recorder;
    const DeadlockResult result
        = runDeadlockDemo(replayedDeadlock(DeadlockScenario::Philosophers, true), recorder);
    ASSERT_FALSE(result.deadlocked);
    const Trace trace = Trace::fromSnapshot(recorder.snapshot());
    const LockLog& log = trace.lockLog();
    ASSERT_FALSE(log.events.empty());
    EXPECT_FALSE(firstCycleAt(log));
    bool sawAWait = false;
    for (const LockEvent& e : log.events) {
        const WaitForGraph graph = waitForGraphAt(trace, e.time);
        EXPECT_FALSE(findWaitCycle(graph));
        sawAWait = sawAWait || waitEdges(graph) > 0;
    }
    EXPECT_TRUE(sawAWait); // three philosophers, two sharing a first fork: someone waits
    const WaitForGraph last = waitForGraphAt(trace, trace.endTime());
    EXPECT_EQ(waitEdges(last), 0);
    EXPECT_EQ(holdEdges(last), 0);
    EXPECT_EQ(last, result.graph);
}

TEST(WaitForAtTime, ALockDemosTraceCarriesItsLockLog)
{
    Recorder recorder;
    LockDemoConfig config;
    config.demo = LockDemo::Lock;
    config.threads = 3;
    config.rounds = 2;
    config.workNs = 2 * kNsPerMs;
    const LockDemoResult result = runLockDemo(config, recorder);
    const Trace trace = Trace::fromSnapshot(recorder.snapshot());
    const LockLog& log = trace.lockLog();
    ASSERT_EQ(log.locks.size(), 1u);
    EXPECT_EQ(log.locks[0].name, "lock");
    int acquires = 0;
    for (const LockEvent& e : log.events)
        acquires += e.kind == LockEventKind::Acquire ? 1 : 0;
    EXPECT_EQ(acquires, 3 * 2);
    EXPECT_EQ(holdEdges(waitForGraphAt(trace, trace.endTime())), 0);
    (void)result;
}

TEST(WaitForAtTime, AnEngineRunsTraceHasNoLockLog)
{
    Recorder recorder;
    LaneWriter lane = recorder.addLane(LaneInfo {});
    lane.record(State::Running);
    lane.record(State::Done);
    const Trace trace = Trace::fromSnapshot(recorder.snapshot());
    EXPECT_TRUE(trace.lockLog().empty());
    EXPECT_TRUE(waitForGraphAt(trace, trace.endTime()).threads.empty());
}

TEST(WaitForAtTime, ABuiltTraceKeepsItsLockLogThroughCopies)
{
    TraceBuilder builder;
    builder.setLockLog(crossedLocksLog());
    const Trace built = builder.build();
    const Trace copy = built; // NOLINT(performance-unnecessary-copy-initialization): the copy is the point
    EXPECT_EQ(copy.lockLog(), crossedLocksLog());
    EXPECT_EQ(&copy.lockLog(), &built.lockLog());
}

} // namespace
} // namespace interleave
